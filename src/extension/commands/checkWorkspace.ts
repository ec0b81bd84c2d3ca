// `dockerPin.checkWorkspace`: every file in the workspace that names images (Dockerfiles, compose
// files, Kubernetes manifests, workflows and actions, GitLab CI files, dev containers) resolved, results in the Problems
// panel, with progress and cancel. The workspace's files are put together by the engine as the
// CLI's `check .` puts a tree's together (engine/buildOperands.ts): a Dockerfile a compose service,
// dev container, action, Makefile recipe or shell script builds is read as each build reads it, a compose file an include or
// extends reaches is read the way Compose reads it, and a closed file gets what the CLI says of it
// (engine/checkReadings.ts: build-labelled lines, conflicts). Open documents keep their live
// diagnostics, which read the document alone, and get from the check what those cannot say (a
// build's reading, a conflict, a build's or include's problem) beside them; an open compose file an
// include reads is read live as that include reads it (services.ts, includeIndex.ts). Every file goes through
// the same client (which de-duplicates and caches across files); the check's results go into its
// own collection.
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { ImageStatus } from '../../engine/types';
import type { FileKind, ScanProblem } from '../../core/types';
import { withBuilds, type BuildOperand } from '../../engine/buildOperands';
import { checkReadings, type Said } from '../../engine/checkReadings';
import { withBuild } from '../../engine/passes';
import { readSource as readOperand } from '../../engine/readSource';
import type { SourceFile } from '../../engine/sources';
import { toAbortSignal } from '../cancel';
import { toDiagnostic, toDiagnostics, type DiagnosticsController } from '../diagnostics';
import { saidDiagnostics } from '../diagnosticModel';
import { envFileUri, type Services } from '../services';
import { workspaceAssembly } from '../workspaceAssembly';
import { workspaceFileAccess } from '../workspaceFileAccess';
import { liveReadings } from '../liveReadings';
import { vendoredFiles } from '../vendoredFiles';
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
 * dependency/build folders (and Go's vendored modules) are dropped. Which of them do, and as which kind, is decided on their
 * text (`detectKind`). In path order, as the CLI walks a tree: findFiles gives no order, and the
 * order of a file's readings is the order its conflicts name them in.
 */
async function candidates(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(WORKSPACE_GLOB, undefined, undefined, token);
  const vendored = vendoredFiles();
  return found.filter((uri) => !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)) && !vendored(uri)).sort((a, b) => (a.fsPath < b.fsPath ? -1 : a.fsPath > b.fsPath ? 1 : 0));
}

