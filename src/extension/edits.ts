// Applying pins: one WorkspaceEdit (one undo step), only to the document version the edits were
// computed for, and only after the re-read check the CLI runs before writing has passed on that
// version's text. Every path that changes a Dockerfile (lenses, quick fixes, Pin All, pinAs) comes
// through `applyChecked`; source.fixAll.dockerPin runs the same check before it offers its edit.
import * as vscode from 'vscode';
import type { TextEdit } from '../core/types';
import { Commands } from './commandIds';
import { toVsRange } from './convert';

export async function findDocument(uri: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  return open ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
}

/** `refused`: the re-read check failed, nothing was applied. `failed`: VS Code did not apply the edit. */
export type ApplyResult = 'applied' | 'outdated' | 'refused' | 'failed' | 'nothing';

/**
 * Applies `edits` if `document` is still at `version` and `check(text)` — the re-read check, on the
 * text of that version — finds nothing wrong. The user is told of every refusal.
 */
export async function applyChecked(
  document: vscode.TextDocument,
  version: number,
  edits: readonly TextEdit[],
  check: (text: string) => string | undefined,
  log: vscode.LogOutputChannel,
): Promise<ApplyResult> {
  // First: answers for a text that is gone (maybe cancelled by the change) say nothing about this one.
  if (document.isClosed || document.version !== version) {
    reportOutdated(document);
    return 'outdated';
  }
  if (edits.length === 0) return 'nothing';
  const reason = check(document.getText());
  if (reason !== undefined) {
    reportRefused(document, reason, log);
    return 'refused';
  }
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of edits) edit.replace(document.uri, toVsRange(textEdit.range), textEdit.newText);
  if (await vscode.workspace.applyEdit(edit)) return 'applied';
  void vscode.window.showErrorMessage(`Docker Pin: VS Code refused the edit to ${vscode.workspace.asRelativePath(document.uri)}.`);
  return 'failed';
}

export function reportOutdated(document: vscode.TextDocument): void {
  void vscode.window.showWarningMessage(
    `Docker Pin: ${vscode.workspace.asRelativePath(document.uri)} changed while the pin was being prepared; nothing was written. Try again.`,
  );
}

/** The re-read check found that the edit would change more than digests. */
export function reportRefused(document: vscode.TextDocument, reason: string, log: vscode.LogOutputChannel): void {
  const name = vscode.workspace.asRelativePath(document.uri);
  log.warn(`${name}: not pinned, the re-read check failed: ${reason}`);
  void vscode.window
    .showWarningMessage(`Docker Pin: nothing was written to ${name}: the pinned text, read again, would not name the same images (${reason}).`, 'Show Log')
    .then((choice) => choice && vscode.commands.executeCommand(Commands.showLog));
}
