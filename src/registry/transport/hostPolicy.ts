// Per host: at most so many requests in flight (limiter.ts), and a host that just failed to
// answer at all is not asked again for a while (hostFailures.ts), so a silent registry costs about
// one timeout, not one per round of queued requests. It sits below the redirects: each hop counts
// against, and fails for, the host it goes to.
import type { HostFailures } from '../hostFailures';
import type { KeyedLimiter } from '../limiter';
import type { Clock } from './clock';
import { unreachable, formatMs } from './errors';
import { failureOf, hostAnswered } from './failure';
import type { Layer } from './types';

/**
 * Requests in flight per host: npm's own default (`maxsockets` 15). Token requests count against
 * the realm's host, once: they never run inside a registry request's slot. A Dockerfile's distinct
 * images then resolve in one wave of tokens and one of manifests, where 8 took two of each.
 */
export const DEFAULT_MAX_CONCURRENCY_PER_HOST = 15;

/**
 * Failures that can take long and say the host is out of reach. Not a refused connection or an
 * unknown name: those fail fast anyway, and a local registry being started should be found at once.
 */
const UNREACHABLE_CODES = new Set(['ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function hostPolicy(limiter: KeyedLimiter, failures: HostFailures, clock: Clock): Layer {
  return (next) => async (req) => {
    const host = new URL(req.url).host;
    const throwIfKnown = (): void => {
      const known = failures.check(host, req.what);
      if (known) throw known;
    };
    // Checked before queueing too: no slot is waited for only to fail at once.
    throwIfKnown();
    return limiter.run(host, async () => {
      throwIfKnown();
      const started = clock.now();
      try {
        const res = await next(req);
        failures.answered(host);
        return res;
      } catch (e) {
        const failure = failureOf(e);
        if (failure?.kind === 'network' && failure.code !== undefined && UNREACHABLE_CODES.has(failure.code)) {
          failures.failed(host, started, 'NETWORK', unreachable(host, failure.code));
        } else if (failure?.kind === 'timeout' && !failure.answered) {
          // No answer at all (not a body that stalled half way): the host may be unreachable.
          failures.failed(host, started, 'TIMEOUT', `${host} did not answer within ${formatMs(failure.timeoutMs)}`);
        } else if (failure && hostAnswered(failure)) {
          failures.answered(host);
        }
        throw e;
      }
    });
  };
}
