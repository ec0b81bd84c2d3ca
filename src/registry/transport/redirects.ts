// Redirects, followed by hand and at most five: Authorization goes only to the origin it was meant
// for (a token for one host is worth nothing to another and must not be handed to it: blob storage
// on a CDN, or an attacker's redirect), a request body never leaves its origin (a token request's
// body holds the identity token), and no hop leads to plain http where that is not allowed.
import { DockerPinError } from '../../core/errors';
import { plainHttpAllowed } from '../endpoint';
import type { Layer, TransportRequest } from './types';

const MAX_REDIRECTS = 5;
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export function followRedirects(insecure: readonly string[]): Layer {
  return (next) => async (first) => {
    let req: TransportRequest = { ...first, headers: { ...first.headers } };
    for (let hop = 0; ; hop++) {
      const res = await next(req);
      const location = res.headers.location;
      if (!REDIRECT_STATUS.has(res.status) || !location) return res;
      const url = new URL(res.url);
      if (hop >= MAX_REDIRECTS) {
        throw new DockerPinError('TOO_MANY_REDIRECTS', `${req.what}: more than ${MAX_REDIRECTS} redirects, last from ${url.host}`, { host: url.host });
      }
      const target = redirectTarget(url, location, req.what, insecure);
      const headers: Record<string, string> = { ...req.headers };
      let { method, body } = req;
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (target.origin !== url.origin) {
        // 307/308 keep the body: it is for the origin that was asked, never for one it points to.
        if (body !== undefined) {
          throw new DockerPinError('REGISTRY_ERROR', `${req.what}: ${url.host} redirected a request that carries a body (it may hold credentials) to ${target.host}; not following it`, { host: url.host });
        }
        delete headers.authorization;
      }
      req = { ...req, method, headers, url: target.toString(), body };
    }
  };
}

function redirectTarget(from: URL, location: string, what: string, insecure: readonly string[]): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new DockerPinError('REGISTRY_ERROR', `${what}: ${from.host} redirected to an invalid location`, { host: from.host });
  }
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new DockerPinError('REGISTRY_ERROR', `${what}: ${from.host} redirected to an unsupported ${next.protocol} URL`, { host: from.host });
  }
  // Every hop, whatever scheme it came from: a loopback or insecure-listed registry may not send
  // us over plain http to a host that is neither.
  if (next.protocol === 'http:' && !plainHttpAllowed(next, insecure)) {
    throw new DockerPinError(
      'INSECURE_CONNECTION',
      `${what}: ${from.host} redirected to plain http at ${next.host}, which is neither loopback nor an insecure registry; not following it`,
      { host: next.host },
    );
  }
  next.username = '';
  next.password = '';
  return next;
}
