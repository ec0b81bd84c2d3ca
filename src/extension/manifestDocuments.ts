// Read-only manifest documents under the `docker-pin-manifest` scheme: the raw manifest as the
// registry sent it (its digest is over those bytes), with links on the digests of the manifests it
// names. Content is kept while the document is open and evicted on close.
import * as vscode from 'vscode';
import { formatReference, parseReference } from '../core/reference';
import { formatPlatform, parsePlatform } from '../core/platform';
import type { ImageReference, Platform } from '../core/types';
import { isDockerPinError } from '../core/errors';
import { manifestDigestLinks } from './manifestLinks';
import { MANIFEST_SCHEME, manifestPath, manifestQuery, parseManifestQuery, type ManifestTarget } from './manifestUriModel';
import type { Services } from './services';

export { MANIFEST_SCHEME };

/** The URI of a manifest document; `reference` and `platform` as text or parsed. */
export function toUri(reference: string | ImageReference, platform?: string | Platform): vscode.Uri {
  const target: ManifestTarget = {
    reference: typeof reference === 'string' ? parseReference(reference) : reference,
    platform: typeof platform === 'string' ? (platform ? parsePlatform(platform) : undefined) : platform,
  };
  return vscode.Uri.from({ scheme: MANIFEST_SCHEME, path: manifestPath(target), query: manifestQuery(target) });
}

export function fromUri(uri: vscode.Uri): ManifestTarget {
  return parseManifestQuery(uri.query);
}

const READ_ONLY = new vscode.MarkdownString('Manifests are shown exactly as the registry sent them: their digest is computed over these bytes.');

/**
 * A read-only file system rather than a content provider: VS Code then knows the scheme cannot be
 * written (`isWritableFileSystem` is false), the editor refuses typing with a reason, and neither
 * an edit nor a save can ever change what the registry sent.
 */
export class ManifestDocuments implements vscode.FileSystemProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  /** Fetches by URI, shared by `stat` and `readFile`; evicted when the document closes. */
  private readonly contents = new Map<string, Promise<Uint8Array>>();
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** Never fired: what a URI names does not change while it is open. */
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === MANIFEST_SCHEME) this.contents.delete(document.uri.toString());
      }),
    );
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const bytes = await this.bytes(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: bytes.length, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.bytes(uri);
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  private bytes(uri: vscode.Uri): Promise<Uint8Array> {
    const key = uri.toString();
    let pending = this.contents.get(key);
    if (!pending) {
      pending = this.fetch(uri);
      this.contents.set(key, pending);
      // A failure is not kept: opening again asks again.
      pending.catch(() => this.contents.get(key) === pending && this.contents.delete(key));
    }
    return pending;
  }

  private async fetch(uri: vscode.Uri): Promise<Uint8Array> {
    let target: ManifestTarget;
    try {
      target = fromUri(uri);
    } catch {
      throw vscode.FileSystemError.FileNotFound(uri);
    }
    const what = formatReference(target.reference) + (target.platform ? ` for ${formatPlatform(target.platform)}` : '');
    this.services.log.info(`manifest: fetching ${what}`);
    try {
      // No cancellation here (the file system API has none); the client's timeout bounds it.
      const manifest = await this.services.clients.current.manifest(target.reference, { platform: target.platform });
      this.services.log.debug(`manifest: ${what} is ${manifest.digest} (${manifest.mediaType}, ${manifest.bytes.length} bytes)`);
      return new Uint8Array(manifest.bytes);
    } catch (error) {
      this.services.log.warn(`manifest: ${what}: ${(error as Error).message}`);
      if (isDockerPinError(error)) this.services.notifier.report(error, target.reference.registry);
      throw error;
    }
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    let target: ManifestTarget;
    try {
      target = fromUri(document.uri);
    } catch {
      return [];
    }
    return manifestDigestLinks(document.getText()).map((link) => {
      const range = new vscode.Range(document.positionAt(link.offset), document.positionAt(link.offset + link.length));
      const child = parseReference(formatReference(target.reference, { tag: null, digest: link.digest }));
      const documentLink = new vscode.DocumentLink(range, toUri(child));
      documentLink.tooltip = `Open manifest ${link.digest}`;
      return documentLink;
    });
  }

  dispose(): void {
    this.contents.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export function registerManifestDocuments(services: Services): vscode.Disposable {
  const provider = new ManifestDocuments(services);
  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerFileSystemProvider(MANIFEST_SCHEME, provider, { isCaseSensitive: true, isReadonly: READ_ONLY }),
    vscode.languages.registerDocumentLinkProvider({ scheme: MANIFEST_SCHEME }, provider),
  );
}

/** Opens a manifest document read-only in a JSON editor. */
export async function openManifestDocument(reference: string | ImageReference, platform?: string | Platform): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument(toUri(reference, platform));
  if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
  return vscode.window.showTextDocument(document, { preview: true });
}
