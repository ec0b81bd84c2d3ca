// Where the CLI writes: results to stdout, messages to stderr, locations as `file:line:col`.
import type { Logger, Range } from '../core/types';

export interface Output {
  /** Results (digests, diffs, findings, JSON). */
  out(text: string | Buffer): void;
  /** Messages for people: errors, notes, summaries. */
  err(line: string): void;
}

export const processOutput: Output = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (line) => {
    process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
  },
};

/** `Dockerfile:3:6`, one-based like compilers and linters print, so editors can jump there. */
export function location(file: string, range: Range): string {
  return `${file}:${range.start.line + 1}:${range.start.character + 1}`;
}

/** `--verbose` shows the client's traces; otherwise only what the user should know about. */
export function stderrLogger(verbose: boolean, output: Output = processOutput): Logger {
  const say = (level: string) => (message: string) => output.err(`docker-pin: ${level}: ${message}`);
  const quiet = () => undefined;
  return {
    trace: verbose ? say('trace') : quiet,
    debug: verbose ? say('debug') : quiet,
    info: verbose ? say('info') : quiet,
    warn: say('warning'),
    error: say('error'),
  };
}
