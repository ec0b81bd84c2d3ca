// Applies a pin plan to the file it was made from, refusing any result that is not known good.
import { applyEdits } from '../core/pin';
import type { PinPlan } from './planPins';
import { documentsDiffer, envFilesDiffer } from './sameDocuments';
import type { SourceFile, SourceOptions } from './sources';
import { checkEdits, verifyRewrite } from './verify';

export type RewriteResult =
  | {
      readonly ok: true;
      /** The file's new text. */
      readonly text: string;
      readonly changed: boolean;
      /** The `.env` file's new text, when the plan edits it (`PinPlan.envFileEdits`). */
      readonly envFile?: { readonly text: string; readonly changed: boolean };
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Both texts (the file's and its `.env`'s) are rewritten and checked together: the result is good
 * only when re-reading the new file (with the new `.env`) names the same images with only the
 * planned digests, and its documents are those of the original but for those digests.
 * `options`: those the plan's analysis scanned `file` with (its `AnalyzeOptions` will do).
 */
export function rewrite(file: SourceFile, plan: PinPlan, options: SourceOptions): RewriteResult {
  if (plan.edits.length === 0 && plan.envFileEdits.length === 0) return { ok: true, text: file.text, changed: false };
  if (plan.envFileEdits.length > 0 && file.envFile === undefined) return { ok: false, reason: 'the plan edits a .env file that was not read' };
  const stray = checkEdits(plan);
  if (stray !== undefined) return { ok: false, reason: stray };
  let text: string;
  let envText: string | undefined;
  try {
    text = applyEdits(file.text, plan.edits);
    envText = file.envFile === undefined ? undefined : applyEdits(file.envFile.text, plan.envFileEdits);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const newFile: SourceFile = { ...file, text, ...(envText === undefined ? {} : { envFile: { text: envText } }) };
  const expected = new Map<number, string>();
  plan.lines.forEach((line, index) => {
    if (line.edit && line.status.targetDigest !== undefined) expected.set(index, line.status.targetDigest);
  });
  const occurrences = plan.lines.map((line) => line.status.occurrence);
  // Every digest the plan writes or replaces: the documents may differ by these alone.
  const digests = plan.lines.flatMap((line) =>
    line.edit === undefined ? [] : [line.status.targetDigest ?? '', line.status.occurrence.reference.digest ?? ''].filter((d) => d !== ''),
  );
  const reason =
    verifyRewrite(occurrences, newFile, expected, options) ??
    documentsDiffer(file.kind, file.text, text, digests) ??
    (file.envFile === undefined || envText === undefined ? undefined : envFilesDiffer(file.envFile.text, envText, digests));
  if (reason !== undefined) return { ok: false, reason };
  const envFile = file.envFile === undefined || envText === undefined ? undefined : { text: envText, changed: envText !== file.envFile.text };
  return { ok: true, text, changed: text !== file.text, ...(envFile === undefined ? {} : { envFile }) };
}
