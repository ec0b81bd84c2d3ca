// The pins of images a compose build gives whole in its args (`ARG BASE` … `FROM ${BASE}`, the
// service building with `args: BASE: alpine:3.20`): the image is written in the compose file (or the
// `.env` line its value is read from), so that is where the digest goes, never on the Dockerfile's
// line, where it would win over every value the build gives. An update replaces the stale digest
// the value holds there, as it would on a line.
import { buildArgOf } from '../core/buildScan';
import { withoutTrailingDigest } from '../core/digest';
import { applyEdits } from '../core/pin';
import type { ArgValuePlace, Position, TextEdit } from '../core/types';
import type { BuildOperand, BuildUse } from './buildOperands';
import { buildOptions } from './passes';
import { documentsDiffer, envFilesDiffer } from './sameDocuments';
import { buildsOf, scanSource, type FileBuild, type SourceFile, type SourceOptions } from './sources';
import type { Analysis, ImageStatus } from './types';
import { verifyRewrite } from './verify';

/** A Dockerfile one of the compose file's builds reads (at `path`), with that build. */
export interface BuiltDockerfile {
  readonly path: string;
  readonly use: BuildUse;
  readonly file: SourceFile;
}

/** One line of a Dockerfile a build reads: its path and zero-based line. */
export interface BuiltLine {
  readonly path: string;
  readonly line: number;
}

/** A Dockerfile one of a compose file's builds reads, with that build: not read yet. */
export interface DockerfileUse {
  readonly operand: BuildOperand;
  readonly use: BuildUse;
}

/** How a Dockerfile (at `path`) is scanned and answered as one build reads it. */
export type AnalyzeBuilt<O extends SourceOptions> = (file: SourceFile, options: O, path: string) => Promise<Analysis>;

/**
 * For each compose file among `operands`, the Dockerfiles its builds read whose build args can take
 * a pin (a build with `argValues`): the compose file's pin writes the pins of the lines that take
 * their images from them whole.
 */
export function dockerfilesBuilt(operands: readonly BuildOperand[]): Map<BuildOperand, DockerfileUse[]> {
  const built = new Map<BuildOperand, DockerfileUse[]>();
  for (const operand of operands) {
    for (const use of operand.builds) {
      if (use.builder === undefined || use.build.argValues === undefined) continue;
      built.set(use.builder, [...(built.get(use.builder) ?? []), { operand, use }]);
    }
  }
  return built;
}

/**
 * Whether the pin of `status` (a line a build reads) is one its build arg's value takes: an unpinned
 * line, or (with `update`) a stale pin, or a gone one a digest was chosen for.
 */
export function argPinWanted(status: ImageStatus, update: boolean): boolean {
  if (status.state === 'unpinned') return true;
  return update && status.targetDigest !== undefined && (status.state === 'stale' || status.state === 'gone');
}

/** One Dockerfile line whose build arg takes a pin: `edit` is made in the compose file or (`file`) its `.env`. */
export interface ArgPin {
  readonly status: ImageStatus;
  readonly arg: string;
  readonly by: string;
  /** The compose file's line (one-based) giving the arg. */
  readonly line: number;
  readonly edit?: TextEdit;
  readonly file?: 'env-file';
  /** `pin` for an unpinned line, `update` for a stale or gone pin whose digest the value holds. */
  readonly action: 'pin' | 'update';
  /** Why it is not pinned, when it is not. */
  readonly note?: string;
}

export type ArgPinResult =
  | { readonly ok: true; readonly text: string; readonly envText?: string; readonly pins: readonly ArgPin[] }
  /** Not written: `pins` are the lines that would have been pinned, and `reason` says why not. */
  | { readonly ok: false; readonly reason: string; readonly pins: readonly ArgPin[] };

/**
 * Whether the compose file's own pin writes the pin of `arg` for `use` (a build its own reading
 * finds, whose value can take a pin, of a compose file that is read itself, not only for its
 * builds): the Dockerfile's reading of that build then leaves the line to it.
 */
export function pinnedByBuilder(use: BuildUse | undefined, arg: string | undefined): boolean {
  return use !== undefined && arg !== undefined && use.reading === 0 && use.builder?.direct === true && use.builder.buildsOnly !== true && use.build.argValues?.has(arg) === true;
}

/**
 * Pins, in `compose` (its text with the pins its own readings made, and its `.env`), the build args
 * that the Dockerfiles of its builds take their images from whole; with `update`, replaces the
 * stale digests they hold; with `only`, those of that Dockerfile line alone. Each Dockerfile is read with `analyze`, as its build reads it. The result is good only when
 * re-reading the compose file gives the same images and documents but for the digests, and each
 * build then reads every pinned line with its digest.
 */
