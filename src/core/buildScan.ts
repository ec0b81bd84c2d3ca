// A Dockerfile as one build uses it: a compose service's `build:`, a dev container's `build`, an
// action's `runs.image: Dockerfile`. The build's args are the ARG values (as `--build-arg` gives
// them, in `ScanOptions.buildArgs`), only the stages its target needs are read, and each of its
// platforms is a build of its own: a line that names one image for several platforms is one
// occurrence carrying all of them (only the index digest fits it).
import { soleVariable } from './argDefaults';
import { PLATFORM_ARGS } from './args';
import { scanDockerfile } from './dockerfile';
import { formatPlatform, platformsEqual } from './platform';
import { contextName, imageName } from './reference';
import { targetStages } from './targetStages';
import type { BuiltLocally, ImageOccurrence, Platform, ScanOptions, ScanProblem, ScanResult } from './types';

/** What a build decides about its Dockerfile besides the ARG values. */
export interface BuildScan {
  /** The stage built; undefined for the last one. */
  readonly target?: string;
  /** The platforms the build is for (compose `build.platforms`); empty: `platform`, else the configured one. */
  readonly platforms: readonly Platform[];
  /** The platform the build is for when it names no `platforms` (a compose service's `platform:`). */
  readonly platform?: Platform;
  /** The platform of the machine the build runs on (`$BUILDPLATFORM`), when known (`DockerfileBuild.builder`). */
  readonly builder?: Platform;
  /** Why the machine the build runs on is none the file says (`DockerfileBuild.builderUnknown`). */
  readonly builderUnknown?: string;
  /**
   * Why the platforms the build is for are known only when it runs (`--platform $(PLATFORMS)`), for a
   * Dockerfile pinned to index digests: its lines are read for two platforms and take the index
   * digest, which fits whichever the build uses; a line naming an image per platform cannot.
   */
  readonly platformsUnknown?: string;
  /**
   * ARGs the build gives a value that cannot be known here, with the reason: a line built from one
   * is unresolved, never taken from the ARG's default.
   */
  readonly unknownArgs: ReadonlyMap<string, string>;
  /**
   * The names other builds of the same project give their results (compose services' `image`
   * beside `build:`, as `imageName` spells them): a line naming one builds on that local image,
   * not on a registry's, so it is no image to pin — as a stage name is not.
   */
  readonly localImages?: ReadonlySet<string>;
  /**
   * The names of the build's named contexts (compose `build.additional_contexts` keys), as written:
   * BuildKit gives a line naming one that context (a folder, another service's image, a
   * `docker-image://` the naming file pins), not the registry's image, so it is no image to pin.
   */
  readonly namedContexts?: ReadonlySet<string>;
  /** Where the build names its contexts, for messages: `additional_contexts` (compose) when not given. */
  readonly namedContextsField?: string;
  /** Where the build gives each of its args, in words (`compose.yaml:7`), when known: a pin that belongs there names it. */
  readonly argPlaces?: ReadonlyMap<string, string>;
}

/**
 * The build arg whose value is the whole of `occurrence`'s reference (`FROM ${BASE}`, the build
 * giving `BASE`), when it is one: the image is written where the build gives the arg, and its pin
 * belongs there.
 */
export function buildArgOf(occurrence: Pick<ImageOccurrence, 'text' | 'expanded'>, buildArgs: ReadonlyMap<string, string> | undefined): string | undefined {
  const name = soleVariable(occurrence.text);
  if (name === undefined || PLATFORM_ARGS.includes(name)) return undefined;
  return buildArgs?.get(name) === occurrence.expanded ? name : undefined;
}

