// What a user sees of the records the compose and Kubernetes sources give, platforms by name
// (`linux/arm64`, `configured`), for tables of expected results.
import { formatPlatform } from '../../../src/core/platform';
import type { ImageOccurrence, Platform, ScanProblem } from '../../../src/core/types';
import { at } from './helpers';

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
