// Go's vendored modules in the workspace (core/vendoredModules.ts): Check Workspace and the include
// index leave them out, as the CLI's walk does, and as they leave out `node_modules`.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { goVendored } from '../core/vendoredModules';

/**
 * For one search of the workspace: whether a file lies in a `vendor` folder of Go's vendored
 * modules inside its workspace folder (a workspace opened inside one is read).
 */
export function vendoredFiles(): (uri: vscode.Uri) => boolean {
  const byFolder = new Map<string, (path: string) => boolean>();
  return (uri) => {
    const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    if (folder === undefined) return false;
    const base = folder.uri.fsPath;
    let vendored = byFolder.get(base);
    if (vendored === undefined) {
      vendored = goVendored((path) => existsSync(join(base, path)));
      byFolder.set(base, vendored);
    }
    return vendored(relative(base, uri.fsPath));
  };
}
