// GNU make's `$(call NAME,ARG,…)` and the canned recipes it runs, as the Makefile reader
// (makefile.ts) expands a recipe line: harbor's `@$(call _build_base,core,$(DOCKERFILEPATH_CORE))`
// runs the `docker build` its `define _build_base … endef` holds.
//
// As make does it (the manual's "The call Function"): every argument is expanded where the call
// stands, the name too (then stripped of whitespace; the arguments keep theirs, only the first
// one's leading blanks go, as make reads any function's), split at the commas outside parentheses;
// the variable NAME is then expanded with `$(0)` its name and `$(1)`, `$(2)`… (`$1` …) the arguments,
// simple values seen through every variable its value names, and an argument not given empty. A
// NAME the file sets nowhere is empty, as make has it (a macro does not come from the
// environment); a NAME make alone knows (a computed name, a value set by `!=`, in a conditional
// make decides from what the file does not say), or one of make's own functions, is known only
// when make runs. The Expander (makefileExpand.ts) does the binding; here are the parts it and the
// recipe reading share.
//
// A recipe line whose expansion spans several lines (a multi-line `define`, a canned recipe) is
// several command lines, each its own shell and each with its own `@`, `-` and `+` (the line's
// prefix applies to them all), as make runs them: `commandLines`.
import { UNKNOWN } from './runDockerBuild';

/**
 * make's built-in functions: `$(call subst,…)` runs the function, not a variable of that name
 * (the Expander leaves these to make).
 */
export const MAKE_FUNCTIONS: ReadonlySet<string> = new Set([
  ...['subst', 'patsubst', 'strip', 'findstring', 'filter', 'filter-out', 'sort', 'word', 'wordlist', 'words', 'firstword', 'lastword'],
  ...['dir', 'notdir', 'suffix', 'basename', 'addsuffix', 'addprefix', 'join', 'wildcard', 'realpath', 'abspath'],
  ...['error', 'warning', 'info', 'shell', 'origin', 'flavor', 'foreach', 'if', 'or', 'and', 'intcmp', 'call', 'eval', 'file', 'value', 'let', 'guile'],
]);

/** What the `$(call …)`s met while a recipe line was expanded say of it. */
export interface CallsMet {
  /** The macros make alone knows, as written (`$(BUILDER)`, `BUILD_FN`). */
  readonly unknown: string[];
  /** The values of the macros called, as the file sets them (unexpanded). */
  readonly values: string[];
}

/**
 * Whether a recipe line whose expansion (`script`) shows no build may hide one in the calls it
 * makes: one of a macro make alone knows, or one of a macro whose text names a build that the
 * expansion lost to what make alone knows (`$(shell …)`, a variable the file does not set).
 */
export function callsMayHideBuild(script: string, calls: CallsMet, mayBuild: RegExp): boolean {
  return calls.unknown.length > 0 || (script.includes(UNKNOWN) && calls.values.some((value) => mayBuild.test(value)));
}

/** What is said at a recipe line whose calls may hide a build (`callsMayHideBuild`). */
export function hiddenCallMessage(calls: CallsMet, recipe: string): string {
  const which = calls.unknown.length > 0 ? `the macro ${calls.unknown.map((name) => `\`${name}\``).join(', ')} that this line of the recipe of ${recipe} calls` : `what the macro that this line of the recipe of ${recipe} calls expands to`;
  return (
    `${which} is known only when make runs (a variable the Makefile does not set for good, a make function or a command's output), ` +
    'so whether it runs a docker build, and for which platforms, cannot be told; define the macro in the Makefile with its values written out, or accept it with --allow-unresolved'
  );
}

/**
 * The command lines of an expanded recipe line: split at each newline a `\` does not continue (a
 * multi-line macro's lines), each without the `@`, `-`, `+` and blanks make reads at its start.
 */
export function commandLines(expanded: string): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let i = 0; i < expanded.length; i++) {
    if (expanded[i] !== '\n') continue;
    let backslashes = 0;
    for (let j = i - 1; j >= from && expanded[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 1) continue;
    lines.push(expanded.slice(from, i));
    from = i + 1;
  }
  lines.push(expanded.slice(from));
  return lines.map((line) => line.replace(/^[\s@+-]*/, ''));
}
