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
// variable's value as the file sets it (with `define … endef` too; `$(if …)` decided on it, or read
// both ways when only make knows its condition: `ifWorlds`), and
// `$(call NAME,…)` NAME's value with its arguments (makefileCall.ts); a variable the file does not
// set (the environment's, the command line's), one set in a conditional, by `!=` or for one target
// only, a function call (`$(shell …)`) and an automatic variable (`$@`) are known only when make
// runs, and a call that such a value may turn into a build is `unresolved` at its line. A line
// expanded to several lines (a multi-line define, a canned recipe) is several commands. Each is
// then read as the shell reads it (runDockerBuild.ts), from the Makefile's folder, where make runs
// it; with `.ONESHELL:` a recipe is one script.
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
//
// The reading is in four parts: the lines (makefileLines.ts), the variables and their expansion
// (makefileExpand.ts), the file as make reads it, includes followed (makefileRead.ts), and here the
// builds each recipe runs (with makefileMadeFiles.ts for the files a recipe makes first).
import type { DockerfileBuild, ScanProblem, ScanResult } from '../types';
import { scriptBakeOverrides } from './bakeOverrides';
import { Findings, type Place } from './findings';
import { type CallsMet, callsMayHideBuild, commandLines, hiddenCallMessage } from './makefileCall';
import { INCLUDE_LINE, type MakefileInclude } from './makefileInclude';
import { Expander, type Variable } from './makefileExpand';
import { goalRecipes } from './makefileGoals';
import { type Source } from './makefileLines';
import { madeFiles } from './makefileMadeFiles';
import { type Makefile, readMakefile, type Recipe } from './makefileRead';
import { commandsOf, ScriptBuilds } from './runDockerBuild';
import { SourceText } from './sourceText';

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
  /**
   * The goals make is run with (`make lint test`, a CI step's): only the recipes they lead to are
   * read (makefileGoals.ts). Undefined: every recipe, as when the file is read alone.
   */
  readonly goals?: readonly string[];
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
    for (const build of recipeBuilds(findingsOf, file, options.included === true ? undefined : '.', options.goals)) {
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
function recipeBuilds(findingsOf: (source: Source) => Findings, file: Makefile, folder: string | undefined, goals: readonly string[] | undefined): DockerfileBuild[] {
  const builds: DockerfileBuild[] = [];
  const run = goals === undefined ? undefined : goalRecipes(file, goals);
  for (const recipe of file.recipes) {
    if (run !== undefined && !run.has(recipe)) continue;
    const findings = findingsOf(recipe.source);
    const included = recipe.source.included;
    for (const variables of recipeVariables(file, recipe)) {
      for (const build of ifWorlds(recipe, variables).flatMap((decide) => builtBy(findings, file, recipe, new Expander(variables, undefined, decide), folder))) {
        if (included === undefined) builds.push(build);
        else builds.push({ ...build, range: file.main.range(included.anchor.start, included.anchor.end), line: file.main.line(included.anchor.start), place: `${included.name}:${build.line}` });
      }
    }
  }
  return builds;
}

/**
 * The ways a recipe's `$(if …)`s whose conditions only make knows may go (`$(if $(PUSH),--push,--load)`),
 * each a reading of its own when there are at most WORLDS_OVER of them: a build any of them makes
 * is one make may run. More: one reading, those calls known only when make runs.
 */
function ifWorlds(recipe: Recipe, variables: ReadonlyMap<string, Variable>): ((n: number) => boolean | undefined)[] {
  const counting = new Expander(variables, undefined, () => false);
  for (const line of recipe.lines) counting.expand(line.text);
  const met = counting.undecidedIfs;
  if (met === 0 || met > WORLDS_OVER) return [() => undefined];
  return Array.from({ length: 2 ** met }, (_, world) => (n: number) => (n < met ? (world & (1 << n)) !== 0 : undefined));
}

/** Most readings of one recipe with the values other targets give its variables. */
const VARIANTS_OVER = 8;

/**
 * The variables a recipe is expanded with: the file's, with its own targets' values (a variable
 * only some targets set is unset, so empty, elsewhere); and, for a variable it uses (itself, or
 * through the variables and macros it expands) that a target
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
  let text: string | undefined;
  for (const target of needing(file, targets)) {
    const values = file.targetVariables.get(target);
    if (values === undefined || targets.includes(target)) continue;
    text ??= expandedText(base, recipe.lines.map((line) => line.text).join('\n'));
    for (const [name, value] of values) {
      if (own.has(name) || !(text.includes(`$(${name})`) || text.includes(`\${${name}}`)) || variants.length > VARIANTS_OVER) continue;
      variants.push(new Map(base).set(name, value));
    }
  }
  return variants;
}

/**
 * `text` with the values of the recursive variables it names, `$(NAME)`, `${NAME}` or `$(call
 * NAME,…)`, and of those they name in turn: the text a variable it expands may come from
 * (`DOCKERBUILD = docker build --platform=$(PLATFORM)`).
 */
function expandedText(variables: ReadonlyMap<string, Variable>, text: string): string {
  const named = new Set<string>();
  let all = text;
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, variable] of variables) {
      if (named.has(name) || variable === 'unknown' || !variable.recursive) continue;
      // `call NAME` may name a longer one too: a value more read makes a reading more, not a wrong one.
      if (!(all.includes(`$(${name})`) || all.includes(`\${${name}}`) || all.includes(`call ${name}`))) continue;
      named.add(name);
      all += `\n${variable.value}`;
      grew = true;
    }
  }
  return all;
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
  // Each line expanded, a line whose macros span several lines (makefileCall.ts) several commands:
  // their own shells, or lines of the one script of a .ONESHELL recipe.
  const expanded = scripts.flatMap((lines) => {
    const each = lines.map((line) => expander.expandWithCalls(line.text));
    const calls: CallsMet = { unknown: each.flatMap(({ calls }) => calls.unknown), values: each.flatMap(({ calls }) => calls.values) };
    const commands = each.flatMap((line) => commandLines(line.text));
    return (file.oneShell ? [commands.join('\n')] : commands).map((script) => ({ lines, script, calls }));
  });
  // What the recipe's commands make of other files, by the path they write (from the Makefile's folder).
  const made = madeFiles(expanded.flatMap(({ script }) => commandsOf(script, '.')));
  for (const { lines, script, calls } of expanded) {
    const first = lines[0];
    const last = lines[lines.length - 1];
    const where: Place = { text: text.slice(first.start, last.end), start: first.start, end: last.end };
    if (!MAY_BUILD_IMAGE.test(script)) {
      if (callsMayHideBuild(script, calls, MAY_BUILD_IMAGE)) findings.problem('unresolved', where, hiddenCallMessage(calls, recipe.targets));
      continue;
    }
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
