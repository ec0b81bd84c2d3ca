// The registry transport, composed in this one place from single-concern layers, outermost first
// (as go-containerregistry wraps `transport.NewRetry(transport.NewBearer(…))`). A request a layer
// does not handle passes straight down; each layer file says what it does.
import { silentLogger, type Logger } from '../../core/types';
import { Agents } from '../agents';
import { Authenticator } from '../auth';
import { defaultInsecureRegistryHint, type InsecureRegistryHint } from '../endpoint';
import { HostFailures } from '../hostFailures';
import { InsecureFallback } from '../insecureFallback';
import { KeyedLimiter } from '../limiter';
import { TlsTrust } from '../tlsTrust';
import type { RateLimit } from '../rateLimit';
import type { ClientStats, CredentialSource } from '../types';
import { authenticate } from './authenticate';
import { axiosTransport } from './axiosTransport';
import { systemClock, type Clock } from './clock';
import { count } from './count';
import { deadline } from './deadline';
import { mapErrors } from './errors';
import { DEFAULT_MAX_CONCURRENCY_PER_HOST, hostPolicy } from './hostPolicy';
import { plainHttpFallback } from './plainHttpFallback';
import { followRedirects } from './redirects';
import { observeRateLimits } from './rateLimits';
import { retry } from './retry';
import { trace } from './trace';
import type { Layer, Transport } from './types';

export interface TransportOptions {
  readonly logger?: Logger;
  /** Per request, from sending it to the last byte of its body. Default 30 s; Infinity: none. */
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
  readonly credentials?: CredentialSource;
  /** Time for retries, deadlines and the memory of failed hosts. Default the system clock. */
  readonly clock?: Clock;
  /** Told the pull budget each manifest answer reports (Docker Hub's `ratelimit-*` headers). */
  readonly onRateLimit?: (rate: RateLimit) => void;
}

export interface RegistryTransport {
  /** Sends a request through every layer; one with a `scope` gets its registry's challenges answered. */
  readonly send: Transport;
  readonly stats: ClientStats;
  readonly auth: Authenticator;
  /**
   * Forgets hosts that did not answer, the TLS files read and which scheme insecure registries
   * answered, so the next request asks and reads again (a user's refresh).
   */
  forgetFailures(): void;
  /** Closes idle keep-alive connections. */
  destroy(): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** `layers` wrapped around `bottom`, the first one outermost. */
export function layered(bottom: Transport, layers: readonly Layer[]): Transport {
  return layers.reduceRight<Transport>((inner, layer) => layer(inner), bottom);
}

export function composeTransport(options: TransportOptions = {}): RegistryTransport {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const insecure = options.insecureRegistries ?? [];
  const timeoutMs = options.timeoutMs === undefined || Number.isNaN(options.timeoutMs) ? DEFAULT_TIMEOUT_MS : options.timeoutMs;
  const stats: ClientStats = { requests: 0, manifestGets: 0, manifestHeads: 0, blobGets: 0, tokenRequests: 0, bytesRead: 0 };
  const tlsTrust = new TlsTrust({
    certsDirs: options.certsDirs ?? [],
    insecureRegistries: insecure,
    ...(options.clientCertificates !== undefined ? { clientCertificates: options.clientCertificates } : {}),
    logger,
  });
  const agents = new Agents(tlsTrust);
  const fallback = new InsecureFallback(insecure);
  const failures = new HostFailures(() => clock.now());
  const limiter = new KeyedLimiter(options.maxConcurrencyPerHost ?? DEFAULT_MAX_CONCURRENCY_PER_HOST);

  // Retry sits above redirects: a retry starts again from the URL first asked, with headers as
  // they were, and its budget counts attempts of the whole request, not of each hop. Host policy
  // sits below them: each hop waits for a slot of, and is remembered as failed for, its own host,
  // and no slot is held through a retry's wait.
  const network = layered(axiosTransport(agents, stats), [
    count(stats),
    mapErrors({ hint: options.insecureRegistryHint ?? defaultInsecureRegistryHint, certsDirFor: (host) => tlsTrust.certsDirFor(host) }),
    retry({ maxRetries: options.maxRetries ?? 3, maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60, backoffMs: options.backoffMs ?? 100, timeoutMs, clock }),
    followRedirects(insecure),
    hostPolicy(limiter, failures, clock),
    observeRateLimits((rate) => options.onRateLimit?.(rate)),
    plainHttpFallback(fallback, logger),
    trace(logger, clock),
    deadline(timeoutMs, clock),
  ]);
  // Token requests go straight to `network`; registry requests pass the auth layer first.
  const auth = new Authenticator({
    transport: network,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    insecureRegistries: insecure,
    logger,
    now: () => clock.now(),
  });
  // What a registry request passes before it reaches `network`. The disk cache sits above all of
  // this, in the client (cachedFetcher.ts), where it knows tags from digests.
  const send = layered(network, [authenticate(auth)]);

  return {
    send,
    stats,
    auth,
    forgetFailures: () => {
      failures.clear();
      tlsTrust.clear();
      fallback.clear();
    },
    destroy: () => agents.destroy(),
  };
}
