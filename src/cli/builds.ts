// The Dockerfiles that the compose files, dev containers and actions among the files to read build
// from. Each such Dockerfile is read as each build uses it (its args, target and platforms), and
// reported at its own lines: it is added to the files to read right after the first file that
// builds from it, unless it is one of them already. What cannot be read that way (a missing
// Dockerfile, one outside the repository, a remote context, an inline Dockerfile) is reported at
// the line of the file that names it. Likewise the files a GitLab CI file includes (`include:local`)
// and the compose files a dev container names are read as files of their own kind, so the images
// they name are never passed over; one that cannot be read is reported where it is named.
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve as resolvePath } from 'node:path';
import { scanBuild } from '../core/buildScan';
import { repositoryRootOf } from '../core/repoConfig/search';
import { detectKind } from '../core/sources/detect';
import { servicesBuilding } from '../core/sources/compose';
import { parseDotEnv } from '../core/sources/dotenv';
import type { ComposeLink, FileKind, LinkedFile, ScanProblem } from '../core/types';
import type { SharedAnalyzeOptions } from '../engine/analyze';
import type { ImageStatus } from '../engine/types';
import { buildsOf, scanSource, type FileBuild, type SourceOptions } from '../engine/sources';
import type { FileOptions } from './fileOptions';
import { displayName, STDIN } from './inputs';
import { type FileOperand, operandPath, readSource, type ReadSource } from './readSource';
import { readTextFile, UnreadableFileError } from './readFile';

/** One build of a Dockerfile: who builds it, and the options that build reads it with. */
export interface BuildUse {
  /** `service web in compose.yaml`, `the dev container in .devcontainer/devcontainer.json`. */
  readonly by: string;
  readonly build: FileBuild;
}

/** A file to read, with the builds that read it (a Dockerfile) and the build problems it names (a compose file, …). */
export interface BuildOperand {
  readonly path: string;
  readonly kind?: FileKind;
  /** False for a Dockerfile read only because a build uses it: it is reported for those builds alone. */
  readonly direct: boolean;
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
}

const BUILDING_KINDS: ReadonlySet<FileKind> = new Set(['compose', 'devcontainer', 'github-action']);
/** Kinds whose files name other files to read (GitLab's local includes, a dev container's compose files). */
const LINKING_KINDS: ReadonlySet<FileKind> = new Set(['gitlab-ci', 'devcontainer', 'compose']);

/**
 * `operands` in order, each Dockerfile a build uses added once (after its first builder) and given
 * its builds, each with its options (`fileOptions.of`). A Dockerfile or included file that its
 * repository config leaves out (`ignore.paths`) is not added. Throws RepoConfigError for an invalid config.
 */
