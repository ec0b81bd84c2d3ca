// A compose project's `.env` file, read as Docker Compose reads it ("Syntax for environment files"):
// `KEY=VALUE` lines (an `export ` prefix and `KEY: VALUE` accepted), `#` comment lines, blank
// lines; an unquoted value ends at the line's end or at ` #` (a comment needs a space before it)
// and loses trailing blanks; a single-quoted value is literal (`\'` aside); a double-quoted value
// may span lines and knows `\n`, `\r`, `\t`, `\\` and `\"`; unquoted and double-quoted values are
// interpolated from the variables above them and the environment. A bare `KEY` takes KEY from the
// environment. Values keep where they are written, so a pin can go into the one that holds an image.
import { interpolate } from './interpolate';
import type { Lookup } from './interpolate';
import { lineStarts, positionAt } from '../text';
import type { Range, ScanProblem } from '../types';

/** One `KEY=VALUE` of a `.env` file. */
export interface DotEnvEntry {
  readonly name: string;
  /** The value Compose gives the variable; undefined when it cannot be worked out (`unresolved`). */
  readonly value?: string;
  /** Why `value` cannot be worked out: it names a variable that has no value. */
  readonly unresolved?: string;
  /** The value exactly as written, quotes kept; `''` for `KEY=`. */
  readonly text: string;
  /** Where `text` stands. */
  readonly range: Range;
  /** One-based line of the entry. */
  readonly line: number;
  /**
   * True when `value` is `text` itself, without its quotes: no escape, no variable, one line. Only
   * such a value can take a pin written into it.
   */
  readonly literal: boolean;
  /** Variables the value names. */
  readonly variables: readonly string[];
}

export interface DotEnv {
  /** The entries by name; a name written twice keeps its last entry, as in Compose. */
  readonly entries: ReadonlyMap<string, DotEnvEntry>;
  /** Lines that are not entries: reported at their line, the others still read. */
  readonly problems: readonly ScanProblem[];
}

const KEY = /[A-Za-z0-9_.-]+/y;
const BLANK = /[ \t\f\v\r\u0085\u00a0]*/y;

/**
 * Reads a `.env` file. `environment` gives the variables its values may name (the shell's); a
 * value names the variables above it too. Never throws.
 */
export function parseDotEnv(text: string, environment: ReadonlyMap<string, string> = new Map()): DotEnv {
  const starts = lineStarts(text);
  const entries = new Map<string, DotEnvEntry>();
  const problems: ScanProblem[] = [];
  const range = (start: number, end: number): Range => ({ start: positionAt(text, start, starts), end: positionAt(text, end, starts) });
  const lookup: Lookup = (name) => {
    const own = environment.get(name);
    if (own !== undefined) return own;
    const entry = entries.get(name);
    if (entry === undefined) return undefined;
    return entry.value ?? { unknown: `${name} is built from a variable without value (${entry.unresolved})` };
  };
  let i = 0;
  while (i < text.length) {
    const lineEnd = endOfLine(text, i);
    const statement = skipBlank(text, i);
    if (statement >= lineEnd || text[statement] === '#') {
      i = lineEnd + 1;
      continue;
    }
    const line = positionAt(text, statement, starts).line + 1;
    const read = readEntry(text, statement, lineEnd, lookup, range, line);
    if ('problem' in read) {
      problems.push({ kind: 'invalid', range: range(statement, lineEnd), text: text.slice(statement, lineEnd), message: `.env line ${line}: ${read.problem}` });
      i = lineEnd + 1;
      continue;
    }
    if (read.entry !== undefined) entries.set(read.entry.name, read.entry);
    i = read.next;
  }
  return { entries, problems };
}

type Read = { readonly problem: string } | { readonly entry?: DotEnvEntry; readonly next: number };

function readEntry(
  text: string,
  start: number,
  lineEnd: number,
  lookup: Lookup,
  range: (start: number, end: number) => Range,
  line: number,
): Read {
  let at = start;
  if (/^export[ \t]/.test(text.slice(at, at + 7))) at = skipBlank(text, at + 7);
  KEY.lastIndex = at;
  const key = KEY.exec(text);
  if (key === null) return { problem: `expected a variable name, found ${JSON.stringify(text.slice(at, lineEnd))}` };
  const name = key[0];
  at = skipBlank(text, at + name.length);
  if (at >= lineEnd) {
    // `KEY` alone: the value comes from the environment, when it has one.
    const inherited = lookup(name);
    if (typeof inherited !== 'string') return { next: lineEnd + 1 };
    return { entry: { name, value: inherited, text: '', range: range(at, at), line, literal: false, variables: [] }, next: lineEnd + 1 };
  }
  if (text[at] !== '=' && text[at] !== ':') return { problem: `expected = after ${name}` };
  at = skipBlank(text, at + 1);
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const close = closingQuote(text, at, quote);
    if (close < 0) return { problem: `the value of ${name} has no closing ${quote}` };
    const written = text.slice(at, close + 1);
    const inner = text.slice(at + 1, close);
    const unescaped = quote === "'" ? inner.replace(/\\'/g, "'") : unescapeDouble(inner);
    const expanded = quote === "'" ? { value: unescaped, variables: [] as string[] } : expand(unescaped, lookup);
    const literal = unescaped === inner && expanded.value === inner && !inner.includes('\n') && !inner.includes('\r');
    return { entry: entry(name, written, expanded, range(at, close + 1), line, literal), next: endOfLine(text, close + 1) + 1 };
  }
  let valueEnd = lineEnd;
  const comment = text.slice(at, lineEnd).search(/[ \t]#/);
  if (comment >= 0) valueEnd = at + comment;
  while (valueEnd > at && /[ \t\f\v\r\u0085\u00a0]/.test(text[valueEnd - 1])) valueEnd--;
  const written = text.slice(at, valueEnd);
  const expanded = expand(written, lookup);
  return { entry: entry(name, written, expanded, range(at, valueEnd), line, expanded.value === written), next: lineEnd + 1 };
}

function entry(
  name: string,
  written: string,
  expanded: { value?: string; unresolved?: string; variables: readonly string[] },
  where: Range,
  line: number,
  literal: boolean,
): DotEnvEntry {
  return {
    name,
    ...(expanded.value !== undefined ? { value: expanded.value } : { unresolved: expanded.unresolved ?? 'it cannot be read' }),
    text: written,
    range: where,
    line,
    literal: literal && expanded.variables.length === 0,
    variables: expanded.variables,
  };
}

function expand(value: string, lookup: Lookup): { value?: string; unresolved?: string; variables: readonly string[] } {
  if (!value.includes('$')) return { value, variables: [] };
  const result = interpolate(value, lookup);
  if (result.value !== undefined) return { value: result.value, variables: result.variables };
  return { unresolved: result.unresolved?.message ?? result.invalid, variables: result.variables };
}

/** The closing quote of the quoted value at `open`: the next one not escaped by a backslash. */
function closingQuote(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeDouble(inner: string): string {
  return inner.replace(/\\([nrt"\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
}

function skipBlank(text: string, at: number): number {
  BLANK.lastIndex = at;
  BLANK.exec(text);
  return BLANK.lastIndex;
}

/** The offset of the `\n` ending the line at `at`, or the text's length. */
function endOfLine(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}
