// Messages between the benchmark and its worker processes. In-process measurements run in a fresh
// child each time, so module loading, caches and peak RSS belong to that measurement alone.
import type { ClientStats } from '../src/registry/types';

export type WorkerTask =
  | {
      readonly kind: 'engine';
      /** Dockerfiles to analyze concurrently on one long-lived client. */
      readonly files: readonly string[];
      readonly mirrorUrl: string;
      readonly platform: string;
      readonly digestKind: 'platform' | 'index';
      /** How many times the same client analyzes the same files (2 = cold, then warm). */
      readonly passes: number;
    }
  | {
      readonly kind: 'scanPlan';
      readonly lines: number;
      readonly images: number;
      /** The engine built as shipped, with this task as its entry (productionBundle.ts); run from a code cache in `storage`. */
      readonly bundlePath: string;
      /** Where the bundle's code cache is kept (made by the first run that finds none), as the CLI and the extension keep theirs. */
      readonly storage: string;
    }
  | {
      readonly kind: 'extension';
      readonly bundlePath: string;
      readonly lensLines: number;
      readonly images: number;
      /** The extension's global storage, where its code cache is kept (made by the first run that finds none). */
      readonly storage: string;
    };

export interface PhaseResult {
  readonly label: string;
  readonly wallMs: number;
  /** The client's own counters for this phase (engine tasks). */
  readonly clientStats?: ClientStats;
  /** Anything else worth a column or a note, e.g. how many lenses came back. */
  readonly facts?: Readonly<Record<string, number | string>>;
}

export type WorkerMessage =
  /** Sent before each phase and after the last: the parent snapshots the proxy's counters, then acks. */
  | { readonly type: 'mark' }
  | { readonly type: 'result'; readonly phases: readonly PhaseResult[]; readonly maxRssKib: number }
  | { readonly type: 'error'; readonly message: string };

export type ParentMessage = { readonly type: 'task'; readonly task: WorkerTask } | { readonly type: 'ack' };
