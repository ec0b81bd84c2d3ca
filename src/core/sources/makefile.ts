// A Makefile (`Makefile`, `makefile`, `GNUmakefile`, and a makefile Makefiles include: `*.mk`,
// `Makefile.common`, read alone when no Makefile read includes it, its recipes' folder not known:
// `MakefileScanOptions.included`) builds the Dockerfiles its recipes run
// `docker build` / `docker buildx build` on, for the platforms their `--platform` flags name (none:
// the machine's own, the configured one): `make docker-buildx` of a kubebuilder or operator-sdk
// project builds its Dockerfile for linux/arm64, linux/amd64, linux/s390x and linux/ppc64le. The
// engine reads each such Dockerfile as the build uses it, so its lines take the index digest.
//
// The file is read as GNU make reads it: logical lines joined at `\` line ends, `#` comments, rules
// (`targets: prerequisites`, a recipe after `;` or on the lines below led by the recipe prefix: a
// tab, or the first character of `.RECIPEPREFIX` from the line that sets it on, a tab again when
// it is set empty), and variables set with `=`, `:=`, `::=`, `:::=`, `?=` and `+=` (also after
// `export` or `override`). A `.RECIPEPREFIX` whose value is known only when make runs leaves the
// lines after it unread, and says so. A recipe line is
// expanded as make expands it before the shell runs it: `$$` is `$`, `$(NAME)` and `${NAME}` the
// variable's value as the file sets it (`$(if …)` decided on it); a variable the file does not set (the environment's, the
// command line's), one set in a conditional, by `!=`, `define` or for one
// target only, a function call (`$(shell …)`) and an automatic variable (`$@`) are known only when
// make runs. Each recipe line is then read as the shell reads it (runDockerBuild.ts), from the
// Makefile's folder, where make runs it; with `.ONESHELL:` a recipe is one script.
//
// `include`, `-include` and `sinclude` read the files they name where they stand, as make reads
// them (makefileInclude.ts): their variables are the Makefile's and their recipes run in its
// folder, whatever their names (kind's `Makefile.common.in`). The engine reads the files and gives
// their texts (`MakefileScanOptions.includes`); what is found in one is said at the Makefile's
// include line, naming the file and its line (`images/Makefile.common.in:36: …`), and a build
// there names its line the same way (`DockerfileBuild.place`).
//
// A recipe that makes the Dockerfile it builds from another file first (kubebuilder's `sed … Dockerfile
// > Dockerfile.cross`, or `cp`, `cat`, `envsubst`) builds that file's images: the build is read
// as a build of the file it is made from.
import { posix } from 'node:path';
import type { DockerfileBuild, ScanProblem, ScanResult } from '../types';
import { scriptBakeOverrides } from './bakeOverrides';
import { Findings, type Place } from './findings';
import {
  cyclicInclude,
  INCLUDE_LINE,
  includeDirective,
  includeKey,
  isIncludePattern,
  MAX_INCLUDE_DEPTH,
  type MakefileInclude,
  notReadInclude,
  tooDeepInclude,
  UNKNOWN_INCLUDE,
  unreadInclude,
} from './makefileInclude';
import { type Command, commandsOf, ScriptBuilds, UNKNOWN } from './runDockerBuild';
import { SourceText } from './sourceText';

/** One logical line of the file: its text (continuations joined as make joins them) and where it stands. */
interface Line {
  readonly text: string;
  /** Offsets in its source's text. */
  readonly start: number;
  readonly end: number;
  /** A recipe line (led by the recipe prefix after a rule), its text with that prefix and the continuation lines' removed. */
  readonly recipe: boolean;
  readonly source: Source;
}

/** The text a line is read from: the Makefile's own, or a file it includes. */
interface Source {
  readonly text: string;
  /** For an included file: its path from the Makefile's folder (`includeKey`), its name in messages, and the Makefile's include line that leads to it. */
  readonly included?: { readonly key: string; readonly name: string; readonly anchor: Place };
}

