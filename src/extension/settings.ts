// The settings snapshot: read once, re-read when `dockerPin.*` changes, and announced to whoever
// depends on it (the client factory, the caches, lenses, diagnostics, the status bar).
import * as vscode from 'vscode';
import { hostPlatform } from '../core/platform';
import { Commands } from './commandIds';
import { RepoConfigFiles, type RepoConfigState } from './repoConfigFiles';
import { toSettings, type Settings } from './settingsModel';

function read(scope?: vscode.Uri, repo: RepoConfigState = {}): Settings {
  const config = vscode.workspace.getConfiguration('dockerPin', scope);
  const digestKind = config.inspect('digestKind');
  return toSettings(
    {
      platform: config.get('platform'),
      // Set explicitly, it wins over the repository config; its default does not.
      digestKind: digestKind?.workspaceFolderValue ?? digestKind?.workspaceValue ?? digestKind?.globalValue,
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
    { ...repo, untrusted: !vscode.workspace.isTrusted },
  );
}

/** Settings that change what a check finds or how it is reported (not, e.g., the CodeLens switch). */
const RESULT_SETTINGS = ['platform', 'buildArgs', 'digestKind', 'unpinnedSeverity', 'mirrors', 'insecureRegistries', 'dockerConfig'];

export class SettingsStore implements vscode.Disposable {
  private snapshot: Settings;
  /** Per workspace folder and repository config, read once until either changes (lenses ask per line). */
  private readonly perFolder = new Map<string, Settings>();
  /** The repository configs (.docker-pin.yaml) of the workspace, as the CLI finds them. */
  readonly repoConfigs = new RepoConfigFiles();
  /** Invalid platforms already announced. */
  private readonly told = new Set<string>();
  private readonly changed = new vscode.EventEmitter<Settings>();
  private readonly resultsChanged = new vscode.EventEmitter<void>();
  private readonly listeners: vscode.Disposable[];
  readonly onDidChange = this.changed.event;
  /** A `dockerPin` setting changed that makes earlier check results wrong. */
  readonly onDidChangeResults = this.resultsChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.snapshot = this.load();
    const configWatcher = vscode.workspace.createFileSystemWatcher('**/.docker-pin.{yaml,yml}');
    // A repository config created, saved or deleted: every document's settings are read again, as a setting change does.
    const configChanged = (uri: vscode.Uri) => {
      this.log.info(`${vscode.workspace.asRelativePath(uri)} changed: reading the repository configs again`);
      this.repoConfigs.reset();
      this.reload(true);
    };
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('dockerPin')) this.reload(RESULT_SETTINGS.some((key) => event.affectsConfiguration(`dockerPin.${key}`)));
      }),
      configWatcher,
      configWatcher.onDidCreate(configChanged),
      configWatcher.onDidChange(configChanged),
      configWatcher.onDidDelete(configChanged),
      // Trusted now: the repository configs' build args apply.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload(true)),
    ];
  }

  private reload(results: boolean): void {
    this.perFolder.clear();
    this.snapshot = this.load();
    this.changed.fire(this.snapshot);
    if (results) this.resultsChanged.fire();
  }

  /** Window-wide values: client options, CodeLens switch, the status bar's platform. */
  get current(): Settings {
    return this.snapshot;
  }

  /**
   * Values for one document: `platform`, `digestKind`, `buildArgs` and `unpinnedSeverity` may differ
   * per folder, and with the repository config nearest to the document.
   */
  for(uri: vscode.Uri | string): Settings {
    const resource = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    const folder = vscode.workspace.getWorkspaceFolder(resource);
    const repo = this.repoConfigFor(resource, folder);
    if (!folder && repo.path === undefined && repo.problem === undefined) return this.snapshot;
    // The dockerPin settings are resource- or window-scoped, never language-specific: a file's
    // values are its folder's, with its repository config.
    const key = `${folder?.uri.toString() ?? ''}\u0000${repo.path ?? repo.problem ?? ''}`;
    let settings = this.perFolder.get(key);
    if (!settings) {
      settings = this.tell(read(folder?.uri, repo));
      if (repo.config !== undefined && !vscode.workspace.isTrusted && repo.config.buildArgs.size > 0) {
        this.log.info(`${repo.config.file}: its buildArgs are not used in an untrusted workspace`);
      }
      this.perFolder.set(key, settings);
    }
    return settings;
  }

  /** Whether the repository config nearest to the file leaves it out (`ignore.paths`): the extension then reads nothing of it. */
  excludes(uri: vscode.Uri): boolean {
    return this.repoConfig(uri).excludes === true;
  }

  /** The repository config nearest to the file. */
  repoConfig(uri: vscode.Uri): RepoConfigState {
    return this.repoConfigFor(uri, vscode.workspace.getWorkspaceFolder(uri));
  }

  private repoConfigFor(uri: vscode.Uri, folder: vscode.WorkspaceFolder | undefined): RepoConfigState {
    // Only files on disk have a repository around them.
    if (uri.scheme !== 'file') return {};
    return this.repoConfigs.for(uri.fsPath, folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
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
    if (settings.platformSource === '.docker-pin.yaml') {
      void vscode.window.showWarningMessage(`Docker Pin: ${problem}`);
      return settings;
    }
    void vscode.window.showWarningMessage(`Docker Pin: ${problem}`, 'Select Platform').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.selectPlatform);
    });
    return settings;
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.changed.dispose();
    this.resultsChanged.dispose();
  }
}
