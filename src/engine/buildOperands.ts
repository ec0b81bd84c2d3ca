// The Dockerfiles that the compose files, dev containers and actions among the files to read build
// from. Each such Dockerfile is read as each build uses it (its args, target and platforms), and
// reported at its own lines: it is added to the files to read right after the first file that
// builds from it, unless it is one of them already. What cannot be read that way (a missing
// Dockerfile, one outside the repository, a remote context, an inline Dockerfile) is reported at
// the line of the file that names it. Likewise the files a GitLab CI file includes (`include:local`),
// the compose files a dev container names and those a compose file includes or extends are read as
// files of their own kind, so the images they name are never passed over; one that cannot be read
// is reported where it is named. Every front door puts its files together here, so a file is read
// the same ways whichever one asks.
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { scanBuild } from '../core/buildScan';
import { detectKind } from '../core/sources/detect';
import { formatPlatform } from '../core/platform';
import type { BuildHidden, FileKind, LocalActionUse, ScanProblem, ScanResult } from '../core/types';
import type { SharedAnalyzeOptions } from './answerMemo';
import { actionCallers, actionFiles } from './actionCallers';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import { composeLinked } from './composeLinked';
import { composeRunReadings } from './composeRuns';
import { scriptComposeRuns } from './scriptComposeRuns';
import { withOverrideBuilds } from './composeOverride';
import { cannotBeRead, UnreadableFileError } from './fileAccess';
import { hiddenCallProblems, type HiddenCallStep, tellHiddenCalls } from './hiddenCalls';
import { readForIndex } from './indexSettles';
import { namingEachFile } from './fileOptions';
import { withGitlabPipelines } from './gitlabPipelines';
import { type KustomizeReading, withKustomizeReadings } from './kustomizeReadings';
import { linkedOperands } from './linkedOperand';
import { makefileIncludes, withMakefileIncludes } from './makefileIncludes';
import { type FileOperand, operandPath, readSource } from './readSource';
import { buildsOf, scanSource, type FileBuild, type SourceFile, type SourceOptions } from './sources';
import { type RunFolder, runFolders } from './runFolder';
import { mayBuild, type ToldAlone, topProblem, unnamedBuildsOf } from './toldAlone';
import { taskRunnerUse } from './taskRunnerUse';
import { workspacePackages } from './workspacePackages';

/** One build of a Dockerfile: who builds it, and the options that build reads it with. */
export interface BuildUse {
  /** `service web in compose.yaml`, `the dev container in .devcontainer/devcontainer.json`. */
  readonly by: string;
  readonly build: FileBuild;
  /** The compose file whose reading `reading` (0: its own) found the build: named when it is read several ways. */
  readonly builder?: BuildOperand;
  readonly reading?: number;
}

/** Who builds, for messages: `use.by`, and the include whose reading found it when its compose file is read several ways. */
export function builtBy(use: BuildUse): string {
  const { builder, reading } = use;
  if (builder === undefined || reading === undefined || readingCount(builder) < 2) return use.by;
  const includer = reading === 0 ? builder.includer : (builder.moreReadings ?? [])[reading - 1]?.includer;
  return includer === undefined ? use.by : `${use.by} ${includeWords({ includer }, builder)}`;
}

/** A file to read, with the builds that read it (a Dockerfile) and the build problems it names (a compose file, …). */
export interface BuildOperand {
  readonly path: string;
  readonly kind?: FileKind;
  /** False for a Dockerfile read only because a build uses it: it is reported for those builds alone. */
  readonly direct: boolean;
  /**
   * A build file of a named Dockerfile's repository that is not itself one of the files to read
   * (`withBuilds`' `builders`, and the files it links): read only for what it builds of them, never
   * reported, and left out of the result.
   */
  buildsOnly?: true;
  readonly builds: BuildUse[];
  readonly buildProblems: ScanProblem[];
  /** What the file is read with: the run's options under its repository config (for an included compose file, the include's environment). */
  options: SharedAnalyzeOptions;
  /** A compose file an include reads: its project directory (relative paths start there) and env file (null: none). */
  projectDirectory?: string;
  envPath?: string | null;
  /** The compose files whose includes led here, outermost first: an include of one of them is a cycle. */
  includedBy?: readonly { readonly real: string; readonly name: string }[];
  /** Compose services whose image names a build's result (through `extends`). */
  builtServices?: Set<string>;
  /** For a compose file an include (or, `via: 'extends'`, a project extending a service of it) reads: the one that reads it so (the fields above). */
  includer?: Includer;
  /** For a compose file first reached through `extends`: the services that project extends (its reading reads them whatever other projects do). */
  extendedServices?: Set<string>;
  /**
   * Further ways includes read this compose file (another project includes it, or one includes it
   * again, with another project directory, env file or variables), and projects that extend a
   * service of it with other variables (that service alone): each a reading of its own.
   */
  moreReadings?: ComposeReading[];
  /** How many of its readings have had their builds and linked files followed. */
  followed?: number;
  /** A manifest the built kustomizations render renaming an image: each way they render it, read in place of the file's own reading. */
  kustomizeReadings?: readonly KustomizeReading[];
  /**
   * The messages of its own problems that pins of index digests settle: a build whose platforms only
   * its run knows, of a Dockerfile pinned to index digests, is read for any platform there
   * (`FileBuild.platformsUnknown`), so its line has nothing left to say (engine/indexSettles.ts).
   */
  settled?: Set<string>;
}

