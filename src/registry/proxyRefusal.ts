// A proxy's own "no" (403 from a corporate filter, 407 Proxy Authentication Required, 502 when it
// cannot reach the registry) is about the proxy, not the image: it must reach the user as such,
// never as the registry denying access or asking for a login, never be retried as a registry 5xx,
// and never be cached as an answer.
import { DockerPinError } from '../core/errors';

/** Thrown by the proxy agent when a CONNECT is answered with anything but 200. */
export class ProxyRefusedError extends Error {
  constructor(
    /** The proxy as `describeProxy` names it: no userinfo. */
    readonly proxy: string,
    /** `host:port` the proxy was asked to reach. */
    readonly target: string,
    readonly status: number,
    readonly statusText: string,
  ) {
    super(`proxy ${proxy} refused to connect to ${target} (${statusLine(status, statusText)})`);
    this.name = 'ProxyRefusedError';
  }
}

/** `http://proxy.corp:3128`: scheme, host and port only, never the user:password a proxy URL may carry. */
export function describeProxy(proxy: URL): string {
  const port = proxy.port || (proxy.protocol === 'https:' ? '443' : '80');
  return `${proxy.protocol}//${proxy.hostname}:${port}`;
}

/** The refusal behind `e` (axios wraps the agent's error as its `cause`), if there is one. */
export function findProxyRefusal(e: unknown): ProxyRefusedError | undefined {
  for (let current: unknown = e, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    if (current instanceof ProxyRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `manifest for x: proxy http://proxy.corp:3128 refused to connect to registry-1.docker.io:443 (407
 * Proxy Authentication Required); check HTTPS_PROXY / NO_PROXY`. `host` is the registry's, so the
 * front doors show the failure where the registry's other failures show.
 */
export function proxyRefusedError(what: string, refusal: ProxyRefusedError, secure: boolean, host: string): DockerPinError {
  const variable = secure ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  // No `status`: that detail means the registry's answer, and this one is the proxy's.
  return new DockerPinError('NETWORK', `${what}: ${refusal.message}; check ${variable} / NO_PROXY`, { host });
}

function statusLine(status: number, text: string): string {
  // A status text from the network is shown, but kept to one short printable line.
  const clean = text.replace(/[^\x20-\x7e]/g, '').trim().slice(0, 80);
  return clean ? `${status} ${clean}` : `${status}`;
}
