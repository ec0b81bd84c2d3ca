// `dockerPin.pinAs(uri, version, position, kind)`: a lens or quick fix offering the digest kind that
// was not resolved yet (a platform pin when the index was found by HEAD). Resolves the tag on
// click, then applies the edit if the document is still at `version` and the re-read check passes.
import * as vscode from 'vscode';
import { effectivePlatform } from '../../engine/platformOf';
import { pinEdit } from '../../core/pin';
import { indexOnlyReason } from '../../engine/argValues';
import type { DigestKind, Position } from '../../core/types';
import { withSignal } from '../cancel';
import { contains } from '../convert';
import { applyChecked, findDocument, reportOutdated, type ApplyResult } from '../edits';
import { pinRefusal } from '../pinCheck';
import type { Services } from '../services';

export async function pinAs(services: Services, uri: string, version: number, position: Position, kind: DigestKind): Promise<ApplyResult> {
  const document = await findDocument(uri);
  await services.ready(document);
  if (document.version !== version) {
    reportOutdated(document);
    return 'outdated';
  }
  const occurrence = (await services.scan(document)).images.find((o) => contains(o.range, position));
  if (!occurrence) return 'nothing';
  const settings = services.settings.for(document.uri);
  const platform = effectivePlatform(occurrence, settings.platform);
  if (platform === undefined) {
    void vscode.window.showErrorMessage(`Docker Pin: ${settings.platformProblem ?? 'no platform'}`);
    return 'failed';
  }
  // The tag's digest of the other kind, also on a pinned line: never the pinned manifest itself.
  const tagged = { ...occurrence.reference, digest: undefined };
  // A platform digest in an ARG default that also serves another platform would be wrong for it.
  const indexOnly = kind === 'platform' && settings.platform !== undefined ? indexOnlyReason(occurrence, settings.platform) : undefined;
  if (indexOnly !== undefined) {
    void vscode.window.showWarningMessage(`Docker Pin: only the index digest fits ${occurrence.text}: ${indexOnly}.`);
    return 'nothing';
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Docker Pin: resolving ${occurrence.text}`, cancellable: true },
    async (_progress, token) => {
      let digest: string | undefined;
      try {
        const resolution = await withSignal(token, (signal) => services.clients.current.resolve(tagged, { platform, kind, signal }));
        digest = kind === 'index' ? resolution.indexDigest : resolution.platformDigest;
      } catch (error) {
        services.log.warn(`${occurrence.expanded}: ${(error as Error).message}`);
        void vscode.window.showErrorMessage(`Docker Pin: ${(error as Error).message}`);
        return 'failed';
      }
      const edit = digest ? pinEdit(occurrence, digest) : undefined;
      if (!edit || !digest) return 'nothing';
      const pin = { at: occurrence.range.start, edit, digest };
      return applyChecked(services, document, version, { edits: [edit] }, async (file) =>
        pinRefusal(file, (await services.scan(document)).images, pin, services.scanOptions(document.uri, file.kind)),
      );
    },
  );
}
