// A deadline per request, from sending it to the last byte of its body, kept by the injected
// clock: when it passes, the request's signal aborts it and it fails as a timeout.
import type { Clock } from './clock';
import { failureOf, TransportFailure } from './failure';
import type { Layer } from './types';

/** `timeoutMs` Infinity: no deadline. */
export function deadline(timeoutMs: number, clock: Clock): Layer {
  if (timeoutMs === Infinity) return (next) => next;
  return (next) => async (req) => {
    const controller = new AbortController();
    const stopTimer = new AbortController();
    let passed = false;
    clock.sleep(timeoutMs, stopTimer.signal).then(
      () => {
        passed = true;
        controller.abort();
      },
      () => undefined, // stopped: the request ended first
    );
    const onAbort = (): void => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await next({ ...req, signal: controller.signal });
    } catch (e) {
      if (!passed || req.signal?.aborted) throw e;
      const failure = failureOf(e);
      const answered = failure?.kind === 'aborted' ? failure.answered : false;
      throw new TransportFailure({ kind: 'timeout', answered, timeoutMs }, e instanceof TransportFailure ? e.url : new URL(req.url), e);
    } finally {
      stopTimer.abort();
      req.signal?.removeEventListener('abort', onAbort);
    }
  };
}
