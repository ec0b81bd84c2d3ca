// `dockerPin.pinAll([uri])`: pins every unpinned image and updates every stale pin in the file (and
// the env files and, for a compose file, the build args its pins go into, as the CLI's `pin
// --update` plans them: documentPins.ts), as one edit (one undo step), with progress and cancel. Nothing is written if the file changed
// while the digests were being resolved, or if the pinned text fails the CLI's re-read check.
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import { countActions, type PinCounts } from '../../engine/planPins';
import type { ImageOccurrence } from '../../core/types';
import type { ImageStatus } from '../../engine/types';
import { documentPins, type DocumentPins } from '../documentPins';
import { applyChecked, findDocument, reportOutdated, reportRefused, type ApplyResult } from '../edits';
import { envFileNote } from '../lensModel';
import { Services } from '../services';

export interface PinAllResult extends PinCounts {
  /** Compose images whose value is written in `.env`, where their pin belongs and the editor does not write: left for the user. */
  readonly inEnvFile?: number;
  /** Dockerfile lines whose image a compose build gives in its args, unpinned or stale: their pin goes there (the line's lens writes it), never on the line. */
  readonly inBuildArgs?: number;
  /** Places that name an image that cannot be worked out (a variable without a value, …): never pinned, always counted. */
  readonly problems: number;
  /** Lines the file's readings (includes, extending projects, builds) name differently: never pinned, counted apart from `problems`. */
  readonly conflicts?: number;
  readonly result: ApplyResult | 'cancelled';
}

async function targetDocument(services: Services, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const document = arg instanceof vscode.Uri || typeof arg === 'string' ? await findDocument(arg.toString()) : vscode.window.activeTextEditor?.document;
  return document && services.reads(document) ? document : undefined;
}

/** Below this, answers come from the cache: no notification flashes up (and lingers) for them. */
const PROGRESS_DELAY_MS = 300;

/**
 * Every image's status, or undefined when the user cancelled (or the document changed). The
 * progress notification, with its Cancel button, appears only when resolving takes a moment.
 */
async function resolveAll(services: Services, document: vscode.TextDocument, images: readonly ImageOccurrence[], title: string): Promise<ImageStatus[] | undefined> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one signal for every image of the file
  let done = 0;
  let report: (() => void) | undefined;
  const work = Promise.all(
    images.map(async (occurrence) => {
      const status = await services.status(document, occurrence, controller.signal);
      done++;
      report?.();
      return status;
    }),
  ).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), PROGRESS_DELAY_MS)));
  const first = await Promise.race([work, slow]);
  clearTimeout(timer);
  if (first !== 'slow') return first;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const total = Math.max(images.length, 1);
    let shown = 0;
    report = () => {
      progress.report({ increment: ((done - shown) * 100) / total, message: `${done}/${images.length}` });
      shown = done;
    };
    report();
    const listener = token.onCancellationRequested(() => controller.abort());
    return work.finally(() => listener.dispose());
  });
}