/** A variable as the file sets it. */
type Variable = { readonly value: string; readonly recursive: boolean } | 'unknown';

/** A rule's recipe: its targets (for messages), its lines, and the text they are read from. */
interface Recipe {
  readonly targets: string;
  readonly lines: Line[];
  readonly source: Source;
}

const ASSIGNMENT = /^((?:(?:export|override|private)\s+)*)([^\s:#=+?!$]+|\$[({][^)}]*[)}])\s*(:::=|::=|:=|\?=|\+=|!=|=)\s?(.*)$/;
const CONDITIONAL = /^(ifeq|ifneq|ifdef|ifndef)\b/;
/** Automatic variables: known only while make runs a rule. */
const AUTOMATIC = new Set(['@', '<', '^', '+', '*', '?', '|', '%']);

/**
 * How many conditionals make decides from what the file does not say (`ifdef CI` of a variable the
 * environment may set, `ifeq ($(shell uname -m),arm64)`) are read both ways, each combination a
 * world of its own: a build made in any of them is one make may run.
 */
const WORLDS_OVER = 3;

/** Whether a Makefile's text (or a recipe's script) may run a container build or a bake: a tool the file names by a variable (`$(CONTAINER_TOOL) build`) may be any of them. */
export const MAY_BUILD_IMAGE = /\b(?:build|bud|bake)\b/;

/** What a Makefile's reading knows of where it is. */
export interface MakefileScanOptions {
  /**
   * A makefile other Makefiles include (`*.mk`, `Makefile.common`): its recipes run in the folder
   * make runs in, the including Makefile's, which this file does not say; a path a recipe builds
   * from is then told only to the Dockerfiles whose path ends with it.
   */
  readonly included?: boolean;
  /**
   * The files its `include`, `-include` and `sinclude` directives name, as the engine read them, by
   * path from the Makefile's folder (`includeKey`; a pattern by itself): each is read where the
   * directive stands, as make reads it, its variables the Makefile's and its recipes run in the
   * Makefile's folder. A name not here is said not to be read. Undefined: the directives are not
   * followed (the Makefile is read alone).
   */
  readonly includes?: ReadonlyMap<string, MakefileInclude>;
}

export function scanMakefile(text: string, options: MakefileScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'makefile');
  const includes = options.includes;
  const texts = [text, ...[...(includes?.values() ?? [])].flatMap((file) => ('text' in file ? [file.text] : []))];
  // What is not read of a Makefile that builds nothing is not said either: most include a file make generates.
  if (!texts.some((each) => MAY_BUILD_IMAGE.test(each))) return findings.result({ builds: [] });
  const builds = new Map<string, DockerfileBuild>();
  const included = new IncludedFindings(source);
  const findingsOf = (from: Source): Findings => (from.included === undefined ? findings : included.of(from));
  const first = readMakefile(text, () => false, includes);
  const worlds = 2 ** Math.min(first.undecided, WORLDS_OVER);
  for (let world = 0; world < worlds; world++) {
    // Past WORLDS_OVER, both branches are read, and what they set is known only when make runs.
    const file = world === 0 && first.undecided === 0 ? first : readMakefile(text, (at) => (at < WORLDS_OVER ? (world & (1 << at)) !== 0 : undefined), includes);
    if (file.recipePrefixUnknown !== undefined) findingsOf(file.recipePrefixUnknown.source).problem('unresolved', file.recipePrefixUnknown.place, RECIPE_PREFIX_UNKNOWN);
    for (const { source: from, place, message } of file.includeProblems) included.aboutFile(findingsOf(from), place, message);
    for (const build of recipeBuilds(findingsOf, file, options.included === true ? undefined : '.')) {
      const key = JSON.stringify([build.dockerfile, build.context, [...build.buildArgs], [...build.unknownArgs.keys()], build.target, build.platforms, build.line, build.place, build.by]);
      if (!builds.has(key)) builds.set(key, build);
    }
  }
  const result = findings.result({ builds: [...builds.values()] });
  return { ...result, problems: [...result.problems, ...included.problems()] };
}

/** The include paths the reading of `text` meets that `includes` does not hold yet: the files (and patterns) the engine reads next (engine/makefileIncludes.ts). */
export function wantedIncludes(text: string, includes: ReadonlyMap<string, MakefileInclude>): string[] {
  if (!INCLUDE_LINE.test(text)) return [];
  const wanted = new Set<string>();
  const first = readMakefile(text, () => false, includes);
  const worlds = 2 ** Math.min(first.undecided, WORLDS_OVER);
  for (let world = 0; world < worlds; world++) {
    const file = world === 0 ? first : readMakefile(text, (at) => (at < WORLDS_OVER ? (world & (1 << at)) !== 0 : undefined), includes);
    for (const key of file.wanted) wanted.add(key);
  }
  return [...wanted];
}

/**
 * What is found in the files a Makefile includes: each read with findings of its own (its own
 * offsets), then said at the Makefile's include line that leads to it, with the file's name and
 * line (`images/Makefile.common.in:36: …`), since the Makefile's report is where they are read.
 */
class IncludedFindings {
  private readonly each = new Map<string, { readonly findings: Findings; readonly source: Source }>();

  constructor(private readonly main: SourceText) {}

  of(source: Source): Findings {
    const key = `${source.included?.anchor.start} ${source.included?.key}`;
    let known = this.each.get(key);
    if (known === undefined) this.each.set(key, (known = { findings: new Findings(new SourceText(source.text), 'makefile'), source }));
    return known.findings;
  }

  /** An `unresolved` problem about a file a line names, in `findings` at `place`, once however many readings say it. */
  aboutFile(findings: Findings, place: Place, message: string): void {
    const range = findings.source.range(place.start, place.end);
    const said = (problem: ScanProblem) => problem.message === message && problem.range.start.line === range.start.line && problem.range.start.character === range.start.character;
    if (!findings.problems.some(said)) findings.problems.push({ kind: 'unresolved', range, text: place.text, message, aboutFile: true });
  }

  /** The included files' problems, at the Makefile's include lines. */
  problems(): ScanProblem[] {
    return [...this.each.values()].flatMap(({ findings, source }) => {
      const included = source.included;
      if (included === undefined) return findings.problems;
      const range = this.main.range(included.anchor.start, included.anchor.end);
      return findings.problems.map((problem): ScanProblem => {
        const place = `${included.name}:${problem.range.start.line + 1}`;
        const unnamed = problem.unnamedDockerfile;
        return { ...problem, range, message: `${place}: ${problem.message}`, ...(unnamed === undefined ? {} : { unnamedDockerfile: { ...unnamed, place } }) };
      });
    });
  }
}

const RECIPE_PREFIX_UNKNOWN =
  "the recipe prefix this line sets is known only when make runs (a variable the Makefile does not set for good, a make function, a command's output or a conditional), " +
  'so which lines after it are recipes, and the docker builds they run, cannot be told: they are not read; set it to a character written out (.RECIPEPREFIX = >), ' +
  'or accept it with --allow-unresolved';

/**
 * The builds of every recipe of one reading of the file, each run in `folder` (`.`: the Makefile's;
 * undefined: not known), found with the findings of the text the recipe is in (`findingsOf`). A
 * build of a recipe in an included file stands at the Makefile's include line, and names its own
 * line (`DockerfileBuild.place`).
 */
function recipeBuilds(findingsOf: (source: Source) => Findings, file: Makefile, folder: string | undefined): DockerfileBuild[] {
  const builds: DockerfileBuild[] = [];
  for (const recipe of file.recipes) {
    const findings = findingsOf(recipe.source);
    const included = recipe.source.included;
    for (const variables of recipeVariables(file, recipe)) {
      for (const build of builtBy(findings, file, recipe, new Expander(variables), folder)) {
        if (included === undefined) builds.push(build);
        else builds.push({ ...build, range: file.main.range(included.anchor.start, included.anchor.end), line: file.main.line(included.anchor.start), place: `${included.name}:${build.line}` });
      }
    }
  }
  return builds;
}

/** Most readings of one recipe with the values other targets give its variables. */
const VARIANTS_OVER = 8;

/**
 * The variables a recipe is expanded with: the file's, with its own targets' values (a variable
 * only some targets set is unset, so empty, elsewhere); and, for a variable it uses that a target
 * needing it (through its prerequisites) sets for itself, with each such value too (make passes a
 * target's values to the prerequisites it builds, so this recipe may run with them).
 */
function recipeVariables(file: Makefile, recipe: Recipe): ReadonlyMap<string, Variable>[] {
  const base = new Map(file.variables);
  for (const values of file.targetVariables.values()) for (const name of values.keys()) if (!base.has(name)) base.set(name, { value: '', recursive: false });
  const own = new Set<string>();
  const targets = recipe.targets.split(/\s+/);
  for (const target of targets) {
    for (const [name, value] of file.targetVariables.get(target) ?? []) {
      if (own.has(name)) continue;
      own.add(name);
      base.set(name, value);
    }
  }
  const variants: ReadonlyMap<string, Variable>[] = [base];
  const text = recipe.lines.map((line) => line.text).join('\n');
  for (const target of needing(file, targets)) {
    const values = file.targetVariables.get(target);
    if (values === undefined || targets.includes(target)) continue;
    for (const [name, value] of values) {
      if (own.has(name) || !(text.includes(`$(${name})`) || text.includes(`\${${name}}`)) || variants.length > VARIANTS_OVER) continue;
      variants.push(new Map(base).set(name, value));
    }
  }
  return variants;
}

/** The targets that need one of `targets`, directly or through other prerequisites. */
function needing(file: Makefile, targets: readonly string[]): Set<string> {
  const found = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [target, prerequisites] of file.prerequisites) {
      if (found.has(target)) continue;
      if ([...prerequisites].some((p) => targets.includes(p) || found.has(p))) {
        found.add(target);
        grew = true;
      }
    }
  }
  return found;
}

