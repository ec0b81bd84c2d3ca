// The one place that talks HTTP: timeouts, retries with backoff, 429 Retry-After, bounded
// redirects followed by hand (so neither Authorization nor a body leaks to another host, and plain
// http is never reached by a redirect where it is not allowed), proxies, TLS per host (docker's
// certs.d, insecure registries with their fallback to plain http), a size limit while streaming,
// stats and one trace line per request.
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { DockerPinError } from '../core/errors';
import { silentLogger, type Logger } from '../core/types';
import { Agents } from './agents';
import { BodyTooLargeError, readLimited } from './body';
import { defaultInsecureRegistryHint, plainHttpAllowed, type InsecureRegistryHint } from './endpoint';
import { InsecureFallback } from './insecureFallback';
import { findProxyRefusal, ProxyRefusedError, proxyRefusedError } from './proxyRefusal';
import { HostFailures } from './hostFailures';
import { KeyedLimiter } from './limiter';
import { parseRetryAfter } from './retryAfter';
import { tlsFailure } from './tlsFailure';
import { TlsTrust } from './tlsTrust';
import type { ClientStats } from './types';

export type RequestKind = 'manifestGets' | 'manifestHeads' | 'blobGets' | 'tokenRequests';

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: string;
  /** Lowercase names. `authorization` is dropped on a redirect that changes scheme, host or port. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Never carried to another origin: a cross-origin 307/308 (which would keep it) fails instead. */
  readonly body?: string;
  /** Largest body accepted for a 2xx answer. */
  readonly maxBytes: number;
  /** What is being fetched, for messages: `manifest for docker.io/library/alpine:3.20`. */
  readonly what: string;
  readonly kind?: RequestKind;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  /** Lowercase names; repeated headers joined with ", " (safe for WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export interface TransportOptions {
  readonly logger?: Logger;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly maxConcurrencyPerHost?: number;
  /** Hosts asked over https without a certificate check, then over plain http (docker's insecure-registries). */
  readonly insecureRegistries?: readonly string[];
  /** How the user lists a host as insecure, for messages (e.g. `--insecure-registry reg.lan:5000`). */
  readonly insecureRegistryHint?: InsecureRegistryHint;
  /** docker's certificate directories (`/etc/docker/certs.d`, …): a host's CAs and client certificate. None when absent. */
  readonly certsDirs?: readonly string[];
  /** Whether client certificates from `certsDirs` are presented. Default true. */
  readonly clientCertificates?: boolean;
  /** Longest Retry-After we wait for; longer ones fail with RATE_LIMITED at once. */
  readonly maxRetryAfterSeconds?: number;
  /** First backoff step; doubled per retry. */
  readonly backoffMs?: number;
  readonly now?: () => number;
}

/**
 * Requests in flight per host: npm's own default (`maxsockets` 15). Token requests count against
 * the realm's host, once: they never run inside a registry request's slot. A Dockerfile's distinct
 * images then resolve in one wave of tokens and one of manifests, where 8 took two of each.
 */
export const DEFAULT_MAX_CONCURRENCY_PER_HOST = 15;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Node's timers hold 2^31-1 ms; a longer delay (or NaN) fires after 1 ms, failing every request at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_REDIRECTS = 5;
const ERROR_BODY_LIMIT = 64 * 1024;
const RETRY_STATUS = new Set([502, 503, 504]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ETIMEDOUT']);
const FAIL_FAST_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};
/**
 * Failures that can take long and say the host is out of reach, so the host is not asked again for
 * a while (see hostFailures.ts). Not a refused connection or an unknown name: those fail fast
 * anyway, and a local registry being started should be found at once.
 */
