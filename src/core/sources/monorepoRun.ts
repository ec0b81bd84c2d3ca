// A monorepo's task runner running package.json scripts in the packages of the workspace it runs in
// (packageRun.ts's `WorkspacePick`): Turborepo's `turbo run image` (`turbo image`, `turbo run
// web#image`, `--filter web`), Lerna's `lerna run image` (`--scope web`), and Nx's `nx run-many -t
// image` (`--projects web`), `nx run web:image` and `nx image web`, each run directly or through
// `npx`, `bunx`, `npm exec`, `pnpm exec`, `pnpm dlx` or a package manager (`pnpm turbo run image`).
// A task runs the script of its name in each package picked that has one.
//
// Which packages run a task is also the runner's own configuration (turbo.json's dependencies
// between tasks, Nx's project graph, targets of project.json files) and, for Turbo run in a
// package's folder, that folder: none of it is read. Every package below the folder is read as
// running it, the folder's own too, unless a selector names packages: one read that does not run
// it only widens the platforms its builds are read for (their lines take the index digest, which
// fits every platform), where one left out would have its lines pinned for the wrong one. Nx's
// targets that are no package.json script are not read.
import { posix } from 'node:path';
import type { WorkspacePick } from '../types';
import type { PackageRun } from './packageRun';
import { UNKNOWN } from './runDockerBuild';

/** The task runners read, by their command's name. */
const RUNNERS = new Set(['turbo', 'lerna', 'nx']);

/** Every package below the folder the runner runs in, and that folder's own. */
const EVERY: readonly WorkspacePick[] = [{ every: true }, { root: true }];

/** Turborepo's own commands: `turbo <one of these>` runs no task of that name. */
const TURBO_COMMANDS = new Set(['bin', 'boundaries', 'completion', 'daemon', 'devtools', 'docs', 'gen', 'generate', 'info', 'link', 'login', 'logout', 'ls', 'prune', 'query', 'scan', 'telemetry', 'unlink']);

/** The options of each runner that take a value written apart (`--filter web`); the others are read as taking none. */
const VALUE_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  turbo: new Set(['--filter', '-F', '--concurrency', '--cache-dir', '--cache', '--output-logs', '--log-order', '--log-prefix', '--env-mode', '--ui', '--profile', '--team', '--token', '--api', '--cache-workers', '--summarize', '--graph']),
  lerna: new Set(['--scope', '--ignore', '--concurrency', '--since', '--profile-location', '--npm-client']),
  nx: new Set(['-t', '--target', '--targets', '-p', '--projects', '--exclude', '-c', '--configuration', '--parallel', '--base', '--head', '--output-style', '--nxBail']),
};

/** The options that pick packages by name (a list, comma-separated for Nx's), per runner. */
const PICK_OPTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  turbo: new Set(['--filter', '-F']),
  lerna: new Set(['--scope']),
  nx: new Set(['-p', '--projects']),
};

/**
 * The scripts a task runner runs given the command's `words` (from its command's name on, a
 * wrapper's such as `npx` included); undefined when the words run none of the runners read.
 */
export function monorepoRuns(words: readonly string[]): PackageRun[] | undefined {
  const at = runnerAt(words);
  if (at === undefined) return undefined;
  const tool = runnerName(words[at]);
  const values = VALUE_OPTIONS[tool];
  const picking = PICK_OPTIONS[tool];
  const operands: string[] = [];
  const picks: WorkspacePick[] = [];
  const targets: string[] = [];
  let every = false;
  const args = words.slice(at + 1);
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') break;
    if (!word.startsWith('-')) {
      operands.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    if (!values.has(name)) continue;
    const value = eq < 0 ? args[++i] : word.slice(eq + 1);
    if (value === undefined) return [];
    if (tool === 'nx' && (name === '-t' || name === '--target' || name === '--targets')) targets.push(...value.split(','));
    else if (picking.has(name)) picks.push(...selectorPicks(tool, value));
    // The rest that select (`--ignore`, `--since`, `--exclude`) are not read: every package.
    else if (name === '--ignore' || name === '--since' || name === '--exclude') every = true;
  }
  const chosen = every || picks.length === 0 ? EVERY : picks;
  const scripts = tasks(tool, operands, targets);
  return scripts.flatMap(({ script, project }) => {
    if (script.includes(UNKNOWN) || script === '' || project?.includes(UNKNOWN) === true) return [];
    // Turbo's `//#task` is the root package's own task.
    const workspaces: readonly WorkspacePick[] = project === undefined ? chosen : project === '//' ? [{ root: true }] : [{ name: project }];
    return [{ folder: '.', script, workspaces }];
  });
}

