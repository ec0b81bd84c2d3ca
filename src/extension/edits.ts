// Applying pins: one WorkspaceEdit (one undo step), only to the document version the edits were
// computed for, and only after the re-read check the CLI runs before writing has passed on that
// version's text. Every path that changes a file (lenses, quick fixes, Pin All, pinAs) comes
// through `applyChecked`; source.fixAll.dockerPin runs the same check before it offers its edit.
import * as vscode from 'vscode';
import type { TextEdit } from '../core/types';
import type { SourceFile } from '../engine/sources';
import { Commands } from './commandIds';
import { toVsRange } from './convert';
import type { Services } from './services';

export async function findDocument(uri: string): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  return open ?? vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
}

/** `refused`: the re-read check failed, nothing was applied. `failed`: VS Code did not apply the edit. */
export type ApplyResult = 'applied' | 'outdated' | 'refused' | 'failed' | 'nothing';

/** Edits of one env file, and the text they were planned for. */
export interface EnvFileEdits {
  readonly uri: vscode.Uri;
  readonly text: string;
  readonly edits: readonly TextEdit[];
}

/**
 * Edits of a document and, for a compose file, of the env files its values are written in (they take
 * their pins there): its project's `.env`, or each env file an include reading of it pins into.
 */
export interface PlannedEdits {
  readonly edits: readonly TextEdit[];
  readonly envFiles?: readonly EnvFileEdits[];
}

/** One WorkspaceEdit (one undo step) for the document's edits and its env files'. */
export function workspaceEdit(document: vscode.TextDocument, planned: PlannedEdits): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of planned.edits) edit.replace(document.uri, toVsRange(textEdit.range), textEdit.newText);
  for (const envFile of planned.envFiles ?? []) for (const textEdit of envFile.edits) edit.replace(envFile.uri, toVsRange(textEdit.range), textEdit.newText);
  return edit;
}

/**
 * Applies `planned` if `document` is still at `version` (and each env file it edits still has the
 * text the edits were planned for) and `check(file)` — the re-read check, on the file as it is
 * now — finds nothing wrong. The user is told of every refusal.
 */
export async function applyChecked(
  services: Services,
  document: vscode.TextDocument,
  version: number,
  planned: PlannedEdits,
  check: (file: SourceFile) => string | undefined | Promise<string | undefined>,
): Promise<ApplyResult> {
  // First: answers for a text that is gone (maybe cancelled by the change) say nothing about this one.
  const gone = (): boolean => document.isClosed || document.version !== version;
  const file = gone() ? undefined : await services.sourceFile(document);
  const envFiles = planned.envFiles ?? [];
  const envTexts = await Promise.all(envFiles.map((envFile) => services.fileText(envFile.uri)));
  if (file === undefined || gone() || envFiles.some((envFile, i) => envTexts[i] !== envFile.text)) {
    reportOutdated(document);
    return 'outdated';
  }
  if (planned.edits.length === 0 && envFiles.every((envFile) => envFile.edits.length === 0)) return 'nothing';
  const reason = await check(file);
  if (reason !== undefined) {
    reportRefused(document, reason, services.log);
    return 'refused';
  }
  // Changed while it was checked: the check said nothing of the text as it is now.
  if (gone()) {
    reportOutdated(document);
    return 'outdated';
  }
  if (await vscode.workspace.applyEdit(workspaceEdit(document, planned))) return 'applied';
  // VS Code refuses an edit made for a version the document has left (typed in as it was sent).
  if (gone()) {
    reportOutdated(document);
    return 'outdated';
  }
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
