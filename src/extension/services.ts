// What the providers and commands share, built once in `activate` and injected: the log, the
// settings, the registry client, and the per-document scan and status caches.
import * as vscode from 'vscode';
import { effectivePlatform } from '../engine/platformOf';
import { scanDockerfile } from '../core/dockerfile';
import { DockerPinError } from '../core/errors';
import { formatPlatform, hostPlatform } from '../core/platform';
import type { ImageOccurrence, ScanOptions, ScanResult } from '../core/types';
import { resolveOccurrence } from '../engine/resolveOccurrence';
import type { Analysis, ImageStatus } from '../engine/types';
import { ClientFactory } from './clientFactory';
import { UserNotifier } from './notifier';
import { ScanCache } from './scanCache';
import { SettingsStore } from './settings';
import type { Settings } from './settingsModel';
import { StatusCache, type DocumentKey } from './statusCache';

export const DOCKERFILE_LANGUAGE = 'dockerfile';
/** Schemes of documents a user edits and saves: local, new, and remote (SSH, containers, WSL). */
export const DOCKERFILE_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote'];
/** What lenses, quick fixes and hovers register for. */
export const DOCKERFILE_SELECTOR: vscode.DocumentFilter[] = DOCKERFILE_SCHEMES.map((scheme) => ({ language: DOCKERFILE_LANGUAGE, scheme }));

export class Services implements vscode.Disposable {
  readonly settings: SettingsStore;
  readonly clients: ClientFactory;
  readonly scans = new ScanCache();
  readonly statuses: StatusCache;
  readonly notifier: UserNotifier;
  /** Fires when cached answers were thrown away (settings, client, Clear Cache). */
  private readonly reset = new vscode.EventEmitter<void>();
  readonly onDidReset = this.reset.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(readonly log: vscode.LogOutputChannel) {
    this.settings = new SettingsStore(log);
    this.clients = new ClientFactory(this.settings, log);
    this.notifier = new UserNotifier(() => this.clients.trusted);
    this.statuses = new StatusCache((occurrence, signal, uri) => this.resolve(occurrence, signal, uri), {
      lifetimeMs: this.settings.current.cacheLifetimeMs,
    });
    this.subscriptions.push(
      this.settings,
      this.clients,
      this.reset,
      // Platform, kind and client all shape the answers: start over on any dockerPin change.
      this.settings.onDidChange(() => this.clearCaches(false)),
      this.clients.onDidChange(() => this.clearCaches(false)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // In-flight work for the old version is aborted; its settled answers may carry over to
        // lines of the new version that ask the same question (statusCarry.ts).
        if (event.contentChanges.length > 0) this.statuses.advance(Services.key(event.document));
      }),
    );
  }

  /**
   * A Dockerfile the user edits: not a `git:` original, a diff's other side or another
   * extension's virtual document, which share the language but must not be resolved or pinned.
   */
  static isDockerfile(document: vscode.TextDocument): boolean {
    return document.languageId === DOCKERFILE_LANGUAGE && DOCKERFILE_SCHEMES.includes(document.uri.scheme);
  }

  static key(document: vscode.TextDocument): DocumentKey {
    return { uri: document.uri.toString(), version: document.version };
  }

  /** The document's images for the build its settings describe (BuildKit's `$TARGETARCH` and the rest, build args). */
  scan(document: vscode.TextDocument): ScanResult {
    return this.scans.scan(document.uri.toString(), document.version, () => document.getText(), this.scanOptions(document.uri));
  }

  /** What a scan of this document must know of the build, as the CLI's `--platform` and `--build-arg` give it. */
  scanOptions(uri: vscode.Uri | string): ScanOptions {
    const settings = this.settings.for(uri);
    return { platform: settings.platform, buildArgs: settings.buildArgs };
  }

  /** A Dockerfile that is not open (Check Workspace): scanned and resolved as an open one would be. */
  async analyzeFile(text: string, uri: vscode.Uri, signal: AbortSignal): Promise<Analysis> {
    const settings = this.settings.for(uri);
    const scan = scanDockerfile(text, this.scanOptions(uri));
    const statuses = await Promise.all(scan.images.map((occurrence) => this.answer(occurrence, settings, signal)));
    return { statuses, problems: scan.problems };
  }

  /** The shared status of one occurrence; `wait` only stops this caller from waiting. */
  status(document: vscode.TextDocument, occurrence: ImageOccurrence, wait?: AbortSignal): Promise<ImageStatus> {
    return this.statuses.status(Services.key(document), occurrence, wait);
  }

  /**
   * Clear Cache: a new registry client too (a fresh docker config read, after `docker login`, and
   * no cached tokens or answers), and user errors are shown again. Rebuilding the client comes
   * back here through `clients.onDidChange` with `includeClient` false.
   */
  clearCaches(includeClient: boolean): void {
    if (includeClient) {
      this.notifier.reset();
      this.clients.rebuild('cache cleared');
      return;
    }
    this.statuses.reset((occurrence, signal, uri) => this.resolve(occurrence, signal, uri), this.settings.current.cacheLifetimeMs);
    this.reset.fire();
  }

  private forget(uri: string): void {
    this.statuses.forget(uri);
    this.scans.forget(uri);
  }

  /**
   * The engine's answer for one occurrence; with an invalid platform in effect, that error for
   * every line (as the CLI refuses to run), never an answer for another platform.
   */
  private answer(occurrence: ImageOccurrence, settings: Settings, signal: AbortSignal): Promise<ImageStatus> {
    const platform = settings.platform;
    if (platform === undefined) {
      const error = new DockerPinError('INVALID_PLATFORM', settings.platformProblem ?? 'no valid platform is configured');
      return Promise.resolve({ occurrence, platform: effectivePlatform(occurrence, hostPlatform()), state: 'error', kind: settings.digestKind, error });
    }
    return resolveOccurrence(occurrence, this.clients.current, { platform, kind: settings.digestKind, signal });
  }

  private async resolve(occurrence: ImageOccurrence, signal: AbortSignal, uri: string): Promise<ImageStatus> {
    const settings = this.settings.for(uri);
    const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}:${occurrence.line}`;
    const platform = effectivePlatform(occurrence, settings.platform);
    this.log.trace(`${where}: resolving ${occurrence.expanded} for ${platform ? formatPlatform(platform) : 'no valid platform'} (${settings.digestKind})`);
    const status = await this.answer(occurrence, settings, signal);
    if (status.state === 'error' && status.error) {
      if (status.error.code === 'CANCELLED') this.log.trace(`${where}: ${status.error.message}`);
      else {
        this.log.warn(`${where}: ${status.error.message}`);
        this.notifier.report(status.error, occurrence.reference.registry);
      }
    } else {
      this.log.debug(`${where}: ${occurrence.expanded} is ${status.state}${status.targetDigest ? ` (${status.targetDigest})` : ''}`);
    }
    return status;
  }

  dispose(): void {
    this.statuses.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