/** The include that reads a compose file a way: the including file as messages name it, and the line naming it. */
export interface Includer {
  readonly name: string;
  readonly line: number;
  /** `extends`: the file names it in a service's `extends.file`, not in `include`. `runner`: a CI step runs docker compose on it (`name` the step, engine/composeRuns.ts). */
  readonly via?: 'extends' | 'runner';
  /** For a runner's reading: what the step runs, and where (`docker compose up on a linux/arm64 runner`). */
  readonly runs?: string;
}

/** Whether `operand` is a compose file an include reads (its own reading is the include's), not one read directly or extended. */
export function readByInclude(operand: Pick<BuildOperand, 'includer'>): boolean {
  return operand.includer !== undefined && operand.includer.via === undefined;
}

/** One way an include reads a compose file, beside the one the operand's own fields give. */
export interface ComposeReading {
  readonly includer: Includer;
  readonly options: SharedAnalyzeOptions;
  readonly projectDirectory?: string;
  /** Its env file, read with its text when it takes pins (null: none, its values are in `options.environment`). */
  readonly envFile: { readonly path: string; readonly text: string } | null;
  readonly includedBy?: readonly { readonly real: string; readonly name: string }[];
}

/** The parts the builds are followed with: the front door's, and where a tree's reading keeps what a Dockerfile read alone is told (`withBuilds`' `told`). */
/** The assembly as `follow` uses it: what Dockerfiles read alone are told (the extension's), and the steps of files read only for their builds whose file to run only the run knows, told once every build is followed. */
type Following = Assembly & { readonly told?: ToldAlone; readonly hiddenSteps: HiddenCallStep[] };

/** Kinds whose files may build a Dockerfile. */
export const BUILDING_KINDS: ReadonlySet<FileKind> = new Set(['compose', 'devcontainer', 'github-action', 'github-workflow', 'gitlab-ci', 'goreleaser', 'bake', 'makefile', 'justfile', 'taskfile', 'shell-script', 'package-scripts', 'skaffold', 'circleci', 'bitbucket-pipelines', 'azure-pipelines', 'drone', 'woodpecker']);
/** Kinds whose files name other files to read (GitLab's local includes, a dev container's compose files, a compose file's includes and extends). */
const LINKING_KINDS: ReadonlySet<FileKind> = new Set(['gitlab-ci', 'devcontainer', 'compose']);

/**
 * `operands` in order, each Dockerfile a build uses added once (after its first builder) and given
 * its builds, each with its options (`assembly.fileOptions.of`). A Dockerfile or included file that its
 * repository config leaves out (`ignore.paths`) is not added. `builders` are build files that are
 * not operands (a named Dockerfile's repository's workflows, compose files, …): each gives the
 * Dockerfiles among `operands`, and those their builds add, the builds it describes, and nothing
 * else (`BuildOperand.buildsOnly`).
 * Throws RepoConfigError for an invalid config.
 */
export async function withBuilds(operands: readonly FileOperand[], given: Assembly, builders: readonly FileOperand[] = [], told?: ToldAlone): Promise<BuildOperand[]> {
  const assembly: Following = { ...given, fileOptions: namingEachFile(given.fileOptions, (path) => given.repositoryRoot(path)), ...(told === undefined ? {} : { told }), hiddenSteps: [] };
  const { files, fileOptions } = assembly;
  const result: BuildOperand[] = [];
  const byRealPath = new Map<string, BuildOperand>();
  // The steps that use each action of the repository, which its own reading is told of before any builds are followed.
  const callers = await actionCallers([...operands, ...builders], assembly);
  const withCallers = (real: string | undefined, options: SharedAnalyzeOptions): SharedAnalyzeOptions => {
    const found = real === undefined ? undefined : callers.get(real);
    return found === undefined ? options : { ...options, actionCallers: found };
  };
  for (const operand of operands) {
    const path = operandPath(operand);
    const entry: BuildOperand = {
      path,
      ...(typeof operand === 'string' || operand.kind === undefined ? {} : { kind: operand.kind }),
      direct: true,
      builds: [],
      buildProblems: [],
      options: await fileOptions.of(path),
    };
    result.push(entry);
    const real = files.isStream(entry.path) ? undefined : await files.realpath(entry.path).catch(() => undefined);
    entry.options = withCallers(real, entry.options);
    if (real !== undefined && !byRealPath.has(real)) byRealPath.set(real, entry);
  }
  await withOverrideBuilds(result, assembly);
  await withMakefileIncludes(result, assembly);
  await followAll(result, byRealPath, assembly);
  // Then the other build files, once every file to read (and every file they link) is known: a
  // file an operand links is read as that link reads it, not only for its builds.
  const added: BuildOperand[] = [];
  for (const builder of builders) {
    const path = operandPath(builder);
    const real = await files.realpath(path).catch(() => undefined);
    if (real === undefined || byRealPath.has(real)) continue;
    const entry: BuildOperand = {
      path,
      ...(typeof builder === 'string' || builder.kind === undefined ? {} : { kind: builder.kind }),
      direct: true,
      buildsOnly: true,
      builds: [],
      buildProblems: [],
      options: withCallers(real, await fileOptions.of(path)),
    };
    result.push(entry);
    added.push(entry);
    byRealPath.set(real, entry);
  }
  if (added.length > 0) {
    await withOverrideBuilds(added, assembly);
    await withMakefileIncludes(result, assembly);
    await followAll(result, byRealPath, assembly);
  }
  tellHiddenCalls(assembly.hiddenSteps, byRealPath, assembly);
  await withGitlabPipelines(result, assembly);
  await withKustomizeReadings(result, assembly);
  return result.filter((entry) => entry.buildsOnly !== true);
}

