// The settings snapshot: read once, re-read when `dockerPin.*` changes, and announced to whoever
// depends on it (the client factory, the caches, lenses, diagnostics, the status bar).
import * as vscode from 'vscode';
import { hostPlatform } from '../core/platform';
import { Commands } from './commandIds';
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
      buildArgs: config.get('buildArgs'),
    },
    hostPlatform(),
    // The extension host's environment, as the CLI reads its own: DOCKER_DEFAULT_PLATFORM.
    process.env,
  );
}

/** Settings that change what a check finds or how it is reported (not, e.g., the CodeLens switch). */
const RESULT_SETTINGS = ['platform', 'buildArgs', 'digestKind', 'unpinnedSeverity', 'mirrors', 'insecureRegistries', 'dockerConfig'];

export class SettingsStore implements vscode.Disposable {
  private snapshot: Settings;
  /** Per workspace folder, read once until the configuration changes (lenses ask per line). */
  private readonly perFolder = new Map<string, Settings>();
  /** Invalid platforms already announced. */
  private readonly told = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Settings>();
  private readonly resultsChanged = new vscode.EventEmitter<void>();
  private readonly listener: vscode.Disposable;
  readonly onDidChange = this.changed.event;
  /** A `dockerPin` setting changed that makes earlier check results wrong. */
  readonly onDidChangeResults = this.resultsChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.snapshot = this.load();
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('dockerPin')) return;
      this.perFolder.clear();
      this.snapshot = this.load();
      this.changed.fire(this.snapshot);
      if (RESULT_SETTINGS.some((key) => event.affectsConfiguration(`dockerPin.${key}`))) this.resultsChanged.fire();
    });
  }

  /** Window-wide values: client options, CodeLens switch, the status bar's platform. */
  get current(): Settings {
    return this.snapshot;
  }

  /** Values for one document: `platform`, `digestKind` and `unpinnedSeverity` may differ per folder. */
  for(uri: vscode.Uri | string): Settings {
    const resource = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    const folder = vscode.workspace.getWorkspaceFolder(resource);
    if (!folder) return this.snapshot;
    // The dockerPin settings are resource- or window-scoped, never language-specific: a file's
    // values are its folder's.
    const key = folder.uri.toString();
    let settings = this.perFolder.get(key);
    if (!settings) this.perFolder.set(key, (settings = this.tell(read(folder.uri))));
    return settings;
  }

  private load(): Settings {
    const settings = read();
    for (const problem of settings.problems) this.log.warn(problem);
    return this.tell(settings);
  }

  /**
   * An invalid platform stops every resolution: a notification says so once per value, with the
   * way out (the status bar, the lenses and the diagnostics say it too, for as long as it lasts).
   */
  private tell(settings: Settings): Settings {
    const problem = settings.platformProblem;
    if (problem === undefined || this.told.has(problem)) return settings;
    this.told.add(problem);
    void vscode.window.showWarningMessage(`Docker Pin: ${problem}`, 'Select Platform').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.selectPlatform);
    });
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.resultsChanged.dispose();
  }
}