export async function pinBuildArgs<O extends SourceOptions>(
  compose: SourceFile,
  options: O,
  dockerfiles: readonly BuiltDockerfile[],
  analyze: AnalyzeBuilt<O>,
  update: boolean,
  only?: BuiltLine,
): Promise<ArgPinResult> {
  const builds = buildsOf(compose, options);
  const pins: ArgPin[] = [];
  const checks: { dockerfile: BuiltDockerfile; build: FileBuild; index: number; expanded: string }[] = [];
  for (const dockerfile of only === undefined ? dockerfiles : dockerfiles.filter((d) => d.path === only.path)) {
    const build = sameBuild(builds, dockerfile.use.build);
    if (build === undefined) continue;
    const scanned = await analyze(dockerfile.file, buildOptions(options, { ...build, ...(dockerfile.use.build.argPlaces ? { argPlaces: dockerfile.use.build.argPlaces } : {}) }), dockerfile.path);
    scanned.statuses.forEach((status, index) => {
      const occurrence = status.occurrence;
      const arg = buildArgOf(occurrence, build.buildArgs);
      if (arg === undefined || !argPinWanted(status, update) || !pinnedByBuilder(dockerfile.use, arg)) return;
      if (only !== undefined && occurrence.range.start.line !== only.line) return;
      const place = build.argValues?.get(arg) as ArgValuePlace;
      const by = dockerfile.use.by;
      const line = dockerfile.use.build.argLines?.get(arg) ?? build.range.start.line + 1;
      const digest = status.targetDigest;
      const action = status.state === 'unpinned' ? 'pin' : 'update';
      // A pin the value holds is replaced: its `@digest` ends the value.
      const old = occurrence.reference.digest;
      const range = old === undefined ? { start: place.at, end: place.at } : digestBefore(place.file === undefined ? compose.text : compose.envFile?.text, place.at, old);
      // Lines reading one value (one arg, or one .env line several args read) must want the same digest: it serves them all.
      const other = pins.find((p) => p.edit !== undefined && p.file === place.file && p.edit.range.end.line === place.at.line && p.edit.range.end.character === place.at.character);
      if (digest === undefined || range === undefined || (other !== undefined && other.status.targetDigest !== digest)) {
        const why = range === undefined ? `the value of ${arg} does not end with the digest ${old ?? ''} its line reads` : `the value of ${arg} serves several lines that resolve to different digests`;
        pins.push({ status, arg, by, line, action, note: `not ${action === 'pin' ? 'pinned' : 'updated'}: ${why}` });
        return;
      }
      const edit = other?.edit ?? { range, newText: `@${digest}` };
      pins.push({ status, arg, by, line, action, edit, ...(place.file === undefined ? {} : { file: place.file }) });
      checks.push({ dockerfile, build, index, expanded: `${withoutTrailingDigest(occurrence.expanded)}@${digest}` });
    });
  }
  const editsOf = (file: ArgPin['file']) => [...new Set(pins.flatMap((p) => (p.edit !== undefined && p.file === file ? [p.edit] : [])))];
  const edits = editsOf(undefined);
  const envEdits = editsOf('env-file');
  if (edits.length === 0 && envEdits.length === 0) return { ok: true, text: compose.text, ...(compose.envFile ? { envText: compose.envFile.text } : {}), pins };
  if (envEdits.length > 0 && compose.envFile === undefined) return { ok: false, reason: 'a build arg is read from a .env file that was not read', pins };
  let text: string;
  let envText: string | undefined;
  try {
    text = applyEdits(compose.text, edits);
    envText = compose.envFile === undefined ? undefined : applyEdits(compose.envFile.text, envEdits);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error), pins };
  }
  const after: SourceFile = { ...compose, text, ...(envText === undefined ? {} : { envFile: { text: envText } }) };
  // The digests written, and those they replace: the documents may differ by these alone.
  const digests = [...new Set(pins.flatMap((p) => (p.edit === undefined ? [] : [p.status.targetDigest, p.status.occurrence.reference.digest].filter((d): d is string => d !== undefined))))];
  const reason =
    verifyRewrite(scanSource(compose, options).images, after, new Map(), options) ??
    documentsDiffer(compose.kind, compose.text, text, digests) ??
    (compose.envFile === undefined || envText === undefined ? undefined : envFilesDiffer(compose.envFile.text, envText, digests)) ??
    buildsRead(buildsOf(after, options), checks, options);
  return reason === undefined ? { ok: true, text, ...(envText === undefined ? {} : { envText }), pins } : { ok: false, reason, pins };
}

/** The range of `@digest` just before `at` in `text` (a value that ends with its pin), or undefined when it is not there. */
function digestBefore(text: string | undefined, at: Position, digest: string): { start: Position; end: Position } | undefined {
  const pinned = `@${digest}`;
  const line = text?.split('\n')[at.line];
  const start = at.character - pinned.length;
  if (line === undefined || start < 0 || line.slice(start, at.character) !== pinned) return undefined;
  return { start: { line: at.line, character: start }, end: at };
}

/** The build of `builds` that is `build` (the same service, building the same Dockerfile). */
function sameBuild(builds: readonly FileBuild[], build: FileBuild): FileBuild | undefined {
  return builds.find((b) => b.by === build.by && b.dockerfile === build.dockerfile && b.inline === undefined);
}

/** Why a pinned line is not read with its digest by its build once the compose file is rewritten, or undefined. */
function buildsRead(builds: readonly FileBuild[], checks: readonly { dockerfile: BuiltDockerfile; build: FileBuild; index: number; expanded: string }[], options: SourceOptions): string | undefined {
  for (const { dockerfile, build, index, expanded } of checks) {
    const now = sameBuild(builds, build);
    const image = now === undefined ? undefined : scanSource(dockerfile.file, buildOptions(options, now)).images[index];
    if (image?.expanded !== expanded) return `${dockerfile.use.by} would read "${image?.expanded ?? 'nothing'}" instead of "${expanded}"`;
  }
  return undefined;
}
