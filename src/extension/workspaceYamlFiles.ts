// The workspace's YAML files of one repository, for a GitLab `include:local` wildcard pattern to
// match (engine/linkedPaths.ts), as the CLI matches one against the files its walk sees: found with
// the search the include index makes (the user's `files.exclude` applies, dependency and build
// folders are dropped), without blocking the extension host.
import { isAbsolute, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { workspaceFileAccess } from './workspaceFileAccess';
import { COMPOSE_GLOB, inSkippedFolder } from './workspaceFiles';

/**
 * Lists, for a repository root (a real path), its YAML files in the workspace, relative to it with
 * `/` separators. The workspace is searched once per lister, however many roots it is asked about.
 */
export function workspaceYamlFiles(): (root: string) => Promise<readonly string[]> {
  let found: Promise<readonly string[]> | undefined;
  return async (root) => {
    found ??= realYamlPaths();
    return (await found).flatMap((path) => {
      const rel = relative(root, path);
      return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? [] : [rel.split(sep).join('/')];
    });
  };
}

/** The workspace's YAML files, each under its workspace folder's real path (the repository roots are real paths). */
async function realYamlPaths(): Promise<string[]> {
  const folders = await Promise.all(
    (vscode.workspace.workspaceFolders ?? []).map(async (folder) => ({ path: folder.uri.fsPath, real: await workspaceFileAccess.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath) })),
  );
  const uris = await vscode.workspace.findFiles(COMPOSE_GLOB);
  return uris
    .filter((uri) => uri.scheme === 'file' && !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)))
    .map((uri) => {
      const folder = folders.find((f) => !relative(f.path, uri.fsPath).startsWith('..'));
      return folder === undefined ? uri.fsPath : folder.real + uri.fsPath.slice(folder.path.length);
    });
}
