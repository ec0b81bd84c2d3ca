// A small HTTP proxy of ours in front of a test registry: it forwards requests faithfully (Host
// and all headers), adds latency, counts requests by kind and the bytes it sends back, and on
// demand misbehaves the ways real registries and networks do (429/5xx, hangs, tampered or
// oversized bodies, cross-host redirects, connection resets, extra headers such as Docker Hub's
// rate-limit figures). Token requests go through it too:
// the `realm` in challenges is rewritten to point at the proxy.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { ruleMatches, requestKind, type FaultRule, type RequestKind } from './faultRules';
import { closeServer, listen, readBody, trackSockets } from './net';
import { startRedirectTarget, type RedirectTarget } from './redirectTarget';

export type { FaultRule } from './faultRules';

export interface RequestCounts {
  total: number;
  byMethod: Record<string, number>;
  byKind: Record<RequestKind, number>;
  /** Requests that carried an `Authorization` header (credentials or a token). */
  withAuthorization: number;
  /** Requests answered 401 (the registry's auth challenges). */
  challenges: number;
  /** Manifest GETs answered 2xx: what Docker Hub counts as pulls (a HEAD or a 401 is none). */
  pulls: number;
}

/** One request as the proxy saw it, on this process's `performance.now()` clock. */
export interface TimedRequest {
  readonly kind: RequestKind;
  readonly status: number;
  /** When the request arrived (before the added latency). */
  readonly arrivedMs: number;
  /** When the last byte of the answer was handed to the socket. */
  readonly finishedMs: number;
}

export interface FaultProxyOptions {
  readonly latencyMs?: number;
  /** Advertise this realm in challenges instead of the proxy's own (e.g. a token server elsewhere). */
  readonly realm?: string;
}

export interface FaultProxy {
  readonly url: string;
  readonly host: string;
  /** Requests received (faulted ones included) since start or `resetCounts()`. */
  readonly counts: RequestCounts;
  /** Body bytes sent back to clients. */
  readonly bytesOut: number;
  /** Every answered request since start or `resetCounts()`, in the order they finished. */
  readonly timeline: readonly TimedRequest[];
  /** Delay added before each request is handled. */
  latencyMs: number;
  /** Requests the current rule has been applied to. */
  readonly faultHits: number;
  /** The other host that redirect rules send clients to. */
  readonly redirectTarget: Pick<RedirectTarget, 'url' | 'host' | 'hits'>;
  /** Sets the one active rule (replacing any other); null clears it. */
  fault(rule: FaultRule | null): void;
  resetCounts(): void;
  stop(): Promise<void>;
}

const DEFAULT_OVERSIZE = 5 * 1024 * 1024;
const CHUNK = 64 * 1024;

function zeroCounts(): RequestCounts {
  return { total: 0, byMethod: {}, byKind: { manifestGet: 0, manifestHead: 0, blob: 0, token: 0, other: 0 }, withAuthorization: 0, challenges: 0, pulls: 0 };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** A syntactically valid OCI index padded past any sane manifest limit. */
function oversizeBody(bytes: number): Buffer {
  const head = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[],"annotations":{"padding":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail);
}

interface Upstream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly stream: http.IncomingMessage;
}

