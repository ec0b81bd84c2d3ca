// The one HTTP engine: one axios instance per client. Redirects are not followed here
// (`maxRedirects: 0`, see redirects.ts), every status is an answer (`validateStatus`), the body
// streams to body.ts, which refuses it past the request's limit as the bytes arrive, and
// cancellation is the request's `signal`. Connections come from our agents (keep-alive, proxies, TLS per host). Errors leave as
// TransportFailure, classified by code.
import axios, { type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { Agents } from '../agents';
import { BodyTooLargeError, readBody } from '../body';
import { findProxyRefusal, ProxyRefusedError } from '../proxyRefusal';
import type { ClientStats } from '../types';
import { errorCode, TransportFailure, type Failure } from './failure';
import type { Transport, TransportRequest } from './types';

/** An error page is read this far, for its message; the rest nobody needs. */
const ERROR_BODY_LIMIT = 64 * 1024;

export function axiosTransport(agents: Agents, stats: ClientStats): Transport {
  const instance = axios.create({
    responseType: 'stream',
    maxRedirects: 0, // followed by the redirect layer, which decides where credentials may go
    proxy: false, // proxies come from our agents, so loopback and NO_PROXY are decided in one place
    validateStatus: () => true,
    decompress: true,
    headers: { 'User-Agent': 'docker-pin' },
  });

  return async (req: TransportRequest) => {
    const url = new URL(req.url);
    const fail = (failure: Failure, cause?: unknown): TransportFailure => new TransportFailure(failure, url, cause);
    if (req.signal?.aborted) throw fail({ kind: 'aborted', answered: false });
    const agent = await agents.forUrl(url);
    let res: AxiosResponse<Readable>;
    try {
      res = await instance.request({
        url: url.toString(),
        method: req.method,
        headers: { ...req.headers },
        data: req.body,
        signal: req.signal,
        httpAgent: agent,
        httpsAgent: agent,
      });
    } catch (e) {
      throw classify(e, false, req, fail);
    }
    const stream = res.data;
    if (res.status === 407) {
      // Plain http through a proxy: its answer comes back as the response itself. Only a proxy
      // sends 407, and it must not read as the registry's 401 (no token request follows it).
      const proxy = agents.proxyName(url);
      if (proxy) {
        stream.destroy();
        throw fail({ kind: 'proxyRefused', refusal: new ProxyRefusedError(proxy, `${url.hostname}:${url.port || '80'}`, 407, res.statusText) });
      }
    }
    stats.requests++;
    const ok = res.status >= 200 && res.status < 300;
    const declared = Number(res.headers['content-length']);
    let body: Buffer;
    try {
      if (req.method === 'HEAD') {
        stream.resume();
        body = Buffer.alloc(0);
      } else if (ok && Number.isFinite(declared) && declared > req.maxBytes) {
        stream.destroy();
        throw fail({ kind: 'tooLarge', limit: req.maxBytes });
      } else {
        body = await readBody(stream, ok ? { limit: req.maxBytes } : { truncateAt: ERROR_BODY_LIMIT });
      }
    } catch (e) {
      throw classify(e, true, req, fail);
    }
    stats.bytesRead += body.length;
    return { status: res.status, headers: flattenHeaders(res.headers), body, url: url.toString() };
  };
}

function classify(e: unknown, answered: boolean, req: TransportRequest, fail: (f: Failure, cause?: unknown) => TransportFailure): TransportFailure {
  if (e instanceof TransportFailure) return e;
  if (e instanceof BodyTooLargeError) return fail({ kind: 'tooLarge', limit: e.limit }, e);
  if (axios.isCancel(e) || req.signal?.aborted) return fail({ kind: 'aborted', answered }, e);
  const refusal = findProxyRefusal(e);
  if (refusal) return fail({ kind: 'proxyRefused', refusal }, e);
  return fail({ kind: 'network', code: errorCode(e) }, e);
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
