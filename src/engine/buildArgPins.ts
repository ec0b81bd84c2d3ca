// The pins of images a compose build gives whole in its args (`ARG BASE` … `FROM ${BASE}`, the
// service building with `args: BASE: alpine:3.20`): the image is written in the compose file (or the
// `.env` line its value is read from), so that is where the digest goes, never on the Dockerfile's
// line, where it would win over every value the build gives.
import { buildArgOf } from '../core/buildScan';
import { applyEdits } from '../core/pin';
import type { ArgValuePlace, TextEdit } from '../core/types';
import type { RegistryClientApi } from '../registry/types';
import { analyze } from './analyze';
import type { SharedAnalyzeOptions } from './answerMemo';
import type { BuildUse } from './buildOperands';
import { buildOptions } from './passes';
import { documentsDiffer, envFilesDiffer } from './sameDocuments';
import { buildsOf, scanSource, type FileBuild, type SourceFile } from './sources';
import type { ImageStatus } from './types';
import { verifyRewrite } from './verify';

/** A Dockerfile one of the compose file's builds reads, with that build. */
export interface BuiltDockerfile {
  readonly use: BuildUse;
  readonly file: SourceFile;
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
  /** Why it is not pinned, when it is not. */
  readonly note?: string;
}

export type ArgPinResult =
  | { readonly ok: true; readonly text: string; readonly envText?: string; readonly pins: readonly ArgPin[] }
  /** Not written: `pins` are the lines that would have been pinned, and `reason` says why not. */
  | { readonly ok: false; readonly reason: string; readonly pins: readonly ArgPin[] };

/**
 * Whether the compose file's own pin writes the pin of `arg` for `use` (a build its own reading
 * finds, whose value can take a pin): the Dockerfile's reading of that build then leaves the line to it.
 */
export function pinnedByBuilder(use: BuildUse | undefined, arg: string | undefined): boolean {
  return use !== undefined && arg !== undefined && use.reading === 0 && use.builder?.direct === true && use.build.argValues?.has(arg) === true;
}

/**
 * Pins, in `compose` (its text with the pins its own readings made, and its `.env`), the build args
 * that the Dockerfiles of its builds take their images from whole. The result is good only when
 * re-reading the compose file gives the same images and documents but for the digests, and each
 * build then reads every pinned line with its digest.
 */
export async function pinBuildArgs(compose: SourceFile, options: SharedAnalyzeOptions, dockerfiles: readonly BuiltDockerfile[], client: RegistryClientApi): Promise<ArgPinResult> {
  const builds = buildsOf(compose, options);
  const pins: ArgPin[] = [];
  const checks: { dockerfile: BuiltDockerfile; build: FileBuild; index: number; expanded: string }[] = [];
  for (const dockerfile of dockerfiles) {
    const build = sameBuild(builds, dockerfile.use.build);
    if (build === undefined) continue;
    const scanned = await analyze(dockerfile.file, client, buildOptions(options, { ...build, ...(dockerfile.use.build.argPlaces ? { argPlaces: dockerfile.use.build.argPlaces } : {}) }));
    scanned.statuses.forEach((status, index) => {
      const occurrence = status.occurrence;
      const arg = occurrence.valueElsewhere === undefined ? undefined : buildArgOf(occurrence, build.buildArgs);
      if (status.state !== 'unpinned' || arg === undefined || !pinnedByBuilder(dockerfile.use, arg)) return;
      const place = build.argValues?.get(arg) as ArgValuePlace;
      const by = dockerfile.use.by;
      const line = dockerfile.use.build.argLines?.get(arg) ?? build.range.start.line + 1;
      const digest = status.targetDigest;
      // Lines reading one value (one arg, or one .env line several args read) must want the same digest: it serves them all.
      const other = pins.find((p) => p.edit !== undefined && p.file === place.file && p.edit.range.start.line === place.at.line && p.edit.range.start.character === place.at.character);
      if (digest === undefined || (other !== undefined && other.status.targetDigest !== digest)) {
        pins.push({ status, arg, by, line, note: `not pinned: the value of ${arg} serves several lines that resolve to different digests` });
        return;
      }
      const edit = other?.edit ?? { range: { start: place.at, end: place.at }, newText: `@${digest}` };
      pins.push({ status, arg, by, line, edit, ...(place.file === undefined ? {} : { file: place.file }) });
      checks.push({ dockerfile, build, index, expanded: `${occurrence.expanded}@${digest}` });
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
  const digests = [...new Set(pins.flatMap((p) => (p.edit === undefined || p.status.targetDigest === undefined ? [] : [p.status.targetDigest])))];
  const reason =
    verifyRewrite(scanSource(compose, options).images, after, new Map(), options) ??
    documentsDiffer(compose.kind, compose.text, text, digests) ??
    (compose.envFile === undefined || envText === undefined ? undefined : envFilesDiffer(compose.envFile.text, envText, digests)) ??
    buildsRead(buildsOf(after, options), checks, options);
  return reason === undefined ? { ok: true, text, ...(envText === undefined ? {} : { envText }), pins } : { ok: false, reason, pins };
}

/** The build of `builds` that is `build` (the same service, building the same Dockerfile). */
function sameBuild(builds: readonly FileBuild[], build: FileBuild): FileBuild | undefined {
  return builds.find((b) => b.by === build.by && b.dockerfile === build.dockerfile && b.inline === undefined);
}

/** Why a pinned line is not read with its digest by its build once the compose file is rewritten, or undefined. */
function buildsRead(builds: readonly FileBuild[], checks: readonly { dockerfile: BuiltDockerfile; build: FileBuild; index: number; expanded: string }[], options: SharedAnalyzeOptions): string | undefined {
  for (const { dockerfile, build, index, expanded } of checks) {
    const now = sameBuild(builds, build);
    const image = now === undefined ? undefined : scanSource(dockerfile.file, buildOptions(options, now)).images[index];
    if (image?.expanded !== expanded) return `${dockerfile.use.by} would read "${image?.expanded ?? 'nothing'}" instead of "${expanded}"`;
  }
  return undefined;
}
