// A recording forward proxy on 127.0.0.1 that lets tests play "remote" hosts without any packet
// leaving loopback. The client is pointed at it through HTTP_PROXY/HTTPS_PROXY and asked for a
// made-up host name (`registry.docker-pin.test`) that is never resolved: the proxy agent hands the
// request to us instead. We record what a network observer would see:
// - `CONNECT host:port` (the client chose https): recorded, then, for an authority given a tunnel,
//   spliced to the loopback server behind it (a TLS registry with a certificate for that name, or
//   a plain-http one, as a real network would pass either); otherwise dropped unanswered; or, after
//   `refuse(status)`, answered with that status as a corporate proxy would (403 by policy, 407
//   wanting a login, 502 unable to reach the host);
// - absolute-URI plain-http requests: recorded with the Authorization scheme they carried (never its
//   value), then forwarded to the loopback server routed for that host, or refused with 502 (or,
//   after `refuse(status)`, with that status before any forwarding).
import * as http from 'node:http';
import * as net from 'node:net';
import { isLoopbackHost } from '../../src/registry/endpoint';
import { closeServer, listen, trackSockets } from './net';

export interface ProxiedRequest {
  readonly method: string;
  /** The absolute URL the client asked for, e.g. `http://registry.docker-pin.test/v2/`. */
  readonly url: string;
  /** `Basic`, `Bearer`, … when an Authorization header was sent; undefined when none was. */
  readonly authScheme: string | undefined;
}

export interface ConnectAttempt {
  /** `host:port` from the CONNECT line. */
  readonly authority: string;
  /** Whether the CONNECT itself carried an Authorization header (it never should). */
  readonly withAuthorization: boolean;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:port`, the value for HTTP_PROXY / HTTPS_PROXY. */
  readonly url: string;
  readonly connects: readonly ConnectAttempt[];
  readonly requests: readonly ProxiedRequest[];
  /**
   * From now on every CONNECT and plain-http request is answered with `status` (a proxy's own
   * refusal) and nothing is forwarded; `undefined` goes back to normal. `reset()` does too.
   */
  refuse(status: number | undefined): void;
  reset(): void;
  stop(): Promise<void>;
}

/** Hop-by-hop headers a proxy must not pass on (RFC 9110 §7.6.1), plus the proxy's own. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * Starts the proxy. `routes` maps a plain-http `host[:port]` as the client names it (port 80 may
 * be left out) to the loopback origin that answers for it; everything else is refused. `tunnels`
 * maps a CONNECT authority (`host:443`) to the loopback server (any URL with its host and port)
 * whose bytes the tunnel carries; other CONNECTs are dropped.
 */
export async function startForwardProxy(routes: Readonly<Record<string, string>> = {}, tunnels: Readonly<Record<string, string>> = {}): Promise<ForwardProxy> {
  const loopback = (what: string, origin: string): URL => {
    const target = new URL(origin);
    // The point of this proxy is that nothing leaves loopback; a typo must not change that.
    if (!isLoopbackHost(target.hostname)) throw new Error(`forward proxy ${what} → ${origin}: targets must be loopback`);
    return target;
  };
  const targets = new Map<string, URL>();
  for (const [name, origin] of Object.entries(routes)) targets.set(name.toLowerCase().replace(/:80$/, ''), loopback(`route ${name}`, origin));
  const tunnelTargets = new Map<string, URL>();
  for (const [authority, origin] of Object.entries(tunnels)) tunnelTargets.set(authority.toLowerCase(), loopback(`tunnel ${authority}`, origin));
  const agent = new http.Agent({ keepAlive: true });
  let connects: ConnectAttempt[] = [];
  let requests: ProxiedRequest[] = [];
  let refusing: number | undefined;

  function refuse(res: http.ServerResponse, why: string, status = 502): void {
    const body = Buffer.from(`forward proxy: ${why}\n`);
    res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': body.length, ...refusalHeaders(status) });
    res.end(body);
  }

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      refuse(res, `not an absolute-URI proxy request: ${req.url ?? ''}`);
      return;
    }
    const authorization = req.headers.authorization;
    requests.push({ method: req.method ?? 'GET', url: url.toString(), authScheme: authorization?.split(' ')[0] });
    if (refusing !== undefined) {
      refuse(res, 'refused by policy', refusing);
      return;
    }
    const target = url.protocol === 'http:' ? targets.get(url.host.toLowerCase()) : undefined;
    if (!target) {
      refuse(res, `no route for ${url.host}`);
      return;
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const out = http.request(
      { hostname: target.hostname, port: target.port, method: req.method, path: url.pathname + url.search, headers, agent },
      (up) => {
        const back: http.OutgoingHttpHeaders = { ...up.headers };
        for (const name of HOP_BY_HOP) delete back[name];
        res.writeHead(up.statusCode ?? 502, back);
        up.pipe(res);
      },
    );
    out.on('error', (e) => (res.headersSent ? res.destroy() : refuse(res, `cannot reach ${target.host}: ${e.message}`)));
    req.pipe(out);
  });

  const tunnelSockets = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    connects.push({ authority: req.url ?? '', withAuthorization: req.headers.authorization !== undefined });
    if (refusing !== undefined) {
      const head = Object.entries(refusalHeaders(refusing)).map(([name, value]) => `${name}: ${value}\r\n`).join('');
      socket.end(`HTTP/1.1 ${refusing} ${http.STATUS_CODES[refusing] ?? 'Refused'}\r\n${head}Content-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    const target = tunnelTargets.get((req.url ?? '').toLowerCase());
    if (!target) {
      socket.destroy(); // the client reports the host as unreachable (NETWORK)
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnelSockets.add(upstream);
    upstream.on('close', () => tunnelSockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  });

  const sockets = trackSockets(server);
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    get connects() {
      return connects;
    },
    get requests() {
      return requests;
    },
    refuse(status: number | undefined) {
      refusing = status;
    },
    reset() {
      connects = [];
      requests = [];
      refusing = undefined;
    },
    async stop() {
      for (const s of tunnelSockets) s.destroy();
      await closeServer(server, sockets);
      agent.destroy();
    },
  };
}

/** A 407 says how to log in to the proxy, as RFC 9110 §11.7.1 requires. */
function refusalHeaders(status: number): Record<string, string> {
  return status === 407 ? { 'Proxy-Authenticate': 'Basic realm="forward proxy"' } : {};
}

/** Every variable proxy-from-env reads, in both cases. */
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((v) => [v, v.toUpperCase()]);

/**
 * Sends this process's http and https traffic for non-loopback hosts to `proxyUrl` (and clears
 * NO_PROXY/ALL_PROXY the machine may have set), through `variables` (e.g. `['http_proxy']` to
 * check the lowercase spelling). Returns the function that restores the previous environment exactly.
 */
export function useProxyEnv(proxyUrl: string, variables: readonly string[] = ['HTTP_PROXY', 'HTTPS_PROXY']): () => void {
  const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
  for (const name of variables) process.env[name] = proxyUrl;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
