// The package.json files of a workspace that a run step's package manager runs a script in (npm's
// `-w web`, `--workspaces`; yarn's `workspace web`; pnpm's `--filter ./web`, `-r`;
// core/sources/packageRun.ts), below the workspace's root folder: found among the repository's
// files as the front door lists them (the CLI those its walk reads, git's ignored ones left out;
// the extension the workspace's), never in a node_modules folder. Every package.json below the
// root counts as one of the workspace's packages, whether or not the root's `workspaces` globs (or
// pnpm-workspace.yaml) name it: one read that the tool does not run only widens the platforms its
// builds are read for (their lines take the index digest, which serves all of them), where one
// left out would have its lines pinned for a platform the step does not build.
import { dirname, join, relative, sep } from 'node:path';
import type { WorkspacePick } from '../core/types';
import { type Assembly, isInside } from './assembly';
import { UnreadableFileError } from './fileAccess';

const PACKAGE_JSON = 'package.json';

/** The package.json files below `folder` (a workspace's root, as the front door names it) that `picks` pick, in path order. */
export async function workspacePackages(picks: readonly WorkspacePick[], folder: string, assembly: Assembly): Promise<string[]> {
  const real = await assembly.files.realpath(folder).catch(() => undefined);
  if (real === undefined) return [];
  const root = await assembly.repositoryRoot(join(folder, PACKAGE_JSON));
  const out: string[] = [];
  for (const file of await assembly.repositoryFiles(root)) {
    const parts = file.split('/');
    if (parts[parts.length - 1] !== PACKAGE_JSON || parts.includes('node_modules')) continue;
    const path = join(root, ...parts);
    if (!isInside(real, path)) continue;
    const from = relative(real, dirname(path)).split(sep).join('/');
    const named = join(folder, from, PACKAGE_JSON);
    if (await picked(picks, from, named, assembly)) out.push(named);
  }
  return out.sort();
}

/** Whether the package at `from` (its folder from the workspace's root, '' for the root) is one `picks` pick. */
async function picked(picks: readonly WorkspacePick[], from: string, path: string, assembly: Assembly): Promise<boolean> {
  let name: string | undefined | null = null;
  for (const pick of picks) {
    if ('root' in pick) {
      if (from === '') return true;
    } else if ('every' in pick) {
      if (from !== '') return true;
    } else if ('folder' in pick) {
      if (pick.folder === '.' || from === pick.folder || from.startsWith(`${pick.folder}/`)) return true;
    } else {
      if (name === null) name = await packageName(path, assembly);
      if (name !== undefined && namePattern(pick.name).test(name)) return true;
    }
  }
  return false;
}

/** The `name` of the package.json at `path`; undefined when it has none, or cannot be read or parsed. */
async function packageName(path: string, assembly: Assembly): Promise<string | undefined> {
  try {
    const parsed: unknown = JSON.parse(await assembly.files.readText(path));
    const name = typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch (error) {
    if (error instanceof UnreadableFileError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** A package name as a selector writes it, a `*` matching any run of characters (`@scope/*`). */
function namePattern(name: string): RegExp {
  return new RegExp(`^${name.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
