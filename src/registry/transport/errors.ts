// Failures below turned into the errors users read: each names what was being fetched, the host
// and the cause, and a TLS failure what fixes it.
import { DockerPinError } from '../../core/errors';
import type { InsecureRegistryHint } from '../endpoint';
import { proxyRefusedError } from '../proxyRefusal';
import { tlsFailure } from '../tlsFailure';
import { cancelled } from './clock';
import { TransportFailure } from './failure';
import type { Layer } from './types';

export interface ErrorContext {
  readonly hint: InsecureRegistryHint;
  /** The host's directory in docker's certs.d, for TLS messages. */
  readonly certsDirFor: (host: string) => string | undefined;
}

const FAIL_FAST_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function mapErrors(context: ErrorContext): Layer {
  return (next) => async (req) => {
    try {
      return await next(req);
    } catch (e) {
      throw toError(e, req.what, req.signal, context);
    }
  };
}

function toError(e: unknown, what: string, signal: AbortSignal | undefined, context: ErrorContext): unknown {
  if (e instanceof DockerPinError) return e;
  if (!(e instanceof TransportFailure)) return e;
  const { failure, url } = e;
  const host = url.host;
  switch (failure.kind) {
    case 'proxyRefused':
      // Not retried (a 403/407 will not change), not a host failure (the registry was never asked).
      return proxyRefusedError(what, failure.refusal, url.protocol === 'https:', host);
    case 'timeout':
      return new DockerPinError('TIMEOUT', `${what}: ${host} did not answer within ${formatMs(failure.timeoutMs)}`, { host });
    case 'aborted':
      return cancelled(what);
    case 'tooLarge':
      return new DockerPinError('MANIFEST_TOO_LARGE', `${what}: ${host} sent more than ${formatBytes(failure.limit)}, the limit`, { host });
    case 'network': {
      if (signal?.aborted) return cancelled(what);
      if (url.protocol === 'https:') {
        const tls = tlsFailure(e.cause, failure.code, { what, host, hint: context.hint, certsDir: context.certsDirFor(host) });
        if (tls) return tls;
      }
      return new DockerPinError('NETWORK', `${what}: ${unreachable(host, failure.code)}`, { host });
    }
  }
}

/** `cannot reach HOST: connection refused (ECONNREFUSED)` */
export function unreachable(host: string, code: string | undefined): string {
  if (code === undefined) return `cannot reach ${host}: request failed`;
  const cause = FAIL_FAST_CODES[code] ?? (code === 'ETIMEDOUT' ? 'connection timed out' : RESET_CODES.has(code) ? 'connection reset' : code);
  return `cannot reach ${host}: ${cause} (${code})`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : n >= 1024 ? `${n / 1024} KiB` : `${n} bytes`;
}
