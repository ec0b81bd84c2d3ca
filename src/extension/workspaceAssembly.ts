// What the engine needs to put Check Workspace's files together (engine/buildOperands.ts) as the
// CLI's `check .` does: the workspace's files, each file's options from the settings and its
// repository config, files named by their workspace-relative paths, a file's repository: the
// nearest folder holding `.git`, else its workspace folder, else its own folder; and the files a
// GitLab wildcard include matches: the repository's files in the workspace.
import { realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { Assembly } from '../engine/assembly';
import type { Services } from './services';
import { exists, workspaceFileAccess } from './workspaceFileAccess';
import { workspaceRepositoryFiles } from './workspaceRepositoryFiles';

export function workspaceAssembly(services: Services): Assembly {
  // Each folder's repository, looked up once however many files it holds.
  const roots = new Map<string, Promise<string | undefined>>();
  return {
    files: workspaceFileAccess,
    fileOptions: {
      of: async (path) => services.fileOptions(vscode.Uri.file(path)),
      excluding: async (path) => {
        const repo = services.settings.repoConfig(vscode.Uri.file(path));
        return repo.excludes === true ? repo.config : undefined;
      },
    },
    displayName: (path) => vscode.workspace.asRelativePath(vscode.Uri.file(path), false),
    repositoryRoot: async (file) => {
      const folder = dirname(file);
      const root = (await repositoryRootOf(folder, roots)) ?? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? folder;
      return realpath(root).catch(() => root);
    },
    // The engine's paths here are absolute already.
    localPath: (path) => path,
    repositoryFiles: workspaceRepositoryFiles(),
  };
}

/**
 * The nearest folder from `folder` up holding `.git` (core/repoConfig/search.ts's `repositoryRootOf`,
 * without blocking the extension host: the include index, which lenses wait for, asks it).
 */
function repositoryRootOf(folder: string, memo: Map<string, Promise<string | undefined>>): Promise<string | undefined> {
  const known = memo.get(folder);
  if (known !== undefined) return known;
  const parent = dirname(folder);
  const found = exists(join(folder, '.git')).then((here) => (here ? folder : parent === folder ? undefined : repositoryRootOf(parent, memo)));
  memo.set(folder, found);
  return found;
}
