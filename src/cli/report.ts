// Lines that `pin` and `check` both print about a Dockerfile, as `file:line:col: message`.
import type { Range, ScanProblem } from '../core/types';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type ExitCode, worstExitCode } from './exitCodes';
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

/**
 * What a scan problem does to the exit code of `pin` and `check`: an invalid reference is bad input
 * (2); a line that cannot be worked out (`unresolved`, unless the run allows them) or has no safe
 * place for a digest (`skipped`), or is read as different images by different builds
 * (`conflict`), is left unpinned, which is counted like any unpinned image (1).
 */
export function problemCode(problem: ScanProblem, allowUnresolved: boolean): ExitCode {
  switch (problem.kind) {
    case 'invalid':
      return EXIT_USAGE;
    case 'unresolved':
      return allowUnresolved ? EXIT_OK : EXIT_FINDINGS;
    case 'skipped':
    case 'conflict':
      return EXIT_FINDINGS;
  }
}

/** Scan problems as messages, and the exit code they make together. */
export function problemMessages(problems: readonly ScanProblem[], allowUnresolved = false): { messages: LocatedMessage[]; code: ExitCode } {
  return {
    messages: problems.map((p) => ({ range: p.range, text: problemMessage(p) })),
    code: worstExitCode(problems.map((p) => problemCode(p, allowUnresolved))),
  };
}

export function problemMessage(problem: ScanProblem): string {
  const message = problem.message;
  // The scanner's messages for skipped lines already start with "skipped"; name the others likewise.
  if (message.toLowerCase().startsWith(problem.kind)) return message;
  // Each message is one line of output: text over several lines is shown up to its first line
  // break, and none at all when that is blank (a YAML error found at a line break).
  const text = problem.text.split(/\r?\n|\r/)[0];
  return text.trim() === '' ? `${problem.kind}: ${message}` : `${problem.kind} "${text}": ${message}`;
}
