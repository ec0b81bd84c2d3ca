// A Makefile read as GNU make reads it, into what the build reading needs (makefile.ts): its
// variables (`=`, `:=`, `::=`, `:::=`, `?=`, `+=`, after `export`, `override` or `private`, and
// `define NAME [op] … endef`, its lines the value; `!=` and a value set in a branch make may not
// take are known only when make runs), each
// target's own variables and prerequisites, its rules' recipes (`.RECIPEPREFIX` and `.ONESHELL`
// followed), conditionals decided on what the file sets (or each way, a world per choice, where
// make decides on what it does not say), and the files its include directives name read where they
// stand (makefileInclude.ts): their lines read as the Makefile's, each recipe knowing its file.
import { SourceText } from './sourceText';
import type { Place } from './findings';
import { cyclicInclude, includeDirective, includeKey, isIncludePattern, MAX_INCLUDE_DEPTH, type MakefileInclude, notReadInclude, tooDeepInclude, UNKNOWN_INCLUDE, unreadInclude } from './makefileInclude';
import { Expander, THIS_MAKEFILE, type Variable } from './makefileExpand';
import { type Line, logicalLines, placeOf, type Source, withoutComment } from './makefileLines';
import { UNKNOWN } from './runDockerBuild';

/** A rule's recipe: its targets (for messages), its lines, and the text they are read from. */
export interface Recipe {
  readonly targets: string;
  readonly lines: Line[];
  readonly source: Source;
}

