// What a check says about one file read every way it is read: directly (or as the include that
// reaches it reads it), as each further include reads it, and as each build that uses it reads it. A line each reading gives the same answer is said once; a line a build reads
// otherwise is said for that build (`by`); a line the readings name different images on is one
// conflict, never a finding of each reading. Both front doors report a file from this list.
import type { ScanProblem } from '../core/types';
import type { SharedAnalyzeOptions } from './answerMemo';
import type { BuildOperand } from './buildOperands';
import { BuildPlaces, labelOf, passesOf, SaidOnce } from './passes';
import { leavingAlone, type Reading, readingConflicts, readingFile } from './readings';
import type { SourceFile } from './sources';
import type { Analysis, ImageStatus } from './types';
import { settledByIndex } from './indexSettles';

/** One thing said about a file: a status or a problem, and the build or include that reads the line so (`Pass.by`, `via`; none: read directly, or a conflict). */
export type Said = ({ readonly status: ImageStatus } | { readonly problem: ScanProblem }) & { readonly by?: string; readonly via?: Reading['via'] };

/** Reads `file` with `options` and resolves its images: the front door's client, memo and cancellation. */
export type AnalyzeFile = (file: SourceFile, options: SharedAnalyzeOptions) => Promise<Analysis>;

/**
 * Everything said about `operand` (whose text is `file`), in the order it is found: its conflicts,
 * then each reading's statuses and problems. The direct reading also carries the problems of the
 * builds and linked files the file names (`operand.buildProblems`).
 */
export async function checkReadings(operand: BuildOperand, file: SourceFile, analyze: AnalyzeFile): Promise<Said[]> {
  const said: Said[] = [];
  const once = new SaidOnce();
  const passes = passesOf(operand);
  const conflicts = readingConflicts(file, passes);
  // The problems of the file's builds are said with its own reading; a Dockerfile read only for its builds, with the first.
  const carrier = passes.find((pass) => pass.main) ?? passes[0];
  for (const problem of conflicts.problems) if (once.firstProblem(problem)) said.push({ problem });
  // Every reading first: what the builds read decides which of the own reading's problems are moot.
  const built = new BuildPlaces();
  const analyses: Analysis[] = [];
  for (const pass of passes) {
    // A place a build reads as no image is ignored by every reading, with that build's why.
    const analysis = await analyze(readingFile(file, pass), leavingAlone(pass.options, conflicts));
    built.add(pass, [...analysis.statuses.map((status) => status.occurrence), ...analysis.problems]);
    analyses.push(analysis);
  }
  passes.forEach((pass, at) => {
    const analysis = analyses[at];
    for (const status of analysis.statuses) {
      if (conflicts.has(status.occurrence) || !once.firstStatus(status)) continue;
      said.push({ status, ...labelOf(pass) });
    }
    // A compose file's (dev container's, action's) own problems, and those of its builds named at its lines.
    const problems = pass === carrier ? [...analysis.problems, ...operand.buildProblems] : analysis.problems;
    for (const problem of problems) if (!built.moot(problem, pass) && !settledByIndex(operand, problem.message) && once.firstProblem(problem)) said.push({ problem, ...labelOf(pass) });
  });
  return said;
}
