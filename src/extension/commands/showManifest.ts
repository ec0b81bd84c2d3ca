// `dockerPin.showManifest`: the manifest of the reference under the cursor (for the line's
// platform, or the index when pins are index pins), else of a reference typed in (its index, whose
// links lead to each platform).
import * as vscode from 'vscode';
import { effectivePlatform } from '../../engine/platformOf';
import { formatPlatform } from '../../core/platform';
import { parseReference } from '../../core/reference';
import { contains } from '../convert';
import { Services } from '../services';
import { openManifest } from './openManifest';

export async function showManifest(services: Services): Promise<vscode.TextEditor | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor && services.reads(editor.document)) {
    await services.ready(editor.document);
    const position = editor.selection.active;
    const { images } = await services.scan(editor.document);
    const occurrence = images.find((o) => o.range.start.line === position.line && contains(o.range, position))
      ?? images.find((o) => o.range.start.line === position.line);
    if (occurrence) {
      const settings = services.settings.for(editor.document.uri);
      const pinnedOrIndex = occurrence.reference.digest !== undefined || (occurrence.digestKind ?? settings.digestKind) === 'index';
      // Without a valid platform in effect the index is shown: its links lead to every platform.
      const wanted = pinnedOrIndex ? undefined : (effectivePlatform(occurrence, settings.platform));
      const platform = wanted ? formatPlatform(wanted) : undefined;
      return openManifest(services, occurrence.expanded, platform);
    }
  }
  const typed = await vscode.window.showInputBox({
    title: 'Docker Pin: Show Manifest',
    prompt: 'Image reference, e.g. alpine:3.20, ghcr.io/owner/app:1.0 or name@sha256:…',
    placeHolder: 'alpine:3.20',
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      try {
        parseReference(value.trim());
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
  if (!typed?.trim()) return undefined;
  return openManifest(services, typed.trim());
}