const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class HttpTransport {
  readonly stats: ClientStats = { requests: 0, manifestGets: 0, manifestHeads: 0, blobGets: 0, tokenRequests: 0, bytesRead: 0 };
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterSeconds: number;
  private readonly backoffMs: number;
  private readonly insecure: readonly string[];
  private readonly now: () => number;
  private readonly insecureRegistryHint: InsecureRegistryHint;
  private readonly tlsTrust: TlsTrust;
  private readonly agents: Agents;
  private readonly insecureFallback: InsecureFallback;
  private readonly hostFailures: HostFailures;
  private readonly limiter: KeyedLimiter;
  private readonly axios: AxiosInstance;

  constructor(options: TransportOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.timeoutMs = timerDelay(Number.isNaN(timeoutMs) ? DEFAULT_TIMEOUT_MS : timeoutMs);
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 60;
    this.backoffMs = options.backoffMs ?? 100;
    this.insecure = options.insecureRegistries ?? [];
    this.insecureRegistryHint = options.insecureRegistryHint ?? defaultInsecureRegistryHint;
    this.tlsTrust = new TlsTrust({
      certsDirs: options.certsDirs ?? [],
      insecureRegistries: this.insecure,
      ...(options.clientCertificates !== undefined ? { clientCertificates: options.clientCertificates } : {}),
      logger: this.logger,
    });
    this.agents = new Agents(this.tlsTrust);
    this.insecureFallback = new InsecureFallback(this.insecure);
    this.now = options.now ?? Date.now;
    this.hostFailures = new HostFailures(this.now);
    this.limiter = new KeyedLimiter(options.maxConcurrencyPerHost ?? DEFAULT_MAX_CONCURRENCY_PER_HOST);
    this.axios = axios.create({
      responseType: 'stream',
      maxRedirects: 0, // followed by hand, see request()
      proxy: false, // proxies come from our agents, so loopback and NO_PROXY are decided in one place
      validateStatus: () => true,
      decompress: true,
      headers: { 'User-Agent': 'docker-pin' },
    });
  }

  /** Sends the request, following up to five redirects. Statuses other than 429 and redirects are returned. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    if (req.kind) this.stats[req.kind]++;
    let url = new URL(req.url);
    let method = req.method;
    let body = req.body;
    const headers: Record<string, string> = { ...req.headers };
    for (let hop = 0; ; hop++) {
      url = this.insecureFallback.apply(url);
      // Checked before queueing too: no slot is waited for only to fail at once.
      this.throwIfUnreachable(url, req.what);
      const answer = await this.hop(req, method, url, headers, body);
      const res = answer.res;
      url = answer.url;
      const location = res.headers.location;
      if (!REDIRECT_STATUS.has(res.status) || !location) return res;
      if (hop >= MAX_REDIRECTS) {
        throw new DockerPinError('TOO_MANY_REDIRECTS', `${req.what}: more than ${MAX_REDIRECTS} redirects, last from ${url.host}`, { host: url.host });
      }
      const next = this.redirectTarget(url, location, req.what);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        delete headers['content-type'];
      }
      if (next.origin !== url.origin) {
        // 307/308 keep the body, and a token request's body holds the identity (refresh) token:
        // it is for the realm that was asked, never for a host that realm points elsewhere.
        if (body !== undefined) {
          throw new DockerPinError('REGISTRY_ERROR', `${req.what}: ${url.host} redirected a request that carries a body (it may hold credentials) to ${next.host}; not following it`, { host: url.host });
        }
        // A token for one host is worth nothing to another and must not be handed to it
        // (blob storage on a CDN, or an attacker-controlled redirect).
        delete headers.authorization;
      }
      url = next;
    }
  }

  /**
   * Forgets hosts that did not answer, the TLS files read and which scheme insecure registries
   * answered, so the next request asks and reads again (a user's refresh).
   */
  forgetFailures(): void {
    this.hostFailures.clear();
    this.tlsTrust.clear();
    this.insecureFallback.clear();
  }

  destroy(): void {
    this.agents.destroy();
  }

  private throwIfUnreachable(url: URL, what: string): void {
    const known = this.hostFailures.check(url.host, what);
    if (known) throw known;
  }

  private redirectTarget(from: URL, location: string, what: string): URL {
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
    if (next.protocol === 'http:' && !plainHttpAllowed(next, this.insecure)) {
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

  /**
   * One hop, in its host's slot. An insecure registry that gives no https answer at all is asked
   * again over plain http at once, without retrying https (docker's fallback); a timeout is not
   * such a case, since the host did not answer at all. If plain http fails too, that failure is
   * reported (as docker does).
   */
  private async hop(req: HttpRequest, method: string, url: URL, headers: Record<string, string>, body: string | undefined): Promise<{ res: HttpResponse; url: URL }> {
    try {
      return { res: await this.limiter.run(url.host, () => this.withRetries(req, method, url, headers, body)), url };
    } catch (e) {
      if (!(e instanceof NoHttpsAnswer)) throw e;
      this.logger.debug(`${url.host} gave no https answer (${errorCode(e.cause) ?? 'failed'}); it is an insecure registry, so asking it over plain http`);
      const res = await this.limiter.run(e.plain.host, () => this.withRetries(req, method, e.plain, headers, body));
      this.insecureFallback.fellBack(url);
      return { res, url: e.plain };
    }
  }

  private async withRetries(req: HttpRequest, method: string, url: URL, headers: Record<string, string>, body: string | undefined): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      this.throwIfUnreachable(url, req.what);
      const started = this.now();
      let res: HttpResponse;
      try {
        res = await this.once(req, method, url, headers, body);
      } catch (e) {
        const plain = e instanceof DockerPinError ? undefined : this.insecureFallback.fallbackFor(url);
        if (plain) throw new NoHttpsAnswer(plain, e);
        const code = errorCode(e);
        if (code !== undefined && RETRYABLE_CODES.has(code) && attempt < this.maxRetries) {
          await this.sleep(this.backoff(attempt), req.signal);
          continue;
        }
        if (code !== undefined && UNREACHABLE_CODES.has(code)) {
          this.hostFailures.failed(url.host, started, 'NETWORK', unreachable(url.host, code));
        }
        throw this.toError(e, url, req.what);
      }
      if (res.status === 429 || RETRY_STATUS.has(res.status)) {
        const wait = parseRetryAfter(res.headers['retry-after'], this.now());
        if (res.status === 429 && (attempt >= this.maxRetries || (wait ?? 0) > this.maxRetryAfterSeconds)) {
          throw rateLimited(url.host, req.what, wait, res.headers);
        }
        if (attempt < this.maxRetries) {
          const ms = wait !== undefined && wait <= this.maxRetryAfterSeconds ? wait * 1000 : this.backoff(attempt);
          await this.sleep(ms, req.signal);
          continue;
        }
      }
      return res;
    }
  }

  private backoff(attempt: number): number {
    return this.backoffMs * 2 ** attempt;
  }

  private async once(req: HttpRequest, method: string, url: URL, headers: Record<string, string>, body: string | undefined): Promise<HttpResponse> {
    if (req.signal?.aborted) throw cancelled(req.what);
    const agent = await this.agents.forUrl(url);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = (): void => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const started = Date.now();
    const startedAt = this.now(); // the clock HostFailures reads
    let stream: Readable | undefined;
    const onTimeoutOrAbort = (): void => {
      stream?.destroy();
    };
    controller.signal.addEventListener('abort', onTimeoutOrAbort, { once: true });
    try {
      const res: AxiosResponse<Readable> = await this.axios.request({
        url: url.toString(),
        method,
        headers,
        data: body,
        signal: controller.signal,
        httpAgent: agent,
        httpsAgent: agent,
      });
      stream = res.data;
      if (res.status === 407) {
        // Plain http through a proxy: its answer comes back as the response itself. Only a proxy
        // sends 407, and it must not read as the registry's 401 (no token request follows it).
        const proxy = this.agents.proxyName(url);
        if (proxy) {
          stream.destroy();
          throw new ProxyRefusedError(proxy, `${url.hostname}:${url.port || '80'}`, 407, res.statusText);
        }
      }
      this.hostFailures.answered(url.host);
      this.insecureFallback.answered(url);
      this.stats.requests++;
      const ok = res.status >= 200 && res.status < 300;
      const declared = Number(res.headers['content-length']);
      let bytes: Buffer;
      if (method === 'HEAD') {
        stream.resume();
        bytes = Buffer.alloc(0);
      } else if (ok && Number.isFinite(declared) && declared > req.maxBytes) {
        stream.destroy();
        throw new BodyTooLargeError(req.maxBytes);
      } else {
        bytes = await readLimited(stream, ok ? req.maxBytes : ERROR_BODY_LIMIT, !ok);
      }
      this.stats.bytesRead += bytes.length;
      this.trace(method, url, `${res.status}`, started);
      return { status: res.status, headers: flattenHeaders(res.headers), body: bytes, url: url.toString() };
    } catch (e) {
      const refusal = timedOut || req.signal?.aborted ? undefined : findProxyRefusal(e);
      this.trace(method, url, timedOut ? 'timeout' : req.signal?.aborted ? 'cancelled' : refusal ? `proxy refused (${refusal.status})` : (errorCode(e) ?? 'failed'), started);
      // Not retried (a 403/407 will not change), not a host failure (the registry was never asked).
      if (refusal) throw proxyRefusedError(req.what, refusal, url.protocol === 'https:', url.host);
      if (timedOut) {
        // No answer at all (not a body that stalled half way): the host may be unreachable.
        if (!stream) this.hostFailures.failed(url.host, startedAt, 'TIMEOUT', `${url.host} did not answer within ${formatMs(this.timeoutMs)}`);
        throw new DockerPinError('TIMEOUT', `${req.what}: ${url.host} did not answer within ${formatMs(this.timeoutMs)}`, { host: url.host });
      }
      if (req.signal?.aborted) throw cancelled(req.what);
      if (e instanceof BodyTooLargeError) {
        throw new DockerPinError('MANIFEST_TOO_LARGE', `${req.what}: ${url.host} sent more than ${formatBytes(e.limit)}, the limit`, { host: url.host });
      }
      throw e;
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      controller.signal.removeEventListener('abort', onTimeoutOrAbort);
    }
  }

  private trace(method: string, url: URL, outcome: string, started: number): void {
    // Origin, path and query only: never a header value, never userinfo.
    this.logger.trace(`${method} ${url.origin}${url.pathname}${url.search} → ${outcome} (${Date.now() - started} ms)`);
  }

  private toError(e: unknown, url: URL, what: string): DockerPinError {
    if (e instanceof DockerPinError) return e;
    const code = errorCode(e);
    if (url.protocol === 'https:') {
      const tls = tlsFailure(e, code, { what, host: url.host, hint: this.insecureRegistryHint, certsDir: this.tlsTrust.certsDirFor(url.host) });
      if (tls) return tls;
    }
    return new DockerPinError('NETWORK', `${what}: ${unreachable(url.host, code)}`, { host: url.host });
  }

  private sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(cancelled('request'));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(cancelled('request'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, timerDelay(ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** An https request to an insecure registry got no answer; `plain` is the URL to ask instead. */
class NoHttpsAnswer extends Error {
  constructor(
    readonly plain: URL,
    override readonly cause: unknown,
  ) {
    super('no https answer');
  }
}

function rateLimited(host: string, what: string, wait: number | undefined, headers: Readonly<Record<string, string>>): DockerPinError {
  const after = wait !== undefined ? `; try again in ${wait} s` : '';
  // Docker Hub says how many pulls are left: `ratelimit-remaining: 0;w=21600`.
  const remaining = headers['ratelimit-remaining'] !== undefined ? ` (remaining: ${headers['ratelimit-remaining'].split(';')[0]})` : '';
  return new DockerPinError('RATE_LIMITED', `${what}: ${host} is rate limiting requests${remaining}${after}`, {
    host,
    status: 429,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
  });
}

/** `cannot reach HOST: connection refused (ECONNREFUSED)` */
function unreachable(host: string, code: string | undefined): string {
  if (code === undefined) return `cannot reach ${host}: request failed`;
  const cause = FAIL_FAST_CODES[code] ?? (code === 'ETIMEDOUT' ? 'connection timed out' : RETRYABLE_CODES.has(code) ? 'connection reset' : code);
  return `cannot reach ${host}: ${cause} (${code})`;
}

function cancelled(what: string): DockerPinError {
  return new DockerPinError('CANCELLED', `${what}: cancelled`);
}

function errorCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  const cause = (e as { cause?: { code?: unknown } }).cause;
  if (typeof code === 'string' && code !== 'ERR_BAD_RESPONSE' && code !== 'ERR_NETWORK') return code;
  if (typeof cause?.code === 'string') return cause.code;
  if (e instanceof Error && /socket hang up|aborted/i.test(e.message)) return 'ECONNRESET';
  return typeof code === 'string' ? code : undefined;
}

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** `ms` clamped to what setTimeout keeps, 1 ms … 2^31-1 ms (Infinity: the longest). */
function timerDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 1;
  return Math.min(Math.max(Math.round(ms), 1), MAX_TIMER_MS);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : n >= 1024 ? `${n / 1024} KiB` : `${n} bytes`;
}