export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const targetUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const redirect = await startRedirectTarget();
  /** Realm paths on the proxy → the token server origin they stand for. */
  const tokenRoutes = new Map<string, string>();
  let counts = zeroCounts();
  let bytesOut = 0;
  let timeline: TimedRequest[] = [];
  let rule: FaultRule | null = null;
  let faultHits = 0;
  let proxyOrigin = '';

  /** Rewrites a URL at the registry or a token server to the same path on the proxy. */
  function toProxy(value: string): string {
    try {
      const u = new URL(value);
      if (u.origin === targetUrl.origin || [...tokenRoutes.values()].includes(u.origin)) return proxyOrigin + u.pathname + u.search;
    } catch {
      // Relative: already resolves against the proxy.
    }
    return value;
  }

  /** Points every `realm="…"` at the proxy, remembering where its path really lives. */
  function rewriteChallenge(header: string): string {
    return header.replace(/realm="([^"]*)"/gi, (whole, realm: string) => {
      let u: URL;
      try {
        u = new URL(realm);
      } catch {
        return whole;
      }
      if (options.realm !== undefined) return `realm="${options.realm}"`;
      if (u.origin !== targetUrl.origin) tokenRoutes.set(u.pathname, u.origin);
      return `realm="${proxyOrigin}${u.pathname}${u.search}"`;
    });
  }

  function rewriteHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
    const out: http.OutgoingHttpHeaders = { ...headers };
    if (typeof headers.location === 'string') out.location = toProxy(headers.location);
    const challenge = headers['www-authenticate'];
    if (challenge !== undefined) out['www-authenticate'] = Array.isArray(challenge) ? challenge.map(rewriteChallenge) : rewriteChallenge(challenge);
    return out;
  }

  function forward(req: http.IncomingMessage, body: Buffer | undefined): Promise<Upstream> {
    const path = req.url ?? '/';
    const tokenOrigin = tokenRoutes.get(path.split('?')[0]);
    const upstream = new URL(path, tokenOrigin ?? targetUrl.origin);
    return new Promise((resolve, reject) => {
      const out = http.request(
        { protocol: 'http:', hostname: upstream.hostname, port: upstream.port, method: req.method, path: upstream.pathname + upstream.search, headers: req.headers, agent },
        (res) => resolve({ status: res.statusCode ?? 502, headers: res.headers, stream: res }),
      );
      out.on('error', reject);
      if (body) out.end(body);
      else req.pipe(out);
    });
  }

  function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer | undefined): void {
    res.writeHead(status, headers);
    if (body) bytesOut += body.length;
    res.end(body);
  }

  async function passThrough(req: http.IncomingMessage, res: http.ServerResponse, extraHeaders: Readonly<Record<string, string>> = {}): Promise<void> {
    const up = await forward(req, undefined);
    res.writeHead(up.status, { ...rewriteHeaders(up.headers), ...extraHeaders });
    up.stream.on('data', (chunk: Buffer) => {
      bytesOut += chunk.length;
    });
    up.stream.pipe(res);
  }

  async function streamOversize(req: http.IncomingMessage, res: http.ServerResponse, bytes: number, withLength: boolean): Promise<void> {
    const body = oversizeBody(bytes);
    const headers: http.OutgoingHttpHeaders = {
      'Content-Type': 'application/vnd.oci.image.index.v1+json',
      // The true digest of the whole body: the only thing wrong with this answer is its size.
      'Docker-Content-Digest': 'sha256:' + createHash('sha256').update(body).digest('hex'),
    };
    if (withLength) headers['Content-Length'] = body.length;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    for (let offset = 0; offset < body.length && !closed; offset += CHUNK) {
      const chunk = body.subarray(offset, offset + CHUNK);
      bytesOut += chunk.length;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!closed) res.end();
  }

  async function applyFault(r: FaultRule, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    switch (r.kind) {
      case 'status': {
        await readBody(req);
        const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', ...r.headers };
        if (r.retryAfter !== undefined) headers['Retry-After'] = String(r.retryAfter);
        const body = Buffer.from(JSON.stringify({ errors: [{ code: r.status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: `fault proxy: HTTP ${r.status}` }] }));
        send(res, r.status, { ...headers, 'Content-Length': body.length }, req.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'headers':
        await passThrough(req, res, r.headers);
        return;
      case 'hang':
        return; // The socket stays open until the client gives up or the proxy stops.
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'respond': {
        await readBody(req);
        const body = r.body === undefined ? Buffer.alloc(0) : Buffer.from(r.body);
        send(res, r.status, { 'Content-Length': body.length, ...r.headers }, req.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'oversize':
        await readBody(req);
        await streamOversize(req, res, r.bytes ?? DEFAULT_OVERSIZE, r.contentLength ?? false);
        return;
      case 'tamper': {
        const up = await forward(req, undefined);
        const body = await readBody(up.stream);
        if (body.length > 0) body[Math.floor(body.length / 2)] ^= 0x01;
        send(res, up.status, rewriteHeaders(up.headers), req.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'redirect': {
        const up = await forward(req, undefined);
        const body = await readBody(up.stream);
        const location = redirect.park({ status: up.status, headers: rewriteHeaders(up.headers), body }, req.url ?? '/');
        send(res, r.status ?? 307, { Location: location, 'Content-Length': 0 }, undefined);
        return;
      }
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    counts.total++;
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    const kind = requestKind(method, path, tokenRoutes.has(path.split('?')[0]));
    counts.byKind[kind]++;
    if (req.headers.authorization !== undefined) counts.withAuthorization++;
    const counted = counts;
    const timed = timeline;
    const arrivedMs = performance.now();
    res.on('finish', () => {
      if (res.statusCode === 401) counted.challenges++;
      if (kind === 'manifestGet' && res.statusCode >= 200 && res.statusCode < 300) counted.pulls++;
      timed.push({ kind, status: res.statusCode, arrivedMs, finishedMs: performance.now() });
    });
    await sleep(proxy.latencyMs);
    const active = rule;
    if (active && ruleMatches(active, method, path) && (active.times === undefined || faultHits < active.times)) {
      faultHits++;
      await applyFault(active, req, res);
      return;
    }
    await passThrough(req, res);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = Buffer.from(JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: `fault proxy cannot reach ${targetUrl.host}: ${String(e)}` }] }));
      send(res, 502, { 'Content-Type': 'application/json', 'Content-Length': body.length }, body);
    });
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  const host = `127.0.0.1:${port}`;
  proxyOrigin = `http://${host}`;

  const proxy: FaultProxy = {
    url: proxyOrigin,
    host,
    get counts() {
      return counts;
    },
    get bytesOut() {
      return bytesOut;
    },
    get timeline() {
      return timeline;
    },
    latencyMs: options.latencyMs ?? 0,
    get faultHits() {
      return faultHits;
    },
    redirectTarget: redirect,
    fault(next) {
      rule = next;
      faultHits = 0;
    },
    resetCounts() {
      counts = zeroCounts();
      bytesOut = 0;
      timeline = [];
      redirect.reset();
    },
    async stop() {
      await closeServer(server, sockets);
      await redirect.stop();
      agent.destroy();
    },
  };
  return proxy;
}