/** The images the build reads from `text`, and the places that name one but cannot be pinned. Never throws. */
export function scanBuild(text: string, options: ScanOptions, build: BuildScan): ScanResult {
  const runs = buildRuns(options, build);
  const lines = new Map<string, Line>();
  const problems = new Map<string, ScanProblem>();
  // The context's name as written, by the name BuildKit matches it by.
  const contexts = new Map([...(build.namedContexts ?? [])].map((name): [string, string] => [contextName(name), name]));
  const builtLocally = new Map<string, BuiltLocally>();
  const addProblem = (problem: ScanProblem) => {
    const key = `${problem.range.start.line}:${problem.range.start.character}:${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  };
  for (const { target, group, builder, builderIndex } of runs) {
    const scanOptions: ScanOptions = { ...options, platform: target ?? options.platform, buildArgsGiven: "in the build's args", ...(builder === undefined ? {} : { buildPlatform: builder }) };
    const stages = targetStages(text, build.target, scanOptions);
    if ('error' in stages) {
      const start = { line: 0, character: 0 };
      return { images: [], problems: [{ kind: 'invalid', range: { start, end: start }, text: build.target ?? '', message: stages.error }] };
    }
    const scan = scanDockerfile(text, scanOptions);
    for (const problem of scan.problems) if (stages.keeps(problem.range.start.line)) addProblem(problem);
    for (const found of scan.images) {
      if (!stages.keeps(found.range.start.line)) continue;
      // An ONBUILD image is read by the build of an image FROM this one: this build's contexts are not its.
      const local = localWhy(found.expanded, build.localImages, found.trigger === true ? new Map() : contexts, build.namedContextsField ?? 'additional_contexts');
      if (local !== undefined) {
        const key = `${found.range.start.line}:${found.range.start.character}`;
        if (!builtLocally.has(key)) builtLocally.set(key, { range: found.range, text: found.text, why: local });
        continue;
      }
      const unknown = found.variables.filter((name) => build.unknownArgs.has(name));
      if (unknown.length > 0) {
        const why = unknown.map((name) => `${name}: ${build.unknownArgs.get(name) ?? ''}`).join('; ');
        addProblem({ kind: 'unresolved', range: found.range, text: found.text, message: `the build gives a value that cannot be known here (${why})` });
        continue;
      }
      // A line without its own `--platform` is built for the build's platform.
      const occurrence = placed(found.platform === undefined && target !== undefined ? { ...found, platform: target } : found, options, build);
      const key = `${found.range.start.line}:${found.range.start.character}:${found.expanded}`;
      const line: Line = lines.get(key) ?? { occurrence, platforms: [], byTarget: new Map(), builders: new Set() };
      line.platforms.push(occurrence.platform);
      line.byTarget.set(group, [...(line.byTarget.get(group) ?? []), occurrence.platform]);
      line.builders.add(builderIndex);
      lines.set(key, line);
    }
  }
  const images: ImageOccurrence[] = [];
  const byPlace = new Map<string, { occurrence: ImageOccurrence; builders: Set<number> }[]>();
  for (const { occurrence, platforms, byTarget, builders } of lines.values()) {
    const place = `${occurrence.range.start.line}:${occurrence.range.start.character}`;
    // Built for one target on builders of different platforms: built for the builder's, which the file does not say.
    const onBuilder = build.builderUnknown !== undefined && [...byTarget.values()].some((each) => !samePlatforms(each));
    const merged = withPlatforms(occurrence, platforms);
    const variant = build.platformsUnknown !== undefined ? { ...merged, indexOnly: build.platformsUnknown } : onBuilder ? { ...merged, indexOnly: `it is built for the platform of its build's builder, and ${build.builderUnknown}` } : merged;
    byPlace.set(place, [...(byPlace.get(place) ?? []), { occurrence: variant, builders }]);
  }
  for (const found of byPlace.values()) {
    const variants = found.map((v) => v.occurrence);
    if (variants.length === 1) {
      images.push(variants[0]);
      continue;
    }
    // Named differently for builders of different platforms only (`FROM tools-${BUILDARCH}`): the image depends on the builder's.
    if (build.builderUnknown !== undefined && found.filter((v) => v.builders.has(0)).length === 1) {
      addProblem({
        kind: 'unresolved',
        range: variants[0].range,
        text: variants[0].text,
        message: `the image ${JSON.stringify(variants[0].text)} names depends on the platform of its build's builder, and ${build.builderUnknown}: give the build a builder on the runner, or write the image without the builder's platform args`,
      });
      continue;
    }
    // `FROM base-${TARGETARCH}` built for two platforms: two images, and one place for a digest.
    const names = variants.map((v) => `${v.expanded} (${formatPlatform(v.platform ?? v.platforms?.[0] ?? { os: '?', architecture: '?' })})`).join(', ');
    addProblem({
      kind: 'skipped',
      range: variants[0].range,
      text: variants[0].text,
      message: `skipped ${JSON.stringify(variants[0].text)}: the build's platforms make it name different images (${names}), and one digest cannot pin them all`,
    });
  }
  return { images, problems: [...problems.values()], ...(builtLocally.size === 0 ? {} : { builtLocally: [...builtLocally.values()] }) };
}

