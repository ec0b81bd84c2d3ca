// Where a registry's API lives and whether credentials may travel there.
import { DockerPinError } from '../core/errors';
import { registryHostForApi } from '../core/reference';

export interface Endpoint {
  /** The registry as written in references (`docker.io`); credentials are looked up by this name. */
  readonly registry: string;
  /** Origin (plus any mirror path prefix) without a trailing slash, e.g. `https://registry-1.docker.io`. */
  readonly baseUrl: string;
  /** host[:port] of `baseUrl`, for messages and the per-host limiter. */
  readonly host: string;
  /** False only for plain http to a host that is neither loopback nor listed insecure. */
  readonly credentialsAllowed: boolean;
}

/**
 * How a user of a front door lists `host` as insecure, completing "add …": the CLI's
 * `--insecure-registry reg.lan:5000`, the extension's setting.
 */
export type InsecureRegistryHint = (host: string) => string;

export const defaultInsecureRegistryHint: InsecureRegistryHint = (host) => `"${host}" to the insecure registries`;

export interface EndpointOptions {
  readonly mirrors?: Readonly<Record<string, string>>;
  readonly insecureRegistries?: readonly string[];
  readonly insecureRegistryHint?: InsecureRegistryHint;
}

/** localhost, 127.0.0.0/8 and ::1: plain http there cannot be observed by anyone else. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '::1';
}

/** Whether `host` (host[:port]) is listed as an insecure registry; entries may carry a scheme or path, which are ignored. */
export function isListedInsecure(host: string, insecure: readonly string[]): boolean {
  const wanted = host.toLowerCase();
  return insecure.some((entry) => stripScheme(entry).toLowerCase() === wanted);
}

function stripScheme(text: string): string {
  return text.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

/** True when an Authorization header may be sent to `url`: https, loopback, or listed insecure. */
export function mayCarryCredentials(url: URL, insecure: readonly string[] = []): boolean {
  if (url.protocol === 'https:') return true;
  return isLoopbackHost(url.hostname) || isListedInsecure(url.host, insecure);
}

/** True when plain http to `url` is acceptable at all. */
export function plainHttpAllowed(url: URL, insecure: readonly string[] = []): boolean {
  return isLoopbackHost(url.hostname) || isListedInsecure(url.host, insecure);
}

export function resolveEndpoint(registry: string, options: EndpointOptions = {}): Endpoint {
  const insecure = options.insecureRegistries ?? [];
  const mirror = options.mirrors?.[registry];
  const base = mirror !== undefined ? parseMirror(registry, mirror) : defaultBase(registry, insecure);
  if (base.protocol === 'http:' && !plainHttpAllowed(base, insecure)) {
    const hint = options.insecureRegistryHint ?? defaultInsecureRegistryHint;
    throw new DockerPinError('INSECURE_CONNECTION', `refusing plain http to ${base.host} for ${registry}: add ${hint(base.host)} to allow it`, { host: base.host });
  }
  return {
    registry,
    baseUrl: `${base.origin}${base.pathname.replace(/\/+$/, '')}`,
    host: base.host,
    credentialsAllowed: mayCarryCredentials(base, insecure),
  };
}

/**
 * https, as docker does, except for a loopback host not listed insecure: plain http there (nobody
 * else can listen in, and local registries mostly speak nothing else). A listed host, loopback or
 * not, starts with https too; the transport checks no certificate there and falls back to plain
 * http when no https answer comes (docker's `insecure-registries`, see transport/plainHttpFallback.ts).
 */
function defaultBase(registry: string, insecure: readonly string[]): URL {
  const host = registryHostForApi(registry);
  const https = new URL(`https://${host}`);
  return isLoopbackHost(https.hostname) && !isListedInsecure(https.host, insecure) ? new URL(`http://${host}`) : https;
}

function parseMirror(registry: string, mirror: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(mirror) ? mirror : `https://${mirror}`);
  } catch {
    throw new DockerPinError('INVALID_REFERENCE', `invalid mirror URL for ${registry}: "${redact(mirror)}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DockerPinError('INVALID_REFERENCE', `mirror for ${registry} must be an http(s) URL, not ${url.protocol}`);
  }
  // Credentials come from the credential source only; a user:pass in the URL is dropped.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/v2\/?$/, '');
  return url;
}

function redact(text: string): string {
  return text.replace(/\/\/[^@/]*@/, '//');
}
