// The justfile or Taskfile a command runs (`just image`, `just -f build/justfile image`, `just -d
// app --justfile app/justfile`, `task image`, `task -d images image`, `task --taskfile
// build/Taskfile.yml image`), for a CI step's run script (runStepCalls.ts): the engine reads that
// file's builds on the step's runner, as it reads a Makefile make runs there.
//
// just runs the justfile `-f`/`--justfile` names, its recipes in that file's folder or the one
// `-d`/`--working-directory` names; without `-f` it searches the folder it runs in, then each above
// it, for `justfile` or `.justfile`, and runs recipes in the folder where it finds one. task runs
// the Taskfile `-t`/`--taskfile` names (from the folder `-d`/`--dir` names, else the one it runs
// in), else searches that folder, then each above it, for its names; its tasks run in the
// Taskfile's folder. A folder or file a word only the run knows hides is a hidden call (`hidden`):
// it may run any of the repository's justfiles or Taskfiles, which the engine says at the step.
import { posix } from 'node:path';
import { UNKNOWN } from './runDockerBuild';

/** What a just or task command runs: the folder, from the workspace's root, and the file (`''`: the tool's own search from `folder`); or what hides it. */
export type TaskRunnerRun =
  | { readonly tool: 'just' | 'task'; readonly folder: string; readonly file: string }
  | { readonly tool: 'just' | 'task'; readonly hidden: string };

/** The flags of each tool that take a value (the next word, or after `=`), beside those naming the file and folder. */
const VALUE_FLAGS: Readonly<Record<'just' | 'task', ReadonlySet<string>>> = {
  just: new Set(['--set', '--shell', '--shell-arg', '--dotenv-filename', '--dotenv-path', '-E', '--chooser', '--color', '--command-color', '--dump-format', '--list-heading', '--list-prefix', '--timestamp-format', '--unstable']),
  task: new Set(['--output', '-o', '--output-group-begin', '--output-group-end', '--concurrency', '-C', '--interval', '-I', '--sort', '--exit-code', '--taskfile-dir']),
};

/** Flags with which the tool runs nothing: it lists, prints, checks or edits. */
const RUNS_NOTHING: Readonly<Record<'just' | 'task', ReadonlySet<string>>> = {
  just: new Set(['--list', '-l', '--summary', '--dump', '--evaluate', '--show', '-s', '--fmt', '--init', '--edit', '-e', '--version', '-V', '--help', '-h', '--dry-run', '-n', '--groups', '--variables', '--changelog', '--completions']),
  task: new Set(['--list', '-l', '--list-all', '-a', '--summary', '--init', '-i', '--version', '--help', '-h', '--dry', '-n', '--status']),
};

/** The file and folder a just or task command (its words from the tool's name on) runs, run in `cwd` (from the workspace's root); undefined for any other command, or one run in a folder not known and naming no folder. */
export function taskRunnerRun(words: readonly string[], cwd: string | undefined): TaskRunnerRun | undefined {
  const tool = words[0];
  if (tool !== 'just' && tool !== 'task') return undefined;
  const fileFlags = tool === 'just' ? ['--justfile', '-f'] : ['--taskfile', '-t'];
  const dirFlags = tool === 'just' ? ['--working-directory', '-d'] : ['--dir', '-d'];
  let file: string | undefined;
  let dir: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word === '--') break;
    if (!word.startsWith('-')) continue;
    if (RUNS_NOTHING[tool].has(word)) return undefined;
    const eq = word.indexOf('=');
    const flag = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word;
    const attached = flag !== word ? word.slice(eq + 1) : undefined;
    const value = (): string => attached ?? words[++i] ?? UNKNOWN;
    if (fileFlags.includes(flag)) file = value();
    else if (dirFlags.includes(flag)) dir = value();
    else if (VALUE_FLAGS[tool].has(flag) && attached === undefined) i += flag === '--set' ? 2 : 1;
  }
  if (file?.includes(UNKNOWN) === true) return { tool, hidden: tool === 'just' ? 'its --justfile' : 'its --taskfile' };
  if (dir?.includes(UNKNOWN) === true) return { tool, hidden: tool === 'just' ? 'its --working-directory' : 'its --dir' };
  const absolute = (dir !== undefined && posix.isAbsolute(dir)) || (file !== undefined && posix.isAbsolute(file));
  if (cwd === undefined && !absolute) return { tool, hidden: 'the folder it runs in' };
  const from = (path: string): string => posix.normalize(posix.isAbsolute(path) ? path : posix.join(cwd ?? '/', path));
  const folder = dir === undefined ? (cwd ?? '/') : from(dir);
  if (file === undefined) return { tool, folder: trimmed(folder), file: '' };
  // task names its Taskfile from its --dir; just from the folder it runs in, and runs recipes in the justfile's folder but for -d.
  const path = tool === 'task' ? posix.normalize(posix.isAbsolute(file) ? file : posix.join(folder, file)) : from(file);
  return { tool, folder: trimmed(tool === 'task' || dir === undefined ? posix.dirname(path) : folder), file: path };
}

/** A folder normalized, without a trailing `/`. */
function trimmed(folder: string): string {
  return posix.normalize(folder).replace(/(.)\/+$/, '$1');
}
