// A justfile (casey/just) as just reads it, for the shell lines of its recipes (justfile.ts reads
// their builds): top-level lines are settings (`set NAME := value`), variables (`NAME := value`,
// `export NAME := value`), attributes (`[no-cd]`, `[working-directory: 'dir']`), comments, and
// recipe headers (`@name param='x' +rest: deps`); a recipe's body is the indented lines after its
// header, up to the next line that is not indented (blank lines inside it are kept out). A body line
// ending in `\` goes on on the next line, as just joins it; a body whose first line is a `#!` line
// (or a recipe with the `[script]` attribute) is one script, run as a file.
//
// A variable is known when the file sets it once to a string written out (`"…"` with its escapes,
// `'…'` raw); one set twice, or to an expression (a concatenation, a function call such as
// `env('X', 'x')`, a backtick command, an `if`), is known only when just runs. What `just NAME=value`
// or `just --set NAME value` may give it on the command line is not seen here: the written value
// is read, as a Makefile's is.
import type { Place } from './findings';

/** One recipe: its name, its attributes as written (`no-cd`, `working-directory: 'x'`), its parameters, and its body. */
export interface JustRecipe {
  readonly name: string;
  readonly attributes: readonly string[];
  readonly parameters: ReadonlySet<string>;
  /**
   * What the shell runs: each logical line of the body (continuations joined, their `\` line ends
   * kept for the shell, `@`/`-` prefixes taken off), or the one script of a `#!` recipe; `text` is
   * that command, `start`/`end` where it stands in the file.
   */
  readonly commands: readonly Place[];
  /** A `#!` recipe, or one with `[script]`: its body is one script. Undefined for a line-by-line recipe. */
  readonly script?: { readonly shell: boolean };
}

