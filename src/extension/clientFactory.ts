// One registry client per settings + trust snapshot. A new one replaces it when anything it was
// built with changes (mirrors, insecure registries, docker config, timeout, cache lifetime), when
// the workspace becomes trusted, or on Clear Cache; consumers always ask for `current`.
import * as vscode from 'vscode';
import { RegistryClient } from '../registry/client';
import { DockerConfigCredentials } from '../registry/credentials';
import { dockerCertsDirs } from '../registry/tlsTrust';
import type { RateLimit } from '../registry/rateLimit';
import type { RegistryClientApi } from '../registry/types';
import { LowBudgetWarnings } from './rateLimitModel';
import type { SettingsStore } from './settings';
import { clientSettingsChanged, type Settings } from './settingsModel';

export class ClientFactory implements vscode.Disposable {
  private client: RegistryClient;
  private built: { settings: Settings; trusted: boolean };
  private readonly changed = new vscode.EventEmitter<RegistryClientApi>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChange = this.changed.event;
  /** The latest pull budget per registry, kept across rebuilt clients (the budget is the registry's, not the client's). */
  private readonly rates = new Map<string, RateLimit>();
  private readonly rateReported = new vscode.EventEmitter<RateLimit>();
  readonly onDidRateLimit = this.rateReported.event;
  private readonly lowBudget = new LowBudgetWarnings();

  constructor(
    private readonly settings: SettingsStore,
    private readonly log: vscode.LogOutputChannel,
    /** Where manifests are kept by digest between sessions (the extension's global storage). */
    private readonly cacheDirectory?: string,
  ) {
    this.built = { settings: settings.current, trusted: vscode.workspace.isTrusted };
    this.client = this.create();
    this.subscriptions.push(
      settings.onDidChange((next) => {
        if (clientSettingsChanged(this.built.settings, next)) this.rebuild('settings changed');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.rebuild('workspace trusted')),
      this.changed,
      this.rateReported,
    );
  }

  /** The pull budgets registries reported last. */
  get rateLimits(): RateLimit[] {
    return [...this.rates.values()];
  }

  get current(): RegistryClientApi {
    return this.client;
  }

  get trusted(): boolean {
    return this.built.trusted;
  }

  /**
   * A new client from the current settings and trust: new credentials (the docker config and
   * helpers are read again), no cached tokens, tags or manifests in memory. The disk cache stays:
   * what a digest names never changes, and every tag is asked of the registry again (a HEAD).
   * Consumers hear of it through `onDidChange`.
   */
  rebuild(reason: string): void {
    this.log.info(`registry client: rebuilt (${reason})`);
    const old = { client: this.client, timeoutMs: this.built.settings.timeoutMs };
    this.built = { settings: this.settings.current, trusted: vscode.workspace.isTrusted };
    this.client = this.create();
    // Requests already on the old client may finish (they time out by then); its sockets close after.
    setTimeout(() => old.client.dispose(), old.timeoutMs + 1000).unref();
    this.changed.fire(this.client);
  }

  private create(): RegistryClient {
    const { settings, trusted } = this.built;
    // Untrusted: no credential source at all, so no helper program runs and no stored secret leaves
    // the machine; public images still resolve anonymously.
    const credentials = trusted
      ? new DockerConfigCredentials({ configDir: settings.dockerConfig, allowHelpers: true, logger: this.log })
      : undefined;
    this.log.info(
      `registry client: ${trusted ? 'trusted workspace, docker credentials' : 'untrusted workspace, anonymous only'}; ` +
        `mirrors ${JSON.stringify(Object.keys(settings.mirrors))}, timeout ${settings.timeoutMs / 1000} s, cache ${settings.cacheLifetimeMs / 1000} s`,
    );
    return new RegistryClient({
      logger: this.log,
      credentials,
      mirrors: settings.mirrors,
      insecureRegistries: settings.insecureRegistries,
      insecureRegistryHint: (host) => `"${host}" to the dockerPin.insecureRegistries setting`,
      // docker's per-registry CAs always (they only add trust); client certificates, like other credentials, only when trusted.
      certsDirs: dockerCertsDirs(),
      clientCertificates: trusted,
      timeoutMs: settings.timeoutMs,
      tagCacheTtlMs: settings.cacheLifetimeMs,
      ...(this.cacheDirectory !== undefined ? { cacheDirectory: this.cacheDirectory } : {}),
      onRateLimit: (rate) => this.rateLimited(rate),
    });
  }

  private rateLimited(rate: RateLimit): void {
    this.rates.set(rate.registry, rate);
    this.rateReported.fire(rate);
    const warning = this.lowBudget.warningFor(rate);
    if (warning) void vscode.window.showWarningMessage(warning);
  }

  dispose(): void {
    this.client.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