const ASSIGNMENT = /^((?:(?:export|override|private)\s+)*)([^\s:#=+?!$]+|\$[({][^)}]*[)}])\s*(:::=|::=|:=|\?=|\+=|!=|=)\s?(.*)$/;
const CONDITIONAL = /^(ifeq|ifneq|ifdef|ifndef)\b/;
/** `define NAME`, with the assignment operator make takes after the name (`=` when none). */
const DEFINE = /^(?:(?:export|override|private)\s+)*define\s+([^\s:#=+?!$]+|\$[({][^)}]*[)}])\s*(:::=|::=|:=|\?=|\+=|!=|=)?\s*$/;

export interface Makefile {
  /** The Makefile's own text. */
  readonly main: SourceText;
  readonly variables: ReadonlyMap<string, Variable>;
  /** Each target's target-specific variables. */
  readonly targetVariables: ReadonlyMap<string, ReadonlyMap<string, Variable>>;
  /** Each target's prerequisites. */
  readonly prerequisites: ReadonlyMap<string, ReadonlySet<string>>;
  readonly recipes: readonly Recipe[];
  readonly oneShell: boolean;
  /** Where `.RECIPEPREFIX` is set to a value known only when make runs: the lines after it are not read. */
  readonly recipePrefixUnknown?: { readonly source: Source; readonly place: Place };
  /** How many conditionals the file does not decide were met. */
  readonly undecided: number;
  /** What is said at include directives: files that cannot be read, names only make knows. */
  readonly includeProblems: readonly { readonly source: Source; readonly place: Place; readonly message: string }[];
  /** The include paths met that the includes given do not hold (`wantedIncludes`). */
  readonly wanted: ReadonlySet<string>;
}

/** Which lines of a conditional are read: make's choice, or (`both`) each of them, not knowing it. */
type Branch = 'take' | 'skip' | 'both';

interface Conditional {
  branch: Branch;
  /** A branch before was taken for sure: the later ones are not. */
  taken: boolean;
}

/**
 * The file's variables and recipes, as make reads them (see the top of this file). `decide` says
 * which way the n-th conditional the file does not decide goes (undefined: both, not knowing).
 */
export function readMakefile(text: string, decide: (at: number) => boolean | undefined = () => undefined, includes?: ReadonlyMap<string, MakefileInclude>): Makefile {
  // make sets .RECIPEPREFIX empty before it reads the file: `?=` leaves it so.
  const variables = new Map<string, Variable>([['.RECIPEPREFIX', { value: '', recursive: false }]]);
  const recipes: Recipe[] = [];
  const conditionals: Conditional[] = [];
  let recipe: Recipe | undefined;
  /** The define being read: the variable it sets (none in a branch make does not take), how, and its body's lines so far. */
  let define: { readonly name?: string; readonly op: string; readonly line?: Line; nested: number; readonly body: string[] } | undefined;
  let oneShell = false;
  /** The character that leads a recipe line; undefined: known only when make runs. */
  let recipePrefix: string | undefined = '\t';
  let recipePrefixUnknown: { source: Source; place: Place } | undefined;
  let undecided = 0;
  /** Each target's target-specific variables (`target: VAR = value`). */
  const targetVariables = new Map<string, Map<string, Variable>>();
  /** Each target's prerequisites, over all its rules. */
  const prerequisites = new Map<string, Set<string>>();
  /** Variables only a branch make does not take sets. */
  const setElsewhere = new Set<string>();
  const reading = (): Branch => (conditionals.some((c) => c.branch === 'skip') ? 'skip' : conditionals.some((c) => c.branch === 'both') ? 'both' : 'take');
  const branchOf = (test: string): Branch => {
    const known = conditionHolds(test, variables);
    if (known !== undefined) return known ? 'take' : 'skip';
    const chosen = decide(undecided++);
    return chosen === undefined ? 'both' : chosen ? 'take' : 'skip';
  };
  const prefixSet = (line: Line): boolean => {
    recipePrefix = recipePrefixOf(variables.get('.RECIPEPREFIX'));
    if (recipePrefix === undefined) recipePrefixUnknown = { source: line.source, place: placeOf(line) };
    return recipePrefix === undefined;
  };
  const main: Source = { text };
  const prefix = () => (recipe === undefined ? undefined : recipePrefix);
  // The texts being read, the Makefile's at the bottom: an include directive reads a file's lines
  // where it stands, and the lines after it once that file ends.
  const stack: Generator<Line>[] = [logicalLines(main, prefix)];
  /** `$(MAKEFILE_LIST)` as make has it so far: the Makefile, then each file included, in the order make starts reading them. */
  const makefileList = [THIS_MAKEFILE];
  /** The included files being read, outermost first. */
  const open: string[] = [];
  const includeProblems: { source: Source; place: Place; message: string }[] = [];
  const wanted = new Set<string>();
  const linesOf = function* (source: Source, key: string): Generator<Line> {
    makefileList.push(key);
    open.push(key);
    yield* logicalLines(source, prefix);
    open.pop();
  };
  const nextLine = (): Line | undefined => {
    while (stack.length > 0) {
      const next = stack[stack.length - 1].next();
      if (next.done !== true) return next.value;
      stack.pop();
      // make ends a rule at the end of each file it reads.
      recipe = undefined;
    }
    return undefined;
  };
  /** Reads the files an include directive at `line` names (`names`, expanded now), or says why one is not read. */
  const include = (line: Line, names: string, optional: boolean): void => {
    const said: string[] = [];
    const words = new Expander(variables, makefileList.join(' ')).expand(names).split(/[ \t]+/).filter((word) => word !== '');
    const paths: string[] = [];
    for (const word of words) {
      if (word.includes(UNKNOWN) || word.includes(THIS_MAKEFILE)) {
        if (!optional && !said.includes(UNKNOWN_INCLUDE)) said.push(UNKNOWN_INCLUDE);
        continue;
      }
      if (!isIncludePattern(word)) {
        paths.push(includeKey(word));
        continue;
      }
      const matched = includes?.get(word);
      if (matched === undefined) wanted.add(word);
      // make reads a pattern's files, and none when it matches none, for any include.
      else if ('matches' in matched) paths.push(...matched.matches);
    }
    const read: { source: Source; key: string }[] = [];
    for (const key of paths) {
      const file = includes?.get(key);
      if (file === undefined || 'matches' in file) {
        wanted.add(key);
        said.push(notReadInclude(key));
      } else if ('unread' in file) {
        if (!(optional && file.missing === true)) said.push(unreadInclude(key, file.unread, file.missing === true));
      } else if (open.includes(key)) said.push(cyclicInclude(file.name));
      else if (open.length >= MAX_INCLUDE_DEPTH) said.push(tooDeepInclude(file.name));
      else read.push({ source: { text: file.text, included: { key, name: file.name, anchor: line.source.included?.anchor ?? placeOf(line) } }, key });
    }
    if (said.length > 0) includeProblems.push({ source: line.source, place: placeOf(line), message: said.join('; ') });
    // The first named is read first: it goes on the stack last.
    for (const { source, key } of read.reverse()) stack.push(linesOf(source, key));
  };
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    if (define !== undefined) {
      // make counts the defines within a define's body, each ended by its own endef; a line led by
      // the recipe prefix is neither.
      const directive = !line.text.startsWith(recipePrefix ?? '\t');
      if (directive && DEFINE.test(withoutComment(line.text).trim())) define.nested++;
      else if (directive && /^\s*endef\b/.test(line.text) && define.nested-- === 0) {
        const { name, op, body, line: at } = define;
        define = undefined;
        if (name === undefined || at === undefined) continue;
        assign(variables, name, op, body.join('\n'), reading() === 'both', makefileList.join(' '));
        if (name === '.RECIPEPREFIX' && prefixSet(at)) break;
        continue;
      }
      define.body.push(line.text);
      continue;
    }
    if (line.recipe && recipe !== undefined) {
      if (reading() !== 'skip') recipe.lines.push(line);
      continue;
    }
    const content = withoutComment(line.text).trim();
    if (content === '') continue;
    if (CONDITIONAL.test(content)) {
      conditionals.push(reading() === 'skip' ? { branch: 'skip', taken: true } : { branch: branchOf(content), taken: false });
      const top = conditionals[conditionals.length - 1];
      top.taken ||= top.branch === 'take';
      continue;
    }
    const otherwise = /^else\b\s*(.*)$/.exec(content);
    if (otherwise !== null) {
      const top = conditionals.pop();
      if (top === undefined) continue;
      const outside = reading();
      const test = otherwise[1];
      const branch: Branch = outside === 'skip' || top.taken ? 'skip' : top.branch === 'both' ? 'both' : test === '' ? 'take' : CONDITIONAL.test(test) ? branchOf(test) : 'both';
      conditionals.push({ branch, taken: top.taken || branch === 'take' });
      continue;
    }
    if (/^endif\b/.test(content)) {
      conditionals.pop();
      continue;
    }
    if (reading() === 'skip') {
      const skipped = DEFINE.exec(content);
      if (skipped !== null) define = { op: '=', nested: 0, body: [] };
      const name = skipped?.[1] ?? ASSIGNMENT.exec(content)?.[2];
      if (name !== undefined) setElsewhere.add(name);
      continue;
    }
    const defined = DEFINE.exec(content);
    if (defined !== null) {
      // A define ends the rule before it, as an assignment does; its value is set at its endef.
      recipe = undefined;
      define = { name: defined[1], op: defined[2] ?? '=', line, nested: 0, body: [] };
      continue;
    }
    const assignment = ASSIGNMENT.exec(content);
    if (assignment !== null) {
      recipe = undefined;
      const [, , name, op, value] = assignment;
      assign(variables, name, op, value, reading() === 'both', makefileList.join(' '));
      if (name === '.RECIPEPREFIX' && prefixSet(line)) break;
      continue;
    }
    const directive = includeDirective(content);
    if (directive !== undefined) {
      // An include ends the rule before it, as make reads it.
      recipe = undefined;
      if (includes !== undefined) include(line, directive.names, directive.optional);
      continue;
    }
    const rule = ruleOf(content);
    if (rule === undefined) {
      recipe = undefined;
      continue;
    }
    if (rule.targetVariable !== undefined) {
      // `target: VAR = value`: the value of VAR while make builds that target.
      const { name, op, value } = rule.targetVariable;
      for (const target of rule.targets.split(/\s+/)) {
        const own = targetVariables.get(target) ?? new Map<string, Variable>();
        targetVariables.set(target, own);
        const scoped = new Map(variables);
        const before = own.get(name);
        if (before !== undefined) scoped.set(name, before);
        assign(scoped, name, op, value, reading() === 'both', makefileList.join(' '));
        own.set(name, scoped.get(name) ?? 'unknown');
      }
      continue;
    }
    if (rule.targets.split(/\s+/).includes('.ONESHELL')) oneShell = true;
    for (const target of rule.targets.split(/\s+/)) prerequisites.set(target, new Set([...(prerequisites.get(target) ?? []), ...(rule.prerequisites ?? [])]));
    recipe = { targets: rule.targets, lines: [], source: line.source };
    recipes.push(recipe);
    if (rule.inline !== undefined) {
      const at = line.start + line.text.indexOf(rule.inline);
      recipe.lines.push({ text: rule.inline, start: at, end: at + rule.inline.length, recipe: true, source: line.source });
    }
  }
  // Unset where make reads the file this way: empty, as make expands it.
  for (const name of setElsewhere) if (!variables.has(name)) variables.set(name, { value: '', recursive: false });
  return {
    main: new SourceText(text),
    variables,
    targetVariables,
    prerequisites,
    recipes: recipes.filter((r) => r.lines.length > 0),
    oneShell,
    ...(recipePrefixUnknown === undefined ? {} : { recipePrefixUnknown }),
    undecided,
    includeProblems,
    wanted,
  };
}

/**
 * The character that leads recipe lines once `.RECIPEPREFIX` holds `variable`: the first of its
 * value as make stores it (a `=` value unexpanded, as make takes it), a tab for an empty one;
 * undefined when the value is known only when make runs.
 */
function recipePrefixOf(variable: Variable | undefined): string | undefined {
  if (variable === undefined) return '\t';
  if (variable === 'unknown' || (!variable.recursive && variable.value.includes(UNKNOWN))) return undefined;
  return variable.value === '' ? '\t' : variable.value[0];
}

/**
 * Whether a conditional's test holds with the variables set so far, as make tests it: `ifdef`
 * whether the variable has a non-empty value, `ifeq` whether its two expanded arguments (`(a,b)`,
 * `"a" "b"` or `'a' 'b'`) are the same. Undefined when it depends on what the file does not set.
 */
function conditionHolds(test: string, variables: ReadonlyMap<string, Variable>): boolean | undefined {
  const [, directive, rest] = /^(ifeq|ifneq|ifdef|ifndef)\s*(.*)$/.exec(test) ?? [];
  if (directive === 'ifdef' || directive === 'ifndef') {
    const variable = variables.get(rest.trim());
    if (variable === undefined || variable === 'unknown') return undefined;
    return (variable.value.trim() !== '') === (directive === 'ifdef');
  }
  const args = conditionArguments(rest);
  if (args === undefined) return undefined;
  const expander = new Expander(variables);
  const [a, b] = args.map((arg) => expander.expand(arg));
  if (a.includes(UNKNOWN) || b.includes(UNKNOWN)) return undefined;
  return (a === b) === (directive === 'ifeq');
}

/** `(a,b)` split at its comma outside `$(…)`, or `"a" "b"` / `'a' 'b'`. */
function conditionArguments(text: string): [string, string] | undefined {
  const quoted = /^(["'])(.*?)\1\s+(["'])(.*?)\3\s*$/.exec(text);
  if (quoted !== null) return [quoted[2], quoted[4]];
  if (!text.startsWith('(') || !text.endsWith(')')) return undefined;
  const inner = text.slice(1, -1);
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
  }
  return undefined;
}

function assign(variables: Map<string, Variable>, name: string, op: string, value: string, conditional: boolean, makefileList: string): void {
  if (name.includes('$') || conditional || op === '!=') {
    // A computed name, a value that depends on the conditions make tests, or a command's output.
    if (!name.includes('$')) variables.set(name, 'unknown');
    return;
  }
  const before = variables.get(name);
  if (op === '?=') {
    if (before === undefined) variables.set(name, { value, recursive: true });
    return;
  }
  if (op === '+=') {
    if (before === 'unknown') return;
    if (before === undefined) variables.set(name, { value, recursive: true });
    else variables.set(name, { value: before.value === '' ? value : `${before.value} ${value}`, recursive: before.recursive });
    return;
  }
  if (op === '=') {
    variables.set(name, { value, recursive: true });
    return;
  }
  // `:=`, `::=` and `:::=` expand the value now, with the variables set so far.
  variables.set(name, { value: new Expander(variables, makefileList).expand(value), recursive: false });
}

/** A rule line: its targets, its recipe after `;`, or the variable a target-specific assignment sets. */
function ruleOf(content: string): { targets: string; prerequisites?: string[]; inline?: string; targetVariable?: { name: string; op: string; value: string } } | undefined {
  const colon = findColon(content);
  if (colon < 0) return undefined;
  const targets = content.slice(0, colon).trim();
  const rest = content.slice(content[colon + 1] === ':' ? colon + 2 : colon + 1);
  const specific = ASSIGNMENT.exec(rest.trim());
  if (specific !== null && !rest.includes(';')) return { targets, targetVariable: { name: specific[2], op: specific[3], value: specific[4] } };
  const semicolon = rest.indexOf(';');
  const prerequisites = (semicolon < 0 ? rest : rest.slice(0, semicolon)).split(/\s+/).filter((word) => word !== '' && word !== '|');
  return semicolon < 0 ? { targets, prerequisites } : { targets, prerequisites, inline: rest.slice(semicolon + 1).trim() };
}

/** The rule's `:` outside `$(…)` (a target may be a variable: `$(BIN)/tool: …`); -1 for none. */
function findColon(content: string): number {
  let depth = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '$' && (content[i + 1] === '(' || content[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ':' && depth === 0) return i;
  }
  return -1;
}
