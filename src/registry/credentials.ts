// Docker's own credential store: config.json `auths`, `credHelpers` and `credsStore`, read the
// way docker/cli reads them, so `docker login` is all a user has to do.
import { spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerPinError } from '../core/errors';
import { silentLogger, type Logger } from '../core/types';
import type { Credential, CredentialSource } from './types';

/** The key docker uses for Docker Hub in config.json and when asking a helper. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
const HUB_ALIASES = new Set(['index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const HELPER_TIMEOUT_MS = 30_000;

export interface DockerConfigCredentialsOptions {
  /** Directory holding config.json; default `$DOCKER_CONFIG`, else `~/.docker`. */
  readonly configDir?: string;
  /** False in untrusted workspaces: then no credential helper program is ever started. */
  readonly allowHelpers: boolean;
  readonly logger?: Logger;
}

interface AuthEntry {
  readonly auth?: string;
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
}

interface DockerConfig {
  readonly auths: ReadonlyMap<string, AuthEntry>;
  readonly credHelpers: ReadonlyMap<string, string>;
  readonly credsStore?: string;
}

/** `https://Index.Docker.io/v1/` → `docker.io`; `https://ghcr.io/v2/` → `ghcr.io`. */
export function normalizeRegistryKey(key: string): string {
  const host = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return HUB_ALIASES.has(host) ? 'docker.io' : host;
}

/** What a missing config.json means: no credentials, until it appears. */
const NO_CONFIG: DockerConfig = { auths: new Map(), credHelpers: new Map() };

/**
 * Credentials from config.json, kept fresh for a client that lives for hours (the extension's):
 * each lookup stats the file once (concurrent lookups share that stat), and the file is parsed
 * again only when its inode, size or mtime changed — `docker login` rewrites it through a rename,
 * so a login, a logout or a new credsStore is seen by the next request, without Clear Cache.
 * Answers (a helper's too: starting one is slow) are kept per registry until the file changes.
 */
export class DockerConfigCredentials implements CredentialSource {
  private readonly file: string;
  private readonly logger: Logger;
  /** The parsed config and the stat it was read under. */
  private loaded?: { readonly stamp: string; readonly config: DockerConfig };
  private checking?: Promise<DockerConfig>;
  /** Answers for `loaded.config` only: cleared whenever the file is read again. */
  private readonly cache = new Map<string, Promise<Credential | undefined>>();

  constructor(private readonly options: DockerConfigCredentialsOptions) {
    const configDir = options.configDir ?? process.env.DOCKER_CONFIG ?? path.join(os.homedir(), '.docker');
    this.file = path.join(configDir, 'config.json');
    this.logger = options.logger ?? silentLogger;
  }

