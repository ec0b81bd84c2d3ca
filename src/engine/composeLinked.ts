// A compose file another compose file reaches through `include:` or `extends.file`, read the way
// Compose reads it: an included file as a project of its own (paths from its project directory,
// variables from the including project's environment and .env, then its own env files), an
// extended file with the naming project's variables and .env and its own folder for paths, each
// project that extends a service of it with other variables reading that service its own way
// (extendsReadings.ts).
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { servicesBuilding } from '../core/sources/compose';
import { parseDotEnv } from '../core/sources/dotenv';
import type { ComposeLink, LinkedFile, ScanProblem } from '../core/types';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import type { BuildOperand, ComposeReading, Includer } from './buildOperands';
import { addExtendsReading } from './extendsReadings';
import { UnreadableFileError } from './fileAccess';
import type { ReadSource } from './readSource';

export interface ComposeLinkAt {
  /** The compose file that names the other one (as the reading that names it reads it), and its text as that reading reads it. */
  readonly naming: BuildOperand;
  /** The compose file that names the other one, itself: what the reading finds is kept there. */
  readonly owner: BuildOperand;
  readonly read: ReadSource;
  readonly link: LinkedFile;
  readonly compose: ComposeLink;
  /** The naming file's repository: a file outside it is not read. */
  readonly root: string;
  /** The files to read so far, by real path. */
  readonly byRealPath: Map<string, BuildOperand>;
}

/**
 * The compose file an `include` or `extends.file` names, as an operand read the way Compose reads
 * it (undefined when it is read already), or the problem that keeps it from being read: missing,
 * outside the repository, an include cycle, a missing env file. Compose refuses a project with any
 * of these, so each is `invalid` at the line that names the file.
 */
