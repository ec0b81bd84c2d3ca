// The image names the `images:` entries of the workspace's kustomizations name: a manifest's image
// whose name (as kustomize splits it) none of them names is never renamed, nor its tag replaced,
// by any kustomization the include index may find (kustomizeRender.ts: an entry acts on an image
// only when its `name` is the image's), so its lens can be drawn before the index is known
// (readingFree.ts). Finding them needs only the kustomization files (KUSTOMIZATION_GLOB), far fewer
// than the YAML files the index reads, and the kustomizations they build on (their resources and
// components, followed wherever they are, as the index's render may reach them). More names than
// the index uses only make more lines wait. Read without blocking the extension host, again after
// a change the include index is built again for (`invalidate`). Open documents are read from
// their editors, as the index reads them.
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { kustomizationFacts } from '../core/sources/kustomizeRender';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/kustomizeReadings';
import { workspaceFileAccess } from './workspaceFileAccess';
import { KUSTOMIZATION_GLOB } from './workspaceFiles';

export class KustomizeEntryNames {
  private names: Promise<ReadonlySet<string> | undefined> | undefined;

  /** Every name an `images:` entry of a kustomization of the workspace (or one it builds on) names; undefined: the search failed (everything waits for the index). */
  get(): Promise<ReadonlySet<string> | undefined> {
    if (this.names !== undefined) return this.names;
    const names = this.read().catch(() => {
      // Asked again next time, not answered with the failure until something changes.
      if (this.names === names) this.names = undefined;
      return undefined;
    });
    this.names = names;
    return names;
  }

  /** A kustomization may have changed, or come with a folder: read again when next asked. */
  invalidate(): void {
    this.names = undefined;
  }

  /** Something was created in the workspace: a folder may bring kustomizations no watcher event names. */
  async created(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file' || this.names === undefined) return;
    if (await workspaceFileAccess.isFile(uri.fsPath)) return;
    this.invalidate();
  }

  private async read(): Promise<ReadonlySet<string>> {
    const names = new Set<string>();
    const seen = new Set<string>();
    const folders = (await vscode.workspace.findFiles(KUSTOMIZATION_GLOB)).filter((uri) => uri.scheme === 'file').map((uri) => dirname(uri.fsPath));
    // Breadth first over the folders, each read once by its real path (a link cycle ends there).
    for (let at = 0; at < folders.length; at++) {
      const dir = await realpath(folders[at]).catch(() => undefined);
      if (dir === undefined || seen.has(dir)) continue;
      seen.add(dir);
      const text = await kustomizationText(dir);
      if (text === undefined) continue;
      const facts = kustomizationFacts(text);
      for (const entry of facts.images) names.add(entry.name);
      // A remote base (a URL) is not read by the index either; a file resource has no kustomization.
      for (const resource of [...facts.resources, ...facts.components]) if (!resource.includes('://')) folders.push(isAbsolute(resource) ? resource : join(dir, resource));
    }
    return names;
  }
}

/** The text of the kustomization in folder `dir`, by the first name kustomize reads; undefined: none. */
async function kustomizationText(dir: string): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const path = join(dir, name);
    if (!(await workspaceFileAccess.isFile(path))) continue;
    return workspaceFileAccess.readText(path).catch(() => undefined);
  }
  return undefined;
}
