// `dockerPin.pinAll([uri])`: pins every unpinned image and updates every stale pin in the file, as
// one edit (one undo step), with progress and cancel. Nothing is written if the file changed
// while the digests were being resolved.
import * as vscode from 'vscode';
import { countActions, planPins, type PinCounts } from '../../engine/planPins';
import type { ImageStatus } from '../../engine/types';
import { toAbortSignal } from '../cancel';
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

export async function pinAll(services: Services, arg?: unknown): Promise<PinAllResult | undefined> {
  const document = await targetDocument(arg);
  if (!document) {
    void vscode.window.showInformationMessage('Docker Pin: open a Dockerfile to pin its images.');
    return undefined;
  }
  const version = document.version;
  const images = services.scan(document).images;
  const name = vscode.workspace.asRelativePath(document.uri);
  const statuses = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Docker Pin: resolving images in ${name}`, cancellable: true },
    async (progress, token) => {
      const linked = toAbortSignal(token);
      let done = 0;
      try {
        return await Promise.all(
          images.map(async (occurrence): Promise<ImageStatus> => {
            const status = await services.status(document, occurrence, linked.signal);
            progress.report({ increment: 100 / Math.max(images.length, 1), message: `${++done}/${images.length}` });
            return status;
          }),
        );
      } catch {
        return undefined; // Cancelled by the user, or the document changed.
      } finally {
        linked.dispose();
      }
    },
  );
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
