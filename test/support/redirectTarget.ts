// The "other host" of the fault proxy's redirect rule: like a blob store behind a presigned URL,
// it serves an answer the proxy fetched and parked here, needs no credentials, and records
// whether the client carried its `Authorization` header across the redirect anyway.
import * as http from 'node:http';
import { closeServer, listen, trackSockets } from './net';

export interface ParkedAnswer {
  readonly status: number;
  readonly headers: http.OutgoingHttpHeaders;
  readonly body: Buffer;
}

export interface RedirectHit {
  readonly method: string;
  readonly path: string;
  /** True when the redirected request carried an `Authorization` header (a credential leak). */
  readonly hadAuthorization: boolean;
}

export interface RedirectTarget {
  readonly url: string;
  readonly host: string;
  readonly hits: readonly RedirectHit[];
  /** Stores `answer` and returns the URL that serves it. */
  park(answer: ParkedAnswer, originalPath: string): string;
  reset(): void;
  stop(): Promise<void>;
}

/** 127.0.0.2 is a different host from 127.0.0.1 on Linux loopback; elsewhere fall back to a second port. */
async function listenOnOtherHost(server: http.Server): Promise<{ hostname: string; port: number }> {
  try {
    return { hostname: '127.0.0.2', port: await listen(server, '127.0.0.2') };
  } catch {
    return { hostname: '127.0.0.1', port: await listen(server, '127.0.0.1') };
  }
}

export async function startRedirectTarget(): Promise<RedirectTarget> {
  const parked = new Map<string, ParkedAnswer>();
  let hits: RedirectHit[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.push({ method: req.method ?? '', path, hadAuthorization: req.headers.authorization !== undefined });
    const id = /^\/parked\/(\d+)\//.exec(path)?.[1];
    const answer = id === undefined ? undefined : parked.get(id);
    if (!answer) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('nothing parked here');
      return;
    }
    res.writeHead(answer.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  });
  const sockets = trackSockets(server);
  const { hostname, port } = await listenOnOtherHost(server);
  const host = `${hostname}:${port}`;
  const url = `http://${host}`;
  return {
    url,
    host,
    get hits() {
      return hits;
    },
    park(answer, originalPath) {
      const id = String(next++);
      parked.set(id, answer);
      return `${url}/parked/${id}${originalPath}`;
    },
    reset() {
      hits = [];
    },
    stop: () => closeServer(server, sockets),
  };
}
