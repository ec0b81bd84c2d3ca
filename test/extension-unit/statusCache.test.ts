import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
import type { ImageOccurrence } from '../../src/core/types';
import type { ImageStatus } from '../../src/engine/types';
import { StatusCache } from '../../src/extension/statusCache';
import { occurrence, status } from './fixtures';

/** A resolver that counts calls and settles when told to. */
function controllable() {
  const calls: { occurrence: ImageOccurrence; signal: AbortSignal; settle: (s?: ImageStatus) => void }[] = [];
  const resolver = (occ: ImageOccurrence, signal: AbortSignal) =>
    new Promise<ImageStatus>((resolve) => {
      calls.push({ occurrence: occ, signal, settle: (s) => resolve(s ?? status('unpinned', occ, { target: 'sha256:x' })) });
    });
  return { calls, resolver };
}

const tick = () => new Promise((r) => setImmediate(r));
const doc = (version: number) => ({ uri: 'file:///w/Dockerfile', version });

describe('extension statusCache: one resolution per line, shared', () => {
  const alpine = occurrence('alpine:3.20', 0);
  const debian = occurrence('debian:12', 1);

  it('lens, hover, diagnostic and quick fix on one line share one resolution', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const answers = Promise.all([1, 2, 3, 4].map(() => cache.status(doc(1), alpine)));
    assert.equal(calls.length, 1);
    calls[0]?.settle();
    const results = await answers;
    assert.ok(results.every((r) => r === results[0]));
    assert.equal(cache.peek(doc(1), alpine), results[0]);
    await cache.status(doc(1), alpine);
    assert.equal(calls.length, 1, 'a settled answer costs nothing');
  });

  it('keeps lines apart, including two images on one line', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const second = occurrence('debian:12', 0, { range: { start: { line: 0, character: 30 }, end: { line: 0, character: 39 } } });
    void cache.status(doc(1), alpine);
    void cache.status(doc(1), debian);
    void cache.status(doc(1), second);
    assert.equal(calls.length, 3);
    for (const c of calls) c.settle();
  });

  it('aborts work for an old version when the document changes, and resolves the new one afresh', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    void cache.status(doc(1), alpine).catch(() => undefined);
    void cache.status(doc(2), alpine);
    assert.equal(calls[0]?.signal.aborted, true);
    assert.equal(calls[1]?.signal.aborted, false);
    await assert.rejects(cache.status(doc(1), alpine), (e: DockerPinError) => e.code === 'CANCELLED');
    for (const c of calls) c.settle();
  });

  it('a caller that stops waiting does not cancel the others', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const lens = new AbortController();
    const lensAnswer = cache.status(doc(1), alpine, lens.signal);
    const hoverAnswer = cache.status(doc(1), alpine);
    lens.abort();
    await assert.rejects(lensAnswer, (e: DockerPinError) => e.code === 'CANCELLED');
    assert.equal(calls[0]?.signal.aborted, false);
    calls[0]?.settle();
    assert.equal((await hoverAnswer).state, 'unpinned');
  });

  it('never keeps a cancellation or a failure as the answer', async () => {
    let n = 0;
    const cache = new StatusCache(
      async (occ) => {
        n++;
        if (n === 1) return status('error', occ, { error: { code: 'CANCELLED' } });
        if (n === 2) throw new Error('bug');
        return status('unpinned', occ, { target: 'sha256:x' });
      },
      { lifetimeMs: 60_000 },
    );
    assert.equal((await cache.status(doc(1), alpine)).state, 'error');
    assert.equal(cache.peek(doc(1), alpine), undefined);
    await assert.rejects(cache.status(doc(1), alpine), /bug/);
    assert.equal((await cache.status(doc(1), alpine)).state, 'unpinned');
    assert.equal(n, 3);
  });

  it('keeps a registry error for the version (no request per lens), until the cache is cleared', async () => {
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('error', occ, { error: { code: 'NOT_FOUND' } })), { lifetimeMs: 60_000 });
    await cache.status(doc(1), alpine);
    await cache.status(doc(1), alpine);
    assert.equal(n, 1);
    cache.clear();
    await cache.status(doc(1), alpine);
    assert.equal(n, 2);
  });

  it('asks again once the cache lifetime has passed', async () => {
    let now = 0;
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('unpinned', occ)), { lifetimeMs: 1000, now: () => now });
    await cache.status(doc(1), alpine);
    now = 999;
    await cache.status(doc(1), alpine);
    assert.equal(n, 1);
    now = 1000;
    assert.equal(cache.peek(doc(1), alpine), undefined);
    await cache.status(doc(1), alpine);
    assert.equal(n, 2);
  });

  it('forget aborts in-flight work of a closed document', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    void cache.status(doc(1), alpine);
    cache.forget(doc(1).uri);
    assert.equal(calls[0]?.signal.aborted, true);
    calls[0]?.settle();
  });

  it('reset switches to the new resolver (new settings) and drops old answers', async () => {
    const cache = new StatusCache(async (occ) => status('unpinned', occ, { kind: 'platform' }), { lifetimeMs: 60_000 });
    assert.equal((await cache.status(doc(1), alpine)).kind, 'platform');
    cache.reset(async (occ) => status('unpinned', occ, { kind: 'index' }), 60_000);
    assert.equal((await cache.status(doc(1), alpine)).kind, 'index');
  });

  it('tells listeners when an answer settles, not when work is cancelled', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const seen: string[] = [];
    const sub = cache.onDidSettle((uri, s) => seen.push(`${uri} ${s.state}`));
    void cache.status(doc(1), alpine).catch(() => undefined);
    void cache.status(doc(2), alpine);
    calls[0]?.settle();
    calls[1]?.settle();
    await tick();
    assert.deepEqual(seen, ['file:///w/Dockerfile unpinned']);
    sub.dispose();
  });
});