/** Where the runner's name stands in `words`: first, or after a wrapper that runs it (`npx turbo`, `pnpm exec nx`); undefined when none of the runners read is run. */
function runnerAt(words: readonly string[]): number | undefined {
  let at = 0;
  const wrapper = words[0];
  if (wrapper === 'npx' || wrapper === 'bunx' || wrapper === 'pnpx') {
    at = 1;
    // npx's options before the command (`--yes`, `--no-install`); `-p pkg` names a package to install.
    while (at < words.length && words[at].startsWith('-')) at += words[at] === '-p' || words[at] === '--package' ? 2 : 1;
  } else if ((wrapper === 'npm' || wrapper === 'pnpm') && (words[1] === 'exec' || words[1] === 'dlx')) {
    at = words[2] === '--' ? 3 : 2;
  } else if (wrapper === 'pnpm' || wrapper === 'yarn' || wrapper === 'bun') {
    // A package manager runs a script of that name if there is one, else the installed runner: a
    // script named after the runner is rare, and runs the runner in turn when it exists.
    at = words[1] === 'run' ? 2 : 1;
  }
  return words[at] !== undefined && RUNNERS.has(runnerName(words[at])) ? at : undefined;
}

/** A runner's command as npx names it, without the version it asks for (`turbo@2`). */
function runnerName(word: string): string {
  const version = word.indexOf('@', 1);
  return version < 0 ? word : word.slice(0, version);
}

/** The tasks a runner's operands (and Nx's `--targets`) name, each with the one package it names, when it does (`web#image`, `web:image`). */
function tasks(tool: string, operands: readonly string[], targets: readonly string[]): { script: string; project?: string }[] {
  const [first, ...rest] = operands;
  switch (tool) {
    case 'turbo': {
      if (first === undefined || TURBO_COMMANDS.has(first)) return [];
      const names = first === 'run' || first === 'watch' ? rest : operands;
      return names.map((name) => {
        const hash = name.indexOf('#');
        return hash < 0 ? { script: name } : { script: name.slice(hash + 1), project: name.slice(0, hash) };
      });
    }
    case 'lerna':
      return first === 'run' && rest[0] !== undefined ? [{ script: rest[0] }] : [];
    case 'nx':
      if (first === 'run-many' || first === 'affected') return targets.map((script) => ({ script }));
      if (first === 'run') {
        // `nx run web:image[:configuration]`.
        const [project, script] = (rest[0] ?? '').split(':');
        return project !== undefined && script !== undefined && script !== '' ? [{ script, project }] : [];
      }
      // `nx image web`: a target, then the project (none: the project of the folder it runs in, not read).
      return first !== undefined && rest[0] !== undefined && !first.includes(':') ? [{ script: first, project: rest[0] }] : [];
    default:
      return [];
  }
}

/** The packages a selector picks: Turbo's `--filter` is pnpm's syntax; Lerna's `--scope` a name pattern; Nx's `--projects` a comma-separated list of names. */
function selectorPicks(tool: string, value: string): WorkspacePick[] {
  if (value.includes(UNKNOWN)) return [...EVERY];
  if (tool === 'nx') return value.split(',').map((name) => (/[!*]/.test(name) ? { every: true } : { name }));
  if (tool === 'lerna') return [{ name: value }];
  return filterPicks(value);
}

/**
 * A `--filter` selector (pnpm's, bun's, Turborepo's): a package name, a name pattern (`@scope/*`),
 * or a folder (`./packages/web`, `{packages/web}`, `packages/**`). The selectors that follow a
 * package's dependencies or dependents (`...`, `^`), git's changes (`[origin/main]`) or exclude
 * (`!`), and one a variable hides, pick every package.
 */
export function filterPicks(value: string): WorkspacePick[] {
  if (value.includes(UNKNOWN) || /\.\.\.|\^|\[|^!/.test(value)) return [{ every: true }];
  const braced = /^\{(.*)\}$/.exec(value);
  const path = braced?.[1] ?? (value.startsWith('./') || value.startsWith('../') || value === '.' ? value : undefined);
  if (path !== undefined) {
    const folder = path.replace(/\/\*\*$/, '');
    return folder.includes('*') ? [{ every: true }] : [{ folder: posix.normalize(folder).replace(/(.)\/+$/, '$1') }];
  }
  return [{ name: value }];
}
