// docker's insecure registries: a listed host that gives no https answer at all (refused or reset,
// a failed handshake, a plain-HTTP answer) is asked again over plain http at once, without
// retrying https; a timeout is not such a case, since the host did not answer at all. Which scheme
// answered is remembered (insecureFallback.ts). If plain http fails too, that failure is reported,
// as docker does.
import type { Logger } from '../../core/types';
import type { InsecureFallback } from '../insecureFallback';
import { failureOf } from './failure';
import type { Layer } from './types';

export function plainHttpFallback(fallback: InsecureFallback, logger: Logger): Layer {
  return (next) => async (req) => {
    const url = fallback.apply(new URL(req.url));
    try {
      const res = await next({ ...req, url: url.toString() });
      fallback.answered(url);
      return res;
    } catch (e) {
      const failure = failureOf(e);
      const plain = failure?.kind === 'network' ? fallback.fallbackFor(url) : undefined;
      if (!plain || failure?.kind !== 'network') throw e;
      logger.debug(`${url.host} gave no https answer (${failure.code ?? 'failed'}); it is an insecure registry, so asking it over plain http`);
      const res = await next({ ...req, url: plain.toString() });
      fallback.fellBack(url);
      return res;
    }
  };
}
