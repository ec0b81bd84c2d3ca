// A command that runs a script of a package.json: `npm run build`, `npm run-script build`, `npm
// test`, `yarn build`, `yarn run build`, `pnpm build`, `pnpm run build`, `bun run build`, `node
// --run build`. The tool reads the package.json of the folder it runs in (`--prefix dir` and npm's
// `-C dir`, yarn's and bun's `--cwd dir`, pnpm's `-C dir`/`--dir dir` name another, from that one)
// and runs the script with `sh -c` in that package's folder (packageScripts.ts). `bun <name>` runs
// the script too, when the name is none of bun's own commands and no file.
//
// A command may run the script in packages of the workspace that folder's package.json roots
// instead (`WorkspacePick`): npm's `-w <name or folder>` and `--workspaces`, yarn's `workspace
// <name>`, `workspaces run` and `workspaces foreach`, pnpm's and bun's `--filter <selector>`, pnpm's
// `-r`. A selector this cannot read exactly (pnpm's `...`, `^`, `[since]`, `!`; yarn's foreach
// `--include`/`--exclude`) picks every package: a package read as running the script that does not
// only widens the platforms its builds are read for (their lines take the index digest, which
// serves every platform), where leaving one out would pin it for the wrong one.
//
// A command whose script name or folder a variable hides, and a word that is one of the tool's own
// commands (`yarn install`, `pnpm add`), run no script this can follow.
import { posix } from 'node:path';
import type { WorkspacePick } from '../types';
import { filterPicks, monorepoRuns } from './monorepoRun';
import { UNKNOWN } from './runDockerBuild';


/** The package.json script a command runs: the folder whose package.json holds it, and its name. */
export interface PackageRun {
  /** From the folder the command runs in, joined onto it (`.` when it is that one); with `workspaces`, the workspace's root. */
  readonly folder: string;
  readonly script: string;
  /** The packages of the workspace under `folder` it runs the script in, when not that folder's own. */
  readonly workspaces?: readonly WorkspacePick[];
}

/** A word that may start a command running a package script (runStepCalls.ts's MAY_CALL tests scripts for it). */
export const PACKAGE_TOOLS = /\b(?:npm|yarn|pnpm|bun|node|npx|bunx|turbo|lerna|nx)\b/;

/** npm's commands that run the script of their own name (`npm test`, `npm start`). */
const NPM_SCRIPT_COMMANDS: ReadonlyMap<string, string> = new Map([['test', 'test'], ['t', 'test'], ['tst', 'test'], ['start', 'start'], ['stop', 'stop'], ['restart', 'restart']]);
/** npm's commands that run the script named after them. */
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);

/** yarn's (1 and berry) own commands: `yarn <one of these>` runs no script of that name. */
const YARN_COMMANDS = new Set([
  'add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'constraints', 'create', 'dedupe', 'dlx', 'exec', 'explain', 'generate-lock-entry',
  'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'npm', 'outdated', 'owner', 'pack',
  'patch', 'patch-commit', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'search', 'set', 'stage', 'tag', 'team', 'unlink', 'unplug', 'up',
  'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces',
]);

/** pnpm's own commands: `pnpm <one of these>` runs no script of that name. */
const PNPM_COMMANDS = new Set([
  'add', 'approve-builds', 'audit', 'bin', 'cat-file', 'cat-index', 'config', 'create', 'dedupe', 'deploy', 'dlx', 'doctor', 'env', 'exec', 'fetch',
  'find-hash', 'i', 'ignored-builds', 'import', 'init', 'install', 'install-test', 'it', 'licenses', 'link', 'list', 'ln', 'ls', 'outdated', 'pack',
  'patch', 'patch-commit', 'patch-remove', 'prune', 'publish', 'rb', 'rebuild', 'recursive', 'remove', 'rm', 'root', 'self-update', 'server', 'setup',
  'store', 'un', 'uninstall', 'unlink', 'up', 'update', 'why', 'help', 'start', 'test', 't', 'tst',
]);

