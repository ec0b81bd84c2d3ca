// Writes `check`'s reports in the format asked for, file by file as each is done (SARIF, one JSON
// document, once the run is over).
import type { CheckFormat } from '../args';
import type { Output } from '../output';
import { HOMEPAGE, VERSION } from '../version';
import type { CheckRecord } from './findings';
import { githubCommands, githubSummary } from './github';
import { sarifLog } from './sarif';

/** What `check` found in one file. */
export interface FileReport {
  /** The text format's lines: findings (stdout) and every other message (stderr), as `file:line:col: message`. */
  readonly out: readonly string[];
  readonly err: readonly string[];
  /** Every entry of the file, in line order. */
  readonly records: readonly CheckRecord[];
}

export interface ReportWriter {
  file(report: FileReport): void;
  end(): void;
}

export interface WriterOptions {
  /** SARIF's `%SRCROOT%` and the folder relative names are read from. */
  readonly root: string;
  readonly cwd: string;
}

export function reportWriter(format: CheckFormat, output: Output, options: WriterOptions): ReportWriter {
  switch (format) {
    case 'text':
      return {
        file(report) {
          for (const line of report.out) output.out(`${line}\n`);
          for (const line of report.err) output.err(line);
        },
        end: () => undefined,
      };
    case 'json': {
      const json = jsonArrayWriter(output);
      return { file: (report) => report.records.forEach((record) => json.element(record.entry)), end: () => json.end() };
    }
    case 'github': {
      const all: CheckRecord[] = [];
      let files = 0;
      return {
        file(report) {
          files++;
          all.push(...report.records);
          for (const line of githubCommands(report.records)) output.out(`${line}\n`);
        },
        end: () => output.out(`${githubSummary(files, all)}\n`),
      };
    }
    case 'sarif': {
      const all: CheckRecord[] = [];
      return {
        file: (report) => void all.push(...report.records),
        end: () => output.out(`${JSON.stringify(sarifLog({ records: all, ...options, version: VERSION, informationUri: HOMEPAGE }), null, 2)}\n`),
      };
    }
  }
}

/** Writes a JSON array element by element, formatted exactly as `JSON.stringify(array, null, 2)`. */
function jsonArrayWriter(output: Output): { element(value: unknown): void; end(): void } {
  let first = true;
  return {
    element(value) {
      // JSON escapes newlines inside strings, so indenting every line indents only the structure.
      const text = JSON.stringify(value, null, 2).replace(/^/gm, '  ');
      output.out(`${first ? '[\n' : ',\n'}${text}`);
      first = false;
    },
    end() {
      output.out(first ? '[]\n' : '\n]\n');
    },
  };
}
