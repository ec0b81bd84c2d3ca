// TLS per registry host, set up as docker sets it up: the CA certificates and client certificates
// in docker's per-registry directories (`<certs.d>/<host[:port]>/`), and no certificate check at
// all for a host listed as an insecure registry (docker's `insecure-registries`).
import { readdir, readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { DockerPinError } from '../core/errors';
import { silentLogger, type Logger } from '../core/types';
import { isListedInsecure } from './endpoint';

/** What an https connection to one host needs beyond Node's defaults. */
export interface HostTls {
  /** Node's default trust plus the host's certs.d CAs, and its client certificate, if any. */
  readonly secureContext?: tls.SecureContext;
  /** False for an insecure registry: its certificate is not checked. */
  readonly rejectUnauthorized: boolean;
}

export interface TlsTrustOptions {
  /** docker's certificate directories, e.g. `/etc/docker/certs.d`; none when absent. */
  readonly certsDirs?: readonly string[];
  readonly insecureRegistries?: readonly string[];
  /** Whether `*.cert`/`*.key` pairs are presented; CAs are always read. Default true. */
  readonly clientCertificates?: boolean;
  readonly logger?: Logger;
}

/**
 * docker's certificate directories on this machine, as the engine reads them: on Linux the
 * daemon's `/etc/docker/certs.d` and rootless docker's `$XDG_CONFIG_HOME/docker/certs.d`
 * (default `~/.config`); Docker Desktop's `~/.docker/certs.d` on macOS and Windows, and the
 * Windows engine's `%ProgramData%\docker\certs.d`.
 */
export function dockerCertsDirs(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string[] {
  const desktop = path.join(home, '.docker', 'certs.d');
  if (platform === 'win32') return [path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'docker', 'certs.d'), desktop];
  if (platform === 'darwin') return [desktop, '/etc/docker/certs.d'];
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  return ['/etc/docker/certs.d', path.join(configHome, 'docker', 'certs.d')];
}

/** The per-host directory name: `host:port`, without the colon on Windows (as docker names it there). */
function hostDirName(host: string): string {
  return process.platform === 'win32' ? host.replace(/:/g, '') : host;
}

/**
 * What Node trusts by default: its CA bundle, NODE_EXTRA_CA_CERTS and, where enabled, the
 * system's store. Node 22.15 and later say so themselves; before that, the bundle and the
 * NODE_EXTRA_CA_CERTS file are what it trusts. Passing `ca` replaces the defaults, so they are
 * passed along with a host's own CAs.
 */
async function defaultCertificates(): Promise<string[]> {
  const getCACertificates = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  if (getCACertificates) return getCACertificates('default');
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const extraPem = extra ? await readFile(extra, 'utf8').catch(() => '') : '';
  return [...tls.rootCertificates, ...(extraPem ? [extraPem] : [])];
}

interface CertsFile {
  readonly dir: string;
  readonly name: string;
}

export class TlsTrust {
  private readonly hosts = new Map<string, Promise<HostTls | undefined>>();
  private readonly certsDirs: readonly string[];
  private readonly insecure: readonly string[];
  private readonly logger: Logger;

  constructor(private readonly options: TlsTrustOptions = {}) {
    this.certsDirs = options.certsDirs ?? [];
    this.insecure = options.insecureRegistries ?? [];
    this.logger = options.logger ?? silentLogger;
  }

  /** What an https connection to `host` (host[:port] as in a URL) needs; undefined: Node's defaults. Read once per host. */
  forHost(host: string): Promise<HostTls | undefined> {
    let settings = this.hosts.get(host);
    if (!settings) {
      settings = this.load(host);
      this.hosts.set(host, settings);
    }
    return settings;
  }

  /** `host`'s directory in the first certs directory, for messages (undefined when none is configured). */
  certsDirFor(host: string): string | undefined {
    const root = this.certsDirs[0];
    return root === undefined ? undefined : path.join(root, hostDirName(host));
  }

  /** Forgets what was read: the next connection reads the directories again. */
  clear(): void {
    this.hosts.clear();
  }

  private async load(host: string): Promise<HostTls | undefined> {
    // As docker: an insecure registry's certificate is not checked, and its directory is not read.
    if (isListedInsecure(host, this.insecure)) return { rejectUnauthorized: false };
    const files = await this.filesFor(host);
    if (files.length === 0) return undefined;
    const ca: string[] = [];
    let client: { cert: string; key: string; from: string } | undefined;
    for (const file of files) {
      const ext = path.extname(file.name);
      if (ext === '.crt') {
        ca.push(await readCertsFile(file, host));
      } else if (ext === '.cert' || ext === '.key') {
        // A client certificate is `<name>.cert` with `<name>.key` beside it; one without the other is an error, as in docker.
        const base = file.name.slice(0, -ext.length);
        const other = `${base}${ext === '.cert' ? '.key' : '.cert'}`;
        if (!files.some((f) => f.dir === file.dir && f.name === other)) {
          throw tlsConfigError(host, `${path.join(file.dir, file.name)} has no ${other} beside it (CA certificates end in .crt)`);
        }
        if (ext === '.cert' && !client && this.options.clientCertificates !== false) {
          // Node presents one certificate per key type; the first pair (by directory, then name) is used.
          client = { cert: await readCertsFile(file, host), key: await readCertsFile({ dir: file.dir, name: other }, host), from: path.join(file.dir, file.name) };
        }
      }
    }
    if (ca.length === 0 && !client) return undefined;
    let secureContext: tls.SecureContext;
    try {
      secureContext = tls.createSecureContext({
        ...(ca.length > 0 ? { ca: [...(await defaultCertificates()), ...ca] } : {}),
        ...(client ? { cert: client.cert, key: client.key } : {}),
      });
    } catch (e) {
      throw tlsConfigError(host, `the certificates in ${this.dirsOf(files)} cannot be used: ${(e as Error).message}`);
    }
    this.logger.debug(`TLS for ${host}: ${ca.length} CA file(s) from ${this.dirsOf(files)} added to the default trust${client ? `, client certificate ${client.from}` : ''}`);
    return { secureContext, rejectUnauthorized: true };
  }

  /** The host's files in every certs directory, in directory order, then by name. */
  private async filesFor(host: string): Promise<CertsFile[]> {
    const out: CertsFile[] = [];
    for (const root of this.certsDirs) {
      const dir = path.join(root, hostDirName(host));
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw tlsConfigError(host, `cannot read ${dir} (${code ?? 'error'})`);
      }
      for (const name of names.sort()) out.push({ dir, name });
    }
    return out;
  }

  private dirsOf(files: readonly CertsFile[]): string {
    return [...new Set(files.map((f) => f.dir))].join(' and ');
  }
}

async function readCertsFile(file: CertsFile, host: string): Promise<string> {
  const name = path.join(file.dir, file.name);
  try {
    return await readFile(name, 'utf8');
  } catch (e) {
    throw tlsConfigError(host, `cannot read ${name} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function tlsConfigError(host: string, why: string): DockerPinError {
  return new DockerPinError('TLS', `TLS settings for ${host}: ${why}`, { host });
}