export async function withBuilds(operands: readonly FileOperand[], fileOptions: FileOptions): Promise<BuildOperand[]> {
  const result: BuildOperand[] = [];
  const byRealPath = new Map<string, BuildOperand>();
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
    const real = entry.path === STDIN ? undefined : await realpath(entry.path).catch(() => undefined);
    if (real !== undefined && !byRealPath.has(real)) byRealPath.set(real, entry);
  }
  // Each folder's repository, looked up once however many build files it holds.
  const roots = new Map<string, string | undefined>();
  for (let index = 0; index < result.length; index++) {
    const naming = result[index];
    if (!naming.direct || naming.path === STDIN) continue;
    // Only a regular file that may describe a build is read here: a pipe can be read only once, by its own pass.
    const kind = naming.kind ?? detectKind(naming.path);
    if (kind === undefined || !(BUILDING_KINDS.has(kind) || LINKING_KINDS.has(kind))) continue;
    if (!(await stat(naming.path).then((s) => s.isFile(), () => false))) continue;
    let read;
    try {
      read = await readSource(naming.kind === undefined ? naming.path : { path: naming.path, kind: naming.kind });
    } catch (error) {
      // The file's own pass reports it.
      if (error instanceof UnreadableFileError) continue;
      throw error;
    }
    if (!BUILDING_KINDS.has(read.file.kind) && !LINKING_KINDS.has(read.file.kind)) continue;
    const root = await repositoryRoot(naming.path, roots);
    const options = naming.options;
    if (LINKING_KINDS.has(read.file.kind)) {
      let at = index + 1;
      for (const link of scanSource(read.file, options).linked ?? []) {
        const linked =
          link.compose === undefined
            ? await linkedOperand(naming, link, root, byRealPath, fileOptions)
            : await composeLinked(naming, read, link, link.compose, root, byRealPath, fileOptions);
        if ('problem' in linked) naming.buildProblems.push(linked.problem);
        // In the order the file names them, right after it.
        else if (linked.entry !== undefined) result.splice(at++, 0, linked.entry);
      }
    }
    for (const build of buildsOf(read.file, options)) {
      const by = `${build.by} in ${displayName(naming.path)}`;
      if (build.inline !== undefined) {
        naming.buildProblems.push(...inlineProblems(build, by, options));
        continue;
      }
      if (build.dockerfile === undefined) continue;
      const path = isAbsolute(build.dockerfile) ? build.dockerfile : join(naming.projectDirectory ?? dirname(naming.path), build.dockerfile);
      const missing = (why: string): void => {
        naming.buildProblems.push({
          kind: 'unresolved',
          range: build.range,
          text: displayName(path),
          message: `${by} builds from ${displayName(path)}, which ${why}: the images that build uses cannot be checked`,
        });
      };
      let real: string;
      try {
        real = await realpath(path);
      } catch (error) {
        missing((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
        continue;
      }
      if (!isInside(root, real)) {
        missing(`lies outside the repository (${root})`);
        continue;
      }
      let dockerfile = byRealPath.get(real);
      if (dockerfile === undefined) {
        // Left out by its repository config: not read, for this build either.
        if ((await fileOptions.excluding(path)) !== undefined) continue;
        dockerfile = { path, kind: 'dockerfile', direct: false, builds: [], buildProblems: [], options: await fileOptions.of(path) };
        byRealPath.set(real, dockerfile);
        result.splice(index + 1, 0, dockerfile);
      }
      dockerfile.builds.push({ by, build });
    }
  }
  return result;
}

/**
 * The file `link` names, as an operand to read (undefined when it is read already), or the problem
 * that keeps it from being read: it is missing, outside the repository, or named by a wildcard.
 */
async function linkedOperand(
  naming: BuildOperand,
  link: LinkedFile,
  root: string,
  byRealPath: Map<string, BuildOperand>,
  fileOptions: FileOptions,
): Promise<{ entry?: BuildOperand } | { problem: ScanProblem }> {
  const by = displayName(naming.path);
  const problem = (why: string): { problem: ScanProblem } => ({
    problem: { kind: 'unresolved', range: link.range, text: link.path, message: `${by} names ${link.path}, which ${why}: the images it names cannot be checked` },
  });
  if (/[*?[]/.test(link.path)) return problem('is a pattern docker-pin does not expand; name its files on the command line');
  const path =
    link.relativeTo === 'repository'
      ? relative(process.cwd(), join(root, link.path.replace(/^\/+/, '')))
      : join(dirname(naming.path), link.path);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return problem(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`);
  }
  if (!isInside(root, real)) return problem(`lies outside the repository (${root})`);
  if (byRealPath.has(real)) return {};
  const named = path === '' ? '.' : path;
  // Left out by its repository config: not read.
  if ((await fileOptions.excluding(named)) !== undefined) return {};
  const entry: BuildOperand = { path: named, kind: link.kind, direct: true, builds: [], buildProblems: [], options: await fileOptions.of(named) };
  byRealPath.set(real, entry);
  return { entry };
}

/**
 * The compose file an `include` or `extends.file` names, as an operand read the way Compose reads
 * it (undefined when it is read already), or the problem that keeps it from being read: missing,
 * outside the repository, an include cycle, a missing env file. Compose refuses a project with any
 * of these, so each is `invalid` at the line that names the file.
 */
async function composeLinked(
  naming: BuildOperand,
  read: ReadSource,
  link: LinkedFile,
  compose: ComposeLink,
  root: string,
  byRealPath: Map<string, BuildOperand>,
  fileOptions: FileOptions,
): Promise<{ entry?: BuildOperand } | { problem: ScanProblem }> {
  const by = displayName(naming.path);
  const what = compose.via === 'include' ? 'includes' : `extends a service of`;
  const problem = (why: string, kind: ScanProblem['kind'] = 'invalid'): { problem: ScanProblem } => ({
    problem: { kind, range: link.range, text: link.path, message: `${by} ${what} ${link.path}, which ${why}` },
  });
  const project = naming.projectDirectory ?? dirname(naming.path);
  const path = isAbsolute(link.path) ? link.path : join(project, link.path);
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return problem(`${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`}: Compose refuses the project, and the images that file names cannot be checked`);
  }
  if (!isInside(root, real)) return problem(`lies outside the repository (${root}): the images it names are not checked`, 'unresolved');
  const namingReal = await realpath(naming.path).catch(() => resolvePath(naming.path));
  const chain = [...(naming.includedBy ?? []), { real: namingReal, name: by }];
  const named = path === '' ? '.' : path;
  if (compose.via === 'include') {
    const loop = chain.findIndex((step) => step.real === real);
    if (loop >= 0) {
      const cycle = [...chain.slice(loop).map((step) => step.name), displayName(named)].join(' includes ');
      return problem(`makes an include cycle (${cycle}): Compose refuses it; remove one of these includes`);
    }
  }
  // The variables of the naming file's project: the environment, then its .env (the environment wins).
  const environment = new Map(naming.options.environment ?? []);
  if (read.file.envFile !== undefined) {
    for (const [name, entry] of parseDotEnv(read.file.envFile.text, environment).entries) {
      if (entry.value !== undefined && !environment.has(name)) environment.set(name, entry.value);
    }
  }
  let projectDirectory: string | undefined;
  let envPath: string | null = null;
  if (compose.via === 'include') {
    // Its own project: paths from its project directory, variables from its env files below the including project's.
    projectDirectory = compose.projectDirectory === undefined ? dirname(named) : isAbsolute(compose.projectDirectory) ? compose.projectDirectory : join(project, compose.projectDirectory);
    const envFiles = compose.envFiles?.map((file) => (isAbsolute(file) ? file : join(project, file))) ?? [join(projectDirectory, '.env')];
    const texts: { path: string; text: string }[] = [];
    for (const file of envFiles) {
      try {
        texts.push({ path: file, text: await readTextFile(file) });
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        // Only the default .env may be missing.
        if (compose.envFiles === undefined && error.code === 'ENOENT') continue;
        return problem(`is read with the env file ${displayName(file)}, which ${error.code === 'ENOENT' ? 'does not exist' : 'cannot be read'}: Compose refuses the project`);
      }
    }
    const own = texts.length === 1 && isInside(root, await realpath(texts[0].path).catch(() => texts[0].path)) ? texts[0] : undefined;
    if (own !== undefined) envPath = own.path;
    else {
      // Several env files (the later wins): their values are used, and never take a pin.
      const values = new Map<string, string>();
      for (const { text } of texts) for (const [name, entry] of parseDotEnv(text, environment).entries) if (entry.value !== undefined) values.set(name, entry.value);
      for (const [name, value] of values) if (!environment.has(name)) environment.set(name, value);
    }
  }
  const existing = byRealPath.get(real);
  // The naming service builds: the image of the service it extends names that build's result there.
  const extendedBuilt = compose.via === 'extends' && compose.extenderBuilds === true ? compose.service : undefined;
  if (compose.via === 'extends' && compose.service !== undefined && compose.extender !== undefined) {
    // The service it extends builds: the naming service's own image names that build's result.
    const text = await readTextFile(named).catch(() => undefined);
    if (text !== undefined && servicesBuilding(text).has(compose.service)) markBuilt(naming, compose.extender);
  }
  if (existing !== undefined) {
    if (compose.via === 'include' && existing.includedBy === undefined) {
      // Reached directly too: read once, the way the project that includes it reads it.
      existing.includedBy = chain;
      existing.projectDirectory = projectDirectory;
      existing.envPath = envPath;
      existing.options = { ...existing.options, environment };
    }
    if (extendedBuilt !== undefined) markBuilt(existing, extendedBuilt);
    return {};
  }
  // Left out by its repository config: not read.
  if ((await fileOptions.excluding(named)) !== undefined) return {};
  const options = { ...(await fileOptions.of(named)), environment };
  const entry: BuildOperand = {
    path: named,
    kind: 'compose',
    direct: true,
    builds: [],
    buildProblems: [],
    options,
    envPath,
    // An extended file's relative paths start at its own folder; it is no include of anything.
    ...(compose.via === 'include' ? { projectDirectory, includedBy: chain } : {}),
  };
  if (extendedBuilt !== undefined) markBuilt(entry, extendedBuilt);
  byRealPath.set(real, entry);
  return { entry };
}

/** `service`'s image in `entry` names a build's result: it is not pinned there. */
function markBuilt(entry: BuildOperand, service: string): void {
  entry.builtServices ??= new Set();
  entry.builtServices.add(service);
  entry.options = { ...entry.options, builtServices: entry.builtServices };
}

export function buildOptions(options: SharedAnalyzeOptions, build: FileBuild): SharedAnalyzeOptions {
  return { ...options, buildArgs: build.buildArgs, build: { target: build.target, platforms: build.platforms, platform: build.platform, unknownArgs: build.unknownArgs } };
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

/**
 * The repository a file lies in: the nearest folder holding `.git` (the rule .docker-pin.yaml's
 * search follows), else the current directory when the file is under it, else the file's folder.
 */
async function repositoryRoot(file: string, memo: Map<string, string | undefined>): Promise<string> {
  const folder = resolvePath(dirname(file));
  const top = repositoryRootOf(folder, { exists: existsSync }, memo);
  const root = top ?? (isInside(process.cwd(), folder) ? process.cwd() : folder);
  return realpath(root).catch(() => root);
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** One reading of a file: directly with the run's options, or as one build uses it (`by` names the build). */
export interface Pass {
  readonly options: SharedAnalyzeOptions;
  readonly by?: string;
}

/** The readings of `operand`: the direct one when it was given (or walked), then one per build. */
export function passesOf(operand: BuildOperand): Pass[] {
  const options = operand.options;
  return [...(operand.direct ? [{ options }] : []), ...operand.builds.map((use) => ({ options: buildOptions(options, use.build), by: use.by }))];
}

/**
 * What the passes of one file have said, so that a line each reading gives the same answer is
 * reported once; a line a build reads otherwise (its args name another image) is its own finding.
 */
export class SaidOnce {
  private readonly said = new Set<string>();

  /** True the first time `status` (its place, image, state and digest) is met. */
  firstStatus(status: ImageStatus): boolean {
    const o = status.occurrence;
    return this.first(`s:${o.range.start.line}:${o.range.start.character}:${o.expanded}:${status.state}:${status.targetDigest ?? ''}`);
  }

  firstProblem(problem: ScanProblem): boolean {
    return this.first(`p:${problem.range.start.line}:${problem.range.start.character}:${problem.message}`);
  }

  private first(key: string): boolean {
    if (this.said.has(key)) return false;
    this.said.add(key);
    return true;
  }
}

/** `message` with the build that reads the line this way, when it is one. */
export function withBuild(message: string, by: string | undefined): string {
  return by === undefined ? message : `${message} (as ${by} builds it)`;
}
