// Connection agents: keep-alive for direct connections, and proxy agents chosen from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) the way curl and docker read them. An https
// host with TLS settings of its own (docker's certs.d, an insecure registry; see tlsTrust.ts) gets
// agents of its own, so those settings reach that host only.
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import { getProxyForUrl } from 'proxy-from-env';
import { isLoopbackHost } from './endpoint';
import { describeProxy, ProxyRefusedError } from './proxyRefusal';
import type { HostTls, TlsTrust } from './tlsTrust';

type ProxyAgentClass = new (proxy: string, options?: http.AgentOptions) => http.Agent;
type TunnelAgentWithTls = new (proxy: string, options: http.AgentOptions, targetTls: HostTls | undefined) => http.Agent;

/** What https-proxy-agent's CONNECT answer looks like (its `proxyConnect` event). */
interface ConnectResponse {
  readonly statusCode: number;
  readonly statusText?: string;
}

interface ConnectOptions {
  readonly host: string;
  readonly port: number;
}

/** https-proxy-agent's class as far as we use it: agent-base calls `connect` for each new socket. */
type TunnelAgentClass = new (proxy: string, options?: http.AgentOptions) => http.Agent & {
  connect(req: http.ClientRequest, options: ConnectOptions): Promise<net.Socket>;
};

// Both packages are ESM-only with `exports`-only typings, which this project's CommonJS module
// resolution cannot see; Node >= 20.19 requires them, and esbuild bundles them either way.
// Required only when a proxy applies: most runs have none, and unbundled (out/) loading them costs
// tens of milliseconds.
/* eslint-disable @typescript-eslint/no-require-imports */
const tunnelAgent = (): TunnelAgentWithTls =>
  refusalAwareTunnelAgent((require('https-proxy-agent') as { HttpsProxyAgent: TunnelAgentClass }).HttpsProxyAgent);
const plainProxyAgent = (): ProxyAgentClass => (require('http-proxy-agent') as { HttpProxyAgent: ProxyAgentClass }).HttpProxyAgent;
/* eslint-enable @typescript-eslint/no-require-imports */

let tunnelAgentClass: TunnelAgentWithTls | undefined;

/**
 * https-proxy-agent answers a refused CONNECT by replaying the proxy's response on a fake socket,
 * so a proxy's 403/407/502 would read as the registry's own answer (and a 407 could even start a
 * token exchange). This subclass fails the request with a ProxyRefusedError instead; the request
 * never reaches the registry, so nothing about the image is learned or cached. It also applies a
 * host's own TLS settings to the TLS connection made through the tunnel (never to the proxy).
 */
function refusalAwareTunnelAgent(Base: TunnelAgentClass): TunnelAgentWithTls {
  tunnelAgentClass ??= class RefusalAwareTunnelAgent extends Base {
    private readonly proxyName: string;

    constructor(
      proxy: string,
      options: http.AgentOptions,
      private readonly targetTls: HostTls | undefined,
    ) {
      super(proxy, options);
      this.proxyName = describeProxy(new URL(proxy));
    }

    override async connect(req: http.ClientRequest, options: ConnectOptions): Promise<net.Socket> {
      let refused: ConnectResponse | undefined;
      const onConnect = (res: ConnectResponse): void => {
        if (res.statusCode !== 200) refused = res;
      };
      req.once('proxyConnect', onConnect);
      let socket: net.Socket;
      try {
        socket = await super.connect(req, this.targetTls ? { ...options, ...this.targetTls } : options);
      } finally {
        req.removeListener('proxyConnect', onConnect);
      }
      if (!refused) return socket;
      socket.destroy(); // the fake socket the proxy's answer would have been replayed on
      throw new ProxyRefusedError(this.proxyName, `${options.host}:${options.port}`, refused.statusCode, refused.statusText ?? '');
    }
  };
  return tunnelAgentClass;
}

export class Agents {
  private readonly direct = {
    http: new http.Agent({ keepAlive: true }),
    https: new https.Agent({ keepAlive: true }),
  };
  /** Direct https agents of hosts with TLS settings of their own, and every proxy agent, with the settings they were made for. */
  private readonly keyed = new Map<string, { agent: http.Agent; tls: HostTls | undefined }>();

  constructor(private readonly tls: TlsTrust) {}

  /** The agent for `url`; loopback is never proxied (a local registry must not go through a corporate proxy). */
  async forUrl(url: URL): Promise<http.Agent> {
    const isHttps = url.protocol === 'https:';
    const hostTls = isHttps ? await this.tls.forHost(url.host) : undefined;
    const proxy = this.proxyUrl(url);
    if (!proxy && !hostTls) return isHttps ? this.direct.https : this.direct.http;
    const key = `${url.protocol}${proxy}${hostTls ? ` ${url.host}` : ''}`;
    const existing = this.keyed.get(key);
    if (existing && existing.tls === hostTls) return existing.agent;
    existing?.agent.destroy(); // made for settings read before a refresh
    let agent: http.Agent;
    if (!proxy) agent = new https.Agent({ keepAlive: true, ...hostTls });
    else if (isHttps) agent = new (tunnelAgent())(proxy, { keepAlive: true }, hostTls);
    else agent = new (plainProxyAgent())(proxy, { keepAlive: true });
    this.keyed.set(key, { agent, tls: hostTls });
    return agent;
  }

  /** The proxy `url` goes through, named without userinfo (`http://proxy.corp:3128`); undefined when none. */
  proxyName(url: URL): string | undefined {
    const proxy = this.proxyUrl(url);
    if (!proxy) return undefined;
    try {
      return describeProxy(new URL(proxy));
    } catch {
      return 'from the environment'; // unparsable: the agent itself will fail, and the raw value may hold a password
    }
  }

  destroy(): void {
    this.direct.http.destroy();
    this.direct.https.destroy();
    for (const { agent } of this.keyed.values()) agent.destroy();
    this.keyed.clear();
  }

  private proxyUrl(url: URL): string {
    return isLoopbackHost(url.hostname) ? '' : getProxyForUrl(url.toString());
  }
}