  async get(registry: string): Promise<Credential | undefined> {
    const key = normalizeRegistryKey(registry);
    const config = await this.currentConfig();
    // A lookup that finished its stat before a newer read is answered from what it saw, uncached.
    if (config !== this.loaded?.config) return this.lookup(key, config);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.lookup(key, config);
      this.cache.set(key, pending);
      // A failed lookup (a broken helper) is not kept, so fixing it helps without a restart.
      pending.catch(() => {
        if (this.cache.get(key) === pending) this.cache.delete(key);
      });
    }
    return pending;
  }

  private async lookup(registry: string, config: DockerConfig): Promise<Credential | undefined> {
    const helper = config.credHelpers.get(registry) ?? config.credsStore;
    if (helper) {
      if (this.options.allowHelpers) return this.runHelper(helper, registry);
      this.logger.debug(`credential helper "${helper}" not run for ${registry}: helpers are not allowed here`);
    }
    const entry = config.auths.get(registry);
    return entry ? fromAuthEntry(entry, registry) : undefined;
  }

  /** config.json as it is now: one stat, shared by the lookups that ask meanwhile. */
  private currentConfig(): Promise<DockerConfig> {
    if (!this.checking) {
      const pending = this.check();
      this.checking = pending;
      void pending.then(
        () => this.doneChecking(pending),
        () => this.doneChecking(pending),
      );
    }
    return this.checking;
  }

  private doneChecking(pending: Promise<DockerConfig>): void {
    if (this.checking === pending) this.checking = undefined;
  }

  /** Re-reads the file when its stat changed. A failed read is not remembered: a file fixed later is read again. */
  private async check(): Promise<DockerConfig> {
    const stamp = await this.stamp();
    if (stamp !== undefined && this.loaded?.stamp === stamp) return this.loaded.config;
    const config = stamp === 'missing' ? NO_CONFIG : await this.readConfig();
    if (this.loaded !== undefined) this.logger.debug(`${this.file} changed; credentials read again`);
    this.loaded = { stamp: stamp ?? 'unknown', config };
    this.cache.clear();
    return config;
  }

  /** `ino:size:mtime`, or `missing`; undefined when the file cannot be stat'ed (then reading it says why). */
  private async stamp(): Promise<string | undefined> {
    try {
      const s = await stat(this.file, { bigint: true });
      return `${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
    }
  }

  private async readConfig(): Promise<DockerConfig> {
    const file = this.file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      // Removed between the stat and the read: the next lookup's stat sees it missing.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return NO_CONFIG;
      throw new DockerPinError('CREDENTIALS', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DockerPinError('CREDENTIALS', `${file} is not valid JSON`);
    }
    if (typeof json !== 'object' || json === null) throw new DockerPinError('CREDENTIALS', `${file} is not a JSON object`);
    return parseConfig(json as Record<string, unknown>);
  }

  private async runHelper(name: string, registry: string): Promise<Credential | undefined> {
    const program = `docker-credential-${name}`;
    // The name comes from a file; a path in it would run an arbitrary program.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new DockerPinError('CREDENTIALS', `invalid credential helper name "${name.slice(0, 60)}" for ${registry}`);
    }
    const server = registry === 'docker.io' ? DOCKER_HUB_SERVER : registry;
    const { code, stdout, stderr, error } = await runProgram(program, ['get'], server);
    if (error) {
      const why = error.code === 'ENOENT' ? 'is not installed (not found on PATH)' : `could not be started (${error.code ?? 'error'})`;
      throw new DockerPinError('CREDENTIALS', `credential helper ${program} for ${registry} ${why}`);
    }
    if (code !== 0) {
      if (/credentials not found/i.test(stdout + stderr)) return undefined;
      throw new DockerPinError('CREDENTIALS', `credential helper ${program} failed for ${registry} (exit code ${code})`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      throw new DockerPinError('CREDENTIALS', `credential helper ${program} gave an unreadable answer for ${registry}`);
    }
    const { Username: username, Secret: secret } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof secret !== 'string' || secret === '') return undefined;
    if (username === '<token>') return { identityToken: secret };
    return { username: typeof username === 'string' ? username : '', password: secret };
  }
}

function parseConfig(json: Record<string, unknown>): DockerConfig {
  const auths = new Map<string, AuthEntry>();
  const rawAuths = isObject(json.auths) ? json.auths : {};
  // Docker Hub's canonical key first, so it wins over aliases written for the same registry.
  const keys = Object.keys(rawAuths).sort((a, b) => Number(b === DOCKER_HUB_SERVER) - Number(a === DOCKER_HUB_SERVER));
  for (const key of keys) {
    const entry = rawAuths[key];
    const normalized = normalizeRegistryKey(key);
    if (isObject(entry) && !auths.has(normalized)) auths.set(normalized, entry as AuthEntry);
  }
  const credHelpers = new Map<string, string>();
  if (isObject(json.credHelpers)) {
    for (const [key, helper] of Object.entries(json.credHelpers)) {
      if (typeof helper === 'string' && helper !== '') credHelpers.set(normalizeRegistryKey(key), helper);
    }
  }
  const credsStore = typeof json.credsStore === 'string' && json.credsStore !== '' ? json.credsStore : undefined;
  return { auths, credHelpers, ...(credsStore ? { credsStore } : {}) };
}

function fromAuthEntry(entry: AuthEntry, registry: string): Credential | undefined {
  let username = typeof entry.username === 'string' ? entry.username : '';
  let password = typeof entry.password === 'string' ? entry.password : '';
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new DockerPinError('CREDENTIALS', `the saved login for ${registry} in config.json is malformed (no ":" in "auth")`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { identityToken: entry.identitytoken, ...(username ? { username } : {}) };
  }
  if (username === '' && password === '') return undefined;
  return { username, password };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface ProgramResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: NodeJS.ErrnoException;
}

/** Runs `program args` without a shell, writes `input` to stdin, and collects the output. */
function runProgram(program: string, args: readonly string[], input: string): Promise<ProgramResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { shell: false, stdio: ['pipe', 'pipe', 'pipe'], timeout: HELPER_TIMEOUT_MS, windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A helper that exits without reading stdin makes the write fail with EPIPE; the exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
