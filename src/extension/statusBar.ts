// The platform in use and where it comes from, shown while a Dockerfile is the active editor, with
// the registries' pull budgets in its tooltip; a click selects another.
import * as vscode from 'vscode';
import { Commands } from './commandIds';
import { Services } from './services';
import { platformStatusView } from './statusBarModel';

export class PlatformStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dockerPin.platform', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.item.name = 'Docker Pin Platform';
    this.item.command = Commands.selectPlatform;
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidOpenTextDocument(() => this.update()),
      services.settings.onDidChange(() => this.update()),
      services.clients.onDidRateLimit(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !this.services.reads(document)) {
      this.item.hide();
      return;
    }
    const view = platformStatusView(this.services.settings.for(document.uri), this.services.clients.rateLimits);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
