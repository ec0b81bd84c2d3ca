// Applying pins: one WorkspaceEdit (one undo step), and only to the document version the edits
// were computed for, so a pin never lands on text that moved since.
import * as vscode from 'vscode';
import type { TextEdit } from '../core/types';
import { toVsRange } from './convert';

export async function findDocument(uri: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  return open ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
}

export type ApplyResult = 'applied' | 'outdated' | 'failed' | 'nothing';

export async function applyIfCurrent(document: vscode.TextDocument, version: number, edits: readonly TextEdit[]): Promise<ApplyResult> {
  if (edits.length === 0) return 'nothing';
  if (document.isClosed || document.version !== version) return 'outdated';
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of edits) edit.replace(document.uri, toVsRange(textEdit.range), textEdit.newText);
  // Checked again right before applying: nothing may have changed while the edit was built.
  if (document.version !== version) return 'outdated';
  return (await vscode.workspace.applyEdit(edit)) ? 'applied' : 'failed';
}

export function reportOutdated(document: vscode.TextDocument): void {
  void vscode.window.showWarningMessage(
    `Docker Pin: ${vscode.workspace.asRelativePath(document.uri)} changed while the pin was being prepared; nothing was written. Try again.`,
  );
}
