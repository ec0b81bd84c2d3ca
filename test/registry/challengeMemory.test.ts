import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { ChallengeMemory } from '../../src/registry/challengeMemory';

const bearer = { kind: 'bearer', realm: 'https://auth.example.test/token', service: 'registry' } as const;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('registry/challengeMemory', () => {
  it('makes the first caller for an unknown registry its probe, and nobody else', async () => {
    const memory = new ChallengeMemory();
    const first = await memory.lookup('https://r.test');
    assert.ok(first.probe);
    assert.equal(first.scheme, undefined);
    let second: Awaited<ReturnType<ChallengeMemory['lookup']>> | undefined;
    const waiting = memory.lookup('https://r.test').then((l) => (second = l));
    await tick();
    assert.equal(second, undefined, 'the second caller waits for the probe');
    memory.set('https://r.test', bearer);
    await waiting;
    assert.deepEqual(second, { scheme: bearer });
  });

  it('answers at once when the challenge is known, per registry', async () => {
    const memory = new ChallengeMemory();
    memory.set('https://a.test', bearer);
    assert.deepEqual(await memory.lookup('https://a.test'), { scheme: bearer });
    assert.ok((await memory.lookup('https://b.test')).probe, 'another registry is still unknown');
  });

  it('remembers that a registry served an anonymous request, until a challenge says otherwise', async () => {
    const memory = new ChallengeMemory();
    const { probe } = await memory.lookup('https://r.test');
    probe?.finish(200);
    assert.deepEqual(await memory.lookup('https://r.test'), { scheme: { kind: 'none' } });
    memory.set('https://r.test', { kind: 'basic' });
    assert.deepEqual(await memory.lookup('https://r.test'), { scheme: { kind: 'basic' } });
  });

  it('counts a 404 as served anonymously, but not a 5xx', async () => {
    const memory = new ChallengeMemory();
    (await memory.lookup('https://a.test')).probe?.finish(404);
    assert.equal(memory.get('https://a.test')?.kind, 'none');
    (await memory.lookup('https://b.test')).probe?.finish(503);
    assert.equal(memory.get('https://b.test'), undefined);
  });

  it('lets the waiters go on anonymously when the probe learned nothing', async () => {
    const memory = new ChallengeMemory();
    const { probe } = await memory.lookup('https://r.test');
    const waiters = Promise.all([memory.lookup('https://r.test'), memory.lookup('https://r.test')]);
    await tick();
    probe?.finish();
    assert.deepEqual(await waiters, [{}, {}], 'no scheme and no second probe: they do not queue up behind each other');
    assert.ok((await memory.lookup('https://r.test')).probe, 'a later caller probes again');
  });

  it('keeps a recorded challenge when the probe finishes afterwards', async () => {
    const memory = new ChallengeMemory();
    const { probe } = await memory.lookup('https://r.test');
    memory.set('https://r.test', bearer);
    probe?.finish(200);
    assert.deepEqual(memory.get('https://r.test'), bearer);
  });

  it('cancels a waiter through its signal without disturbing the probe', async () => {
    const memory = new ChallengeMemory();
    await memory.lookup('https://r.test');
    const ac = new AbortController();
    const waiting = memory.lookup('https://r.test', ac.signal);
    ac.abort();
    await assert.rejects(waiting, (e: unknown) => isDockerPinError(e) && e.code === 'CANCELLED');
    const other = memory.lookup('https://r.test');
    memory.set('https://r.test', bearer);
    assert.deepEqual(await other, { scheme: bearer });
  });

  it('forgets what it learned on clear', async () => {
    const memory = new ChallengeMemory();
    memory.set('https://r.test', bearer);
    memory.clear();
    assert.ok((await memory.lookup('https://r.test')).probe);
  });
});