/** The builds one recipe makes, its variables expanded by `expander`. */
function builtBy(findings: Findings, file: Makefile, recipe: Recipe, expander: Expander, folder: string | undefined): DockerfileBuild[] {
  const text = findings.source.text;
  const builds: DockerfileBuild[] = [];
  const scripts = file.oneShell ? [recipe.lines] : recipe.lines.map((line) => [line]);
  const expanded = scripts.map((lines) => ({ lines, script: lines.map((line) => expander.expand(withoutPrefix(line.text))).join('\n') }));
  // What the recipe's commands make of other files, by the path they write (from the Makefile's folder).
  const made = madeFiles(expanded.flatMap(({ script }) => commandsOf(script, '.')));
  for (const { lines, script } of expanded) {
    if (!MAY_BUILD_IMAGE.test(script)) continue;
    const first = lines[0];
    const last = lines[lines.length - 1];
    const where: Place = { text: text.slice(first.start, last.end), start: first.start, end: last.end };
    scriptBakeOverrides(findings, where, `the docker buildx bake command of the recipe of ${recipe.targets} in ${recipe.source.included?.name ?? 'the Makefile'}`, script);
    const what = `the docker build command of the recipe of ${recipe.targets} in ${recipe.source.included === undefined ? 'the Makefile' : `${recipe.source.included.name}, which the Makefile includes,`}`;
    const reading = new ScriptBuilds(findings, where, what, 'make', 'a variable the Makefile does not set for good, a make function or a shell variable');
    reading.read(script, {
      start: folder,
      // A shell variable of the recipe is the environment's, known only when make runs.
      variable: () => undefined,
      runner: undefined,
      inRepository: (path) => path,
      madeFrom: (path) => made.get(path),
    });
    builds.push(...reading.all());
  }
  return builds;
}

