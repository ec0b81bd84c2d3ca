// One file read several ways: a Dockerfile read directly (with the run's --build-arg values) and as
// each build uses it (a compose service's args, a dev container's); a compose file as each include
// that reaches it reads it (its project's variables, its own env files), and as each project that
// extends a service of it reads that service (its variables and .env). A line whose readings name
// the same image is pinned as usual; a line whose readings name different images has one place for
// a digest and two images to fit, so no reading pins it: it is a conflict, reported with every
// reading named and the way out (give the build its pinned image in its args when the line is that
// arg, give the includes one value, or make the readings agree). So is a line the readings name
// alike when some of them could take its pin and others not (a value from an env file in one, from
// the environment in another): pinning it for some would make the readings disagree.
// A place a build reads as no image to pin (one of its named contexts, an image its project builds)
// is left alone by every reading (ignored, saying which build and why): a digest another reading
// wrote there would stop that build from using it.
import { soleVariable } from '../core/argDefaults';
import { buildArgOf } from '../core/buildScan';
import { formatPlatform, platformsEqual } from '../core/platform';
import type { ImageOccurrence, Platform, ScanProblem } from '../core/types';
import { scanSource, type SourceFile, type SourceOptions } from './sources';

/** One reading of a file: the options it is scanned with, and the build or include that reads it so (none: read directly). */
export interface Reading {
  readonly options: SourceOptions;
  /** Who reads it so, for messages: the build (`service web in compose.yaml`), or how an include reads it (`compose.b.yaml includes it`). */
  readonly by?: string;
  /** A build (the default), an include, a project extending a service of the file, a kustomization rendering it, or a CI step running docker compose on it on its runner. */
  readonly via?: 'build' | 'include' | 'extends' | 'kustomize' | 'runner';
  /** A compose file's env file as this reading reads it, when not the file's own (`SourceFile.envFile`); null: none. */
  readonly envFile?: { readonly path: string; readonly text: string } | null;
}

/** How a reading reads the file, in words: `service web in compose.yaml builds it`, `compose.b.yaml includes it`, `read directly`. */
export function readingWords(reading: Pick<Reading, 'by' | 'via'>): string {
  if (reading.by === undefined) return 'read directly';
  return reading.via === 'include' || reading.via === 'extends' || reading.via === 'kustomize' || reading.via === 'runner' ? reading.by : `${reading.by} builds it`;
}

/** `file` as `reading` reads it: with that reading's env file, when it has its own. */
export function readingFile(file: SourceFile, reading: Pick<Reading, 'envFile'>): SourceFile {
  if (reading.envFile === undefined) return file;
  return { kind: file.kind, text: file.text, ...(reading.envFile === null ? {} : { envFile: { text: reading.envFile.text } }) };
}

export interface ReadingConflicts {
  /** Whether no reading may pin `occurrence`: its readings name different images. */
  has(occurrence: ImageOccurrence): boolean;
  /** One `conflict` problem per such place. */
  readonly problems: readonly ScanProblem[];
  /**
   * Why every reading leaves `occurrence` alone, when a build reads its place as no image to pin (its
   * named context, an image its project builds): a digest there would stop that build from using it.
   */
  leftAlone(occurrence: ImageOccurrence): string | undefined;
  /**
   * The platforms the readings use `occurrence`'s place on, when they differ (read directly for the
   * configured platform, built by a service for linux/arm64): one digest serves them all, so only
   * the index fits. Undefined when every reading uses it on one platform.
   */
  platformsOf(occurrence: ImageOccurrence): ReadingUses | undefined;
}

/** `ReadingConflicts.platformsOf`: the platforms, and why only the index fits when a reading says more than that (`ImageOccurrence.indexOnly`). */
export interface ReadingUses {
  readonly platforms: readonly (Platform | undefined)[];
  readonly indexOnly?: string;
}

const NONE: ReadingConflicts = { has: () => false, problems: [], leftAlone: () => undefined, platformsOf: () => undefined };

