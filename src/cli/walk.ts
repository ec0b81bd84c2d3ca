// Turns the operands of `pin` and `check` into the files they read. A file operand is taken as
// given; a directory operand is walked for every file docker-pin reads, found by name and, for a
// YAML or JSON file no name claims, by content (detectKind). Inside a git work tree git says which
// files count (`git ls-files -co --exclude-standard`: tracked and untracked, ignored ones left
// out); elsewhere the `.gitignore` files of the tree are read as git reads them (the `ignore`
// package).
// `.git` and `node_modules` are never entered, nor Go's vendored modules (core/vendoredModules.ts), and a symlink is followed only to a place inside
// the walked directory (a symlinked directory is not entered at all, so a loop cannot hang).
// Files are looked at and read with Node's synchronous calls (see readFile.ts for why).
import { isUtf8 } from 'node:buffer';
import { execFile } from 'node:child_process';
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { detectKind, extensionless } from '../core/sources/detect';
import { goVendored } from '../core/vendoredModules';
import type { FileKind } from '../core/types';
import { STDIN } from './inputs';

/** One file to read: its path as the user reads it (from the operand as given), and its kind. */
export interface WalkedFile {
  readonly path: string;
  /**
   * The kind detectKind gives. Undefined only for a file operand neither its name nor its content
   * (for YAML and JSON) places and whose name is not YAML or JSON: it is read as a Dockerfile, as
   * `check Dockerfile.prod` always has been.
   */
  readonly kind: FileKind | undefined;
}

export interface WalkResult {
  readonly files: WalkedFile[];
  /** File operands their repository config leaves out, each with that config's name. */
  readonly excluded: { readonly path: string; readonly by: string }[];
  /**
   * File operands with a YAML or JSON name whose name and content place them in no kind docker-pin
   * reads (a Helm values file, a config file): not read, since reading one as a Dockerfile would
   * pin whatever `FROM` line its text happens to hold.
   */
  readonly otherFiles: string[];
  /** Directory operands in which no supported file was found. */
  readonly emptyDirectories: string[];
  /** Every directory operand walked. */
  readonly directories: string[];
  /** What could not be walked (a directory that cannot be read), one sentence each. */
  readonly problems: string[];
}

/** A YAML or JSON file larger than this is not read to tell its kind (a manifest that big is generated data). */
export const CONTENT_DETECTION_LIMIT = 4 * 1024 * 1024;

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);
/** Names whose content may make them a kind docker-pin reads (a Compose file, a manifest in YAML or JSON). */
const CONTENT_NAME = /\.(?:ya?ml|json)$/i;
/** Names whose format is not a Dockerfile's, whatever their content. */
const DATA_NAME = /\.(?:ya?ml|jsonc?)$/i;

/**
 * Names the repository config (`.docker-pin.yaml`) whose `ignore.paths` leave a file out, when one
 * does: such a file is not read, not even to tell its kind.
 */
export type Exclusion = (path: string) => Promise<{ readonly file: string } | undefined>;

/** The files `operands` name, in argument order, each directory's files in sorted path order. */
export async function walkOperands(operands: readonly string[], excluding: Exclusion = async () => undefined): Promise<WalkResult> {
  const result: WalkResult = { files: [], excluded: [], otherFiles: [], emptyDirectories: [], directories: [], problems: [] };
  for (const operand of operands) {
    if (operand !== STDIN && (await isDirectory(operand))) {
      const found = await walkDirectory(operand, result.problems, excluding);
      result.directories.push(operand);
      if (found.length === 0) result.emptyDirectories.push(operand);
      result.files.push(...found);
    } else {
      const by = await excluding(operand);
      if (by !== undefined) result.excluded.push({ path: operand, by: by.file });
      else {
        const file = await fileOperand(operand);
        if (file === OTHER) result.otherFiles.push(operand);
        else result.files.push(file);
      }
    }
  }
  return result;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    // Missing or unreadable: passed on as a file, and reported as such when its turn comes.
    return false;
  }
}

/** A YAML or JSON file of no kind docker-pin reads. */
const OTHER = Symbol('other file');

/**
 * A file named on the command line: its kind by name, else by content for YAML and JSON, else none; OTHER
 * for a YAML or JSON file that exists and is of no kind (a missing one stays a file, reported as
 * unreadable when its turn comes).
 */
