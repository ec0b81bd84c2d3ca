// make's variables and their expansion, as the Makefile reader (makefile.ts, makefileRead.ts) takes
// them: a variable as the file sets it (a value, recursive or simple, or known only when make runs),
// and the expansion make does of a recipe line before the shell runs it, of a `:=` value and of an
// include directive's names: `$$`, `$(NAME)` and `${NAME}`, `$(CURDIR)`, `$(MAKEFILE_LIST)`, `$(if …)`
// and the functions that name the Makefile's folder, `$(call …)` of a macro (makefileCall.ts);
// anything else (`$(shell …)`, an automatic variable) is UNKNOWN, known only when make runs.
import { type CallsMet, MAKE_FUNCTIONS } from './makefileCall';
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
  /** Within a `$(call …)`: `$(0)` the macro's name, `$(1)`… its arguments. */
  private params: readonly string[] | undefined;
  /** What the calls met say, while `expandWithCalls` runs. */
  private calls: CallsMet | undefined;

  constructor(
    private readonly variables: ReadonlyMap<string, Variable>,
    /**
     * Expanding a `:=` assignment or an include as make reads it: `$(MAKEFILE_LIST)` so far (this
     * Makefile, `THIS_MAKEFILE`, then the files it includes that were read). Undefined: a recipe's
     * line, expanded when make runs it.
     */
    private readonly makefileList?: string,
    /**
     * Which way the n-th `$(if …)` whose condition only make knows goes (true: its `then`), in the
     * order they are met; undefined (the default): not known, the call's value is not either.
     */
    private readonly decide: (n: number) => boolean | undefined = () => undefined,
  ) {}

  /** How many `$(if …)`s whose condition only make knows this expander has met. */
  undecidedIfs = 0;

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

  /** Expands `text` as `expand` does, telling what the `$(call …)`s met say of it. */
  expandWithCalls(text: string): { readonly text: string; readonly calls: CallsMet } {
    const calls: CallsMet = { unknown: [], values: [] };
    this.calls = calls;
    try {
      return { text: this.expand(text), calls };
    } finally {
      this.calls = undefined;
    }
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
    const macro = /^call[ \t]+([\s\S]*)$/.exec(inner);
    if (macro !== null) return this.macroCall(macro[1]);
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
      if (test.includes(UNKNOWN)) {
        const taken = this.decide(this.undecidedIfs++);
        return taken === undefined ? UNKNOWN : this.expand(taken ? then : otherwise);
      }
      return this.expand(test === '' ? otherwise : then);
    } finally {
      this.depth--;
    }
  }

  /**
   * `$(call NAME,ARG,…)` as make runs it (makefileCall.ts): the name and the arguments expanded
   * here, then NAME's value with `$(0)` NAME and `$(1)`… the arguments; empty for a NAME the file
   * sets nowhere, UNKNOWN for one make alone knows.
   */
  private macroCall(args: string): string {
    const [written, ...rest] = topLevelArguments(args);
    if (this.depth > 20) return UNKNOWN;
    this.depth++;
    try {
      const name = this.expand(written).trim();
      const values = rest.map((arg) => this.expand(arg));
      const variable = this.variables.get(name);
      if (name.includes(UNKNOWN) || name.includes(THIS_MAKEFILE) || MAKE_FUNCTIONS.has(name) || variable === 'unknown') {
        this.calls?.unknown.push(written.trim());
        return UNKNOWN;
      }
      if (variable === undefined) return '';
      this.calls?.values.push(variable.value);
      const outer = this.params;
      this.params = [name, ...values];
      try {
        return this.value(name);
      } finally {
        this.params = outer;
      }
    } finally {
      this.depth--;
    }
  }

  private value(name: string): string {
    // A parameter of the call being expanded; one not given is empty.
    if (this.params !== undefined && /^(?:0|[1-9][0-9]*)$/.test(name)) return this.params[Number(name)] ?? '';
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
