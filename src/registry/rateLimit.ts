// Docker Hub's pull budget, as it reports it on manifest answers (HEAD and GET alike):
// `ratelimit-limit: 100;w=21600`, `ratelimit-remaining: 76;w=21600` (pulls per window of w
// seconds) and `docker-ratelimit-source` (the address or account the budget belongs to).

export interface RateLimit {
  /** The registry as written in references (`docker.io`). */
  readonly registry: string;
  readonly limit: number;
  readonly remaining: number;
  /** The window the limit applies to, in seconds, when the registry says. */
  readonly windowSeconds?: number;
  /** Whose budget it is (an IP address, or an account id), when the registry says. */
  readonly source?: string;
}

/** The figure in `headers`, or undefined when they carry none (or none that reads as numbers). */
export function parseRateLimit(registry: string, headers: Readonly<Record<string, string>>): RateLimit | undefined {
  const limit = parsePolicy(headers['ratelimit-limit']);
  const remaining = parsePolicy(headers['ratelimit-remaining']);
  if (!limit || !remaining) return undefined;
  const windowSeconds = remaining.window ?? limit.window;
  const source = headers['docker-ratelimit-source']?.trim().slice(0, 100);
  return { registry, limit: limit.count, remaining: remaining.count, ...(windowSeconds !== undefined ? { windowSeconds } : {}), ...(source ? { source } : {}) };
}

/** `76;w=21600` → 76 and 21600; the first policy when several are listed. */
function parsePolicy(value: string | undefined): { count: number; window?: number } | undefined {
  if (value === undefined) return undefined;
  const [count, ...params] = value.split(',')[0].split(';').map((part) => part.trim());
  if (!/^\d+$/.test(count)) return undefined;
  const window = params.map((p) => /^w=(\d+)$/i.exec(p)?.[1]).find((w) => w !== undefined);
  return { count: Number(count), ...(window !== undefined ? { window: Number(window) } : {}) };
}

/** Fewer than 10% of the pulls left. */
export function isLow(rate: RateLimit): boolean {
  return rate.remaining < rate.limit * 0.1;
}

/** `docker.io: 7 of 100 pulls left in this 6 h window (source 1.2.3.4)` */
export function describeRateLimit(rate: RateLimit): string {
  const source = rate.source !== undefined ? ` (source ${rate.source})` : '';
  return `${rate.registry}: ${pullsLeft(rate)}${source}`;
}

/** `7 of 100 pulls left in this 6 h window` */
export function pullsLeft(rate: RateLimit): string {
  const window = rate.windowSeconds !== undefined ? ` in this ${formatWindow(rate.windowSeconds)} window` : '';
  return `${rate.remaining} of ${rate.limit} pulls left${window}`;
}

function formatWindow(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