async function fileOperand(path: string): Promise<WalkedFile | typeof OTHER> {
  if (path === STDIN) return { path, kind: undefined };
  const byName = detectKind(wholePath(path));
  if (byName === undefined && extensionless(path) && isRegularFile(path) && opensWithShebang(path)) {
    // A script named without an extension: its `#!` line says whether it is a shell script. Only a
    // regular file is looked into: a pipe (`<(…)`, a fifo) can be read once, and that read is the run's.
    const text = readText(path);
    if (text !== undefined && detectKind(wholePath(path), text) === 'shell-script') return { path, kind: 'shell-script' };
  }
  if (byName !== undefined || !DATA_NAME.test(path)) return { path, kind: byName };
  let text: string;
  try {
    // Named, so read whatever its size: the walk's limit is for files nobody asked for.
    text = readFileSync(path).toString('utf8');
  } catch {
    // Missing or unreadable: reported as such when its turn comes.
    return { path, kind: undefined };
  }
  const kind = CONTENT_NAME.test(path) ? detectKind(wholePath(path), text) : undefined;
  return kind === undefined ? OTHER : { path, kind };
}

/**
 * The absolute path of a file, with `/` separators, for detectKind: a workflow or a dev container
 * config is known by the folders it is in (`.github/workflows/`, `.devcontainer/`), which a path
 * relative to the operand or the working directory leaves out (`check .github/workflows` walks
 * `ci.yml`; `check devcontainer.json` run inside `.devcontainer`).
 */
function wholePath(path: string): string {
  return slashed(resolve(path));
}

/** The kind the whole path (absolute, normalized) of a file gives it alone (`walkedFile` gives it that kind whatever it holds); undefined when its text decides. */
export function kindOfPath(absolute: string): FileKind | undefined {
  return detectKind(slashed(absolute));
}

function slashed(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Whether a file of this name may be one docker-pin reads: its name says so, it is YAML or JSON, or it may be a script (no extension). */
export function mayBeSupported(relativePath: string): boolean {
  return detectKind(relativePath) !== undefined || CONTENT_NAME.test(relativePath) || extensionless(relativePath);
}


/** Every supported file under `operand`, paths joined onto the operand as written, sorted. */
async function walkDirectory(operand: string, problems: string[], excluding: Exclusion): Promise<WalkedFile[]> {
  const root = await realpath(operand);
  const listed = (await gitListFiles(root)) ?? (await listWithGitignore(root, operand, problems));
  const vendored = goVendored((path) => existsSync(join(root, path)));
  const relativePaths = [...new Set(listed)]
    .filter((path) => mayBeSupported(path) && !path.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)) && !vendored(path))
    .sort();
  const files: (WalkedFile | undefined)[] = new Array(relativePaths.length);
  // Names rule out almost every file without touching the disk; the rest are looked at (and
  // YAML and JSON files no name claims read) a few at a time.
  let next = 0;
  const worker = async () => {
    while (next < relativePaths.length) {
      const index = next++;
      const path = join(operand, relativePaths[index]);
      files[index] = (await excluding(path)) === undefined ? await walkedFile(root, relativePaths[index], path) : undefined;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return files.filter((file): file is WalkedFile => file !== undefined);
}

/**
 * The files of the repository at `root` (a real path) the walk would look at, relative to it with
 * `/` separators: those a GitLab `include:local` wildcard pattern may match, whatever their names
 * (GitLab fails a pipeline on a match that is not YAML, engine/linkedPaths.ts).
 */
export async function repositoryFiles(root: string): Promise<string[]> {
  // A folder the walk cannot read is reported when it is walked, not here.
  const listed = (await gitListFiles(root)) ?? (await listWithGitignore(root, root, []));
  const vendored = goVendored((path) => existsSync(join(root, path)));
  return listed.filter((path) => !path.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)) && !vendored(path));
}

/** The file at `root`/`relativePath` if it is one docker-pin reads and lies inside `root`. */
export async function walkedFile(root: string, relativePath: string, path: string): Promise<WalkedFile | undefined> {
  const absolute = join(root, relativePath);
  const size = await sizeOfFileInside(root, absolute);
  if (size === undefined) return undefined;
  // `root` is a real path, so the joined path is whole already: only its separators change.
  const whole = slashed(absolute);
  const byName = detectKind(whole);
  if (byName !== undefined) return { path, kind: byName };
  // A file without an extension is read only when it opens with `#!` (LICENSE, OWNERS and binaries do not).
  if (!CONTENT_NAME.test(whole) && !opensWithShebang(absolute)) return undefined;
  const text = readSmallText(path, size);
  const kind = text === undefined ? undefined : detectKind(whole, text);
  return kind === undefined ? undefined : { path, kind };
}

