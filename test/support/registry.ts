// A real registry for tests: Debian's `docker-registry` (CNCF distribution 2.8) on 127.0.0.1,
// with filesystem storage in a temp dir and, on request, htpasswd (Basic) or token auth (with our
// token server), and TLS with a test CA's certificate (client certificates required on request).
// Nothing is mocked: clients see exactly the headers, challenges, handshakes and errors a
// self-hosted registry sends.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './net';
import { fetchOverTls, type FixtureTls } from './tlsFetch';
import { startTokenServer, type TokenServer } from './tokenServer';
import { findCommand, requireCommand } from './tools';

const execFileAsync = promisify(execFile);

export type AuthMode = 'none' | 'basic' | 'token';

export interface TestRegistry {
  /** `http://127.0.0.1:PORT`, or `https://…` when served over TLS. */
  readonly url: string;
  readonly host: string;
  readonly auth: AuthMode;
  readonly username?: string;
  readonly password?: string;
  /** Token mode only: the token server (its `tokenRequests`, `requests`, `identityToken`). */
  readonly tokenServer?: TokenServer;
  /** Token mode only: an identity token for `username`, as `docker login` stores for such registries. */
  readonly identityToken?: string;
  /** TLS only: what the fixtures' own requests trust and present (see registryHttp.ts). */
  readonly fixtureTls?: FixtureTls;
  /** What the registry process printed (warnings and errors only), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** A registry served over TLS. */
export interface RegistryTlsOptions {
  /** The certificate it presents (issued for `127.0.0.1` and whatever names the test uses) and its key. */
  readonly certFile: string;
  readonly keyFile: string;
  /** PEM of the CA that issued it, which the fixtures' requests trust. */
  readonly caPem: string;
  /** When set, connections must present a client certificate issued by this CA (file); the fixtures present `fixtureClient`. */
  readonly clientCaFile?: string;
  readonly fixtureClient?: { readonly cert: string; readonly key: string };
}

export interface StartRegistryOptions {
  readonly auth?: AuthMode;
  /**
   * Accept `DELETE /v2/<name>/manifests/<digest>` (`storage.delete.enabled`), as a registry that
   * cleans up old images does; off by default, as in distribution (it then answers 405).
   */
  readonly deletes?: boolean;
  readonly tls?: RegistryTlsOptions;
}

const USERNAME = 'tester';
const SERVICE = 'docker-pin-test-registry';
const READY_TIMEOUT_MS = 15_000;
const OUTPUT_LIMIT = 64 * 1024;

/** Debian installs distribution as `docker-registry`; another build may be on PATH as `registry`. */
function registryBinary(): string {
  return findCommand('/usr/bin/docker-registry') ?? requireCommand('docker-registry', 'docker-registry');
}

// Children still running when mocha exits (a test that forgot `stop()`, or Ctrl-C) are killed, so
// no registry outlives the run.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function tlsYaml(tls: RegistryTlsOptions | undefined): string[] {
  if (!tls) return [];
  const clientCas = tls.clientCaFile ? ['    clientcas:', `      - ${JSON.stringify(tls.clientCaFile)}`] : [];
  return ['  tls:', `    certificate: ${JSON.stringify(tls.certFile)}`, `    key: ${JSON.stringify(tls.keyFile)}`, ...clientCas];
}

function configYaml(dir: string, port: number, auth: string, deletes: boolean, tls: RegistryTlsOptions | undefined): string {
  return [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'storage'))}`,
    '  delete:',
    `    enabled: ${deletes}`,
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    ...tlsYaml(tls),
    'health:',
    '  storagedriver:',
    '    enabled: false',
    auth,
    '',
  ].join('\n');
}

async function basicAuthConfig(dir: string, password: string): Promise<string> {
  const htpasswd = requireCommand('htpasswd', 'apache2-utils');
  // distribution only accepts bcrypt entries; cost 5 keeps each check fast.
  const { stdout } = await execFileAsync(htpasswd, ['-Bbn', '-C', '5', USERNAME, password]);
  const file = path.join(dir, 'htpasswd');
  await writeFile(file, stdout.trim() + '\n', { mode: 0o600 });
  return ['auth:', '  htpasswd:', '    realm: docker-pin-test', `    path: ${JSON.stringify(file)}`].join('\n');
}

function tokenAuthConfig(token: TokenServer): string {
  return [
    'auth:',
    '  token:',
    `    realm: ${JSON.stringify(token.realm)}`,
    `    service: ${JSON.stringify(token.service)}`,
    `    issuer: ${JSON.stringify(token.issuer)}`,
    `    rootcertbundle: ${JSON.stringify(token.certFile)}`,
  ].join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Waits until `/v2/` answers at all (200 without auth, 401 with), or the process dies. */
async function waitReady(url: string, child: ChildProcess, output: () => string, fetch: Fetch): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}) before serving ${url}:\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await sleep(25);
  }
  throw new Error(`docker-registry did not answer ${url}/v2/ within ${READY_TIMEOUT_MS} ms:\n${output()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts a registry on a free 127.0.0.1 port; `auth` defaults to `none`. */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none';
  const binary = registryBinary();
  const dir = await mkdtemp(path.join(os.tmpdir(), `docker-pin-registry-${auth}-`));
  const password = auth === 'none' ? undefined : randomBytes(12).toString('base64url');
  let tokenServer: TokenServer | undefined;
  try {
    let authConfig = '';
    if (auth === 'basic' && password) authConfig = await basicAuthConfig(dir, password);
    if (auth === 'token' && password) {
      tokenServer = await startTokenServer({ dir, service: SERVICE, username: USERNAME, password });
      authConfig = tokenAuthConfig(tokenServer);
    }
    // The port is free when we look; another process could take it before the registry binds,
    // so a failed start is retried on a fresh port.
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const configFile = path.join(dir, 'config.yml');
      await writeFile(configFile, configYaml(dir, port, authConfig, options.deletes === true, options.tls));
      let out = '';
      const output = (): string => out;
      const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(child);
      child.once('exit', () => running.delete(child));
      const collect = (chunk: Buffer): void => {
        out = (out + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
      };
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
      const fixtureTls: FixtureTls | undefined = options.tls ? { ca: options.tls.caPem, ...options.tls.fixtureClient } : undefined;
      const fixtureFetch: Fetch = fixtureTls ? (input, init = {}) => fetchOverTls(input, init, fixtureTls) : fetch;
      try {
        await waitReady(url, child, output, fixtureFetch);
      } catch (e) {
        lastError = e;
        await stopChild(child);
        continue;
      }
      const stopToken = tokenServer;
      let stopped: Promise<void> | undefined;
      return {
        url,
        host: `127.0.0.1:${port}`,
        auth,
        username: password ? USERNAME : undefined,
        password,
        tokenServer,
        identityToken: tokenServer?.identityToken,
        fixtureTls,
        output,
        stop: () => {
          stopped ??= (async () => {
            await stopChild(child);
            await stopToken?.stop();
            await rm(dir, { recursive: true, force: true });
          })();
          return stopped;
        },
      };
    }
    throw lastError;
  } catch (e) {
    await tokenServer?.stop();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
