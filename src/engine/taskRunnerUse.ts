// The justfile or Taskfile a CI step's `just` or `task` runs (LocalActionUse.justfile, .taskfile,
// core/sources/taskRunnerRun.ts): the one its flags name, or the first of the tool's own names in
// the folder it runs in, then in each folder above it up to the repository's root, as the tool
// searches. A file found by that search runs its recipes or tasks in its own folder.
import { dirname, join } from 'node:path';
import { isInside } from './assembly';
import type { LocalActionUse } from '../core/types';

/** The names just finds (it matches `justfile` in any case, `.justfile` too). */
const JUSTFILE_NAMES = ['justfile', 'Justfile', 'JUSTFILE', '.justfile'];
/** The names task finds, in its order. */
const TASKFILE_NAMES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];

/** What `use` runs with just or task: the paths the file may have, in the tool's order, and whether the tool searched for it; undefined for any other use. */
export function taskRunnerUse(use: LocalActionUse, root: string, folder: string): { tool: 'just' | 'task'; kind: 'justfile' | 'taskfile'; candidates: string[]; searched: boolean } | undefined {
  const file = use.justfile ?? use.taskfile;
  if (file === undefined) return undefined;
  const [tool, kind, names] = use.justfile !== undefined ? (['just', 'justfile', JUSTFILE_NAMES] as const) : (['task', 'taskfile', TASKFILE_NAMES] as const);
  if (file !== '') return { tool, kind, candidates: [join(root, file)], searched: false };
  const candidates: string[] = [];
  for (let at = folder; isInside(root, at); at = dirname(at)) {
    candidates.push(...names.map((name) => join(at, name)));
    if (at === root || dirname(at) === at) break;
  }
  return { tool, kind, candidates, searched: true };
}
