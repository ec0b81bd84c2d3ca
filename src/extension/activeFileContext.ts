// The `dockerPin.activeFileNamesImages` context key: true while the active editor holds a document
// the extension reads images from (any kind), so the editor title's Pin All button and the command
// palette entry appear for compose files, manifests, workflows, GitLab CI files and dev containers
// as for Dockerfiles. Updated when the active editor changes and when its text does (typing
// `apiVersion:` and `kind:` makes a YAML file a manifest).
import * as vscode from 'vscode';
import { ACTIVE_FILE_CONTEXT } from './commandIds';
import type { Services } from './services';

export class ActiveFileContext implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private value: boolean | undefined;

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const value = document !== undefined && this.services.reads(document);
    if (value === this.value) return;
    this.value = value;
    void vscode.commands.executeCommand('setContext', ACTIVE_FILE_CONTEXT, value);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
