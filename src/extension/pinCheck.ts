// The re-read check the CLI runs before it writes a file (src/engine/rewrite.ts and verify.ts), for
// the pins the extension applies one at a time (a lens, a quick fix, pinAs): the file as it would
// be is read again with its kind's source, and every image in it must be the one it was, the
// pinned one (and every line sharing its value) now carrying the planned digest; a YAML or JSONC
// file's documents must be the same but for that digest. Pin All and source.fixAll.dockerPin check
// whole plans with the engine's own `rewrite`. Free of `vscode`.
import { applyEdits } from '../core/pin';
import type { ImageOccurrence, Position, TextEdit } from '../core/types';
import { valueKey } from '../engine/argValues';
import { documentsDiffer } from '../engine/sameDocuments';
import type { SourceFile, SourceOptions } from '../engine/sources';
import { verifyRewrite } from '../engine/verify';

/** A pin about to be applied: its edit, and the digest the image that starts at `at` must carry afterwards. */
export interface PlannedPin {
  readonly at: Position;
  readonly edit: TextEdit;
  readonly digest: string;
}

/**
 * Why `pin` must not be applied to `file`, or undefined when the result is known good. `images` is
 * what the scan of `file` with `options` found; the result is read again with the same options.
 */
export function pinRefusal(file: SourceFile, images: readonly ImageOccurrence[], pin: PlannedPin, options: SourceOptions): string | undefined {
  const index = images.findIndex((o) => o.range.start.line === pin.at.line && o.range.start.character === pin.at.character);
  if (index < 0) return `no image starts at line ${pin.at.line + 1}, column ${pin.at.character + 1}`;
  let newText: string;
  try {
    newText = applyEdits(file.text, [pin.edit]);
  } catch (error) {
    return (error as Error).message;
  }
  // A pin in a shared value (an ARG default) is every line's that takes its value from there: each must carry it.
  const shared = valueKey(images[index]);
  const expected = new Map<number, string>();
  images.forEach((image, i) => {
    if (i === index || (shared !== undefined && valueKey(image) === shared)) expected.set(i, pin.digest);
  });
  const replaced = images[index].reference.digest;
  return (
    verifyRewrite(images, { ...file, text: newText }, expected, options) ??
    documentsDiffer(file.kind, file.text, newText, replaced === undefined ? [pin.digest] : [pin.digest, replaced])
  );
}
