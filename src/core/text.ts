// Conversions between LSP positions (zero-based line, UTF-16 character) and string offsets.
// Line breaks are `\n`, `\r\n` and a lone `\r`, exactly as the LSP and VS Code count them, so
// positions agree with dockerfile-ast (which uses vscode-languageserver-textdocument).
import type { Position } from './types';

/** Offsets at which each line starts; always begins with 0. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The usual file: only `\n` breaks lines, and indexOf finds them without a loop over every
    // character (a 10,000-line file is scanned while the code is still cold).
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Offset where line `line` ends, before its line break; O(1) from the line starts. */
function lineEnd(text: string, starts: readonly number[], line: number): number {
  if (line + 1 >= starts.length) return text.length;
  // The next line starts right after this line's break: `\n`, a lone `\r`, or `\r\n`.
  const next = starts[line + 1];
  return text.charCodeAt(next - 1) === 10 /* \n */ && next - 2 >= starts[line] && text.charCodeAt(next - 2) === 13 /* \r */
    ? next - 2
    : next - 1;
}

/**
 * The offset of `position`, clamped the way the LSP clamps: a line past the end gives the text's
 * length, a character past the end of its line gives the end of that line (before the break).
 */
export function offsetAt(text: string, position: Position, starts: readonly number[] = lineStarts(text)): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  const end = lineEnd(text, starts, position.line);
  return Math.min(start + Math.max(0, position.character), end);
}

/** The position of `offset` (clamped to the text). An offset inside `\r\n` stays on its line. */
export function positionAt(text: string, offset: number, starts: readonly number[] = lineStarts(text)): Position {
  const clamped = Math.max(0, Math.min(offset, text.length));
  // Binary search for the last line starting at or before the offset.
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= clamped) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: clamped - starts[low] };
}

/** -1, 0 or 1 as `a` stands before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  if (a.line !== b.line) return a.line < b.line ? -1 : 1;
  if (a.character !== b.character) return a.character < b.character ? -1 : 1;
  return 0;
}
