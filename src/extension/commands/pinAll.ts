// `dockerPin.pinAll([uri])`: pins every unpinned image and updates every stale pin in the file, as
// one edit (one undo step), with progress and cancel. Nothing is written if the file changed
// while the digests were being resolved.
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import { countActions, planPins, type PinCounts } from '../../engine/planPins';
import type { ImageOccurrence } from '../../core/types';
import type { ImageStatus } from '../../engine/types';
import { applyIfCurrent, findDocument, reportOutdated, type ApplyResult } from '../edits';
import { Services } from '../services';

export interface PinAllResult extends PinCounts {
  readonly result: ApplyResult | 'cancelled';
}

async function targetDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  if (arg instanceof vscode.Uri) return findDocument(arg.toString());
  if (typeof arg === 'string') return findDocument(arg);
  const editor = vscode.window.activeTextEditor;
  return editor && Services.isDockerfile(editor.document) ? editor.document : undefined;
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
  const document = await targetDocument(arg);
  if (!document) {
    void vscode.window.showInformationMessage('Docker Pin: open a Dockerfile to pin its images.');
    return undefined;
  }
  const version = document.version;
  const images = services.scan(document).images;
  const name = vscode.workspace.asRelativePath(document.uri);
  const statuses = await resolveAll(services, document, images, `Docker Pin: resolving images in ${name}`);
  if (!statuses) {
    return { pinned: 0, updated: 0, unchanged: 0, failed: 0, result: 'cancelled' };
  }
  const plan = planPins({ statuses, problems: [] }, { update: true });
  const counts = countActions(plan.lines);
  for (const line of plan.notes) services.log.warn(`${name}:${line.status.occurrence.line}: ${line.note ?? ''}`);
  const result = await applyIfCurrent(document, version, plan.edits);
  if (result === 'outdated') reportOutdated(document);
  else {
    const failed = counts.failed > 0 ? `; ${counts.failed} could not be resolved (see the log)` : '';
    const message =
      result === 'applied'
        ? `Docker Pin: pinned ${counts.pinned}, updated ${counts.updated} in ${name}${failed}.`
        : `Docker Pin: nothing to pin in ${name}${failed}.`;
    if (counts.failed > 0) void vscode.window.showWarningMessage(message, 'Show Log').then((c) => c && services.log.show(true));
    else void vscode.window.setStatusBarMessage(message, 5000);
  }
  return { ...counts, result };
}
