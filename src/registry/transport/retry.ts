// Retries what may pass: a reset connection, 502/503/504 and 429, with a doubling backoff or the
// wait Retry-After asks for, through the injected clock. It sits above the redirects: a retry asks
// the URL first asked again (a redirect's target, such as a presigned URL, may be what expired),
// and `maxRetries` counts attempts of the whole request, however many hops each takes. A 429 still there after the retries, or
// asking for a longer wait than we keep, fails with RATE_LIMITED. A pull limit (Docker Hub's
// TOOMANYREQUESTS) eases only over hours: without a Retry-After, or with one longer than a
// request's timeout, it fails at once with the registry's own words.
import { DockerPinError } from '../../core/errors';
import { registryErrors, registryText } from '../errorBody';
import { parseRateLimit, pullsLeft } from '../rateLimit';
import { parseRetryAfter } from '../retryAfter';
import type { Clock } from './clock';
import { failureOf } from './failure';
import type { Layer, TransportResponse } from './types';

export interface RetryOptions {
  readonly maxRetries: number;
  /** Longest Retry-After we wait for; longer ones fail with RATE_LIMITED at once. */
  readonly maxRetryAfterSeconds: number;
  /** First backoff step; doubled per retry. */
  readonly backoffMs: number;
  /** A request's timeout: a pull limit asking for a longer wait is not waited for. */
  readonly timeoutMs: number;
  readonly clock: Clock;
}

const RETRY_STATUS = new Set([502, 503, 504]);
/** Connection failures worth another try (the host was reached, or may be). */
export const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ETIMEDOUT']);

export function retry(options: RetryOptions): Layer {
  const { maxRetries, maxRetryAfterSeconds, backoffMs, timeoutMs, clock } = options;
  const backoff = (attempt: number): number => backoffMs * 2 ** attempt;
  return (next) => async (req) => {
    for (let attempt = 0; ; attempt++) {
      let res: TransportResponse;
      try {
        res = await next(req);
      } catch (e) {
        const failure = failureOf(e);
        if (failure?.kind === 'network' && failure.code !== undefined && RETRYABLE_CODES.has(failure.code) && attempt < maxRetries) {
          await clock.sleep(backoff(attempt), req.signal);
          continue;
        }
        throw e;
      }
      if (res.status === 429 || RETRY_STATUS.has(res.status)) {
        const wait = parseRetryAfter(res.headers['retry-after'], clock.now());
        const waitTooLong = wait === undefined || wait * 1000 > Math.min(timeoutMs, maxRetryAfterSeconds * 1000);
        if (res.status === 429 && isPullLimit(res) && (waitTooLong || attempt >= maxRetries)) {
          throw pullLimited(res, req.what, wait, req.scope?.endpoint.registry);
        }
        if (res.status === 429 && (attempt >= maxRetries || (wait ?? 0) > maxRetryAfterSeconds)) {
          throw rateLimited(res, req.what, wait);
        }
        if (attempt < maxRetries) {
          await clock.sleep(wait !== undefined && wait <= maxRetryAfterSeconds ? wait * 1000 : backoff(attempt), req.signal);
          continue;
        }
      }
      return res;
    }
  };
}

function rateLimited(res: TransportResponse, what: string, wait: number | undefined): DockerPinError {
  const host = new URL(res.url).host;
  const { headers } = res;
  const text = registryText(res.body);
  const after = wait !== undefined ? `; try again in ${wait} s` : '';
  // Docker Hub says how many pulls are left: `ratelimit-remaining: 0;w=21600`.
  const remaining = headers['ratelimit-remaining'] !== undefined ? ` (remaining: ${headers['ratelimit-remaining'].split(';')[0]})` : '';
  return new DockerPinError('RATE_LIMITED', `${what}: ${host} is rate limiting requests${remaining}${after}`, {
    host,
    status: 429,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    ...(text ? { registryText: text } : {}),
  });
}

/** Docker Hub's pull limit: a 429 whose error body says TOOMANYREQUESTS. */
function isPullLimit(res: TransportResponse): boolean {
  return registryErrors(res.body).some((e) => typeof e.code === 'string' && e.code.toUpperCase() === 'TOOMANYREQUESTS');
}

/**
 * `docker.io/library/alpine:3.20: registry-1.docker.io refused the pull: "You have
 * reached your pull rate limit. …" (0 of 100 pulls left in this 6 h window); `docker login`
 * raises the limit`
 */
function pullLimited(res: TransportResponse, what: string, wait: number | undefined, registry: string | undefined): DockerPinError {
  const host = new URL(res.url).host;
  const text = registryText(res.body);
  const rate = parseRateLimit(registry ?? host, res.headers);
  const left = rate ? ` (${pullsLeft(rate)})` : '';
  const after = wait !== undefined ? `; try again in ${wait} s` : '';
  return new DockerPinError('RATE_LIMITED', `${what}: ${host} refused the pull${text ? `: "${text}"` : ''}${left}; \`docker login\` raises the limit${after}`, {
    host,
    status: 429,
    pullLimit: true,
    ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
    ...(text ? { registryText: text } : {}),
  });
}
