// Which files the editor reads live the way the engine's assembly reads them, and how: a compose
// file an include reads (as its includes read it), a compose file other projects extend a service
// of (as itself, and as each such project reads that service), and a Dockerfile a compose file
// builds (as itself, with the settings' build args, and as each build reads it). Several readings
// make a line they name differently a conflict, never pinned. (A GitLab CI file is read once, with
// its pipelines' variables: includeIndex.ts.) Free of `vscode`.
import { dirname, join } from 'node:path';
import { gitlabFileFacts } from '../core/sources/gitlabCi';
import type { ImageOccurrence, ScanResult } from '../core/types';
import { type BuildOperand, readByInclude } from '../engine/buildOperands';
import { type Pass, passesOf } from '../engine/passes';
import { readingConflicts, readingFile } from '../engine/readings';
import { scanSource, type SourceFile } from '../engine/sources';
import { placeKey } from '../engine/pinReadings';

/** The readings the live path reads `operand` with, its own first; undefined: it reads the file alone. */
export function liveReadings(operand: BuildOperand): Pass[] | undefined {
  if (operand.kind === 'compose') {
    const extended = operand.moreReadings?.some((reading) => reading.includer.via === 'extends') === true;
    if (!readByInclude(operand) && !extended) return undefined;
    return passesOf(operand).filter((pass) => pass.via !== 'build');
  }
  if (operand.kind !== 'dockerfile' || operand.builds.length === 0) return undefined;
  // The index reads the workspace's compose files alone: a Dockerfile another kind builds is read alone live.
  if (operand.builds.some((use) => use.builder?.kind !== 'compose')) return undefined;
  const passes = passesOf(operand);
  // Reached through its builds alone: its own reading, as an open Dockerfile is read, beside theirs.
  return operand.direct ? passes : [{ options: operand.options, main: true }, ...passes];
}

/** The env file `operand`'s own reading reads and pins into: its include's, else the .env beside it (a compose file); null: none. */
export function ownEnvPath(operand: BuildOperand, exists: (path: string) => boolean): string | null {
  if (operand.kind !== 'compose') return null;
  if (operand.envPath !== undefined) return operand.envPath;
  const beside = join(dirname(operand.path), '.env');
  return exists(beside) ? beside : null;
}

/**
 * The live scan of `file` read several ways (`passes`, its own reading's scan being `base`): a line
 * the readings name differently is a conflict and leaves the images; a line the file's own reading
 * cannot name (a variable only an include or extending project gives a value) is named as the
 * first include or extending project that reads it names it, so it is resolved, shown and pinned
 * (into that reading's env file, and every other reading's that names it alike).
 */
export function readingsScan(file: SourceFile, base: ScanResult, passes: readonly Pass[]): ScanResult {
  const conflicts = readingConflicts(file, passes);
  const images = base.images.filter((occurrence) => !conflicts.has(occurrence));
  const named = new Set(base.images.map(placeKey));
  const more: ImageOccurrence[] = [];
  for (const pass of passes) {
    if (pass.main || pass.via === 'build' || pass.via === undefined) continue;
    for (const occurrence of scanSource(readingFile(file, pass), pass.options).images) {
      const key = placeKey(occurrence);
      if (named.has(key) || conflicts.has(occurrence)) continue;
      named.add(key);
      more.push(occurrence);
    }
  }
  // The file's own reading could not name these (or those in conflict): what it says of them (no
  // value) is not what the readings that run it say.
  const filled = new Set([...more.map((occurrence) => at(occurrence.range.start)), ...conflicts.problems.map((problem) => at(problem.range.start))]);
  const problems = base.problems.filter((problem) => problem.kind !== 'unresolved' || !filled.has(at(problem.range.start)));
  const byPlace = (a: ImageOccurrence, b: ImageOccurrence): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  return { ...base, images: more.length === 0 ? images : [...images, ...more].sort(byPlace), problems: [...conflicts.problems, ...problems] };
}

/** Equal for GitLab CI texts that put their pipelines together alike (engine/gitlabPipelines.ts reads these facts of each file). */
export function pipelineFactsKey(text: string): string {
  const facts = gitlabFileFacts(text);
  // Where an include is written does not matter, only what it names.
  return JSON.stringify([facts.includes.map((link) => link.path), [...facts.variables], [...facts.soleImages], [...facts.otherUses]]);
}

function at(position: { readonly line: number; readonly character: number }): string {
  return `${position.line}:${position.character}`;
}