/**
 * Follows the builds and linked files of every reading of every file of `result` not followed yet.
 * A compose file gains readings as later files include it: the loop runs again until every
 * reading of every file has had its builds and linked files followed.
 */
async function followAll(result: BuildOperand[], byRealPath: Map<string, BuildOperand>, assembly: Following): Promise<void> {
  const unfollowed = (entry: BuildOperand): boolean => entry.followed !== undefined && entry.followed < readingCount(entry);
  do {
    for (let index = 0; index < result.length; index++) {
      const naming = result[index];
      if (!naming.direct || assembly.files.isStream(naming.path)) continue;
      const from = naming.followed ?? 0;
      if (from >= readingCount(naming)) continue;
      naming.followed = readingCount(naming);
      await follow(naming, index, from, result, byRealPath, assembly);
    }
  } while (result.some(unfollowed));
}

function readingCount(operand: BuildOperand): number {
  return 1 + (operand.moreReadings?.length ?? 0);
}

/** `operand` as its reading `at` reads it (0: its own fields), and the text that reading reads. */
export function asReading(operand: BuildOperand, at: number, file: SourceFile): { view: BuildOperand; file: SourceFile } {
  if (at === 0) return { view: operand, file };
  const reading = (operand.moreReadings ?? [])[at - 1];
  const { projectDirectory, includedBy, envFile, includer } = reading;
  const options = operand.builtServices === undefined ? reading.options : { ...reading.options, builtServices: operand.builtServices };
  // The same arrays: what a reading finds is the file's.
  const view: BuildOperand = { ...operand, options, projectDirectory, includedBy, envPath: envFile?.path ?? null, includer };
  return { view, file: { kind: file.kind, text: file.text, ...(envFile === null ? {} : { envFile: { text: envFile.text } }) } };
}

/**
 * Follows the builds and linked files of `naming` (at `index` in `result`) as each of its readings
 * from `from` on reads it: the Dockerfiles they build gain those builds, the files they link are
 * added right after it.
 */
