// The workspace's files as the engine reads them when it puts Check Workspace's files together.
// Node's fs, not `vscode.workspace.fs`: the extension host runs beside the files of a file:
// workspace, and the engine needs what only the disk can say — a file's real path, to read a
// Dockerfile once however it is named and to keep builds and includes inside the repository, as
// the CLI does; `vscode.workspace.fs` has no realpath. An open document's text wins over the file's,
// as the live diagnostics read it.
import { readFile, realpath, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { type FileAccess, UnreadableFileError } from '../engine/fileAccess';

/** For paths of file: URIs (`uri.fsPath`). */
export const workspaceFileAccess: FileAccess = {
  async readText(path) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
    if (open) return open.getText();
    const name = vscode.workspace.asRelativePath(vscode.Uri.file(path), false);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw UnreadableFileError.fromSystem(name, error);
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new UnreadableFileError(name, 'not valid UTF-8');
    }
  },
  realpath: (path) => realpath(path),
  isFile: (path) => stat(path).then((s) => s.isFile(), () => false),
  // The workspace's files are files: nothing is read from a stream.
  isStream: () => false,
};

/** Whether `path` exists, whatever it is (as Node's existsSync says), without blocking the extension host. */
export function exists(path: string): Promise<boolean> {
  return workspaceFileAccess.realpath(path).then(
    () => true,
    () => false,
  );
}
