// make's variables and their expansion, as the Makefile reader (makefile.ts, makefileRead.ts) takes
// them: a variable as the file sets it (a value, recursive or simple, or known only when make runs),
// and the expansion make does of a recipe line before the shell runs it, of a `:=` value and of an
// include directive's names: `$$`, `$(NAME)` and `${NAME}`, `$(CURDIR)`, `$(MAKEFILE_LIST)`, `$(if …)`
// and the functions that name the Makefile's folder; anything else (`$(shell …)`, an automatic
// variable) is UNKNOWN, known only when make runs.
import { UNKNOWN } from './runDockerBuild';

/** A variable as the file sets it. */
export type Variable = { readonly value: string; readonly recursive: boolean } | 'unknown';

/** Automatic variables: known only while make runs a rule. */
const AUTOMATIC = new Set(['@', '<', '^', '+', '*', '?', '|', '%']);

/** A function's arguments, split at the commas outside `$(…)` and `${…}` (the first's leading whitespace dropped, as make drops it). */
export function topLevelArguments(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(from, i));
      from = i + 1;
    }
  }
  args.push(text.slice(from));
  return args;
}

/**
 * This Makefile's path, as `$(MAKEFILE_LIST)` holds it while a `:=` at the file's top is expanded.
 * Its folder (`$(dir …)`) is the folder make runs the recipes in, as this reader takes it; the path
 * itself is known to make alone, and is unknown wherever it is used as one.
 */
export const THIS_MAKEFILE = '\u0002Makefile';

/** Expands make's variable references in a text as make does before it runs a recipe line. */
export class Expander {
  private depth = 0;

  constructor(
    private readonly variables: ReadonlyMap<string, Variable>,
    /**
     * Expanding a `:=` assignment or an include as make reads it: `$(MAKEFILE_LIST)` so far (this
     * Makefile, `THIS_MAKEFILE`, then the files it includes that were read). Undefined: a recipe's
     * line, expanded when make runs it.
     */
    private readonly makefileList?: string,
  ) {}

  expand(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      if (next === '(' || next === '{') {
        const close = next === '(' ? ')' : '}';
        let depth = 1;
        let j = i + 2;
        for (; j < text.length && depth > 0; j++) {
          if (text[j] === next) depth++;
          else if (text[j] === close) depth--;
        }
        const inner = text.slice(i + 2, j - 1);
        out += /^[A-Za-z0-9_.-]+$/.test(inner) ? this.value(inner) : this.call(inner);
        i = j - 1;
        continue;
      }
      out += AUTOMATIC.has(next) ? UNKNOWN : this.value(next);
      i++;
    }
    // This Makefile's path, left whole in a command: make alone knows it.
    return this.depth === 0 && this.makefileList === undefined ? out.split(THIS_MAKEFILE).join(UNKNOWN) : out;
  }

  /**
   * The functions that name this Makefile's folder through `$(MAKEFILE_LIST)` (`$(dir $(abspath
   * $(lastword $(MAKEFILE_LIST))))`, in one variable or two), on values the file gives: `dir`,
   * `abspath` and `realpath` (a relative path stays relative to the folder make runs in),
   * `lastword`, `firstword`, and `patsubst %/,%,…`. Any other function is known to make alone.
   */
  private call(inner: string): string {
    const conditional = /^if[ \t]+([\s\S]*)$/.exec(inner);
    if (conditional !== null) return this.ifCall(conditional[1]);
    const called = /^(dir|abspath|realpath|lastword|firstword|patsubst)[ \t]+([\s\S]*)$/.exec(inner);
    if (called === null) return UNKNOWN;
    const [, name, rest] = called;
    const trailingSlash = name === 'patsubst' ? /^%\/,%,([\s\S]*)$/.exec(rest.trim()) : undefined;
    if (trailingSlash === null) return UNKNOWN;
    this.depth++;
    let argument: string;
    try {
      argument = this.expand(trailingSlash === undefined ? rest : trailingSlash[1]);
    } finally {
      this.depth--;
    }
    if (argument.includes(UNKNOWN)) return UNKNOWN;
    const words = argument.split(/[ \t]+/).filter((word) => word !== '');
    switch (name) {
      case 'lastword':
        return words[words.length - 1] ?? '';
      case 'firstword':
        return words[0] ?? '';
      case 'dir':
        return words.map((word) => (word === THIS_MAKEFILE || !word.includes('/') ? './' : word.slice(0, word.lastIndexOf('/') + 1))).join(' ');
      case 'patsubst':
        return words.map((word) => (word.length > 1 && word.endsWith('/') ? word.slice(0, -1) : word)).join(' ');
      default:
        return words.join(' ');
    }
  }

  /**
   * `$(if condition,then[,else])`: `then` when the condition, stripped, is not empty, else `else`
   * (or nothing); each part expanded only when make would (kind's `$(if $(PLATFORMS),--platform=$(PLATFORMS),)`).
   */
  private ifCall(args: string): string {
    const [condition, then, otherwise = ''] = topLevelArguments(args);
    if (then === undefined) return UNKNOWN;
    this.depth++;
    try {
      const test = this.expand(condition).trim();
      if (test.includes(UNKNOWN)) return UNKNOWN;
      return this.expand(test === '' ? otherwise : then);
    } finally {
      this.depth--;
    }
  }

  private value(name: string): string {
    if (name === 'CURDIR') return '.';
    // While a `:=` at the top is read, the makefiles read so far: this one.
    if (name === 'MAKEFILE_LIST') return this.makefileList ?? UNKNOWN;
    const variable = this.variables.get(name);
    if (variable === undefined || variable === 'unknown') return UNKNOWN;
    if (!variable.recursive) return variable.value;
    if (this.depth > 20) return UNKNOWN;
    this.depth++;
    try {
      return this.expand(variable.value);
    } finally {
      this.depth--;
    }
  }
}