async function follow(naming: BuildOperand, index: number, from: number, result: BuildOperand[], byRealPath: Map<string, BuildOperand>, assembly: Following): Promise<void> {
  const { files, fileOptions, displayName } = assembly;
  // Only a regular file that may describe a build is read here: a pipe can be read only once, by its own pass.
  const kind = naming.kind ?? detectKind(naming.path);
  if (kind === undefined || !(BUILDING_KINDS.has(kind) || LINKING_KINDS.has(kind))) return;
  if (!(await files.isFile(naming.path))) return;
  const root = await assembly.repositoryRoot(naming.path);
  let read;
  try {
    // A compose file with the env file its (first) include gives it.
    read = await readSource({ path: naming.path, ...(naming.kind === undefined ? {} : { kind: naming.kind }), ...(naming.envPath === undefined ? {} : { envPath: naming.envPath }) }, files);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    // The file's own pass reports it; one read only for its builds has none, and gone since it was found, it builds nothing.
    if (naming.buildsOnly === true && error.code !== 'ENOENT') unreadableBuilder(naming, cannotBeRead(error), root, byRealPath, assembly);
    return;
  }
  if (!BUILDING_KINDS.has(read.file.kind) && !LINKING_KINDS.has(read.file.kind)) return;
  const several = readingCount(naming) > 1;
  for (let at = from; at < readingCount(naming); at++) {
    const { view, file } = asReading(naming, at, read.file);
    const options = view.options;
    // The reading's one scan: its linked files, its builds and the local actions a workflow uses.
    let scanned: ScanResult | undefined;
    const scan = (): ScanResult => (scanned ??= scanSource(file, options));
    if (LINKING_KINDS.has(file.kind)) {
      let insert = index + 1;
      for (const link of scan().linked ?? []) {
        if (link.compose === undefined) {
          const { entries, problems, refusal } = await linkedOperands(view, link, root, byRealPath, assembly);
          naming.buildProblems.push(...problems);
          if (refusal !== undefined) naming.options = { ...naming.options, includeProblems: [...(naming.options.includeProblems ?? []), refusal] };
          // In the order the file names them (a pattern's in the order GitLab includes them), right after it.
          for (const entry of entries) {
            if (naming.buildsOnly) entry.buildsOnly = true;
            result.splice(insert++, 0, entry);
          }
          continue;
        }
        const linked = await composeLinked({ naming: view, owner: naming, read: { ...read, file, envPath: at === 0 ? read.envPath : (view.envPath ?? undefined) }, link, compose: link.compose, root, byRealPath }, assembly);
        if ('problem' in linked) naming.buildProblems.push(linked.problem);
        else if (linked.entry !== undefined) {
          if (naming.buildsOnly) linked.entry.buildsOnly = true;
          result.splice(insert++, 0, linked.entry);
        }
      }
    }
    const add = async (written: FileBuild, base: string): Promise<void> => {
      const found = await readForIndex(written, base, naming, assembly);
      // Where each arg is given, for a pin that belongs there: `compose.yaml:7`.
      const lines = found.argLines;
      const build = lines === undefined ? found : { ...found, argPlaces: new Map([...lines].map(([name, line]): [string, string] => [name, `${displayName(naming.path)}:${line}`])) };
      // Builds a reading of several finds are that reading's: `service web in infra/db.yml included by compose.b.yaml`.
      const use = { by: `${build.by} in ${displayName(naming.path)}`, build, builder: naming, reading: at };
      const by = several ? builtBy(use) : use.by;
      // The build's line, as what only its runner knows is told to a Dockerfile: `scripts/release.sh:3`.
      const place = build.place ?? `${displayName(naming.path)}:${build.range.start.line + 1}`;
      if (found.hidden?.platforms === true && !naming.buildsOnly) {
        // A build whose platforms only its runner knows is not read: its own reading reports it,
        // and a Dockerfile read alone is told of it.
        if (assembly.told !== undefined && found.dockerfile !== undefined) {
          const real = await files.realpath(isAbsolute(found.dockerfile) ? found.dockerfile : join(base, found.dockerfile)).catch(() => undefined);
          if (real !== undefined && isInside(root, real)) assembly.told.hiddenBuild(real, hiddenBuildProblem(found.hidden, by, place));
        }
        return;
      }
      if (build.inline !== undefined) {
        naming.buildProblems.push(...inlineProblems(build, by, options));
        return;
      }
      if (build.dockerfile === undefined) return;
      const path = isAbsolute(build.dockerfile) ? build.dockerfile : join(base, build.dockerfile);
      if (naming.buildsOnly) {
        // Only what it builds of the files to read counts; the rest is its own reading's to report.
        const real = await files.realpath(path).catch(() => undefined);
        const dockerfile = real === undefined || !isInside(root, real) ? undefined : byRealPath.get(real);
        if (dockerfile === undefined || dockerfile.buildsOnly === true) return;
        // What only the build's runner knows, the Dockerfile's own report says: its builder is not reported.
        if (build.hidden !== undefined) dockerfile.buildProblems.push(hiddenBuildProblem(build.hidden, by, place));
        if (build.hidden?.platforms !== true) dockerfile.builds.push(use);
        return;
      }
      // A compose file merged into a project of another folder (`docker compose -f a/compose.yml -f b/compose.yml`)
      // takes its relative paths from that project's folder, the first file's: read alone, from its own, they may miss.
      const merged = naming.kind === 'compose' ? " (a compose file only ever merged with -f into a project of another folder takes its paths from the first file's folder, which is not known here)" : '';
      const missing = (why: string): void => {
        naming.buildProblems.push({
          kind: 'unresolved',
          range: build.range,
          text: displayName(path),
          message:
            `${by} builds from ${displayName(path)}, which ${why}: the images that build uses cannot be checked; ` +
            `fix the path, leave the file out with ignore.paths in .docker-pin.yaml${merged}, or accept it with --allow-unresolved`,
          aboutFile: true,
        });
      };
      let real: string;
      try {
        real = await files.realpath(path);
      } catch (error) {
        // A Makefile another runs from the repository's root (`make -f build/ext/Makefile` in a recipe) names its paths from there.
        const fromRoot = (naming.kind ?? detectKind(naming.path)) === 'makefile' && !isAbsolute(build.dockerfile) && base !== root ? join(root, build.dockerfile) : undefined;
        if (fromRoot !== undefined && (await files.isFile(fromRoot))) {
          naming.buildProblems.push({
            kind: 'unresolved',
            range: build.range,
            text: displayName(path),
            message:
              `${by} builds from ${displayName(path)}, which does not exist; ${join(await rootAsNamed(naming.path, root, assembly), build.dockerfile)}, the same path from the repository's root, does: the Makefile may be run from there (make -f ${displayName(naming.path)}), which is not followed, so the images that build uses cannot be checked; ` +
              `run it in its own folder (make -C ${dirname(displayName(naming.path))}), write the path from that folder, or accept it with --allow-unresolved`,
            aboutFile: true,
          });
          return;
        }
        missing(whyUnreadable(error));
        return;
      }
      if (!isInside(root, real)) {
        missing(`lies outside the repository (${root})`);
        return;
      }
      // Platforms a word may add that only the runner knows: read with those it names, and a Dockerfile read alone is told.
      if (build.hidden !== undefined) assembly.told?.hiddenBuild(real, hiddenBuildProblem(build.hidden, by, place));
      let dockerfile = byRealPath.get(real);
      if (dockerfile === undefined) {
        // Left out by its repository config: not read, for this build either.
        if ((await fileOptions.excluding(path)) !== undefined) return;
        dockerfile = { path, kind: 'dockerfile', direct: false, builds: [], buildProblems: [], options: await fileOptions.of(path) };
        byRealPath.set(real, dockerfile);
        result.splice(index + 1, 0, dockerfile);
      }
      dockerfile.builds.push(use);
    };
    // The repository's root as the file is named (`.` for a file given as `.gitlab-ci.yml`), so a path from it is named alike in messages.
    let named: string | undefined;
    // A reading of a compose file a step only pulls the images of (`docker compose pull`): its builds are not the runner's.
    const builds = options.composeRunner?.builds === false ? [] : buildsOf(file, options, scan);
    for (const found of builds) {
      // A composite action at the repository's root is used by other repositories, its steps building their files.
      if (found.fromRepositoryRoot === true && file.kind === 'github-action' && (await files.realpath(dirname(naming.path)).catch(() => dirname(naming.path))) === root) continue;
      const own = found.fromRepositoryRoot === true ? (named ??= await rootAsNamed(naming.path, root, assembly)) : (view.projectDirectory ?? dirname(naming.path));
      if (found.fromRunFolder !== true || found.dockerfile === undefined) {
        await add(found, own);
        continue;
      }
      // From the folder it runs in: the one its Dockerfile is found from (none: its own, where it is missing).
      const folders = await runFolders(found.dockerfile, own, root, files);
      if (folders.length < 2) await add(found, folders[0]?.folder ?? own);
      else unknownRunFolder(naming, found, folders, byRealPath, assembly);
    }
    if (RUNS_ON_RUNNERS.has(file.kind)) {
      const uses = scan().localActions ?? [];
      // The compose files its steps run docker compose on: read for their runners too.
      await composeRunReadings([...uses, ...(await scriptComposeRuns(uses, root, assembly))], naming, root, byRealPath, assembly);
      // make or a script only the run knows: said at its step.
      if (naming.buildsOnly !== true) await hiddenCallProblems(uses, naming, root, assembly);
      else for (const use of uses) if (use.hidden !== undefined) assembly.hiddenSteps.push({ use, place: `${displayName(naming.path)}:${use.line}`, root });
      for (const { build, base } of await localActionBuilds(uses.filter((use) => use.compose === undefined && use.hidden === undefined), await rootAsNamed(naming.path, root, assembly), options, assembly)) await add(build, base);
    }
    // Its builds of a Dockerfile it does not name, said in the scan its builds came from.
    if (naming.buildsOnly === true && scanned !== undefined) unnamedBuilds(naming, scanned.problems, root, byRealPath, assembly);
    else if (assembly.told !== undefined && scanned !== undefined) for (const build of unnamedBuildsOf(displayName(naming.path), scanned.problems)) assembly.told.unnamedBuild(root, build);
  }
}