/** A recipe line without the `@`, `-` and `+` make reads at its start. */
function withoutPrefix(line: string): string {
  return line.replace(/^[\s@+-]*/, '');
}

interface Makefile {
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
  let define: string | undefined;
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
      if (/^\s*endef\b/.test(line.text)) define = undefined;
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
      if (/^(?:(?:export|override|private)\s+)*define\s/.test(content)) define = 'skipped';
      const name = ASSIGNMENT.exec(content)?.[2];
      if (name !== undefined) setElsewhere.add(name);
      continue;
    }
    const defined = /^(?:(?:export|override|private)\s+)*define\s+(\S+)/.exec(content);
    if (defined !== null) {
      define = defined[1];
      variables.set(define, 'unknown');
      if (define === '.RECIPEPREFIX' && prefixSet(line)) break;
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

/** Where a line stands in its source's text. */
function placeOf(line: Line): Place {
  return { text: line.source.text.slice(line.start, line.end), start: line.start, end: line.end };
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

/** A function's arguments, split at the commas outside `$(…)` and `${…}` (the first's leading whitespace dropped, as make drops it). */
function topLevelArguments(text: string): string[] {
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

/** The line before an unescaped `#`. */
function withoutComment(line: string): string {
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
function* logicalLines(source: Source, recipePrefix: () => string | undefined): Generator<Line> {
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

/**
 * This Makefile's path, as `$(MAKEFILE_LIST)` holds it while a `:=` at the file's top is expanded.
 * Its folder (`$(dir …)`) is the folder make runs the recipes in, as this reader takes it; the path
 * itself is known to make alone, and is unknown wherever it is used as one.
 */
const THIS_MAKEFILE = '\u0002Makefile';

/** Expands make's variable references in a text as make does before it runs a recipe line. */
class Expander {
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

/** The files a recipe's commands make from another file of its folder, by the path they write. */
function madeFiles(commands: readonly Command[]): Map<string, { source: string; by: string }> {
  const made = new Map<string, { source: string; by: string }>();
  for (const command of commands) {
    if (command.cwd === undefined) continue;
    const copy = copyOf(command);
    if (copy === undefined || copy.source.includes(UNKNOWN) || copy.target.includes(UNKNOWN)) continue;
    const at = (path: string) => posix.normalize(posix.join(command.cwd as string, path));
    made.set(at(copy.target), { source: at(copy.source), by: `\`${command.words[0]}\`` });
  }
  return made;
}

/** `sed … SOURCE > TARGET`, `cat SOURCE > TARGET`, `envsubst < SOURCE > TARGET`, `cp SOURCE TARGET`. */
function copyOf(command: Command): { source: string; target: string } | undefined {
  const [name, ...args] = command.words;
  const operands = args.filter((word) => !word.startsWith('-'));
  if (name === 'cp') return operands.length === 2 && args.length === operands.length ? { source: operands[0], target: operands[1] } : undefined;
  if (command.output === undefined) return undefined;
  if (name === 'envsubst') return command.input === undefined ? undefined : { source: command.input, target: command.output };
  if (name === 'cat') return operands.length === 1 ? { source: operands[0], target: command.output } : undefined;
  if (name !== 'sed') return undefined;
  // sed's script is its first operand unless -e, --expression or -f gives it; the one file read after.
  const scripted = args.some((word) => /^-(?:e|f|-expression|-file)\b/.test(word) || /^-[a-zA-Z]*[ef]$/.test(word));
  const files = sedFiles(args, scripted);
  return files.length === 1 ? { source: files[0], target: command.output } : undefined;
}

/** The file operands of `sed args`: the words after options and the option values. */
function sedFiles(args: readonly string[], scripted: boolean): string[] {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '-e' || word === '-f' || word === '--expression' || word === '--file' || word === '-l') i++;
    else if (/^-[a-zA-Z]*[ef]$/.test(word)) i++;
    else if (!word.startsWith('-')) operands.push(word);
  }
  return scripted ? operands : operands.slice(1);
}
