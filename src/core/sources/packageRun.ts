// A command that runs a script of a package.json: `npm run build`, `npm run-script build`, `npm
// test`, `yarn build`, `yarn run build`, `pnpm build`, `pnpm run build`, `bun run build`, `node
// --run build`. The tool reads the package.json of the folder it runs in (`--prefix dir` and npm's
// `-C dir`, yarn's and bun's `--cwd dir`, pnpm's `-C dir`/`--dir dir` name another, from that one)
// and runs the script with `sh -c` in that package's folder (packageScripts.ts). A command that
// runs the script of other packages (npm's and yarn's workspaces, pnpm's `--filter` and
// `--recursive`), one whose name or folder a variable hides, and a word that is one of the tool's
// own commands (`yarn install`, `pnpm add`) run no script this can follow.
import { posix } from 'node:path';
import { UNKNOWN } from './runDockerBuild';

/** The package.json script a command runs: the folder whose package.json holds it, and its name. */
export interface PackageRun {
  /** From the folder the command runs in, joined onto it (`.` when it is that one). */
  readonly folder: string;
  readonly script: string;
}

/** A word that may start a command running a package script (runStepCalls.ts's MAY_CALL tests scripts for it). */
export const PACKAGE_TOOLS = /\b(?:npm|yarn|pnpm|bun|node)\b/;

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

/** Options that make a command run the scripts of other packages of a workspace. */
const OTHER_PACKAGES = new Set(['-w', '--workspace', '-ws', '--workspaces', '--filter', '-F', '-r', '--recursive', '--filter-prod', '--include-workspace-root']);

/** The options of each tool that name the folder whose package.json it reads. */
const FOLDER_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  npm: ['--prefix', '-C'],
  yarn: ['--cwd'],
  pnpm: ['-C', '--dir'],
  bun: ['--cwd'],
};

/**
 * The package.json script `words` (a simple command, from its command's name on) runs, from the
 * folder the command runs in; undefined when it runs none this follows.
 */
export function packageScriptRun(words: readonly string[]): PackageRun | undefined {
  const tool = words[0];
  if (tool === 'node') return nodeRun(words.slice(1));
  const folderOptions = FOLDER_OPTIONS[tool];
  if (folderOptions === undefined) return undefined;
  let folder = '.';
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
    if (OTHER_PACKAGES.has(word.split('=')[0])) return undefined;
    // Other options take no value unless written with `=` (`--if-present`, `--silent`, `--loglevel=warn`).
    if (word.startsWith('-')) continue;
    operands.push(word);
    // npm reads its options anywhere before `--`; the others pass what follows the script's name to it.
    if (tool !== 'npm' && (operands.length === 2 || !['run', 'run-script'].includes(operands[0]))) break;
  }
  const script = scriptOf(tool, operands);
  // The folder options' values were refused above when a variable hides them.
  return script === undefined || script.includes(UNKNOWN) || script === '' ? undefined : { folder, script };
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
    case 'bun':
      // `bun run ./build.ts` runs a file, not a script.
      return first === 'run' && second !== undefined && !/[./]/.test(second) ? second : undefined;
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
