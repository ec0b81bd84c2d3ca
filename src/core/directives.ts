// The parser directives at the top of a Dockerfile (`# syntax=…`, `# escape=…`, `# check=…`), read
// as BuildKit reads them (frontend/dockerfile/parser/directives.go): after an optional byte order
// mark and `#!` line, each line that starts with `#` (in its first column) and holds `key=value`
// with a known key (case-insensitive, spaces allowed around `=`) is a directive; the first line
// that is anything else (an instruction, an empty line, another comment, an unknown key) ends the
// block for good. So a `# syntax=` after an instruction or after another comment is a comment.

/** `key =  ` before a directive's value; `\s` there is Go's ASCII whitespace. */
const KEY = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*/;
const KEYS = new Set(['syntax', 'escape', 'check']);

/** The image a `# syntax=` directive names: as written (the value up to its first space; BuildKit hands the rest to the frontend), and its offsets in the text. */
export interface SyntaxDirective {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface DirectiveBlock {
  readonly syntax?: SyntaxDirective;
  /** Offset of a second `# syntax=` line, which BuildKit refuses ("only one syntax parser directive can be used"). */
  readonly duplicateSyntax?: number;
}

/** The `# syntax=` directive of a Dockerfile's leading directive block, if it has one. */
export function readDirectiveBlock(text: string): DirectiveBlock {
  const seen = new Set<string>();
  let syntax: SyntaxDirective | undefined;
  let start = text.startsWith('\uFEFF') ? 1 : 0;
  for (let first = true; ; first = false) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (!(first && line.startsWith('#!'))) {
      const directive = readDirective(line);
      if (directive === undefined) break;
      if (seen.has(directive.key)) {
        return { ...(syntax ? { syntax } : {}), ...(directive.key === 'syntax' ? { duplicateSyntax: start } : {}) };
      }
      seen.add(directive.key);
      if (directive.key === 'syntax' && directive.image !== '') {
        syntax = { text: directive.image, start: start + directive.at, end: start + directive.at + directive.image.length };
      }
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return syntax ? { syntax } : {};
}

/** True when `line` (one line, no line break) is a parser directive BuildKit knows (`# syntax=…`, `# escape=…`, `# check=…`), were it in the leading block. */
export function isParserDirective(line: string): boolean {
  return readDirective(line) !== undefined;
}

/** One line's directive: its key lowercased, the image word of its value and that word's column; undefined when the line ends the block. */
function readDirective(line: string): { key: string; image: string; at: number } | undefined {
  if (!line.startsWith('#')) return undefined;
  const body = line.slice(1).trimStart();
  const key = KEY.exec(body);
  if (key === null) return undefined;
  const name = key[1].toLowerCase();
  const value = body.slice(key[0].length).replace(/[\t\n\f\r ]+$/, '');
  if (!KEYS.has(name) || value === '') return undefined;
  const space = value.indexOf(' ');
  return { key: name, image: space < 0 ? value : value.slice(0, space), at: line.length - body.length + key[0].length };
}
