// One row of the results: a median over several runs of the same thing.
import { median } from './stats';
import { sameCounts, type RequestCounts } from './requestCounts';

export interface Sample {
  readonly wallMs: number;
  readonly requests?: RequestCounts;
  readonly maxRssKib?: number;
}

export interface Measurement {
  /** Stable key the budgets look rows up by. */
  readonly id: string;
  /** Scenario column, e.g. "1 · 30 refs / 10 images". */
  readonly scenario: string;
  readonly what: string;
  readonly runs: number;
  readonly wallMs: number;
  /** From the last run; `requestsVary` says whether runs disagreed (they should not). */
  readonly requests?: RequestCounts;
  readonly requestsVary?: boolean;
  readonly maxRssKib?: number;
  /** Bytes of JS heap still in use after a full GC at the end of a run (the memory series). */
  readonly heapKeptBytes?: number;
  readonly note?: string;
  /** Where a process's wall time went (medians), for rows timed against the proxy's timestamps. */
  readonly phases?: Phases;
}

/** Phases of one process run, in ms; they add up to its wall time. */
export interface Phases {
  readonly startup: number;
  readonly auth: number;
  readonly manifests: number;
  readonly tail: number;
}

export const PHASE_LABELS: Readonly<Record<keyof Phases, string>> = {
  startup: 'start-up to first request',
  auth: 'auth (first request → last token answer)',
  manifests: 'manifests (last token → last answer)',
  tail: 'tail (last answer → exit)',
};

export async function repeat(runs: number, sample: (run: number) => Promise<Sample>): Promise<Omit<Measurement, 'id' | 'scenario' | 'what'>> {
  const samples: Sample[] = [];
  for (let run = 0; run < runs; run++) samples.push(await sample(run));
  const withCounts = samples.filter((s) => s.requests !== undefined);
  const last = withCounts[withCounts.length - 1]?.requests;
  const rss = samples.flatMap((s) => (s.maxRssKib === undefined ? [] : [s.maxRssKib]));
  return {
    runs,
    wallMs: median(samples.map((s) => s.wallMs)),
    requests: last,
    requestsVary: last !== undefined && withCounts.some((s) => !sameCounts(s.requests as RequestCounts, last)),
    maxRssKib: rss.length > 0 ? median(rss) : undefined,
  };
}

/**
 * Runs `a` and `b` `runs` times each, alternating, and the one that goes first alternates too, so
 * both see the same machine (load from elsewhere, caches) and neither always follows the other.
 */
export async function alternate<A, B>(runs: number, a: () => Promise<A>, b: () => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const out = { a: [] as A[], b: [] as B[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}
