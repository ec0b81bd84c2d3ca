// What of an open file's scan no reading the include index finds can change, so its lenses are
// drawn before the index is built (the index reads every YAML file of the workspace: seconds in a
// monorepo). A Dockerfile is read by the builds of compose files with their args; a line those
// readings name differently is a conflict (liveReadings.ts, engine/readings.ts), and naming it
// differently takes a variable: a reference written without one names the same image in every
// reading, and its lens is the one drawn once the index is known, unless a build reads it for
// another platform than the file's own reading: it is then redrawn for the index digest, which fits
// both, and a platform pin made from the early lens is flagged stale. A line with a variable (its
// image, or its no-value problem) waits. A Kubernetes manifest is read as the workspace's
// kustomizations render it (engine/kustomizeReadings.ts), and an `images:` entry acts only on an
// image whose name (as kustomize splits it) is the entry's `name` (kustomizeRender.ts): given the
// names the workspace's entries name (kustomizeEntryNames.ts), a line whose image none names is
// read alike by every rendering; the others, and problems at them, wait. A kustomization itself
// waits whole (the manifests it renders say what its entries do). Other kinds wait whole: an
// include or an extending project gives a compose file its variables, services and env file, a
// pipeline a GitLab file its variables, and the index decides whether a YAML file is a GitLab file
// at all. Free of `vscode`.
import { kustomizeImageName } from '../core/sources/kustomizeRender';
import type { FileKind, ScanResult } from '../core/types';

export interface ReadingFreeScan {
  /** The images and problems of the scan that every reading of the file names alike (nothing else of it). */
  readonly scan: ScanResult;
  /** Whether that is the whole scan: nothing waits for the index. */
  readonly complete: boolean;
}

/**
 * The part of `scan` (a file of `kind`, read alone or as an earlier index said) no reading can
 * change; undefined: all of it may change. `entryNames`, for a manifest (not a kustomization): every
 * name an `images:` entry of the workspace's kustomizations names; without it a manifest waits whole.
 */
export function readingFree(kind: FileKind, scan: ScanResult, entryNames?: ReadonlySet<string>): ReadingFreeScan | undefined {
  if (kind === 'kubernetes') return entryNames === undefined ? undefined : unrenamed(scan, entryNames);
  if (kind !== 'dockerfile') return undefined;
  const images = scan.images.filter((occurrence) => occurrence.variables.length === 0 && !occurrence.text.includes('$'));
  // A build's args may name what the file alone cannot (`unresolved`), and readings decide conflicts.
  const problems = scan.problems.filter((problem) => (problem.kind === 'invalid' || problem.kind === 'skipped') && !problem.text.includes('$'));
  return { scan: { images, problems }, complete: images.length === scan.images.length && problems.length === scan.problems.length };
}

/** The lines of a manifest's scan no `images:` entry named in `entryNames` acts on. */
function unrenamed(scan: ScanResult, entryNames: ReadonlySet<string>): ReadingFreeScan {
  const images = scan.images.filter((occurrence) => !entryNames.has(kustomizeImageName(occurrence.expanded)) && !entryNames.has(kustomizeImageName(occurrence.text)));
  // Renderings that name a line differently make it a conflict (a problem at it): only a line none renames is sure.
  const problems = scan.problems.filter((problem) => (problem.kind === 'invalid' || problem.kind === 'skipped') && !entryNames.has(kustomizeImageName(problem.text)));
  return { scan: { images, problems }, complete: images.length === scan.images.length && problems.length === scan.problems.length };
}