/** bun's own commands: `bun <one of these>` runs no script of that name. */
const BUN_COMMANDS = new Set([
  'a', 'add', 'audit', 'build', 'c', 'completions', 'create', 'discord', 'exec', 'help', 'i', 'info', 'init', 'install', 'link', 'outdated', 'patch',
  'patch-commit', 'pm', 'publish', 'r', 'remove', 'repl', 'rm', 'run', 'test', 'unlink', 'update', 'upgrade', 'why', 'x',
]);

/** Each tool's options that pick the workspace's packages a script runs in, by the value they take (`value`) or alone. */
const WORKSPACE_OPTIONS: Readonly<Record<string, { readonly value: readonly string[]; readonly every: readonly string[] }>> = {
  npm: { value: ['-w', '--workspace'], every: ['-ws', '--workspaces'] },
  yarn: { value: [], every: [] },
  pnpm: { value: ['--filter', '-F', '--filter-prod'], every: ['-r', '--recursive'] },
  bun: { value: ['--filter', '-F'], every: [] },
};

/** The option of npm and pnpm that adds the workspace's root package to the packages picked. */
const WITH_ROOT = '--include-workspace-root';

/** The options of each tool that name the folder whose package.json it reads. */
const FOLDER_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  npm: ['--prefix', '-C'],
  yarn: ['--cwd'],
  pnpm: ['-C', '--dir'],
  bun: ['--cwd'],
};

/**
 * The package.json scripts `words` (a simple command, from its command's name on) runs, from the
 * folder the command runs in: one a package manager runs, or the tasks of a monorepo's task runner
 * (monorepoRun.ts); none when it runs none this follows.
 */
export function packageScriptRuns(words: readonly string[]): PackageRun[] {
  const tasks = monorepoRuns(words);
  if (tasks !== undefined) return tasks;
  const run = packageScriptRun(words);
  return run === undefined ? [] : [run];
}

/**
 * The package.json script `words` (a simple command, from its command's name on) runs with a
 * package manager, from the folder the command runs in; undefined when it runs none this follows.
 */
export function packageScriptRun(words: readonly string[]): PackageRun | undefined {
  const tool = words[0];
  if (tool === 'node') return nodeRun(words.slice(1));
  const folderOptions = FOLDER_OPTIONS[tool];
  if (folderOptions === undefined) return undefined;
  const workspaceOptions = WORKSPACE_OPTIONS[tool];
  let folder = '.';
  const picks: WorkspacePick[] = [];
  let withRoot = false;
  const operands: string[] = [];
  const args = words.slice(1);
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    // What follows `--` is the script's own arguments.
    if (word === '--') break;
    const named = folderOptions.find((option) => word === option || word.startsWith(`${option}=`));
    if (named !== undefined) {
      const value = word === named ? args[++i] : word.slice(named.length + 1);
      if (value === undefined || value.includes(UNKNOWN)) return undefined;
      folder = posix.join(folder, value);
      continue;
    }
    const picking = workspaceOptions.value.find((option) => word === option || word.startsWith(`${option}=`));
    if (picking !== undefined) {
      const value = word === picking ? args[++i] : word.slice(picking.length + 1);
      if (value === undefined) return undefined;
      picks.push(...(tool === 'npm' ? npmWorkspace(value) : filterPicks(value)));
      continue;
    }
    if (workspaceOptions.every.includes(word.split('=')[0])) {
      picks.push({ every: true });
      continue;
    }
    // pnpm's `-w` runs the script of the workspace's root package, wherever that is.
    if (tool === 'pnpm' && (word === '-w' || word === '--workspace-root')) return undefined;
    if (word === WITH_ROOT) {
      withRoot = true;
      continue;
    }
    // Other options take no value unless written with `=` (`--if-present`, `--silent`, `--loglevel=warn`).
    if (word.startsWith('-')) continue;
    if (tool === 'yarn' && operands.length === 0 && (word === 'workspace' || word === 'workspaces')) return yarnWorkspaces(word, args.slice(i + 1), folder);
    operands.push(word);
    // npm reads its options anywhere before `--`; the others pass what follows the script's name to it.
    if (tool !== 'npm' && (operands.length === 2 || !['run', 'run-script'].includes(operands[0]))) break;
  }
  const script = scriptOf(tool, operands);
  // The folder options' values were refused above when a variable hides them.
  if (script === undefined || script.includes(UNKNOWN) || script === '') return undefined;
  if (picks.length === 0) return { folder, script };
  return { folder, script, workspaces: withRoot ? [...picks, { root: true }] : picks };
}

