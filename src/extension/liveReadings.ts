// Which files the editor reads live the way the engine's assembly reads them, and how: a compose
// file an include reads (as its includes read it), a compose file other projects extend a service
// of (as itself, and as each such project reads that service), and a Dockerfile a compose file or a
// workflow's docker/build-push-action step builds (as itself, with the settings' build args, and as
// each build reads it; so is one a GoReleaser config, an action (and a workflow through the action of
// the repository a step uses), a dev container, a Bake file, a Makefile's recipe, a shell script or a Skaffold artifact builds), and a manifest
// kustomizations render renaming an image (as each renders it). Several readings
// make a line they name differently a conflict, never pinned. (A GitLab CI file is read once, with
// its pipelines' variables: includeIndex.ts.) Free of `vscode`.
import { dirname, join } from 'node:path';
import { gitlabFileFacts } from '../core/sources/gitlabCi';
import { buildArgOf } from '../core/buildScan';
import type { ArgValuePlace, FileKind, ImageOccurrence, ScanResult } from '../core/types';
import { pinnedByBuilder } from '../engine/buildArgPins';
import { type BuildOperand, type BuildUse, readByInclude } from '../engine/buildOperands';
import { type Pass, passesOf } from '../engine/passes';
import { readingConflicts, readingFile } from '../engine/readings';
import { onPlatforms, scanSource, type SourceFile } from '../engine/sources';
import { mayRunFile } from '../engine/mayBuild';
import { placeKey } from '../engine/pinReadings';

/** The kinds whose builds the include index reads (includeIndex.ts). */
const LIVE_BUILDERS: ReadonlySet<FileKind> = new Set(['compose', 'github-workflow', 'goreleaser', 'github-action', 'devcontainer', 'gitlab-ci', 'bake', 'makefile', 'justfile', 'taskfile', 'shell-script', 'package-scripts', 'skaffold', 'circleci', 'bitbucket-pipelines', 'azure-pipelines', 'drone', 'woodpecker']);

/** The readings the live path reads `operand` with, its own first; undefined: it reads the file alone. */
export function liveReadings(operand: BuildOperand): Pass[] | undefined {
  // A manifest the workspace's kustomizations render renaming an image: as each renders it (includeIndex.ts).
  if (operand.kind === 'kubernetes') return operand.kustomizeReadings === undefined || operand.kustomizeReadings.length === 0 ? undefined : passesOf(operand);
  if (operand.kind === 'compose') {
    // Extended by other projects, or run by CI steps with docker compose on runners of other platforms (engine/composeRuns.ts).
    const extendedOrRun = operand.moreReadings?.some((reading) => reading.includer.via === 'extends' || reading.includer.via === 'runner') === true;
    if (!readByInclude(operand) && !extendedOrRun) return undefined;
    return passesOf(operand).filter((pass) => pass.via !== 'build');
  }
  if (operand.kind !== 'dockerfile' || operand.builds.length === 0) return undefined;
  // The index reads the workspace's compose files and GitLab CI files, and the workflows, GoReleaser configs, actions, dev containers, Bake files, Makefiles, shell scripts, package.json scripts and Skaffold configs that build: a Dockerfile another kind builds is read alone live.
  if (operand.builds.some((use) => use.builder?.kind === undefined || !LIVE_BUILDERS.has(use.builder.kind))) return undefined;
  const passes = passesOf(operand);
  // Reached through its builds alone: its own reading, as an open Dockerfile is read, beside theirs.
  return operand.direct ? passes : [{ options: operand.options, main: true }, ...passes];
}

/** The env file `operand`'s own reading reads and pins into: its include's, else the .env beside it (a compose file); null: none. */
export async function ownEnvPath(operand: BuildOperand, exists: (path: string) => Promise<boolean>): Promise<string | null> {
  if (operand.kind !== 'compose') return null;
  if (operand.envPath !== undefined) return operand.envPath;
  const beside = join(dirname(operand.path), '.env');
  return (await exists(beside)) ? beside : null;
}

/** A build that gives a line its image whole in an arg its compose file's pin writes (engine/buildArgPins.ts): the arg, the build, and where the value is written. */
export interface ArgLine {
  readonly arg: string;
  readonly use: BuildUse;
  readonly place: ArgValuePlace;
}

/** The live scan of a file read several ways: with, for a Dockerfile, the lines named as builds give them in args, each with those builds. */
export interface LiveScan extends ScanResult {
  /** Lines the file's own reading cannot name whose image builds give whole in args (their pin goes there), by occurrence. */
  readonly argLines?: ReadonlyMap<ImageOccurrence, readonly ArgLine[]>;
}

/**
 * The live scan of `file` read several ways (`passes`, its own reading's scan being `base`): a line
 * the readings name differently is a conflict and leaves the images; a line the file's own reading
 * cannot name (a variable only an include or extending project gives a value) is named as the
 * first include or extending project that reads it names it, so it is resolved, shown and pinned
 * (into that reading's env file, and every other reading's that names it alike). So is a Dockerfile
 * line whose image compose builds give whole in their args (`FROM ${BASE}`, `args: BASE: …`): it is
 * named as they name it (an unpinned value first), with the builds whose args take its pin.
 */