export async function composeLinked(
  { naming, owner, read, link, compose, root, byRealPath }: ComposeLinkAt,
  { files, fileOptions, displayName }: Assembly,
): Promise<{ entry?: BuildOperand } | { problem: ScanProblem }> {
  const by = displayName(naming.path);
  const what = compose.via === 'include' ? 'includes' : `extends a service of`;
  const problem = (why: string, kind: ScanProblem['kind'] = 'invalid'): { problem: ScanProblem } => ({
    problem: { kind, range: link.range, text: link.path, message: `${by} ${what} ${link.path}, which ${why}`, aboutFile: true },
  });
  const project = naming.projectDirectory ?? dirname(naming.path);
  const path = isAbsolute(link.path) ? link.path : join(project, link.path);
  let real: string;
  try {
    real = await files.realpath(path);
  } catch (error) {
    return problem(`${whyUnreadable(error)}: Compose refuses the project, and the images that file names cannot be checked`);
  }
  if (!isInside(root, real)) return problem(`lies outside the repository (${root}): the images it names are not checked`, 'unresolved');
  const namingReal = await files.realpath(naming.path).catch(() => resolvePath(naming.path));
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
  const dotEnv = new Map<string, string>();
  if (read.file.envFile !== undefined) {
    for (const [name, entry] of parseDotEnv(read.file.envFile.text, environment).entries) if (entry.value !== undefined) dotEnv.set(name, entry.value);
  }
  const addDotEnv = (): void => {
    for (const [name, value] of dotEnv) if (!environment.has(name)) environment.set(name, value);
  };
  let projectDirectory: string | undefined;
  let envPath: string | null = null;
  let envText: string | undefined;
  if (compose.via !== 'include') {
    // The naming project's variables, its .env owning the values read from it (extendsReadings.ts).
    if (read.envPath !== undefined && read.file.envFile !== undefined) {
      envPath = read.envPath;
      envText = read.file.envFile.text;
    } else addDotEnv();
  } else {
    // Its own project: paths from its project directory, variables from its env files below the including project's.
    projectDirectory = compose.projectDirectory === undefined ? dirname(named) : isAbsolute(compose.projectDirectory) ? compose.projectDirectory : join(project, compose.projectDirectory);
    const envFiles = compose.envFiles?.map((file) => (isAbsolute(file) ? file : join(project, file))) ?? [join(projectDirectory, '.env')];
    const texts: { path: string; text: string }[] = [];
    for (const file of envFiles) {
      try {
        texts.push({ path: file, text: await files.readText(file) });
      } catch (error) {
        if (!(error instanceof UnreadableFileError)) throw error;
        // Only the default .env may be missing.
        if (compose.envFiles === undefined && error.code === 'ENOENT') continue;
        return problem(`is read with the env file ${displayName(file)}, which ${error.code === 'ENOENT' ? 'does not exist' : 'cannot be read'}: Compose refuses the project`);
      }
    }
    const ownReal = texts.length === 1 ? await files.realpath(texts[0].path).catch(() => texts[0].path) : undefined;
    const own = ownReal !== undefined && isInside(root, ownReal) ? texts[0] : undefined;
    // The including project's .env is the included one's own env file too (both in one folder):
    // its values are the same either way, and read from the file they take pins there.
    const namingReal = read.envPath === undefined ? undefined : await files.realpath(read.envPath).catch(() => read.envPath);
    if (own === undefined || namingReal !== ownReal) addDotEnv();
    if (own !== undefined) {
      envPath = own.path;
      envText = own.text;
    } else {
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
    const text = await files.readText(named).catch(() => undefined);
    if (text !== undefined && servicesBuilding(text).has(compose.service)) markBuilt(owner, compose.extender);
  }
  const includer: Includer = { name: by, line: link.range.start.line + 1, ...(compose.via === 'extends' ? { via: 'extends' as const } : {}) };
  const envFile = envPath === null || envText === undefined ? null : { path: envPath, text: envText };
  if (existing !== undefined) {
    if (compose.via === 'extends') {
      await addExtendsReading(existing, { includer, environment, envFile, ...(compose.service === undefined ? {} : { service: compose.service }) }, files);
    } else if (existing.extendedServices !== undefined) {
      // Reached by an extending project first: that project's reading keeps the services it
      // extends, and the include reads the file as a project of its own.
      existing.options = { ...existing.options, services: { only: existing.extendedServices } };
      const reading: ComposeReading = { includer, options: { ...existing.options, environment, services: undefined }, projectDirectory, envFile, includedBy: chain };
      if (![...(existing.moreReadings ?? []).map(readingKey)].includes(readingKey(reading))) (existing.moreReadings ??= []).push(reading);
    } else if (existing.includedBy === undefined) {
      // Reached directly too: read the way the project that includes it reads it.
      existing.includedBy = chain;
      existing.projectDirectory = projectDirectory;
      existing.envPath = envPath;
      existing.options = { ...existing.options, environment };
      existing.includer = includer;
    } else {
      // Included another way too: a reading of its own, as a Dockerfile two builds use has two.
      const reading: ComposeReading = { includer, options: { ...existing.options, environment }, projectDirectory, envFile, includedBy: chain };
      if (![readingKey(existing), ...(existing.moreReadings ?? []).map(readingKey)].includes(readingKey(reading))) (existing.moreReadings ??= []).push(reading);
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
    ...(compose.via === 'include' ? { projectDirectory, includedBy: chain, includer } : { includer, extendedServices: new Set(compose.service === undefined ? [] : [compose.service]) }),
  };
  if (extendedBuilt !== undefined) markBuilt(entry, extendedBuilt);
  byRealPath.set(real, entry);
  return { entry };
}

/** What makes two include readings of a file read it alike: project directory, env file and variables. */
function readingKey(reading: Pick<BuildOperand, 'projectDirectory' | 'options'> & { readonly envPath?: string | null; readonly envFile?: { readonly path: string } | null }): string {
  const envPath = reading.envFile === undefined ? reading.envPath : reading.envFile?.path ?? null;
  const environment = [...(reading.options.environment ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([reading.projectDirectory ?? null, envPath ?? null, environment]);
}

/** `service`'s image in `entry` names a build's result: it is not pinned there. */
export function markBuilt(entry: BuildOperand, service: string): void {
  entry.builtServices ??= new Set();
  entry.builtServices.add(service);
  entry.options = { ...entry.options, builtServices: entry.builtServices };
}