/**
 * npm's `-w <value>`: a workspace's name, the path of its folder, or of a folder above several
 * (npm picks every workspace there). A name the value cannot be told from a path (`web`) is
 * matched as both. One a variable hides picks every package.
 */
function npmWorkspace(value: string): WorkspacePick[] {
  if (value.includes(UNKNOWN)) return [{ every: true }];
  if (value.startsWith('@')) return [{ name: value }];
  return [{ name: value }, { folder: posix.normalize(value) }];
}

/**
 * yarn's `workspace <name> <script>` (or `run <script>`), yarn 1's `workspaces run <script>` and
 * yarn 2's `workspaces foreach [options] [run] <script>`, from the folder `folder` of the
 * workspace's root; foreach's `--all` takes the root's package too, and its selecting options are
 * not read (every package).
 */
function yarnWorkspaces(command: string, args: readonly string[], folder: string): PackageRun | undefined {
  let picks: WorkspacePick[];
  let rest: readonly string[];
  if (command === 'workspace') {
    const name = args[0];
    if (name === undefined) return undefined;
    picks = name.includes(UNKNOWN) ? [{ every: true }, { root: true }] : [{ name }];
    rest = args.slice(1);
  } else if (args[0] === 'run') {
    picks = [{ every: true }];
    rest = args;
  } else if (args[0] === 'foreach') {
    picks = [{ every: true }];
    let at = 1;
    for (; at < args.length && args[at].startsWith('-'); at++) {
      if (args[at] === '-A' || args[at] === '--all') picks = [{ every: true }, { root: true }];
      // The options of foreach that take a value written apart.
      if (['--include', '--exclude', '--from', '-j', '--jobs'].includes(args[at])) at++;
    }
    rest = args.slice(at);
  } else return undefined;
  const [first, second] = rest;
  const script = first === 'run' ? second : first !== undefined && !YARN_COMMANDS.has(first) ? first : undefined;
  return script === undefined || script.includes(UNKNOWN) || script.startsWith('-') ? undefined : { folder, script, workspaces: picks };
}

/** The script `tool` runs given its first two operands. */
function scriptOf(tool: string, [first, second]: readonly (string | undefined)[]): string | undefined {
  if (first === undefined) return undefined;
  switch (tool) {
    case 'npm':
      return NPM_RUN.has(first) ? second : NPM_SCRIPT_COMMANDS.get(first);
    case 'yarn':
      return first === 'run' ? second : YARN_COMMANDS.has(first) ? undefined : first;
    case 'pnpm':
      if (first === 'run' || first === 'run-script') return second;
      // Of pnpm's own commands, `test` (`t`, `tst`) and `start` run the script of that name, as npm's do.
      return PNPM_COMMANDS.has(first) ? NPM_SCRIPT_COMMANDS.get(first) : first;
    case 'bun': {
      // `bun run ./build.ts` and `bun build.ts` run a file, not a script.
      const name = first === 'run' ? second : BUN_COMMANDS.has(first) ? undefined : first;
      return name !== undefined && !/[./]/.test(name) ? name : undefined;
    }
    default:
      return undefined;
  }
}

/** `node --run <name>`: Node's own runner of package.json scripts, from the folder it runs in. */
function nodeRun(args: readonly string[]): PackageRun | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--run') {
      const script = args[i + 1];
      return script === undefined || script.includes(UNKNOWN) ? undefined : { folder: '.', script };
    }
    if (word.startsWith('--run=')) return word.includes(UNKNOWN) ? undefined : { folder: '.', script: word.slice('--run='.length) };
    // A file or `-e` code before it: node runs that instead.
    if (!word.startsWith('-') || word === '-e' || word === '--eval' || word === '-') return undefined;
  }
  return undefined;
}