export function readingsScan(file: SourceFile, base: ScanResult, passes: readonly Pass[]): LiveScan {
  const conflicts = readingConflicts(file, passes);
  // A place a build reads as no image is left alone, with that build's why, as the engine's readings leave it.
  // And a place the readings use on different platforms gets the index digest, as theirs do.
  const leftAlone = (written: ImageOccurrence): ImageOccurrence => {
    const uses = conflicts.platformsOf(written);
    const occurrence = uses === undefined ? written : onPlatforms(written, uses);
    const why = occurrence.ignored === undefined ? conflicts.leftAlone(occurrence) : undefined;
    return why === undefined ? occurrence : { ...occurrence, ignored: why };
  };
  const images = base.images.filter((occurrence) => !conflicts.has(occurrence)).map(leftAlone);
  const named = new Set(base.images.map(placeKey));
  const more: ImageOccurrence[] = [];
  const built = new Map<string, { occurrence: ImageOccurrence; lines: { expanded: string; line: ArgLine }[] }>();
  for (const pass of passes) {
    if (pass.main || pass.via === undefined) continue;
    for (const occurrence of scanSource(readingFile(file, pass), pass.options).images) {
      const key = placeKey(occurrence);
      if (named.has(key) || conflicts.has(occurrence)) continue;
      // A place another build reads as no image is left alone here too: nothing is pinned there, its args included.
      if (conflicts.leftAlone(occurrence) !== undefined) {
        named.add(key);
        more.push(leftAlone(occurrence));
        continue;
      }
      if (pass.via === 'build') {
        const line = argLineOf(occurrence, pass);
        if (line === undefined) continue;
        const known = built.get(key);
        if (known === undefined) built.set(key, { occurrence, lines: [{ expanded: occurrence.expanded, line }] });
        else {
          known.lines.push({ expanded: occurrence.expanded, line });
          // A value not pinned yet is the one to show: its pin is the one to make.
          if (known.occurrence.reference.digest !== undefined && occurrence.reference.digest === undefined) known.occurrence = occurrence;
        }
        continue;
      }
      named.add(key);
      more.push(leftAlone(occurrence));
    }
  }
  const argLines = new Map<ImageOccurrence, ArgLine[]>();
  for (const { occurrence, lines } of built.values()) {
    argLines.set(occurrence, lines.filter((l) => l.expanded === occurrence.expanded).map((l) => l.line));
    more.push(occurrence);
  }
  // The file's own reading could not name these (or those in conflict): what it says of them (no
  // value) is not what the readings that run it say.
  const filled = new Set([...more.map((occurrence) => at(occurrence.range.start)), ...conflicts.problems.map((problem) => at(problem.range.start))]);
  const problems = base.problems.filter((problem) => problem.kind !== 'unresolved' || !filled.has(at(problem.range.start)));
  const byPlace = (a: ImageOccurrence, b: ImageOccurrence): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  return {
    ...base,
    images: more.length === 0 ? images : [...images, ...more].sort(byPlace),
    problems: [...conflicts.problems, ...problems],
    ...(argLines.size === 0 ? {} : { argLines }),
  };
}

/** The build arg a build's reading gives `occurrence` its image in, whole, when its compose file's pin writes it. */
function argLineOf(occurrence: ImageOccurrence, pass: Pass): ArgLine | undefined {
  const arg = buildArgOf(occurrence, pass.options.buildArgs);
  const place = arg === undefined ? undefined : pass.use?.build.argValues?.get(arg);
  if (arg === undefined || place === undefined || pass.use === undefined || !pinnedByBuilder(pass.use, arg)) return undefined;
  return { arg, use: pass.use, place };
}

/** Equal for GitLab CI texts that put their pipelines together alike (engine/gitlabPipelines.ts reads these facts of each file). */
export function pipelineFactsKey(text: string): string {
  const facts = gitlabFileFacts(text);
  // Where an include is written does not matter, only what it names.
  // And the Dockerfiles its jobs' scripts build, and how.
  // And the Makefiles, scripts and package.json scripts they run on runners of known architecture (core/sources/runStepCalls.ts).
  const scan = /\bdocker\b/.test(text) || mayRunFile(text) ? scanSource({ kind: 'gitlab-ci', text }, {}) : undefined;
  const builds = (scan?.builds ?? []).map((b) => [b.dockerfile, b.platforms, b.platform ?? null, b.builder ?? null, b.builderUnknown ?? null, b.target ?? null, [...b.buildArgs], [...b.unknownArgs.keys()]]);
  const calls = (scan?.localActions ?? []).map((use) => [use.folder, use.makefile ?? null, use.script ?? null, use.packageScript ?? null, use.workspaces ?? null, use.compose ?? null, use.platforms, use.offRunner ?? null]);
  return JSON.stringify([facts.includes.map((link) => link.path), [...facts.variables], [...facts.soleImages], [...facts.otherUses], [...facts.jobNames], [...facts.extenders], builds, calls]);
}

function at(position: { readonly line: number; readonly character: number }): string {
  return `${position.line}:${position.character}`;
}