/**
 * `options` that leave alone (ignore, with why) the places a build of the file reads as no image
 * (`ReadingConflicts.leftAlone`): every reading of the file is scanned with them. The repository
 * configuration's reason, when it ignores the image too, wins.
 */
export function leavingAlone<O extends SourceOptions>(options: O, conflicts: ReadingConflicts): O {
  if (conflicts === NONE) return options;
  const own = options.ignoreImages;
  return {
    ...options,
    ignoreImages: (occurrence: ImageOccurrence) => own?.(occurrence) ?? conflicts.leftAlone(occurrence),
    readingPlatforms: (occurrence: ImageOccurrence) => conflicts.platformsOf(occurrence),
  };
}

/**
 * The places of `file` its readings disagree on. A place is its line and the reference as written:
 * a pin written earlier on the line by another reading moves the column, never the line or the text.
 */
export function readingConflicts(file: SourceFile, readings: readonly Reading[]): ReadingConflicts {
  if (readings.length < 2) return NONE;
  const places = new Map<string, { occurrence: ImageOccurrence; names: Map<string, string[]>; ignored: boolean; refused: Map<string, string>; pinnable: boolean; platforms: Map<string, Platform | undefined>; runners: Set<string>; indexOnly?: string }>();
  const local = new Map<string, string>();
  // For a Dockerfile: the places its builds read, and the platforms they build it for.
  const reached = new Set<string>();
  const builtFor = new Map<string, Platform>();
  for (const reading of readings) {
    const scan = scanSource(readingFile(file, reading), reading.options);
    const build = file.kind === 'dockerfile' && reading.by !== undefined && (reading.via === undefined || reading.via === 'build');
    for (const place of scan.builtLocally ?? []) {
      const key = `${place.range.start.line}\0${place.text}`;
      if (!local.has(key)) local.set(key, `${reading.by ?? 'a build'} builds it from ${place.why}, not a registry image: a digest here would stop that build from using it`);
    }
    for (const occurrence of scan.images) {
      // An image a build gives whole in its args, pinned there: nothing is written at this place for
      // it, so another reading's pin here (its ARG default) cannot disagree with it.
      if (reading.options.build !== undefined && occurrence.reference.digest !== undefined && buildArgOf(occurrence, reading.options.buildArgs) !== undefined) continue;
      const key = placeKey(occurrence);
      if (build) {
        reached.add(key);
        for (const platform of occurrence.platforms ?? [occurrence.platform]) if (platform !== undefined) builtFor.set(formatPlatform(platform), platform);
      }
      const place = places.get(key) ?? { occurrence, names: new Map<string, string[]>(), ignored: true, refused: new Map<string, string>(), pinnable: false, platforms: new Map<string, Platform | undefined>(), runners: new Set<string>() };
      place.ignored &&= occurrence.ignored !== undefined;
      // The platforms this reading uses it on: its own (none: the configured one), or each of its uses'.
      for (const platform of occurrence.platforms ?? [occurrence.platform]) place.platforms.set(platform === undefined ? '' : formatPlatform(platform), platform);
      place.indexOnly ??= occurrence.indexOnly;
      // A CI step running docker compose on it on its runner: the why of its other platform.
      if (reading.via === 'runner' && reading.by !== undefined && occurrence.platform !== undefined) place.runners.add(reading.by);
      // A build on a runner of another platform, for the runner's own (nothing in the build names it): the why of that platform.
      else if (build && onRunner(reading) && otherPlatform(occurrence, reading.options.platform)) place.runners.add(readingWords(reading));
      const who = reading.by === undefined ? 'read directly' : `as ${readingWords(reading)}`;
      const said = place.names.get(occurrence.expanded) ?? [];
      // One project extending several services of the file reads a service they share once.
      if (!said.includes(who)) place.names.set(occurrence.expanded, [...said, who]);
      // An image written as one variable: pinned where this reading reads the value, or nowhere.
      if (occurrence.valueRefused !== undefined) place.refused.set(who, occurrence.valueRefused);
      else place.pinnable = true;
      places.set(key, place);
    }
  }
  const direct = readings.find((reading) => reading.by === undefined)?.options.platform;
  if (direct !== undefined) unreachedStages(places, reached, builtFor, direct);
  const conflicting = new Set<string>();
  const problems: ScanProblem[] = [];
  // A place the readings name alike but use on different platforms: one digest for all of them.
  const usedOn = new Map<string, ReadingUses>();
  const configured = readings[0].options.platform;
  for (const [key, { names, platforms, runners, indexOnly }] of places) {
    if (names.size !== 1 || platforms.size < 2) continue;
    const why = indexOnly ?? runnersWhy(platforms, runners, configured);
    usedOn.set(key, { platforms: [...platforms.values()], ...(why === undefined ? {} : { indexOnly: why }) });
  }
  const included = readings.some((reading) => reading.via === 'include');
  const extended = readings.some((reading) => reading.via === 'extends');
  const linked = included || extended;
  for (const [key, { occurrence, names, ignored, refused, pinnable }] of places) {
    // Left alone by every reading: nothing is pinned there whatever it names.
    if (ignored || local.has(key)) continue;
    const vars = occurrence.variables.join(' and ');
    if (names.size < 2) {
      // Named alike by includes, but a pin some would write others could not read: refused, not
      // guessed. (Pinned already, there is nothing to write.)
      if (!linked || refused.size === 0 || !pinnable || occurrence.reference.digest !== undefined) continue;
      conflicting.add(key);
      const [name] = names.keys();
      const cannot = [...refused].map(([who, why]) => `${who}: ${why}`).join('; ');
      problems.push({
        kind: 'conflict',
        range: occurrence.range,
        text: occurrence.text,
        message:
          `conflict ${JSON.stringify(occurrence.text)}: its readings name ${name} alike, but not every reading could take its pin (${cannot}), and a pin for the others alone would make them disagree, so it is not pinned: ` +
          `give ${vars || 'it'} its pinned value (…@sha256:…) where every reading reads it`,
      });
      continue;
    }
    conflicting.add(key);
    const readingsSaid = [...names].map(([name, who]) => `${name} (${someOf(who)})`).join(' and ');
    const args = occurrence.variables.length > 0 ? ` that set ${vars}` : '';
    const wayOut = readings.some((reading) => reading.via === 'kustomize')
      ? 'give every kustomization that renders it the same newName for this image (or none), or leave the line alone with a docker-pin: ignore comment'
      : extended
      ? `give ${vars || 'it'} one value for every ${included ? 'include and every ' : ''}project that extends this file (in each project's .env or environment${included ? ", each include's env file" : ''}), or make the readings agree`
      : included
      ? `give ${vars || 'it'} one value for every include (in each include's env file, or the including project's .env), or make the readings agree`
      : buildWayOut(occurrence, vars, args);
    problems.push({
      kind: 'conflict',
      range: occurrence.range,
      text: occurrence.text,
      message: `conflict ${JSON.stringify(occurrence.text)}: its readings name different images, ${readingsSaid}, and one digest cannot pin them all, so it is not pinned: ${wayOut}`,
    });
  }
  if (conflicting.size === 0 && local.size === 0 && usedOn.size === 0) return NONE;
  return {
    has: (occurrence) => conflicting.has(placeKey(occurrence)),
    problems,
    leftAlone: (occurrence) => local.get(placeKey(occurrence)),
    platformsOf: (occurrence) => usedOn.get(placeKey(occurrence)),
  };
}

