// `dockerPin.applyPin(uri, version, range, newText, at, digest)`: the one-click pin of a lens or a
// quick fix. Applies one edit if the document is still at `version` and the re-read check passes
// (the image starting at `at` then carries `digest`, every other image is unchanged); saves nothing
// (the user decides when to save).
import type { Position, Range } from '../../core/types';
import { applyChecked, findDocument, type ApplyResult } from '../edits';
import { pinRefusal } from '../pinCheck';
import type { Services } from '../services';

export async function applyPin(services: Services, uri: string, version: number, range: Range, newText: string, at: Position, digest: string): Promise<ApplyResult> {
  const document = await findDocument(uri);
  await services.ready(document);
  const pin = { at, digest, edit: { range, newText } };
  return applyChecked(services, document, version, { edits: [pin.edit] }, async (file) =>
    pinRefusal(file, (await services.scan(document)).images, pin, services.scanOptions(document.uri, file.kind)),
  );
}