export async function checkWorkspace(services: Services, diagnostics: DiagnosticsController): Promise<CheckSummary> {
  const summary: CheckSummary = { files: 0, unpinned: 0, stale: 0, gone: 0, current: 0, ignored: 0, failed: 0, problems: 0, cancelled: false };
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Docker Pin: checking the workspace', cancellable: true },
    async (progress, token) => {
      const linked = toAbortSignal(token);
      setMaxListeners(0, linked.signal); // one signal for every file and request of the check
      try {
        const found = await candidates(token);
        services.log.info(`check workspace: ${found.length} file(s) to look at`);
        const files = await toCheck(services, found, token);
        const queue = [...files];
        const worker = async () => {
          for (let next = queue.shift(); next && !token.isCancellationRequested; next = queue.shift()) {
            if ('operand' in next) await checkOperand(services, diagnostics, next.operand, linked.signal, summary);
            else await checkFile(services, diagnostics, next.uri, linked.signal, summary);
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
      const scan = await services.scan(open);
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
  count(services, uri, [...problems.map((problem) => ({ problem })), ...statuses.map((status) => ({ status }))], summary);
  // An open file's live diagnostics follow edits and settings; a closed file's stay as checked.
  const collection = open ? diagnostics.collection : diagnostics.checkCollection;
  collection.set(uri, toDiagnostics({ images: statuses.map((s) => s.occurrence), problems }, statuses, settings.unpinnedSeverity));
}

/** One thing to check: a file the engine put together (a file: workspace), or one read alone (another scheme). */
type ToCheck = { readonly operand: BuildOperand } | { readonly uri: vscode.Uri };

/**
 * The candidates, less those their repository config leaves out (`ignore.paths`), as the engine
 * reads them: each file on disk with its kind and its readings, the Dockerfiles the workspace's
 * builds use and the files its compose files include or extend added after the file that names
 * them. A file of another scheme has no real path or repository: it is read alone, as before.
 */
async function toCheck(services: Services, found: readonly vscode.Uri[], token: vscode.CancellationToken): Promise<ToCheck[]> {
  const kept = found.filter((uri) => !services.settings.excludes(uri));
  const onDisk = kept.filter((uri) => uri.scheme === 'file');
  // Each file's kind from its name and text, PARALLEL_FILES read at a time; in the order found.
  const kinds: (FileKind | undefined)[] = new Array(onDisk.length);
  let next = 0;
  const reader = async () => {
    for (let at = next++; at < onDisk.length && !token.isCancellationRequested; at = next++) {
      const uri = onDisk[at];
      try {
        kinds[at] = workspaceFileKind(uri.path, await workspaceFileAccess.readText(uri.fsPath));
      } catch (error) {
        services.log.warn(`check ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_FILES, onDisk.length) }, reader));
  if (token.isCancellationRequested) return [];
  // A YAML file that is no compose file or manifest has no kind, and is passed over.
  const operands = onDisk.flatMap((uri, at) => {
    const kind = kinds[at];
    return kind === undefined ? [] : [{ path: uri.fsPath, kind }];
  });
  const assembled = await withBuilds(operands, workspaceAssembly(services));
  return [...assembled.map((operand) => ({ operand })), ...kept.filter((uri) => uri.scheme !== 'file').map((uri) => ({ uri }))];
}

/**
 * A file the engine put together, read every way it is read, as the CLI reads it (an open one's
 * text as the editor holds it). For an open file, the live diagnostics keep showing what its
 * direct reading says; the check adds only what they cannot (DiagnosticsController.setChecked).
 */
async function checkOperand(services: Services, diagnostics: DiagnosticsController, operand: BuildOperand, signal: AbortSignal, summary: CheckSummary): Promise<void> {
  const uri = vscode.Uri.file(operand.path);
  let said: Said[];
  try {
    const read = await readOperand(operand, workspaceFileAccess, workspaceFileKind);
    said = await checkReadings(operand, read.file, (file, options) => services.analyzeWith(file, uri, options, signal));
  } catch (error) {
    if (!signal.aborted) services.log.warn(`check ${vscode.workspace.asRelativePath(uri)}: ${(error as Error).message}`);
    return;
  }
  if (signal.aborted) return;
  count(services, uri, said, summary);
  const severity = services.settings.for(uri).unpinnedSeverity;
  // What the live diagnostics, which read an open document alone, cannot say: kept when it opens.
  const assembled = new Set(operand.buildProblems);
  // An included or extended compose file's, or a built Dockerfile's, live diagnostics read it as its readings do, conflicts and all.
  const liveConflicts = liveReadings(operand) !== undefined;
  const checkOnly = said.filter((s) => s.by !== undefined || ('problem' in s && ((s.problem.kind === 'conflict' && !liveConflicts) || assembled.has(s.problem))));
  diagnostics.setChecked(uri, saidDiagnostics(said, severity).map(toDiagnostic), saidDiagnostics(checkOnly, severity).map(toDiagnostic));
}

/** Adds what was said about one file to the summary, and logs its problems and failures. */
function count(services: Services, uri: vscode.Uri, said: readonly Said[], summary: CheckSummary): void {
  const where = vscode.workspace.asRelativePath(uri);
  summary.files++;
  for (const s of said) {
    if ('problem' in s) {
      summary.problems++;
      services.log.warn(`${where}:${s.problem.range.start.line + 1}: ${withBuild(s.problem.message, s.by, s.via)}`);
      continue;
    }
    const status: ImageStatus = s.status;
    if (status.state === 'unpinned') summary.unpinned++;
    else if (status.state === 'stale') summary.stale++;
    else if (status.state === 'gone') summary.gone++;
    else if (status.state === 'ignored') summary.ignored++;
    else if (status.state === 'error') {
      summary.failed++;
      services.log.warn(`${where}:${status.occurrence.line}: ${withBuild(status.error?.message ?? 'could not be resolved', s.by, s.via)}`);
      if (status.error) services.notifier.report(status.error, status.occurrence.reference.registry);
    } else summary.current++;
  }
}
