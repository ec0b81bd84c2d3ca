// The settings snapshot: read once, re-read when `dockerPin.*` changes, and announced to whoever
// depends on it (the client factory, the caches, lenses, diagnostics, the status bar).
import * as vscode from 'vscode';
import { hostPlatform } from '../core/platform';
import { toSettings, type Settings } from './settingsModel';

function read(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration('dockerPin', scope);
  return toSettings(
    {
      platform: config.get('platform'),
      digestKind: config.get('digestKind'),
      codeLensEnabled: config.get('codeLens.enabled'),
      unpinnedSeverity: config.get('unpinnedSeverity'),
      mirrors: config.get('mirrors'),
      insecureRegistries: config.get('insecureRegistries'),
      dockerConfig: config.get('dockerConfig'),
      timeout: config.get('timeout'),
      cacheLifetime: config.get('cacheLifetime'),
    },
    hostPlatform(),
  );
}

export class SettingsStore implements vscode.Disposable {
  private snapshot: Settings;
  private readonly changed = new vscode.EventEmitter<Settings>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.snapshot = this.load();
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('dockerPin')) return;
      this.snapshot = this.load();
      this.changed.fire(this.snapshot);
    });
  }

  /** Window-wide values: client options, CodeLens switch, the status bar's platform. */
  get current(): Settings {
    return this.snapshot;
  }

  /** Values for one document: `platform`, `digestKind` and `unpinnedSeverity` may differ per folder. */
  for(uri: vscode.Uri | string): Settings {
    const resource = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    if (!vscode.workspace.getWorkspaceFolder(resource)) return this.snapshot;
    return read(resource);
  }

  private load(): Settings {
    const settings = read();
    for (const problem of settings.problems) this.log.warn(problem);
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
