// After a run, one line on stderr per registry whose pull budget runs low (fewer than 10% left),
// every reported budget with --verbose: `docker-pin: docker.io: 7 of 100 pulls left in this 6 h
// window (source 1.2.3.4)`.
import { describeRateLimit, isLow, type RateLimit } from '../registry/rateLimit';
import type { Output } from './output';

export function reportRateLimits(rates: readonly RateLimit[], verbose: boolean, output: Output): void {
  for (const rate of rates) {
    if (verbose || isLow(rate)) output.err(`docker-pin: ${describeRateLimit(rate)}`);
  }
}
