// What the source tests look at: what a user sees of each occurrence and problem.
import { applyEdits, pinEdit } from '../../../src/core/pin';
import { offsetAt } from '../../../src/core/text';
import type { ImageOccurrence, Range, ScanProblem, ScanResult, TextEdit } from '../../../src/core/types';

export const D1 = `sha256:${'1'.repeat(64)}`;
export const D2 = `sha256:${'2'.repeat(64)}`;

export function at(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** An occurrence as a user meets it: the text its range covers, what it resolves to, where. */
export function view(text: string, occ: ImageOccurrence) {
  return {
    source: occ.source,
    written: at(text, occ.range),
    expanded: occ.expanded,
    line: occ.line,
    ...(occ.platform ? { platform: occ.platform } : {}),
    ...(occ.digestRange ? { digest: at(text, occ.digestRange) } : {}),
    ...(occ.valueAt ? { valueAt: at(text, occ.valueAt.range) } : {}),
    ...(occ.valueRefused ? { valueRefused: occ.valueRefused } : {}),
  };
}

export type View = ReturnType<typeof view>;

export function views(text: string, result: ScanResult): View[] {
  for (const occ of result.images) {
    // The record says what it covers: its text is the document's text at its range.
    if (at(text, occ.range) !== occ.text) throw new Error(`range of ${occ.text} covers ${at(text, occ.range)}`);
  }
  return result.images.map((occ) => view(text, occ));
}

export function problemViews(text: string, problems: readonly ScanProblem[]) {
  return problems.map((p) => ({ kind: p.kind, written: at(text, p.range), line: p.range.start.line + 1, message: p.message }));
}

/**
 * `text` with every occurrence pinned to `digest`, through the same edit planning the engine uses:
 * occurrences whose value is written in one place share that place's one edit.
 */
export function pinAll(text: string, result: ScanResult, digest: string): string {
  const edits = new Map<string, TextEdit>();
  for (const occ of result.images) {
    const edit = pinEdit(occ, digest);
    if (edit !== undefined) edits.set(JSON.stringify(edit), edit);
  }
  return applyEdits(text, [...edits.values()]);
}
