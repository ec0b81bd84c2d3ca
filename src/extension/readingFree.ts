// What of an open file's scan no reading the include index finds can change, so its lenses are
// drawn before the index is built (the index reads every YAML file of the workspace: seconds in a
// monorepo). A Dockerfile is read by the builds of compose files with their args; a line those
// readings name differently is a conflict (liveReadings.ts, engine/readings.ts), and naming it
// differently takes a variable: a reference written without one names the same image in every
// reading, and its lens is the one drawn once the index is known. A line with a variable (its
// image, or its no-value problem) waits. Other kinds wait whole: an include or an extending project
// gives a compose file its variables, services and env file, a pipeline a GitLab file its
// variables, and the index decides whether a YAML file is a GitLab file at all. Free of `vscode`.
import type { FileKind, ScanResult } from '../core/types';

export interface ReadingFreeScan {
  /** The images and problems of the scan that every reading of the file names alike (nothing else of it). */
  readonly scan: ScanResult;
  /** Whether that is the whole scan: nothing waits for the index. */
  readonly complete: boolean;
}

/** The part of `scan` (a file of `kind`, read alone or as an earlier index said) no reading can change; undefined: all of it may change. */
export function readingFree(kind: FileKind, scan: ScanResult): ReadingFreeScan | undefined {
  if (kind !== 'dockerfile') return undefined;
  const images = scan.images.filter((occurrence) => occurrence.variables.length === 0 && !occurrence.text.includes('$'));
  // A build's args may name what the file alone cannot (`unresolved`), and readings decide conflicts.
  const problems = scan.problems.filter((problem) => (problem.kind === 'invalid' || problem.kind === 'skipped') && !problem.text.includes('$'));
  return { scan: { images, problems }, complete: images.length === scan.images.length && problems.length === scan.problems.length };
}
