// `dockerPin.applyPin(uri, version, range, newText)`: the lens's one-click pin. Applies one edit if
// the document is still at `version`; saves nothing (the user decides when to save).
import * as vscode from 'vscode';
import type { Range } from '../../core/types';
import { applyIfCurrent, findDocument, reportOutdated, type ApplyResult } from '../edits';

export async function applyPin(uri: string, version: number, range: Range, newText: string): Promise<ApplyResult> {
  const document = await findDocument(uri);
  const result = await applyIfCurrent(document, version, [{ range, newText }]);
  if (result === 'outdated') reportOutdated(document);
  if (result === 'failed') void vscode.window.showErrorMessage(`Docker Pin: VS Code refused the edit to ${vscode.workspace.asRelativePath(document.uri)}.`);
  return result;
}
