// Hosts that just failed to answer at all. A registry that silently drops packets otherwise makes
// every request wait out its own timeout, queued behind the challenge probe and the per-host limit
// (30 images ≈ 4 rounds of the full timeout). For a short while after such a failure, further
// requests to that host fail at once with the same error, naming the host.
import { DockerPinError } from '../core/errors';

/** How long a host that did not answer is not asked again. */
export const HOST_FAILURE_MEMORY_MS = 30_000;

interface Failure {
  readonly code: 'NETWORK' | 'TIMEOUT';
  /** `registry.example did not answer within 30 s`: the cause, without what was being fetched. */
  readonly reason: string;
  readonly at: number;
}

export class HostFailures {
  private readonly failures = new Map<string, Failure>();
  /** When each host last answered anything: a failure older than that says nothing about the host. */
  private readonly lastAnswer = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly memoryMs: number = HOST_FAILURE_MEMORY_MS,
  ) {}

  /** The remembered failure of `host` as an error for `what`, while it is fresh. */
  check(host: string, what: string): DockerPinError | undefined {
    const failure = this.failures.get(host);
    if (!failure) return undefined;
    const left = failure.at + this.memoryMs - this.now();
    if (left <= 0) {
      this.failures.delete(host);
      return undefined;
    }
    return new DockerPinError(failure.code, `${what}: ${failure.reason} on an earlier request; not asking it again for ${Math.ceil(left / 1000)} s`, { host });
  }

  /** `host` answered (any HTTP status): it is reachable. */
  answered(host: string): void {
    this.failures.delete(host);
    this.lastAnswer.set(host, this.now());
  }

  /**
   * A request to `host` begun at `startedAt` got no answer. Remembered unless the host answered
   * another request meanwhile: then it is one slow request, not an unreachable host.
   */
  failed(host: string, startedAt: number, code: Failure['code'], reason: string): void {
    const answered = this.lastAnswer.get(host);
    if (answered !== undefined && answered >= startedAt) return;
    this.failures.set(host, { code, reason, at: this.now() });
  }

  clear(): void {
    this.failures.clear();
  }
}
