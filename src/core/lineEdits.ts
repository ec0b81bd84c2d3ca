// The edits that turn one text into another when only the insides of lines changed (pins add or
// replace digests, never lines): one edit per changed line, from its first to its last changed
// character. Free of `vscode`.
import type { TextEdit } from './types';

/** Edits that turn `before` into `after`; undefined when they do not have the same lines. */
export function lineEdits(before: string, after: string): TextEdit[] | undefined {
  const old = before.split('\n');
  const now = after.split('\n');
  if (old.length !== now.length) return undefined;
  const edits: TextEdit[] = [];
  old.forEach((line, at) => {
    const next = now[at];
    if (line === next) return;
    let start = 0;
    while (start < line.length && start < next.length && line[start] === next[start]) start++;
    let end = 0;
    while (end < line.length - start && end < next.length - start && line[line.length - 1 - end] === next[next.length - 1 - end]) end++;
    edits.push({ range: { start: { line: at, character: start }, end: { line: at, character: line.length - end } }, newText: next.slice(start, next.length - end) });
  });
  return edits;
}
