// `dockerPin.openManifest(reference, platform?)`: the lens's "Show manifest".
import * as vscode from 'vscode';
import { openManifestDocument } from '../manifestDocuments';
import type { Services } from '../services';

export async function openManifest(services: Services, reference: string, platform?: string): Promise<vscode.TextEditor | undefined> {
  try {
    return await openManifestDocument(reference, platform);
  } catch (error) {
    services.log.warn(`open manifest ${reference}: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`Docker Pin: cannot open the manifest of ${reference}: ${(error as Error).message}`);
    return undefined;
  }
}
