// One trace line per request sent: method, origin, path and query, the outcome and how long it
// took. Never a header value, never userinfo.
import type { Logger } from '../../core/types';
import type { Clock } from './clock';
import { failureOf } from './failure';
import type { Layer } from './types';

export function trace(logger: Logger, clock: Clock): Layer {
  return (next) => async (req) => {
    const started = clock.now();
    const line = (outcome: string): void => {
      const url = new URL(req.url);
      logger.trace(`${req.method} ${url.origin}${url.pathname}${url.search} → ${outcome} (${clock.now() - started} ms)`);
    };
    try {
      const res = await next(req);
      line(`${res.status}`);
      return res;
    } catch (e) {
      line(outcome(e));
      throw e;
    }
  };
}

function outcome(e: unknown): string {
  const failure = failureOf(e);
  switch (failure?.kind) {
    case 'timeout':
      return 'timeout';
    case 'aborted':
      return 'cancelled';
    case 'proxyRefused':
      return `proxy refused (${failure.refusal.status})`;
    case 'tooLarge':
      return 'too large';
    case 'network':
      return failure.code ?? 'failed';
    default:
      return 'failed';
  }
}