/**
 * The places of a Dockerfile that none of its builds reads (a stage no target needs, a test or a
 * developer's stage) while they build it for other platforms than the `configured` one it is read
 * directly for: a build they do not show (a `--target` given elsewhere, a developer's own machine)
 * may build such a stage for any of them, so it is used on each of them too, and only the index
 * digest fits. A place built for a platform of its own (`FROM --platform=linux/amd64`) keeps it;
 * `$BUILDPLATFORM` is the builder's, any of them.
 */
function unreachedStages(
  places: ReadonlyMap<string, { occurrence: ImageOccurrence; platforms: Map<string, Platform | undefined>; indexOnly?: string }>,
  reached: ReadonlySet<string>,
  builtFor: ReadonlyMap<string, Platform>,
  configured: Platform,
): void {
  const others = [...builtFor.keys()].filter((name) => name !== formatPlatform(configured));
  if (others.length === 0) return;
  const named = [...builtFor.keys()].join(' and ');
  for (const [key, place] of places) {
    const { occurrence } = place;
    if (reached.has(key) || occurrence.trigger === true || (occurrence.platform !== undefined && occurrence.buildTimePlatform !== true)) continue;
    for (const name of others) place.platforms.set(name, builtFor.get(name));
    place.indexOnly ??= `no build the repository shows reaches this stage, and those it shows build this Dockerfile for ${named}: a build it does not show (a --target given elsewhere, a developer's machine) may build the stage for any of them`;
  }
}

