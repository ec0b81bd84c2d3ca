import * as assert from 'node:assert/strict';
import { toAbortSignal, withSignal, type TokenLike } from '../../src/extension/cancel';

class FakeToken implements TokenLike {
  isCancellationRequested = false;
  readonly listeners = new Set<() => unknown>();
  onCancellationRequested(listener: () => unknown) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  cancel() {
    this.isCancellationRequested = true;
    for (const l of this.listeners) l();
  }
}

describe('extension cancel: CancellationToken → AbortSignal', () => {
  it('aborts the signal when the token is cancelled', () => {
    const token = new FakeToken();
    const linked = toAbortSignal(token);
    assert.equal(linked.signal.aborted, false);
    token.cancel();
    assert.equal(linked.signal.aborted, true);
  });

  it('is already aborted for an already-cancelled token', () => {
    const token = new FakeToken();
    token.cancel();
    assert.equal(toAbortSignal(token).signal.aborted, true);
  });

  it('never aborts without a token', () => {
    assert.equal(toAbortSignal(undefined).signal.aborted, false);
  });

  it('withSignal releases the token listener when the work ends, even when it fails', async () => {
    const token = new FakeToken();
    assert.equal(await withSignal(token, async () => 42), 42);
    await assert.rejects(withSignal(token, async () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(token.listeners.size, 0);
  });
});
