// What went wrong below the error layer, told apart by error codes (never by message text): the
// layers in between (retry, host policy, the insecure fallback) decide on these, and errors.ts
// turns them into the messages users read.
import type { ProxyRefusedError } from '../proxyRefusal';

export type Failure =
  /** No HTTP answer: a refused or reset connection, a failed TLS handshake, an unknown name… (`code` as Node or OpenSSL name it). */
  | { readonly kind: 'network'; readonly code: string | undefined }
  /** The request's signal aborted it; `answered` when the response had begun. */
  | { readonly kind: 'aborted'; readonly answered: boolean }
  /** The deadline passed; `answered` when the response had begun (a body that stalled half way). */
  | { readonly kind: 'timeout'; readonly answered: boolean; readonly timeoutMs: number }
  /** A 2xx body past the request's `maxBytes`. */
  | { readonly kind: 'tooLarge'; readonly limit: number }
  /** The proxy refused to carry the request (see proxyRefusal.ts). */
  | { readonly kind: 'proxyRefused'; readonly refusal: ProxyRefusedError };

export class TransportFailure extends Error {
  constructor(
    readonly failure: Failure,
    /** The URL that was asked (after the insecure fallback: maybe plain http). */
    readonly url: URL,
    override readonly cause?: unknown,
  ) {
    super(`${url.host}: ${failure.kind}`);
    this.name = 'TransportFailure';
  }
}

/** The failure behind `e`, when it is one. */
export function failureOf(e: unknown): Failure | undefined {
  return e instanceof TransportFailure ? e.failure : undefined;
}

/** Whether the host sent any HTTP answer before `failure`. */
export function hostAnswered(failure: Failure): boolean {
  return failure.kind === 'tooLarge' || ((failure.kind === 'timeout' || failure.kind === 'aborted') && failure.answered);
}

/** axios's own codes that wrap a lower error; the lower one says what happened. */
const WRAPPER_CODES = new Set(['ERR_BAD_RESPONSE', 'ERR_NETWORK']);

/** The Node/OpenSSL error code of a failed request: axios copies it, or keeps the error as `cause`. */
export function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  const cause = (e as { cause?: { code?: unknown } }).cause;
  if (typeof code === 'string' && !WRAPPER_CODES.has(code)) return code;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof code === 'string' ? code : undefined;
}