/** The size of a regular file, or of a symlink's target that is a regular file inside `root`; else undefined. */
async function sizeOfFileInside(root: string, absolute: string): Promise<number | undefined> {
  try {
    const link = lstatSync(absolute);
    if (link.isFile()) return link.size;
    if (!link.isSymbolicLink()) return undefined;
    const target = await realpath(absolute);
    if (!isInside(root, target)) return undefined;
    const info = await stat(target);
    return info.isFile() ? info.size : undefined;
  } catch {
    // Gone since it was listed (a tracked file deleted from the work tree), a dangling link, a loop.
    return undefined;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The text of a file of `size` bytes when it is small enough to look into and valid UTF-8; else undefined. */
function readSmallText(path: string, size: number): string | undefined {
  return size > CONTENT_DETECTION_LIMIT ? undefined : readText(path);
}

/** The text of the file at `path` when it is valid UTF-8; else undefined. */
function readText(path: string): string | undefined {
  try {
    const bytes = readFileSync(path);
    return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
  } catch {
    return undefined;
  }
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether the regular file at `path` begins with `#!` (a script); false when it cannot be read. */
function opensWithShebang(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x23 && head[1] === 0x21;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The files git sees under `dir` (tracked, and untracked but not ignored), relative to `dir`
 * with `/` separators; undefined when git is missing or `dir` is not inside a work tree.
 */
function gitListFiles(dir: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
      { cwd: dir, env: gitEnvironment(), maxBuffer: 1024 * 1024 * 1024, encoding: 'buffer', windowsHide: true },
      (error, stdout) => {
        if (error) {
          resolve(undefined);
          return;
        }
        // An untracked nested repository is listed as `name/`: not a file.
        resolve(stdout.toString('utf8').split('\0').filter((path) => path !== '' && !path.endsWith('/')));
      },
    );
  });
}

/**
 * The environment without the variables that point git at another repository: a git hook sets
 * GIT_DIR (relative to the top level), and the walked directory's own repository is wanted.
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY']) delete env[name];
  return env;
}

interface IgnoreLevel {
  /** The directory (relative to the root, `''` for the root, else ending in `/`) whose `.gitignore` this is. */
  readonly base: string;
  readonly rules: Ignore;
}

/**
 * The files under `root` that the `.gitignore` files at every level do not exclude, as git would
 * decide: a deeper `.gitignore` overrides a shallower one, and nothing inside an excluded
 * directory comes back. Symlinked directories are not entered.
 */
async function listWithGitignore(root: string, operand: string, problems: string[]): Promise<string[]> {
  const files: string[] = [];
  const visit = async (relativeDir: string, levels: readonly IgnoreLevel[]): Promise<void> => {
    const absolute = join(root, relativeDir);
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      problems.push(`${join(operand, relativeDir)}: cannot read this directory (${(error as NodeJS.ErrnoException).code ?? String(error)}); its files are not checked`);
      return;
    }
    const own = entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory()) ? readGitignore(join(absolute, '.gitignore')) : undefined;
    const here = own ? [...levels, { base: relativeDir, rules: own }] : levels;
    const subdirectories: string[] = [];
    for (const entry of entries) {
      const path = relativeDir + entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !isIgnored(here, `${path}/`)) subdirectories.push(`${path}/`);
      } else if (mayBeSupported(path) && !isIgnored(here, path)) {
        files.push(path);
      }
    }
    await Promise.all(subdirectories.map((dir) => visit(dir, here)));
  };
  await visit('', []);
  return files;
}

function readGitignore(path: string): Ignore | undefined {
  try {
    return ignore().add(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Git's answer: the deepest `.gitignore` with a rule matching `path` decides. */
function isIgnored(levels: readonly IgnoreLevel[], path: string): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const { ignored, unignored } = levels[i].rules.test(path.slice(levels[i].base.length));
    if (ignored) return true;
    if (unignored) return false;
  }
  return false;
}
