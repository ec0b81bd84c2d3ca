// `dockerPin.checkWorkspace`: every file in the workspace that names images (Dockerfiles, compose
// files, Kubernetes manifests, workflows and actions, GitLab CI files, dev containers) resolved, results in the Problems
// panel, with progress and cancel. Open documents use the shared statuses (their live diagnostics
// show the result); files on disk go through the engine with the same client (which de-duplicates
// and caches across files) into the check's own collection.
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { ImageStatus } from '../../engine/types';
import type { ScanProblem } from '../../core/types';
import type { SourceFile } from '../../engine/sources';
import { toAbortSignal } from '../cancel';
import { toDiagnostics, type DiagnosticsController } from '../diagnostics';
import { envFileUri, type Services } from '../services';
import { inSkippedFolder, WORKSPACE_GLOB, workspaceFileKind } from '../workspaceFiles';

export interface CheckSummary {
  files: number;
  unpinned: number;
  stale: number;
  /** Pins whose manifest is no longer in the registry. */
  gone: number;
  current: number;
  /** Images an ignore comment or the configuration leaves alone. */
  ignored: number;
  failed: number;
  /** Places naming an image that cannot be worked out (a variable without a value, …). */
  problems: number;
  cancelled: boolean;
}

/** Files checked at once; the client also caps requests per registry. */
const PARALLEL_FILES = 8;

/**
 * The workspace's files that may name images: `files.exclude` applies (no exclude argument), and
 * dependency/build folders are dropped. Which of them do, and as which kind, is decided on their
 * text (`detectKind`).
 */
async function candidates(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(WORKSPACE_GLOB, undefined, undefined, token);
  return found.filter((uri) => !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)));
}

export async function checkWorkspace(services: Services, diagnostics: DiagnosticsController): Promise<CheckSummary> {
  const summary: CheckSummary = { files: 0, unpinned: 0, stale: 0, gone: 0, current: 0, ignored: 0, failed: 0, problems: 0, cancelled: false };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Docker Pin: checking the workspace', cancellable: true },
    async (progress, token) => {
      const linked = toAbortSignal(token);
      setMaxListeners(0, linked.signal); // one signal for every file and request of the check
      try {
        const files = await candidates(token);
        services.log.info(`check workspace: ${files.length} file(s) to look at`);
        const queue = [...files];
        const worker = async () => {
          for (let uri = queue.shift(); uri && !token.isCancellationRequested; uri = queue.shift()) {
            await checkFile(services, diagnostics, uri, linked.signal, summary);
            progress.report({ increment: 100 / files.length, message: `${summary.files}/${files.length}` });
          }
        };
        await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, files.length) }, worker));
      } finally {
        summary.cancelled = token.isCancellationRequested;
        linked.dispose();
      }
    },
  );
  const message =
    `Docker Pin: ${summary.cancelled ? 'check cancelled after' : 'checked'} ${summary.files} file(s) naming images: ` +
    `${summary.unpinned} unpinned, ${summary.stale} stale, ${summary.gone} gone from the registry, ${summary.failed} failed, ${summary.problems} not worked out, ${summary.current} pinned and current${summary.ignored > 0 ? `, ${summary.ignored} ignored` : ''}.`;
  services.log.info(message);
  if (summary.unpinned + summary.stale + summary.gone + summary.failed + summary.problems > 0 && !summary.cancelled) {
    void vscode.window.showWarningMessage(message, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  } else {
    void vscode.window.showInformationMessage(message);
  }
  return summary;
}

/** A closed file as the engine reads it, or undefined when it names no image by its name and text. */
async function readSource(uri: vscode.Uri): Promise<SourceFile | undefined> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const kind = workspaceFileKind(uri.path, text);
  if (kind === undefined) return undefined;
  if (kind !== 'compose') return { kind, text };
  let envText: string | undefined;
  try {
    envText = new TextDecoder().decode(await vscode.workspace.fs.readFile(envFileUri(uri)));
  } catch {
    envText = undefined; // no .env: compose reads the environment alone
  }
  return { kind, text, ...(envText === undefined ? {} : { envFile: { text: envText } }) };
}

async function checkFile(services: Services, diagnostics: DiagnosticsController, uri: vscode.Uri, signal: AbortSignal, summary: CheckSummary): Promise<void> {
  // Left out by its repository config (`ignore.paths`): not read, as the CLI does not read it.
  if (services.settings.excludes(uri)) return;
  const settings = services.settings.for(uri);
  let statuses: readonly ImageStatus[];
  let problems: readonly ScanProblem[];
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && services.reads(d));
  try {
    if (open) {
      const scan = services.scan(open);
      statuses = await Promise.all(scan.images.map((occurrence) => services.status(open, occurrence, signal)));
      problems = scan.problems;
    } else {
      const file = await readSource(uri);
      if (file === undefined) return; // a YAML file that is no compose file or manifest
      ({ statuses, problems } = await services.analyzeFile(file, uri, signal));
    }
  } catch (error) {
    if (!signal.aborted) services.log.warn(`check ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
    return;
  }
  if (signal.aborted) return;
  summary.files++;
  summary.problems += problems.length;
  for (const problem of problems) services.log.warn(`${vscode.workspace.asRelativePath(uri)}:${problem.range.start.line + 1}: ${problem.message}`);
  for (const status of statuses) {
    if (status.state === 'unpinned') summary.unpinned++;
    else if (status.state === 'stale') summary.stale++;
    else if (status.state === 'gone') summary.gone++;
    else if (status.state === 'ignored') summary.ignored++;
    else if (status.state === 'error') {
      summary.failed++;
      services.log.warn(`${vscode.workspace.asRelativePath(uri)}:${status.occurrence.line}: ${status.error?.message ?? 'could not be resolved'}`);
      if (status.error) services.notifier.report(status.error, status.occurrence.reference.registry);
    } else summary.current++;
  }
  // An open file's live diagnostics follow edits and settings; a closed file's stay as checked.
  const collection = open ? diagnostics.collection : diagnostics.checkCollection;
  collection.set(uri, toDiagnostics({ images: statuses.map((s) => s.occurrence), problems }, statuses, settings.unpinnedSeverity));
}
