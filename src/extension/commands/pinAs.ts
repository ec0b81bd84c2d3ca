// `dockerPin.pinAs(uri, version, position, kind)`: a lens offering the digest kind that was not
// resolved yet (a platform pin when the index was found by HEAD). Resolves on click, then applies
// the edit if the document is still at `version`.
import * as vscode from 'vscode';
import { pinEdit } from '../../core/pin';
import type { DigestKind, Position } from '../../core/types';
import { withSignal } from '../cancel';
import { contains } from '../convert';
import { applyIfCurrent, findDocument, reportOutdated, type ApplyResult } from '../edits';
import type { Services } from '../services';

export async function pinAs(services: Services, uri: string, version: number, position: Position, kind: DigestKind): Promise<ApplyResult> {
  const document = await findDocument(uri);
  if (document.version !== version) {
    reportOutdated(document);
    return 'outdated';
  }
  const occurrence = services.scan(document).images.find((o) => contains(o.range, position));
  if (!occurrence) return 'nothing';
  const platform = occurrence.platform ?? services.settings.for(document.uri).platform;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Docker Pin: resolving ${occurrence.text}`, cancellable: true },
    async (_progress, token) => {
      try {
        const resolution = await withSignal(token, (signal) => services.clients.current.resolve(occurrence.reference, { platform, kind, signal }));
        const digest = kind === 'index' ? resolution.indexDigest : resolution.platformDigest;
        const edit = digest ? pinEdit(occurrence, digest) : undefined;
        const result = await applyIfCurrent(document, version, edit ? [edit] : []);
        if (result === 'outdated') reportOutdated(document);
        return result;
      } catch (error) {
        services.log.warn(`${occurrence.expanded}: ${(error as Error).message}`);
        void vscode.window.showErrorMessage(`Docker Pin: ${(error as Error).message}`);
        return 'failed';
      }
    },
  );
}
