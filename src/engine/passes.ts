// The readings of one file: directly with its options, and as each build that uses it reads it.
import type { ScanProblem } from '../core/types';
import type { SharedAnalyzeOptions } from './answerMemo';
import type { BuildOperand } from './buildOperands';
import type { FileBuild } from './sources';
import type { ImageStatus } from './types';

/** One reading of a file: directly with the run's options, or as one build uses it (`by` names the build). */
export interface Pass {
  readonly options: SharedAnalyzeOptions;
  readonly by?: string;
}

function buildOptions(options: SharedAnalyzeOptions, build: FileBuild): SharedAnalyzeOptions {
  return { ...options, buildArgs: build.buildArgs, build: { target: build.target, platforms: build.platforms, platform: build.platform, unknownArgs: build.unknownArgs } };
}

/** The readings of `operand`: the direct one when it was given (or walked), then one per build. */
export function passesOf(operand: BuildOperand): Pass[] {
  const options = operand.options;
  return [...(operand.direct ? [{ options }] : []), ...operand.builds.map((use) => ({ options: buildOptions(options, use.build), by: use.by }))];
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

/** `message` with the build that reads the line this way, when it is one. */
export function withBuild(message: string, by: string | undefined): string {
  return by === undefined ? message : `${message} (as ${by} builds it)`;
}
