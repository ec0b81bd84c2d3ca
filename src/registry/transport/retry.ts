// Retries what may pass: a reset connection, 502/503/504 and 429, with a doubling backoff or the
// wait Retry-After asks for, through the injected clock. A 429 still there after the retries, or
// asking for a longer wait than we keep, fails with RATE_LIMITED.
import { DockerPinError } from '../../core/errors';
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
  readonly clock: Clock;
}

const RETRY_STATUS = new Set([502, 503, 504]);
/** Connection failures worth another try (the host was reached, or may be). */
export const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'ETIMEDOUT']);

export function retry(options: RetryOptions): Layer {
  const { maxRetries, maxRetryAfterSeconds, backoffMs, clock } = options;
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
        if (res.status === 429 && (attempt >= maxRetries || (wait ?? 0) > maxRetryAfterSeconds)) {
          throw rateLimited(new URL(res.url).host, req.what, wait, res.headers);
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