/** Why the build reads `expanded` as no registry image, when it does: one of its named contexts, or an image its project builds. */
function localWhy(expanded: string, localImages: ReadonlySet<string> | undefined, contexts: ReadonlyMap<string, string>, contextsField: string): string | undefined {
  const name = imageName(expanded);
  if (localImages?.has(name) === true) return `${expanded}, an image its compose project builds`;
  const context = contexts.size === 0 ? undefined : contexts.get(contextName(expanded));
  return context === undefined ? undefined : `its named context ${context} (${contextsField})`;
}

/**
 * `found`, told where its value is written when the build gives it whole in its args and it is not
 * pinned yet: the digest belongs in that value. On the line it would win over every value the
 * build gives, and the Dockerfile's default (if any) is not what the build reads.
 */
function placed(found: ImageOccurrence, options: ScanOptions, build: BuildScan): ImageOccurrence {
  const arg = found.reference.digest === undefined ? buildArgOf(found, options.buildArgs) : undefined;
  if (arg === undefined) return found;
  const place = build.argPlaces?.get(arg);
  return { ...found, valueElsewhere: `the build arg ${arg} that ${place ?? 'the build'} gives` };
}

/** One place and reference as the build's runs read it: the platform each run reads it for, by target, and the builders that read it. */
interface Line {
  readonly occurrence: ImageOccurrence;
  readonly platforms: (Platform | undefined)[];
  readonly byTarget: Map<number, (Platform | undefined)[]>;
  readonly builders: Set<number>;
}

/**
 * The builds `scanBuild` reads the Dockerfile as: one per target platform, on the build's builder.
 * A builder none the file says (`builderUnknown`: a remote buildx driver) may be of any platform:
 * each target is read on two builders of different platforms, and a line whose platform differs
 * between them is built for the builder's (`group` is the target a run reads for). A build that
 * names no platform targets its builder's: each builder is its own target then.
 */
function buildRuns(options: ScanOptions, build: BuildScan): { target: Platform | undefined; group: number; builder: Platform | undefined; builderIndex: number }[] {
  // Platforms only its run knows: any two, which one digest must fit.
  const targets: (Platform | undefined)[] = build.platformsUnknown !== undefined ? [...HOST_STAND_INS] : build.platforms.length > 0 ? [...build.platforms] : [build.platform];
  if (build.builderUnknown === undefined) {
    // The builder is the machine the build runs on whatever the build targets: the runner the build
    // file names, else the configured platform.
    const builder = build.builder ?? options.buildPlatform ?? options.platform;
    return targets.map((target, group) => ({ target, group, builder, builderIndex: 0 }));
  }
  const first = options.buildPlatform ?? options.platform ?? HOST_STAND_INS[0];
  const builders = [first, HOST_STAND_INS.find((p) => !platformsEqual(p, first)) ?? HOST_STAND_INS[1]];
  if (build.platforms.length === 0 && build.platform === undefined) return builders.map((builder, builderIndex) => ({ target: builder, group: 0, builder, builderIndex }));
  return targets.flatMap((target, group) => builders.map((builder, builderIndex) => ({ target, group, builder, builderIndex })));
}

/** Two platforms a builder may have, to tell the lines that depend on the builder's from those that do not. */
const HOST_STAND_INS: readonly Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
];

function samePlatforms(platforms: readonly (Platform | undefined)[]): boolean {
  const first = platforms[0];
  return platforms.every((p) => (p === undefined || first === undefined ? p === first : platformsEqual(p, first)));
}

/** One line's occurrence for every platform it resolves for: `platform` when they agree, else all in `platforms`. */
function withPlatforms(occurrence: ImageOccurrence, platforms: readonly (Platform | undefined)[]): ImageOccurrence {
  if (samePlatforms(platforms)) return occurrence;
  const merged: ImageOccurrence = { ...occurrence, platforms };
  delete (merged as { platform?: Platform }).platform;
  return merged;
}
