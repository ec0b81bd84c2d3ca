// The readings of one file: directly with its options (or as the include that reaches it reads
// it), as each further include reads it, and as each build that uses it reads it.
import type { ScanProblem } from '../core/types';
import type { SharedAnalyzeOptions } from './answerMemo';
import { type BuildOperand, type BuildUse, builtBy, includeWords } from './buildOperands';
import type { KustomizeReading } from './kustomizeReadings';
import { type Reading, readingWords } from './readings';
import type { FileBuild, SourceOptions } from './sources';
import type { ImageStatus } from './types';

/** One reading of a file: directly with the run's options, or as one build or include reads it (`by` says how). */
export interface Pass extends Reading {
  readonly options: SharedAnalyzeOptions;
  /** The file's own reading (directly, or as its first include reads it): it also carries the problems of the builds and files the file names. */
  readonly main: boolean;
  /** For a build's reading: that build. */
  readonly use?: BuildUse;
}

export function buildOptions<O extends SourceOptions>(options: O, build: FileBuild): O {
  return { ...options, buildArgs: build.buildArgs, build: { target: build.target, platforms: build.platforms, platform: build.platform, ...(build.builder === undefined ? {} : { builder: build.builder }), ...(build.builderUnknown === undefined ? {} : { builderUnknown: build.builderUnknown }), ...(build.platformsUnknown === undefined ? {} : { platformsUnknown: build.platformsUnknown }), unknownArgs: build.unknownArgs, ...(build.localImages === undefined ? {} : { localImages: build.localImages }), ...(build.namedContexts === undefined ? {} : { namedContexts: build.namedContexts, ...(build.namedContextsField === undefined ? {} : { namedContextsField: build.namedContextsField }) }), ...(build.argPlaces === undefined ? {} : { argPlaces: build.argPlaces }) } };
}

/** The readings of a manifest the built kustomizations render renaming an image: one per way they render it, the first its own. */
export function kustomizePasses(options: SharedAnalyzeOptions, readings: readonly KustomizeReading[]): Pass[] {
  return readings.map((kustomize, at): Pass => ({ options: { ...options, kustomize }, main: at === 0, via: 'kustomize', by: kustomize.by }));
}

/**
 * The readings of `operand`: the direct one when it was given (or walked, or included), one per
 * further include, then one per build. Include readings are named only when there are several.
 */
export function passesOf(operand: BuildOperand): Pass[] {
  const options = operand.options;
  const includes: Pass[] = (operand.moreReadings ?? []).map((reading) => ({
    options: operand.builtServices === undefined ? reading.options : { ...reading.options, builtServices: operand.builtServices },
    main: false,
    via: reading.includer.via ?? 'include',
    by: includeWords(reading, operand, true),
    envFile: reading.envFile,
  }));
  // A manifest kustomizations render renaming an image: read as each renders it, never as written.
  const rendered = operand.kustomizeReadings ?? [];
  const direct: Pass[] = !operand.direct
    ? []
    : rendered.length > 0
      ? kustomizePasses(options, rendered)
      : includes.length === 0 || operand.includer === undefined
      ? [{ options, main: true }]
      : [{ options, main: true, via: operand.includer.via ?? 'include', by: includeWords(operand, operand, true) }];
  return [...direct, ...includes, ...operand.builds.map((use): Pass => ({ options: buildOptions(options, use.build), main: false, via: 'build', by: builtBy(use), use }))];
}

/**
 * What the passes of one file have said, so that a line each reading gives the same answer is
 * reported once; a line a build reads otherwise (its args name another image) is its own finding.
 */
export class SaidOnce {
  private readonly said = new Set<string>();

  /** True the first time `status` (its place, image, state and digest) is met. */
  firstStatus(status: ImageStatus): boolean {
    const o = status.occurrence;
    return this.first(`s:${o.range.start.line}:${o.range.start.character}:${o.expanded}:${status.state}:${status.targetDigest ?? ''}`);
  }

  firstProblem(problem: ScanProblem): boolean {
    return this.first(`p:${problem.range.start.line}:${problem.range.start.character}:${problem.message}`);
  }

  private first(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }
}

/**
 * The places a file's builds read, each with the ARGs the build gives a value (its build args, known
 * or not). A problem of the file's own reading that is only that ARGs without a default have no
 * value (`ScanProblem.unsetArgs`) is moot at a place a build reads giving them all: BuildKit
 * refuses a build that leaves a FROM without an image, so the builds that give them are the file's
 * builds there, and each says what it reads at that line. A place is its line and the text as
 * written, as for the readings' conflicts: a pin written earlier on the line moves the column.
 */
export class BuildPlaces {
  private readonly given = new Map<string, Set<string>[]>();

  /** The places `pass`, when it is a build's reading, read: its occurrences' and problems'. */
  add(pass: Pick<Pass, 'via' | 'use'>, places: readonly Pick<ScanProblem, 'range' | 'text'>[]): void {
    const build = pass.use?.build;
    if (pass.via !== 'build' || build === undefined) return;
    const args = new Set([...build.buildArgs.keys(), ...build.unknownArgs.keys()]);
    for (const place of places) {
      const key = `${place.range.start.line}\0${place.text}`;
      this.given.set(key, [...(this.given.get(key) ?? []), args]);
    }
  }

  /** Whether `problem`, said by `pass`, is moot: the file's own reading's, and only about ARGs a build reading its place gives. */
  moot(problem: ScanProblem, pass: Pick<Pass, 'via'>): boolean {
    const unset = problem.unsetArgs;
    if (pass.via === 'build' || unset === undefined) return false;
    const builds = this.given.get(`${problem.range.start.line}\0${problem.text}`) ?? [];
    return builds.some((args) => unset.every((name) => args.has(name)));
  }
}

/**
 * The words a reading's findings carry: none for the file's own reading (a line every reading
 * names alike is said once, unlabelled), `Pass.by` for the others. Conflicts name every reading.
 */
export function labelOf(pass: Pick<Pass, 'main' | 'by' | 'via'>): { by?: string; via?: Reading['via'] } {
  return pass.main || pass.by === undefined ? {} : { by: pass.by, ...(pass.via === undefined ? {} : { via: pass.via }) };
}

/** `message` with the build or include that reads the line this way, when it is one (`Pass.by` and `via`). */
export function withBuild(message: string, by: string | undefined, via?: Reading['via']): string {
  return by === undefined ? message : `${message} (as ${readingWords({ by, via })})`;
}
