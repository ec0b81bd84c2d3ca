// What a user sees of the records a source gives, for tables of expected results.
import { formatPlatform } from '../../../src/core/platform';
import { offsetAt } from '../../../src/core/text';
import type { ImageOccurrence, Platform, Range, ScanProblem } from '../../../src/core/types';

/** The text `range` covers. */
export function at(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** `linux/arm64`, or `configured` for no declared platform. */
export function platformName(p: Platform | undefined): string {
  return p ? formatPlatform(p) : 'configured';
}

/** One occurrence as the text shows it: the place kind, the text at its range, line, platforms, written digest. */
export function view(text: string, occ: ImageOccurrence) {
  return {
    source: occ.source,
    written: at(text, occ.range),
    line: occ.line,
    ...(occ.platform ? { platform: platformName(occ.platform) } : {}),
    ...(occ.platforms ? { platforms: occ.platforms.map(platformName) } : {}),
    ...(occ.digestRange ? { digest: at(text, occ.digestRange) } : {}),
  };
}

/** Each problem's kind and one-based line. */
export function problemLines(problems: readonly ScanProblem[]): { kind: ScanProblem['kind']; line: number }[] {
  return problems.map((p) => ({ kind: p.kind, line: p.range.start.line + 1 }));
}
