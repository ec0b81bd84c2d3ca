// What the fault proxy can do to a request, and which requests a rule applies to.

export interface FaultMatch {
  /** Methods the rule applies to (upper case); all when absent. */
  readonly method?: string | readonly string[];
  /** Tested against the request path with its query; all when absent. */
  readonly path?: RegExp;
  /** Apply to the first `times` matching requests only, then pass through. Forever when absent. */
  readonly times?: number;
}

export type FaultAction =
  /** Answer `status` (429, 502, 503, …) without asking the registry; `retryAfter` becomes the `Retry-After` header. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: number | string; readonly headers?: Readonly<Record<string, string>> }
  /** Accept the request and never answer (until the proxy stops). */
  | { readonly kind: 'hang' }
  /** Forward, then flip one byte of the body; `Docker-Content-Digest` and `Content-Length` are kept. */
  | { readonly kind: 'tamper' }
  /** Answer 200 with a manifest-typed JSON body of `bytes` (default 5 MiB), streamed in chunks. */
  | { readonly kind: 'oversize'; readonly bytes?: number; readonly contentLength?: boolean }
  /**
   * Forward (with the client's headers), keep the answer, and send the client a 307 to the
   * proxy's second listener on another host, which serves that answer and records whether the
   * redirected request carried an `Authorization` header (it must not).
   */
  | { readonly kind: 'redirect'; readonly status?: 301 | 302 | 303 | 307 | 308 }
  /** Reset the TCP connection without an answer. */
  | { readonly kind: 'reset' }
  /** Forward, and add these headers to the registry's answer (e.g. Docker Hub's `ratelimit-remaining`). */
  | { readonly kind: 'headers'; readonly headers: Readonly<Record<string, string>> }
  /** Answer exactly this, without asking the registry (e.g. a schema1 manifest the registry would refuse). */
  | { readonly kind: 'respond'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: Buffer | string };

export type FaultRule = FaultMatch & FaultAction;

export function ruleMatches(rule: FaultMatch, method: string, path: string): boolean {
  if (rule.method !== undefined) {
    const methods = typeof rule.method === 'string' ? [rule.method] : rule.method;
    if (!methods.some((m) => m.toUpperCase() === method.toUpperCase())) return false;
  }
  if (rule.path) {
    rule.path.lastIndex = 0; // a /g regexp keeps state between tests otherwise
    if (!rule.path.test(path)) return false;
  }
  return true;
}

/** Kinds of request the proxy counts, as a benchmark reports them. */
export type RequestKind = 'manifestGet' | 'manifestHead' | 'blob' | 'token' | 'other';

export function requestKind(method: string, path: string, isToken: boolean): RequestKind {
  if (isToken) return 'token';
  const p = path.split('?')[0];
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(p)) {
    if (method === 'GET') return 'manifestGet';
    if (method === 'HEAD') return 'manifestHead';
    return 'other';
  }
  if (/^\/v2\/.+\/blobs\//.test(p)) return 'blob';
  return 'other';
}

/** Paths the fault rules commonly target. */
export const PATHS = {
  manifests: /^\/v2\/.+\/manifests\//,
  blobs: /^\/v2\/.+\/blobs\//,
  base: /^\/v2\/?$/,
  token: /^\/token/,
} as const;
