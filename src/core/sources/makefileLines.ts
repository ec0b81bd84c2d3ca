// A makefile's text as GNU make reads it, line by line (makefile.ts reads the whole file): logical
// lines joined at `\` line ends, a recipe line (led by the recipe prefix within a rule) keeping its
// `\` line ends for the shell, and `#` comments. Each line knows the text it stands in: the
// Makefile's own, or a file an include directive names (makefileInclude.ts).
import type { Place } from './findings';

/** One logical line of the file: its text (continuations joined as make joins them) and where it stands. */
export interface Line {
  readonly text: string;
  /** Offsets in its source's text. */
  readonly start: number;
  readonly end: number;
  /** A recipe line (led by the recipe prefix after a rule), its text with that prefix and the continuation lines' removed. */
  readonly recipe: boolean;
  readonly source: Source;
}

/** The text a line is read from: the Makefile's own, or a file it includes. */
export interface Source {
  readonly text: string;
  /** For an included file: its path from the Makefile's folder (`includeKey`), its name in messages, and the Makefile's include line that leads to it. */
  readonly included?: { readonly key: string; readonly name: string; readonly anchor: Place };
}

/** Where a line stands in its source's text. */
export function placeOf(line: Line): Place {
  return { text: line.source.text.slice(line.start, line.end), start: line.start, end: line.end };
}

/** The line before an unescaped `#`. */
export function withoutComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}

/**
 * The file's logical lines, read in order: within a rule, a line led by the recipe prefix
 * `recipePrefix()` gives (asked as each line comes, after the lines before it were read; undefined
 * outside a rule) is a recipe line, whose `\` line ends are kept for the shell (the prefix after
 * each removed, as make does); any other line is joined at `\` line ends with one space.
 */
export function* logicalLines(source: Source, recipePrefix: () => string | undefined): Generator<Line> {
  const text = source.text;
  const physical = text.split('\n');
  let offset = 0;
  for (let i = 0; i < physical.length; i++) {
    const start = offset;
    let raw = physical[i];
    offset += raw.length + 1;
    const prefix = recipePrefix();
    const recipe = prefix !== undefined && raw.startsWith(prefix);
    let joined = recipe ? raw.slice(prefix.length) : raw;
    while (continues(raw) && i + 1 < physical.length) {
      raw = physical[++i];
      offset += raw.length + 1;
      joined = recipe ? `${joined.replace(/\r$/, '')}\n${raw.startsWith(prefix) ? raw.slice(prefix.length) : raw}` : `${joined.replace(/\\\r?$/, '').trimEnd()} ${raw.trimStart()}`;
    }
    const end = Math.min(text.length, offset - 1);
    yield { text: joined.replace(/\r$/, ''), start: recipe ? start + prefix.length : start, end: text[end - 1] === '\r' ? end - 1 : end, recipe, source };
  }
}

function continues(line: string): boolean {
  const trailing = /\\*\r?$/.exec(line)?.[0].replace(/\r$/, '').length ?? 0;
  return trailing % 2 === 1;
}
