// Read-only manifest documents under the `docker-pin-manifest` scheme: the raw manifest as the
// registry sent it (its digest is over those bytes), with links on the digests of the manifests it
// names. Content is kept while the document is open and evicted on close.
import * as vscode from 'vscode';
import { formatReference, parseReference } from '../core/reference';
import { formatPlatform, parsePlatform } from '../core/platform';
import type { ImageReference, Platform } from '../core/types';
import { isDockerPinError } from '../core/errors';
import { withSignal } from './cancel';
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

export class ManifestDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === MANIFEST_SCHEME) this.contents.delete(document.uri.toString());
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const cached = this.contents.get(uri.toString());
    if (cached !== undefined) return cached;
    const target = fromUri(uri);
    const what = formatReference(target.reference) + (target.platform ? ` for ${formatPlatform(target.platform)}` : '');
    this.services.log.info(`manifest: fetching ${what}`);
    try {
      const manifest = await withSignal(token, (signal) =>
        this.services.clients.current.manifest(target.reference, { platform: target.platform, signal }),
      );
      const text = manifest.bytes.toString('utf8');
      this.contents.set(uri.toString(), text);
      this.services.log.debug(`manifest: ${what} is ${manifest.digest} (${manifest.mediaType}, ${manifest.bytes.length} bytes)`);
      return text;
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
    vscode.workspace.registerTextDocumentContentProvider(MANIFEST_SCHEME, provider),
    vscode.languages.registerDocumentLinkProvider({ scheme: MANIFEST_SCHEME }, provider),
  );
}

/** Opens a manifest document read-only in a JSON editor. */
export async function openManifestDocument(reference: string | ImageReference, platform?: string | Platform): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument(toUri(reference, platform));
  if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
  return vscode.window.showTextDocument(document, { preview: true });
}
