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

  it('keeps a settled answer for its version whatever the lifetime, so a lifetime of 0 cannot loop', async () => {
    let now = 0;
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('error', occ, { error: { code: 'NOT_FOUND' } })), { lifetimeMs: 0, now: () => now });
    await cache.status(doc(1), alpine);
    now = 10_000_000;
    assert.equal(cache.peek(doc(1), alpine)?.state, 'error', 'the lens provider sees the answer it just got');
    await cache.status(doc(1), alpine);
    assert.equal(n, 1);
  });

  it('carries a success to the next version within the lifetime, at the line\'s new place', async () => {
    let now = 0;
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('unpinned', occ, { target: 'sha256:x' })), { lifetimeMs: 1000, now: () => now });
    await cache.status(doc(1), alpine);
    // An edit above pushed the line down one: same question, another place.
    const moved = occurrence('alpine:3.20', 1);
    const carried = cache.peek(doc(2), moved);
    assert.equal(carried?.state, 'unpinned');
    assert.equal(carried?.occurrence, moved, 'edits computed from it land on the new range');
    assert.equal((await cache.status(doc(2), moved)).occurrence, moved);
    now = 999;
    await cache.status(doc(3), moved);
    assert.equal(n, 1);
    now = 1000;
    await cache.status(doc(4), moved);
    assert.equal(n, 2, 'past the lifetime the registry is asked again');
  });

  it('a line its readings use on several platforms is asked again, in the same version and across versions: its own reading alone had another answer', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const several = occurrence('alpine:3.20', 0, { platforms: [undefined, { os: 'linux', architecture: 'arm64' }] });
    void cache.status(doc(1), alpine);
    void cache.status(doc(1), several);
    assert.equal(calls.length, 2);
    for (const c of calls) c.settle();
    await tick();
    void cache.status(doc(2), occurrence('alpine:3.20', 0, { platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }] }));
    assert.equal(calls.length, 3);
  });

  it('carries nothing when the reference or the line\'s platform changed', async () => {
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('unpinned', occ, { target: 'sha256:x' })), { lifetimeMs: 60_000 });
    await cache.status(doc(1), alpine);
    await cache.status(doc(2), occurrence('alpine:3.21', 0));
    assert.equal(n, 2);
    await cache.status(doc(3), occurrence('alpine:3.20', 0, { platform: { os: 'linux', architecture: 'arm64' } }));
    assert.equal(n, 3);
    await cache.status(doc(4), alpine);
    assert.equal(n, 3, 'an answer from two versions back still carries');
  });

  it('carries a failure across keystrokes for 30 s even with a lifetime of 0, a rate limit until its Retry-After', async () => {
    let now = 0;
    let n = 0;
    const cache = new StatusCache(
      async (occ) => (n++, occ.expanded.startsWith('busy')
        ? status('error', occ, { error: { code: 'RATE_LIMITED', details: { retryAfterSeconds: 120 } } })
        : status('error', occ, { error: { code: 'NOT_FOUND' } })),
      { lifetimeMs: 0, now: () => now },
    );
    const busy = occurrence('busybox:1', 1);
    await cache.status(doc(1), alpine);
    await cache.status(doc(1), busy);
    for (let version = 2; version <= 6; version++) {
      now += 5_000;
      await cache.status(doc(version), alpine);
      await cache.status(doc(version), busy);
    }
    assert.equal(n, 2, 'five edits, no new request');
    now = 30_000;
    await cache.status(doc(7), alpine);
    await cache.status(doc(7), busy);
    assert.equal(n, 3, 'the 404 is asked about again after 30 s; the 429 waits for Retry-After');
    now = 120_000;
    await cache.status(doc(8), busy);
    assert.equal(n, 4);
  });

  it('carries nothing past Clear Cache or a closed document', async () => {
    let n = 0;
    const cache = new StatusCache(async (occ) => (n++, status('error', occ, { error: { code: 'UNAUTHORIZED' } })), { lifetimeMs: 60_000 });
    await cache.status(doc(1), alpine);
    cache.clear();
    await cache.status(doc(2), alpine);
    assert.equal(n, 2, 'after docker login and Clear Cache the line is asked about again');
    cache.forget(doc(2).uri);
    await cache.status(doc(1), alpine);
    assert.equal(n, 3);
  });

  it('advance aborts in-flight work of the old version, and never carries it', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    void cache.status(doc(1), alpine).catch(() => undefined);
    cache.advance(doc(2));
    assert.equal(calls[0]?.signal.aborted, true);
    calls[0]?.settle();
    await tick();
    void cache.status(doc(2), alpine);
    assert.equal(calls.length, 2);
    calls[1]?.settle();
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

  it('settling waits for answers already on their way and asks for none itself', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    void cache.status(doc(1), alpine);
    let waited = false;
    const wait = cache.settling(doc(1), [alpine, debian], 60_000).then(() => (waited = true));
    await tick();
    assert.equal(calls.length, 1, 'debian, which nothing asked about, is not asked about');
    assert.equal(waited, false, 'alpine is still on its way');
    calls[0]?.settle();
    await wait;
    assert.equal(cache.peek(doc(1), alpine)?.state, 'unpinned', 'the answer is known when the wait ends');
    assert.equal(cache.peek(doc(1), debian), undefined);
    await cache.settling(doc(1), [debian], 60_000);
    assert.equal(calls.length, 1, 'nothing on its way: no wait, no request');
  });

  it('settling stops waiting at its bound, when the caller aborts, and for an outdated version', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    void cache.status(doc(1), alpine);
    await cache.settling(doc(1), [alpine], 1);
    assert.equal(cache.peek(doc(1), alpine), undefined, 'the bound passed with the answer still on its way');
    const caller = new AbortController();
    const aborted = cache.settling(doc(1), [alpine], 60_000, caller.signal);
    caller.abort();
    await aborted;
    cache.advance(doc(2));
    await cache.settling(doc(1), [alpine], 60_000);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.signal.aborted, true, 'the old version\'s work was aborted, not waited for');
  });

  it('tells listeners when an answer settles, not when work is cancelled', async () => {
    const { calls, resolver } = controllable();
    const cache = new StatusCache(resolver, { lifetimeMs: 60_000 });
    const seen: string[] = [];
    const sub = cache.onDidSettle((d, s) => seen.push(`${d.uri}@${d.version} ${s.state}`));
    void cache.status(doc(1), alpine).catch(() => undefined);
    void cache.status(doc(2), alpine);
    calls[0]?.settle();
    calls[1]?.settle();
    await tick();
    assert.deepEqual(seen, ['file:///w/Dockerfile@2 unpinned']);
    sub.dispose();
  });
});
