// Connection agents: keep-alive for direct connections, and proxy agents chosen from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) the way curl and docker read them.
import * as http from 'node:http';
import * as https from 'node:https';
import { getProxyForUrl } from 'proxy-from-env';
import { isLoopbackHost } from './endpoint';

type ProxyAgentClass = new (proxy: string, options?: http.AgentOptions) => http.Agent;

// Both packages are ESM-only with `exports`-only typings, which this project's CommonJS module
// resolution cannot see; Node >= 20.19 requires them, and esbuild bundles them either way.
// Required only when a proxy applies: most runs have none, and unbundled (out/) loading them costs
// tens of milliseconds.
/* eslint-disable @typescript-eslint/no-require-imports */
const proxyAgentClass = (isHttps: boolean): ProxyAgentClass =>
  isHttps
    ? (require('https-proxy-agent') as { HttpsProxyAgent: ProxyAgentClass }).HttpsProxyAgent
    : (require('http-proxy-agent') as { HttpProxyAgent: ProxyAgentClass }).HttpProxyAgent;
/* eslint-enable @typescript-eslint/no-require-imports */

export class Agents {
  private readonly direct = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  private readonly proxied = new Map<string, http.Agent>();

  /** The agent for `url`; loopback is never proxied (a local registry must not go through a corporate proxy). */
  forUrl(url: URL): http.Agent {
    const isHttps = url.protocol === 'https:';
    const proxy = isLoopbackHost(url.hostname) ? '' : getProxyForUrl(url.toString());
    if (!proxy) return isHttps ? this.direct.https : this.direct.http;
    const key = `${url.protocol}${proxy}`;
    const existing = this.proxied.get(key);
    if (existing) return existing;
    const ProxyAgent = proxyAgentClass(isHttps);
    const agent = new ProxyAgent(proxy, { keepAlive: true });
    this.proxied.set(key, agent);
    return agent;
  }

  /** Whether `url` would go through a proxy (for the log line). */
  usesProxy(url: URL): boolean {
    return !isLoopbackHost(url.hostname) && getProxyForUrl(url.toString()) !== '';
  }

  destroy(): void {
    this.direct.http.destroy();
    this.direct.https.destroy();
    for (const agent of this.proxied.values()) agent.destroy();
    this.proxied.clear();
  }
}