/**
 * How builds' readings that disagree come to agree. A reference written as one ARG the builds give
 * takes its digest in their args. A variable that is only part of it cannot: a digest in the build
 * arg (`3.20@sha256:…`) would leave the line for the other readings to pin, inside the build's value.
 */
function buildWayOut(occurrence: ImageOccurrence, vars: string, args: string): string {
  if (soleVariable(occurrence.text) !== undefined) return `write the digest into the build args${args} (…@sha256:…), or make the readings agree`;
  if (vars === '') return 'make the readings agree';
  const part = occurrence.variables.length === 1 ? `${vars} is only part of the reference` : `${vars} are only parts of the reference`;
  return `${part}, so no build arg can take the digest; make the readings agree (the same ${vars} in the ARG default and in every build's args), or leave the line alone with a docker-pin: ignore comment`;
}

/** The readings that name one image, for a message: a few by name, and how many more (a Makefile every job of a workflow runs is read once per job and runner). */
function someOf(who: readonly string[]): string {
  const SHOWN = 3;
  return who.length <= SHOWN ? who.join(', ') : `${who.slice(0, SHOWN - 1).join(', ')}, and ${who.length - (SHOWN - 1)} more readings`;
}

/**
 * Why only the index fits a place CI steps run on other runners (`runners`, their readings' words):
 * `this image is used for linux/amd64 and linux/arm64 (a run step of job test in ci.yml runs it
 * (docker compose up on a linux/arm64 runner))`. Undefined when no such step reads it, or its
 * platforms are one (the configured one written out).
 */
function runnersWhy(platforms: ReadonlyMap<string, Platform | undefined>, runners: ReadonlySet<string>, configured: Platform | undefined): string | undefined {
  if (runners.size === 0) return undefined;
  const names = [...new Set([...platforms.values()].map((platform) => (platform ?? configured) === undefined ? 'the configured platform' : formatPlatform((platform ?? configured) as Platform)))];
  if (names.length < 2) return undefined;
  const SHOWN = 2;
  const who = [...runners];
  const shown = who.length <= SHOWN + 1 ? who : [...who.slice(0, SHOWN), `${who.length - SHOWN} more`];
  return `this image is used for ${names.join(' and ')} (${shown.join('; ')})`;
}

/** Whether a build reading builds for the platform of the machine it runs on (a CI runner), naming none of its own. */
function onRunner(reading: Reading & { readonly options: SourceOptions }): boolean {
  const build = reading.options.build;
  return build !== undefined && build.builder !== undefined && build.platforms.length === 0 && build.platform !== undefined && platformsEqual(build.platform, build.builder);
}

/** Whether a reading uses `occurrence` on a platform other than `configured`. */
function otherPlatform(occurrence: ImageOccurrence, configured: Platform | undefined): boolean {
  return configured !== undefined && (occurrence.platforms ?? [occurrence.platform]).some((platform) => platform !== undefined && !platformsEqual(platform, configured));
}

function placeKey(occurrence: ImageOccurrence): string {
  return `${occurrence.range.start.line}\0${occurrence.text}`;
}
