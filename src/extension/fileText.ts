// A file's text as the editor plans pins on it, read without blocking the extension host (lenses
// and diagnostics are drawn from it): an open editor's text when it is open, else the file's,
// decoded as Node's readFile(…, 'utf8') decodes it (a byte-order mark kept, bad bytes replaced).
import * as vscode from 'vscode';

/** The text of the file at `uri`: an open editor's when it is open, else the file's; undefined when there is none. */
export async function uriText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
  // Opened meanwhile: the editor's text wins, as it would have had the read been at once.
  const opened = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  return opened ? opened.getText() : new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}
