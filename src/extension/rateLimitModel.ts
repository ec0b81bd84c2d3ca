// What the extension says about registries' pull budgets (no `vscode`, so it is unit-tested): the
// latest figures in the platform item's tooltip, and a warning when one runs low, once per window.
import { describeRateLimit, isLow, type RateLimit } from '../registry/rateLimit';

/** Lines for the status-bar tooltip, one per registry that reported its budget; empty when none did. */
export function rateLimitLines(rates: readonly RateLimit[]): string[] {
  return rates.map((rate) => `Pull budget: ${describeRateLimit(rate)}.`);
}

/** When no window is reported, a low budget is warned about at most once an hour. */
const DEFAULT_WINDOW_SECONDS = 3600;

/** Decides when a low budget is worth a notification: once per registry and window, not per request. */
export class LowBudgetWarnings {
  private readonly warnedAt = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The warning to show for `rate`, or undefined (not low, or already warned in this window). */
  warningFor(rate: RateLimit): string | undefined {
    if (!isLow(rate)) return undefined;
    const last = this.warnedAt.get(rate.registry);
    const windowMs = (rate.windowSeconds ?? DEFAULT_WINDOW_SECONDS) * 1000;
    if (last !== undefined && this.now() - last < windowMs) return undefined;
    this.warnedAt.set(rate.registry, this.now());
    return `Docker Pin: ${describeRateLimit(rate)}. Signing in with "docker login" raises the limit.`;
  }
}
