// A file's text with its line starts, turning the string offsets parsers give (yaml, jsonc-parser)
// into the LSP positions occurrences carry.
import { lineStarts, positionAt } from '../text';
import type { Position, Range } from '../types';

export class SourceText {
  readonly starts: readonly number[];

  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }

  position(offset: number): Position {
    return positionAt(this.text, offset, this.starts);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** One-based line of `offset`. */
  line(offset: number): number {
    return this.position(offset).line + 1;
  }
}
