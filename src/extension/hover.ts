// Hover on an image reference: digests, platforms and media types from the shared status. When
// the status came from a HEAD (index pins) the hover asks for the body, since the user asked.
import * as vscode from 'vscode';
import type { Resolution } from '../registry/types';
import { withSignal } from './cancel';
import { contains, toVsRange } from './convert';
import { hoverMarkdown } from './hoverModel';
import { DOCUMENT_SELECTOR, Services } from './services';

export class PinHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    await this.services.ready(document);
    const occurrence = (await this.services.scan(document)).images.find((o) => contains(o.range, position));
    if (!occurrence) return undefined;
    return withSignal(token, async (signal) => {
      const status = await this.services.status(document, occurrence, signal);
      let resolution: Resolution | undefined = status.resolution;
      if (resolution && !resolution.platforms) {
        try {
          resolution = await this.services.clients.current.resolve(occurrence.reference, { platform: status.platform, kind: 'platform', signal });
        } catch (error) {
          this.services.log.debug(`hover: no platform list for ${occurrence.expanded}: ${(error as Error).message}`);
        }
      }
      const markdown = new vscode.MarkdownString(hoverMarkdown(status, resolution));
      return new vscode.Hover(markdown, toVsRange(occurrence.range));
    }).catch(() => undefined);
  }
}

export function registerHover(services: Services): vscode.Disposable {
  return vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new PinHoverProvider(services));
}
