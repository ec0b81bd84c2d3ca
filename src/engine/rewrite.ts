// Applies a pin plan to the text it was made from, refusing any result that is not known good.
import { applyEdits } from '../core/pin';
import type { ScanOptions } from '../core/types';
import type { PinPlan } from './planPins';
import { checkEdits, verifyRewrite } from './verify';

export type RewriteResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly reason: string };

/** `options`: those the plan's analysis scanned `text` with (its `AnalyzeOptions` will do). */
export function rewrite(text: string, plan: PinPlan, options: ScanOptions): RewriteResult {
  if (plan.edits.length === 0) return { ok: true, text, changed: false };
  const stray = checkEdits(plan);
  if (stray !== undefined) return { ok: false, reason: stray };
  let newText: string;
  try {
    newText = applyEdits(text, plan.edits);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const expected = new Map<number, string>();
  plan.lines.forEach((line, index) => {
    if (line.edit && line.status.targetDigest !== undefined) expected.set(index, line.status.targetDigest);
  });
  const occurrences = plan.lines.map((line) => line.status.occurrence);
  const reason = verifyRewrite(occurrences, newText, expected, options);
  return reason === undefined ? { ok: true, text: newText, changed: newText !== text } : { ok: false, reason };
}