export async function pinAll(services: Services, arg?: unknown): Promise<PinAllResult | undefined> {
  const document = await targetDocument(services, arg);
  if (!document) {
    void vscode.window.showInformationMessage('Docker Pin: open a file that names images (a Dockerfile, compose file, manifest, workflow, GitLab CI file or dev container) to pin them.');
    return undefined;
  }
  await services.ready(document);
  const version = document.version;
  const scan = await services.scan(document);
  const name = vscode.workspace.asRelativePath(document.uri);
  const statuses = await resolveAll(services, document, scan.images, `Docker Pin: resolving images in ${name}`);
  const conflictCount = scan.problems.filter((problem) => problem.kind === 'conflict').length;
  const problems = scan.problems.length - conflictCount;
  const conflicts = conflictCount > 0 ? { conflicts: conflictCount } : {};
  if (!statuses) {
    return { pinned: 0, updated: 0, unchanged: 0, ignored: 0, failed: 0, problems, ...conflicts, result: 'cancelled' };
  }
  // The CLI's plan: every reading, each env file and build arg a pin goes into, checked for every reading.
  let pins: DocumentPins | undefined;
  try {
    pins = await documentPins(services, document, true, new AbortController().signal);
  } catch {
    // The document changed while its answers were being worked out: they belong to a text that is gone.
    pins = undefined;
  }
  if (pins === undefined) {
    reportOutdated(document);
    return { pinned: 0, updated: 0, unchanged: 0, ignored: 0, failed: 0, problems, ...conflicts, result: 'outdated' };
  }
  // A conflict is counted apart, from the problems the document shows.
  const lines = pins.result.outcomes.filter((line) => line.action !== 'conflict');
  // Compose images whose value is in .env when no .env is written: counted as left for the user, never among the unchanged.
  const envWritten = 'planned' in pins && (pins.planned.envFiles ?? []).length > 0;
  const inEnvFile = envWritten ? [] : lines.filter((line) => line.edit === undefined && valueInEnvFile(line.status));
  // A Dockerfile's lines a compose build gives their images in args: left to the compose file, as `pin` of the Dockerfile leaves them.
  const inBuildArgs = [...(scan.argLines?.keys() ?? [])].filter((occurrence) => {
    const state = statuses[scan.images.indexOf(occurrence)]?.state;
    return state === 'unpinned' || state === 'stale' || state === 'gone';
  });
  const counts = { ...countActions(lines), ...(inEnvFile.length > 0 ? { inEnvFile: inEnvFile.length } : {}), ...(inBuildArgs.length > 0 ? { inBuildArgs: inBuildArgs.length } : {}) };
  if ('refused' in pins) {
    reportRefused(document, pins.refused, services.log);
    return { ...counts, problems, ...conflicts, result: 'refused' };
  }
  // Every reading's edits were checked when planned, on the texts applyChecked finds unchanged.
  const result = await applyChecked(services, document, version, pins.planned, () => undefined);
  if (result === 'applied' || result === 'nothing') {
    for (const note of pins.result.notes) services.log.warn(`${name}:${note.range.start.line + 1}: ${note.text}`);
    for (const problem of scan.problems) services.log.warn(`${name}:${problem.range.start.line + 1}: ${problem.message}`);
    for (const occurrence of inBuildArgs) services.log.warn(`${name}:${occurrence.line}: not pinned here: ${occurrence.valueElsewhere === undefined ? 'its pin goes where a compose build gives its image' : `its pin goes into ${occurrence.valueElsewhere}`} (its lens pins it there)`);
    for (const line of inEnvFile) {
      services.log.warn(`${name}:${line.status.occurrence.line}: not pinned: ${envFileNote(line.status.occurrence.valueAt?.name ?? 'the variable')}`);
    }
    report(services, name, result, { ...counts, problems, ...conflicts });
  }
  return { ...counts, problems, ...conflicts, result };
}

/** An unpinned or stale compose image whose value is written in `.env`. */
function valueInEnvFile(status: ImageStatus): boolean {
  return status.occurrence.valueAt?.file === 'env-file' && (status.state === 'unpinned' || status.state === 'stale');
}

/** The outcome, with every line left as it was counted: a warning when some need the user. */
function report(services: Services, name: string, result: 'applied' | 'nothing', counts: PinCounts & { problems: number; conflicts?: number; inEnvFile?: number; inBuildArgs?: number }): void {
  const failed = counts.failed > 0 ? `; ${counts.failed} could not be resolved (see the log)` : '';
  const problems = counts.problems > 0 ? `; ${counts.problems} not pinned because the image cannot be worked out (see the Problems panel)` : '';
  const conflicts = counts.conflicts
    ? `; ${counts.conflicts} not pinned because the file's readings name different images there (see the Problems panel)`
    : '';
  const envFile = counts.inEnvFile ? `; ${counts.inEnvFile} not pinned because the value is in .env, where its pin belongs (see the log)` : '';
  const buildArgs = counts.inBuildArgs ? `; ${counts.inBuildArgs} not pinned here because a compose build gives the image in its args, where its pin belongs (the line's lens pins it there)` : '';
  const ignored = counts.ignored > 0 ? `; ${counts.ignored} ignored` : '';
  const message =
    result === 'applied'
      ? `Docker Pin: pinned ${counts.pinned}, updated ${counts.updated} in ${name}${failed}${problems}${conflicts}${envFile}${buildArgs}${ignored}.`
      : `Docker Pin: nothing to pin in ${name}${failed}${problems}${conflicts}${envFile}${buildArgs}${ignored}.`;
  if (counts.failed + counts.problems + (counts.conflicts ?? 0) + (counts.inEnvFile ?? 0) + (counts.inBuildArgs ?? 0) > 0) void vscode.window.showWarningMessage(message, 'Show Log').then((c) => c && services.log.show(true));
  else void vscode.window.setStatusBarMessage(message, 5000);
}