/**
 * What the actions of the repository that a workflow's steps use build (a Docker container action's
 * Dockerfile, a composite action's `docker build .`), and what the Makefiles and scripts its run
 * steps (or a GitLab job's script) run build (core/sources/runStepCalls.ts), built on the steps'
 * runners: one build per runner architecture, each with the folder its paths start from. The
 * runner is the builder (`$BUILDPLATFORM`) of each, and the platform of those that name none of
 * their own; a builder off the runner is of a platform unknown (`LocalActionUse.offRunner`).
 */
async function localActionBuilds(uses: readonly LocalActionUse[], root: string, options: SourceOptions, assembly: Assembly): Promise<{ build: FileBuild; base: string }[]> {
  const out: { build: FileBuild; base: string }[] = [];
  let memo = actionBuildsMemo.get(assembly);
  if (memo === undefined) actionBuildsMemo.set(assembly, (memo = new Map()));
  // The calls to read: the steps' own, then those the package.json scripts they run make in turn.
  const queue = [...uses];
  const queued = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const use = next;
    const folder = join(root, use.folder);
    const used = usedFile(use, root, folder, options, assembly);
    for (const { path, base } of await usedPaths(use, used, folder, assembly)) {
      out.push(...(await builtOnRunners(use, used, path, base, root, memo, assembly)));
      if (use.packageScript === undefined) continue;
      for (const call of await packageScriptCalls(path, use.packageScript, options, assembly)) {
        const from = relative(root, join(dirname(path), call.folder)).split(sep).join('/') || '.';
        const key = `${from}\n${call.packageScript}\n${JSON.stringify(call.workspaces ?? null)}\n${JSON.stringify(use.platforms)}\n${use.offRunner ?? ''}`;
        // Another repository's files, or a call read already (scripts that run each other).
        if (from.startsWith('../') || from === '..' || isAbsolute(from) || queued.has(key) || queued.size >= MAX_SCRIPT_CALLS) continue;
        queued.add(key);
        const { packageScript, workspaces } = call;
        queue.push({ ...use, folder: from, packageScript, workspaces, by: `${use.by}, through the ${call.by} of ${assembly.displayName(path)},` });
      }
    }
  }
  return out;
}

/** How many calls of package.json scripts to other packages one file's steps are followed through, at most. */
const MAX_SCRIPT_CALLS = 200;

/**
 * The file a step's use takes, with the folder its builds' paths start from (the use's), or the
 * package.json files of the workspace packages it runs a script in, each from its own folder. A
 * missing action, Makefile or script is the runner's error; the file's own reading reports what it can.
 */
async function usedPaths(use: LocalActionUse, used: UsedFile, folder: string, assembly: Assembly): Promise<{ path: string; base: string }[]> {
  if (use.workspaces !== undefined) return (await workspacePackages(use.workspaces, folder, assembly)).map((path) => ({ path, base: dirname(path) }));
  for (const candidate of used.candidates) if (await assembly.files.isFile(candidate)) return [{ path: candidate, base: used.base?.(candidate) ?? folder }];
  return [];
}

