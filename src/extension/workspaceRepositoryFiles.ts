// The workspace's files of one repository, for a GitLab `include:local` wildcard pattern to match
// (engine/linkedPaths.ts), as the CLI matches one against the files its walk sees: every file,
// whatever its name, since GitLab fails a pipeline on a match that is not YAML; found with the
// workspace's search (the user's `files.exclude` applies, dependency and build folders are
// dropped), without blocking the extension host. Searched only when a wildcard include is read.
import { isAbsolute, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { workspaceFileAccess } from './workspaceFileAccess';
import { vendoredFiles } from './vendoredFiles';
import { inSkippedFolder } from './workspaceFiles';

/**
 * Lists, for a repository root (a real path), its files in the workspace, relative to it with `/`
 * separators. The workspace is searched once per lister, however many roots it is asked about.
 */
export function workspaceRepositoryFiles(): (root: string) => Promise<readonly string[]> {
  let found: Promise<readonly string[]> | undefined;
  return async (root) => {
    found ??= realPaths();
    return (await found).flatMap((path) => {
      const rel = relative(root, path);
      return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? [] : [rel.split(sep).join('/')];
    });
  };
}

/** The workspace's files, each under its workspace folder's real path (the repository roots are real paths). */
async function realPaths(): Promise<string[]> {
  const folders = await Promise.all(
    (vscode.workspace.workspaceFolders ?? []).map(async (folder) => ({ path: folder.uri.fsPath, real: await workspaceFileAccess.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath) })),
  );
  const uris = await vscode.workspace.findFiles('**/*');
  const vendored = vendoredFiles();
  return uris
    .filter((uri) => uri.scheme === 'file' && !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)) && !vendored(uri))
    .map((uri) => {
      const folder = folders.find((f) => !relative(f.path, uri.fsPath).startsWith('..'));
      return folder === undefined ? uri.fsPath : folder.real + uri.fsPath.slice(folder.path.length);
    });
}
