// Lines that `pin` and `check` both print about a Dockerfile, as `file:line:col: message`.
import type { Range, ScanProblem } from '../core/types';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from './exitCodes';
import { location } from './output';

export interface LocatedMessage {
  readonly range: Range;
  readonly text: string;
}

/** In document order, whatever produced them, so a reader can follow the file top to bottom. */
export function formatLocated(file: string, messages: readonly LocatedMessage[]): string[] {
  return [...messages]
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character)
    .map((m) => `${location(file, m.range)}: ${m.text}`);
}

/** Scan problems as messages; an invalid reference makes the run end with 2. */
export function problemMessages(problems: readonly ScanProblem[]): { messages: LocatedMessage[]; code: ExitCode } {
  return {
    messages: problems.map((p) => ({ range: p.range, text: problemMessage(p) })),
    code: problems.some((p) => p.kind === 'invalid') ? EXIT_USAGE : EXIT_OK,
  };
}

export function problemMessage(problem: ScanProblem): string {
  const message = problem.message;
  // The scanner's messages for skipped lines already start with "skipped"; say "invalid" likewise.
  return message.toLowerCase().startsWith(problem.kind) ? message : `${problem.kind} "${problem.text}": ${message}`;
}
