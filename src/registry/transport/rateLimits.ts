// Reads the pull budget a registry reports on each manifest answer (rateLimit.ts), a 429 included
// (not a 401: that request was not counted), and hands the figure to `observe`.
import { parseRateLimit, type RateLimit } from '../rateLimit';
import type { Layer } from './types';

export function observeRateLimits(observe: (rate: RateLimit) => void): Layer {
  return (next) => async (req) => {
    const res = await next(req);
    if (req.scope && (req.kind === 'manifestGets' || req.kind === 'manifestHeads') && (res.status < 300 || res.status === 429)) {
      const rate = parseRateLimit(req.scope.endpoint.registry, res.headers);
      if (rate) observe(rate);
    }
    return res;
  };
}