/** The builds of the file at `path` a step's use takes, from `folder`: one per runner architecture (or one on its builder off the runner). */
async function builtOnRunners(
  use: LocalActionUse,
  used: UsedFile,
  path: string,
  folder: string,
  root: string,
  memo: Map<string, Promise<FileBuild[]>>,
  assembly: Assembly,
): Promise<{ build: FileBuild; base: string }[]> {
  const out: { build: FileBuild; base: string }[] = [];
  const key = used.key(path);
  let builds = memo.get(key);
  if (builds === undefined) {
    builds = used.builds(path);
    memo.set(key, builds);
  }
  for (const build of await builds) {
    if (build.hidden?.platforms === true) continue;
    // A build for platforms of its own still runs on the runner: `$BUILDPLATFORM` is the runner's.
    const ownPlatforms = build.platforms.length > 0 || build.platform !== undefined;
    const base = build.fromRepositoryRoot === true ? root : folder;
    if (use.offRunner !== undefined) {
      // On a builder off the runner: of a platform unknown, the target too of a build that names none.
      out.push({ build: { ...build, builderUnknown: use.offRunner, range: use.range, by: `${build.by} of ${assembly.displayName(path)}, which ${use.by} ${used.verb}` }, base });
      continue;
    }
    if (use.platforms.length === 0 && use.inputs !== undefined) {
      // On a runner the file does not name for sure: a build naming no platform is the configured one's, as the workflow's own are.
      out.push({ build: { ...build, range: use.range, by: `${build.by} of ${assembly.displayName(path)}, which ${use.by} ${used.verb}` }, base });
      continue;
    }
    for (const platform of use.platforms) {
      out.push({ build: { ...build, ...(ownPlatforms ? {} : { platform }), builder: platform, range: use.range, by: `${build.by} of ${assembly.displayName(path)}, which ${use.by} ${used.verb} on a ${formatPlatform(platform)} runner` }, base });
    }
  }
  return out;
}

/** The file a step uses or runs: the paths it may have, its key among the files read, how its builds are read, and how messages say the step takes it. */
interface UsedFile {
  readonly candidates: readonly string[];
  readonly key: (path: string) => string;
  readonly builds: (path: string) => Promise<FileBuild[]>;
  readonly verb: string;
  /** The folder its builds' paths start from, when not the use's: a justfile or Taskfile found by the tool's search runs in its own. */
  readonly base?: (path: string) => string;
}

function usedFile(use: LocalActionUse, root: string, folder: string, options: SourceOptions, assembly: Assembly): UsedFile {
  const script = use.script;
  if (script !== undefined) {
    // A script starts in the step's folder: each folder it is run from is a reading of its own.
    return { candidates: [join(root, script)], key: (path) => `${path}\n${use.folder}`, builds: (path) => scriptBuilds(path, script, use.folder, options, assembly), verb: 'runs' };
  }
  const packageScript = use.packageScript;
  if (packageScript !== undefined) {
    // The package.json of the folder the tool runs in: each script of it a reading of its own.
    return { candidates: [join(folder, 'package.json')], key: (path) => `${path}\n${packageScript}`, builds: (path) => packageScriptBuilds(path, packageScript, options, assembly), verb: 'runs' };
  }
  const runner = taskRunnerUse(use, root, folder);
  if (runner !== undefined) {
    const base = runner.searched ? dirname : undefined;
    return { candidates: runner.candidates, key: (path) => path, builds: (path) => runnerFileBuilds(path, runner.kind, options, assembly), verb: `runs ${runner.tool} with`, ...(base === undefined ? {} : { base }) };
  }
  if (use.makefile !== undefined) {
    const names = use.makefile === '' ? ['GNUmakefile', 'makefile', 'Makefile'] : [use.makefile];
    const goals = use.goals;
    return {
      candidates: names.map((name) => join(folder, name)),
      key: (path) => `${path}\n${JSON.stringify(goals ?? null)}`,
      builds: (path) => makefileBuilds(path, goals === undefined ? options : { ...options, makefileGoals: goals }, assembly),
      verb: goals === undefined ? 'runs make with' : `runs make ${goals.join(' ')} with`,
    };
  }
  // An action the step gives inputs: each set of inputs a reading of its own.
  const inputs = use.inputs;
  return {
    candidates: actionFiles(folder),
    key: (path) => `${path}\n${JSON.stringify([...(inputs ?? [])])}`,
    builds: (path) => actionBuilds(path, inputs === undefined ? options : { ...options, actionCall: inputs }, assembly),
    verb: 'uses',
  };
}

/** The kinds of CI file whose steps may use an action, or run a Makefile or a script, of the repository on a runner of known architecture. */
const RUNS_ON_RUNNERS: ReadonlySet<FileKind> = new Set(['github-workflow', 'gitlab-ci', 'circleci', 'bitbucket-pipelines', 'azure-pipelines']);

/**
 * The repository's root as the workflow at `path` is named (`.` from a workflow given as
 * `.github/workflows/ci.yml`), so the files its steps run are named the same way in messages.
 */
