// Where the text of a YAML literal block (`|`) stands in the file: each line of its value is a line
// of the file below the header, with the block's indentation taken off, so a place in the value (an
// image in a manifest string, a driver option) is a place in the file, where a pin can be written.
import type { Scalar } from '../yaml';
import type { Position } from '../types';
import type { SourceText } from './sourceText';

/**
 * The file offset of each place in a literal block's value, when every line of the value is the
 * file's line below the header with the block's indentation taken off; undefined when not.
 */
export function literalLines(file: SourceText, node: Scalar, value: string): ((at: Position) => number) | undefined {
  const header = file.text.indexOf('\n', node.range?.[0] ?? 0);
  if (header < 0) return undefined;
  const first = file.position(header + 1).line;
  const lines = value.split('\n');
  let depth: number | undefined;
  for (let k = 0; k < lines.length; k++) {
    if (lines[k] === '') continue;
    const from = file.starts[first + k];
    if (from === undefined) return undefined;
    const written = file.text.slice(from, file.starts[first + k + 1] ?? file.text.length).replace(/\r?\n$/, '');
    depth ??= written.length - lines[k].length;
    if (depth < 0 || written.slice(depth) !== lines[k] || written.slice(0, depth).trim() !== '') return undefined;
  }
  if (depth === undefined) return undefined;
  const shift = depth;
  return (at) => file.starts[first + at.line] + shift + at.character;
}