/** What a justfile says, as far as this reader needs it. */
export interface Justfile {
  readonly recipes: readonly JustRecipe[];
  /** Each variable's value when it is written out and set once, else `unknown`. */
  readonly variables: ReadonlyMap<string, string | 'unknown'>;
  /** Variables exported to the recipes' shells (`export NAME := …`, every one with `set export`). */
  readonly exported: ReadonlySet<string>;
  /** `set working-directory := 'dir'`: the written folder, `unknown` for any other value; undefined when not set. */
  readonly workingDirectory?: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const ASSIGNMENT = new RegExp(`^(export[ \\t]+)?(${NAME})[ \\t]*:=[ \\t]*(.*)$`);
const SETTING = new RegExp(`^set[ \\t]+(${NAME})(?:[ \\t]*:=[ \\t]*(.*))?$`);
const HEADER = new RegExp(`^@?(${NAME})((?:[^:'"]|'[^']*'|"(?:[^"\\\\]|\\\\.)*")*):(?!=)`);
const ATTRIBUTE = /^\[(.*)\][ \t]*(?:#.*)?$/;
/** Shells a `#!` recipe may name that read a script as sh does. */
const SHELL = /^#!\s*(?:\S*\/env\s+(?:-\S+\s+)*)?(?:\S*\/)?(?:ba|da|z|k|a)?sh\b/;

/** The justfile's recipes, variables and settings. */
export function readJustfile(text: string): Justfile {
  const lines = text.split('\n');
  const recipes: JustRecipe[] = [];
  const values = new Map<string, string | 'unknown'>();
  const exported = new Set<string>();
  let exportAll = false;
  let workingDirectory: string | undefined;
  let attributes: string[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; ) {
    const raw = lines[i].replace(/\r$/, '');
    offset += lines[i].length + 1;
    i++;
    if (/^\s*(?:#.*)?$/.test(raw) || /^\s/.test(raw)) continue;
    const attribute = ATTRIBUTE.exec(raw);
    if (attribute !== null) {
      attributes.push(...attribute[1].split(/,(?=(?:[^'"]|'[^']*'|"[^"]*")*$)/).map((each) => each.trim()));
      continue;
    }
    const setting = SETTING.exec(raw);
    if (setting !== null) {
      const [, name, value] = setting;
      if (name === 'export') exportAll = value === undefined || value.trim() === 'true';
      if (name === 'working-directory') workingDirectory = stringLiteral(value ?? '') ?? 'unknown';
      continue;
    }
    const assignment = ASSIGNMENT.exec(raw);
    if (assignment !== null) {
      const [, exports, name, value] = assignment;
      if (exports !== undefined) exported.add(name);
      values.set(name, values.has(name) ? 'unknown' : (stringLiteral(value) ?? 'unknown'));
      continue;
    }
    const header = HEADER.exec(raw);
    if (header === null) {
      attributes = [];
      continue;
    }
    // The body: the indented lines that follow, blank ones inside it left out.
    const body: { text: string; start: number }[] = [];
    while (i < lines.length && (/^[ \t]/.test(lines[i]) || (/^\s*$/.test(lines[i]) && nextIndented(lines, i)))) {
      if (!/^\s*$/.test(lines[i])) body.push({ text: lines[i].replace(/\r$/, ''), start: offset });
      offset += lines[i].length + 1;
      i++;
    }
    recipes.push(recipe(header[1], header[2], attributes, body));
    attributes = [];
  }
  const variables = new Map(values);
  return { recipes, variables, exported: exportAll ? new Set(values.keys()) : exported, ...(workingDirectory === undefined ? {} : { workingDirectory }) };
}

/** Whether a non-blank line after line `at` is indented: a blank line is inside a body then. */
function nextIndented(lines: readonly string[], at: number): boolean {
  for (let i = at + 1; i < lines.length; i++) if (!/^\s*$/.test(lines[i])) return /^[ \t]/.test(lines[i]);
  return false;
}

function recipe(name: string, parameterText: string, attributes: readonly string[], body: readonly { text: string; start: number }[]): JustRecipe {
  const parameters = new Set([...parameterText.matchAll(new RegExp(`(?:^|\\s)[+*$]*(${NAME})`, 'g'))].map((m) => m[1]));
  const indent = /^[ \t]*/.exec(body[0]?.text ?? '')?.[0].length ?? 0;
  const first = body[0]?.text.slice(indent) ?? '';
  const scriptAttribute = attributes.find((each) => /^script\b/.test(each));
  const script = first.startsWith('#!') ? { shell: SHELL.test(first) } : scriptAttribute !== undefined ? { shell: scriptAttribute === 'script' || SHELL.test(`#!${scriptAttribute.replace(/^script\s*\(\s*["']?|["']?\s*\)$/g, '')}`) } : undefined;
  const commands: Place[] = [];
  let current: Place | undefined;
  for (const line of script === undefined ? body : body.slice(first.startsWith('#!') ? 1 : 0)) {
    let text = line.text.slice(Math.min(indent, /^[ \t]*/.exec(line.text)?.[0].length ?? 0));
    let start = line.start + line.text.length - text.length;
    if (current === undefined && script === undefined) {
      // A line-by-line recipe's line may start with `@` (quiet) and `-` (errors ignored).
      const prefix = /^[@-]{0,2}/.exec(text)?.[0] ?? '';
      text = text.slice(prefix.length);
      start += prefix.length;
    }
    current = current === undefined ? { text, start, end: start + text.length } : { text: `${current.text}\n${text}`, start: current.start, end: start + text.length };
    if (script === undefined && /(^|[^\\])(\\\\)*\\$/.test(text)) continue;
    if (script === undefined) {
      commands.push(current);
      current = undefined;
    }
  }
  if (current !== undefined) commands.push(current);
  return { name, attributes, parameters, commands, ...(script === undefined ? {} : { script }) };
}

/** A just string written out: `"…"` with its escapes, `'…'` raw (a trailing comment allowed); undefined for any other expression. */
function stringLiteral(written: string): string | undefined {
  const value = written.replace(/[ \t]+#.*$/, '').trim();
  const raw = /^'([^']*)'$/.exec(value);
  if (raw !== null) return raw[1];
  const cooked = /^"((?:[^"\\]|\\.)*)"$/.exec(value);
  if (cooked === null) return undefined;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
  let unknown = false;
  const out = cooked[1].replace(/\\(.)/g, (_, c: string) => escapes[c] ?? ((unknown = true), ''));
  return unknown ? undefined : out;
}