async function rootAsNamed(path: string, root: string, assembly: Assembly): Promise<string> {
  const folder = dirname(path);
  const real = await assembly.files.realpath(folder).catch(() => undefined);
  return real === undefined || !isInside(root, real) ? root : join(folder, relative(real, root));
}

/**
 * Each action file's (Makefile's, script's) builds, read and scanned once per assembly however many
 * steps of however many workflows use it: an action's scan reads its text alone (core/sources/githubAction.ts).
 */
const actionBuildsMemo = new WeakMap<Assembly, Map<string, Promise<FileBuild[]>>>();

async function actionBuilds(path: string, options: SourceOptions, assembly: Assembly): Promise<FileBuild[]> {
  try {
    return buildsOf((await readSource({ path, kind: 'github-action' }, assembly.files)).file, options);
  } catch (error) {
    if (error instanceof UnreadableFileError) return [];
    throw error;
  }
}

/** A script's builds as a step runs it from `start` (the repository's path of the step's folder), when it is a shell script. */
async function scriptBuilds(path: string, repositoryPath: string, start: string, options: SourceOptions, assembly: Assembly): Promise<FileBuild[]> {
  try {
    const text = await assembly.files.readText(path);
    // A script of another language (`./gradlew`'s is sh, `./build.py` is not) builds nothing this reads.
    if (detectKind(path, text) !== 'shell-script') return [];
    return buildsOf({ kind: 'shell-script', text }, { ...options, repositoryPath, scriptStart: start });
  } catch (error) {
    if (error instanceof UnreadableFileError) return [];
    throw error;
  }
}

/** The builds of the script `name` of a package.json, with those it runs (core/sources/packageScripts.ts), as a step runs it. */
async function packageScriptBuilds(path: string, name: string, options: SourceOptions, assembly: Assembly): Promise<FileBuild[]> {
  const read = await packageScriptReading(path, name, options, assembly);
  return read === undefined ? [] : buildsOf(read.file, read.options, () => read.scan);
}

/** The scripts of other packages the script `name` of a package.json runs (core/sources/packageScripts.ts `otherPackages`), from its folder. */
async function packageScriptCalls(path: string, name: string, options: SourceOptions, assembly: Assembly): Promise<readonly LocalActionUse[]> {
  return (await packageScriptReading(path, name, options, assembly))?.scan.localActions ?? [];
}

/** The package.json at `path` read and scanned for its script `name`, once per assembly for its builds and its calls; undefined when it cannot be read. */
const packageScriptReadings = new WeakMap<Assembly, Map<string, Promise<{ file: SourceFile; options: SourceOptions; scan: ScanResult } | undefined>>>();

function packageScriptReading(path: string, name: string, options: SourceOptions, assembly: Assembly): Promise<{ file: SourceFile; options: SourceOptions; scan: ScanResult } | undefined> {
  let memo = packageScriptReadings.get(assembly);
  if (memo === undefined) packageScriptReadings.set(assembly, (memo = new Map()));
  const key = `${path}\n${name}`;
  let read = memo.get(key);
  if (read === undefined) {
    read = (async () => {
      try {
        const file: SourceFile = { kind: 'package-scripts', text: await assembly.files.readText(path) };
        const scanned = { ...options, packageScript: name };
        return { file, options: scanned, scan: scanSource(file, scanned) };
      } catch (error) {
        if (error instanceof UnreadableFileError) return undefined;
        throw error;
      }
    })();
    memo.set(key, read);
  }
  return read;
}

/** A justfile's or Taskfile's builds, read whole (every recipe or task), as just or task reads it from its folder. */
async function runnerFileBuilds(path: string, kind: 'justfile' | 'taskfile', options: SourceOptions, assembly: Assembly): Promise<FileBuild[]> {
  try {
    return buildsOf((await readSource({ path, kind }, assembly.files)).file, options);
  } catch (error) {
    if (error instanceof UnreadableFileError) return [];
    throw error;
  }
}

/** A Makefile's builds, with the files it includes (engine/makefileIncludes.ts), as make reads it. */
async function makefileBuilds(path: string, options: SourceOptions, assembly: Assembly): Promise<FileBuild[]> {
  try {
    const includes = await makefileIncludes(path, assembly);
    return buildsOf((await readSource({ path, kind: 'makefile' }, assembly.files)).file, { ...options, ...(includes === undefined ? {} : { makefileIncludes: includes.includes }) });
  } catch (error) {
    if (error instanceof UnreadableFileError) return [];
    throw error;
  }
}

/**
 * How `reading` of `operand` is named: `included by compose.b.yaml` (`includes` false) or
 * `compose.b.yaml includes it`, with the line when the same file includes it more than one way.
 */
export function includeWords(reading: Pick<BuildOperand, 'includer'>, operand: BuildOperand, includes = false): string {
  const includer = reading.includer;
  if (includer === undefined) return '';
  const names = [operand.includer, ...(operand.moreReadings ?? []).map((r) => r.includer)].filter((i) => i?.name === includer.name);
  const line = names.length > 1 ? ` on line ${includer.line}` : '';
  if (includer.via === 'runner') return includes ? `${includer.name} runs it (${includer.runs ?? 'docker compose'})` : `run by ${includer.name} (${includer.runs ?? 'docker compose'})`;
  if (includer.via === 'extends') return includes ? `${includer.name} extends it${line}` : `extended by ${includer.name}${line}`;
  return includes ? `${includer.name} includes it${line}` : `included by ${includer.name}${line}`;
}

/**
 * What a build of a file that is not read itself (`buildsOnly`) leaves to its runner, said at the
 * top of the Dockerfile it builds: `unresolved`, named where the build is (`place`), with the
 * build's own reason and fix. The Dockerfile's other readings go on.
 */
function hiddenBuildProblem(hidden: BuildHidden, by: string, place: string): ScanProblem {
  return topProblem(place, `${by} builds this Dockerfile, and ${hidden.message}`);
}

/**
 * A file read only for its builds (`buildsOnly`) that cannot be read (`why`) may build any
 * Dockerfile of its repository (`root`): each of the files to read there says it at its top, as
 * `check .` would fail on the file, so its builds are not passed over unsaid.
 */
function unreadableBuilder(naming: BuildOperand, why: string, root: string, byRealPath: ReadonlyMap<string, BuildOperand>, assembly: Assembly): void {
  const name = assembly.displayName(naming.path);
  for (const [, dockerfile] of dockerfilesIn(root, byRealPath)) {
    dockerfile.buildProblems.push(
      topProblem(
        name,
        `${name}, a build file of this Dockerfile's repository, ${why}: the builds of this Dockerfile it may describe cannot be checked; make it readable, or leave it out with ignore.paths in the repository config`,
      ),
    );
  }
}

/**
 * A build whose Dockerfile's path names a file from several of the folders it may run in
 * (`runFolders`): which it builds cannot be told. Said at its line (in a tree's reading), and at
 * the top of each of those Dockerfiles read alone (a named one, an open one: `told`); none is read
 * for it.
 */
function unknownRunFolder(naming: BuildOperand, build: FileBuild, folders: readonly RunFolder[], byRealPath: ReadonlyMap<string, BuildOperand>, assembly: Following): void {
  const name = assembly.displayName(naming.path);
  const built = folders.map(({ folder, path }) => `run in ${assembly.displayName(folder)}, ${assembly.displayName(path)}`).join('; ');
  const message =
    `${build.by} in ${name} builds ${build.dockerfile} from the folder it runs in, which the file does not say, and that names a Dockerfile from more than one folder (${built}), so which it builds cannot be told: ` +
    `their images are checked for the configured platform, which may not be one it is built for; pin those Dockerfiles' images to index digests (--index), or accept it with --allow-unresolved`;
  const place = `${name}:${build.range.start.line + 1}`;
  for (const { real } of folders) {
    assembly.told?.hiddenBuild(real, topProblem(place, message));
    const dockerfile = naming.buildsOnly === true ? byRealPath.get(real) : undefined;
    if (dockerfile !== undefined && dockerfile.buildsOnly !== true) dockerfile.buildProblems.push(topProblem(place, message));
  }
  if (naming.buildsOnly !== true) naming.buildProblems.push({ kind: 'unresolved', range: build.range, text: build.dockerfile ?? '', message, aboutFile: true });
}

/**
 * The builds a file read only for its builds (`buildsOnly`) makes of a Dockerfile it does not name,
 * as its scan's `problems` mark them (`ScanProblem.unnamedDockerfile`): any Dockerfile to read of
 * its repository (`root`) may be the one, and says it at its top, naming the build's line, unless
 * the build is for that Dockerfile's configured platform alone, which its reading reads already.
 */
function unnamedBuilds(naming: BuildOperand, problems: readonly ScanProblem[], root: string, byRealPath: ReadonlyMap<string, BuildOperand>, assembly: Assembly): void {
  for (const build of unnamedBuildsOf(assembly.displayName(naming.path), problems)) {
    for (const [real, dockerfile] of dockerfilesIn(root, byRealPath)) {
      if (!mayBuild(build, root, real, dockerfile.options.platform)) continue;
      // Said once, however many of its problems (or readings) mark the build.
      if (dockerfile.buildProblems.some((said) => said.text === build.place && said.message === build.message)) continue;
      dockerfile.buildProblems.push(topProblem(build.place, build.message));
    }
  }
}

/** The Dockerfiles to read (not `buildsOnly`) of the repository at `root`, by real path: those its build files may build. */
function dockerfilesIn(root: string, byRealPath: ReadonlyMap<string, BuildOperand>): [string, BuildOperand][] {
  return [...byRealPath].filter(([real, file]) => file.buildsOnly !== true && (file.kind ?? detectKind(file.path)) === 'dockerfile' && isInside(root, real));
}

/**
 * A compose `dockerfile_inline` names images that a digest could only go into inside the compose
 * file's string: each is reported there, as not pinnable.
 */
function inlineProblems(build: FileBuild, by: string, options: SourceOptions): ScanProblem[] {
  if (build.inline === undefined) return [];
  const scan = scanBuild(build.inline.text, { ...options, buildArgs: build.buildArgs }, build);
  return [...scan.images.map((image) => image.text), ...scan.problems.map((problem) => problem.text)].map((text) => ({
    kind: 'skipped' as const,
    range: build.inline?.range ?? build.range,
    text,
    message: `skipped ${JSON.stringify(text)}: ${by} builds from a dockerfile_inline, where docker-pin does not write digests; move it to a Dockerfile to have it checked and pinned`,
  }));
}
