// Docker Hub's pull budget over a Hub-like path: a token-auth registry (anonymous pulls of public/
// repositories, as on Hub) standing in for docker.io behind the fault proxy, which adds Hub's
// rate-limit headers and answers its pull-limit 429.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import type { RateLimit, RegistryClientOptions } from '../../src/registry/types';
import { DockerConfigDir, expectCode, loginEntry } from '../support/clientSetup';
import { FakeClock } from '../support/fakeClock';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { PATHS } from '../support/faultRules';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

const amd64 = parsePlatform('linux/amd64');
/** What Docker Hub answers when the pull limit is reached. */
const HUB_PULL_LIMIT = JSON.stringify({
  errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit' }],
});
const HUB_HEADERS = { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '7;w=21600', 'docker-ratelimit-source': '203.0.113.7' };

describe('RegistryClient and Docker Hub\'s pull budget (token registry as docker.io, behind the fault proxy)', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let image: PushedImage;
  const clients: RegistryClient[] = [];

  const makeClient = (options: Partial<RegistryClientOptions> = {}): RegistryClient => {
    const c = new RegistryClient({ mirrors: { 'docker.io': proxy.url }, timeoutMs: 5_000, ...options });
    clients.push(c);
    return c;
  };
  const resolve = (c: RegistryClient, name = 'public/app:1') => c.resolve(parseReference(name), { platform: amd64, kind: 'platform' });

  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    image = await pushImage(reg, 'public/app', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
    await pushImage(reg, 'team/private', '1', { platforms: ['linux/amd64'] });
    proxy = await startFaultProxy(reg.url);
  });
  after(async () => {
    for (const c of clients) c.dispose();
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    proxy.fault(null);
    proxy.resetCounts();
  });

  it('keeps the latest figure per registry from manifest answers, HEAD and GET alike, and tells the observer', async () => {
    const heard: RateLimit[] = [];
    const client = makeClient({ onRateLimit: (rate) => heard.push(rate) });
    proxy.fault({ kind: 'headers', headers: HUB_HEADERS, path: PATHS.manifests });
    await client.resolve(parseReference('public/app:1'), { platform: amd64, kind: 'index' });
    assert.equal(proxy.counts.byKind.manifestGet, 0, 'HEAD requests only');
    assert.deepEqual(client.rateLimits(), [{ registry: 'docker.io', limit: 100, remaining: 7, windowSeconds: 21600, source: '203.0.113.7' }]);
    proxy.fault({ kind: 'headers', headers: { ...HUB_HEADERS, 'ratelimit-remaining': '6;w=21600' }, path: PATHS.manifests });
    proxy.resetCounts();
    await resolve(client);
    assert.equal(proxy.counts.byKind.manifestGet, 1);
    assert.deepEqual(client.rateLimits().map((r) => r.remaining), [6]);
    assert.deepEqual(heard.map((r) => r.remaining), [7, 6]);
  });

  it('a pull-limit 429 without Retry-After is asked once, and says what the registry said and that docker login raises the limit', async () => {
    proxy.fault({ kind: 'respond', status: 429, path: PATHS.manifests, headers: { 'Content-Type': 'application/json', ...HUB_HEADERS, 'ratelimit-remaining': '0;w=21600' }, body: HUB_PULL_LIMIT });
    const clock = new FakeClock({ instantUpToMs: 3600_000 });
    const client = makeClient({ clock, timeoutMs: Infinity });
    const e = await expectCode(resolve(client), 'RATE_LIMITED');
    assert.equal(proxy.faultHits, 1, 'not retried: the limit eases over hours');
    assert.deepEqual(clock.slept, []);
    assert.equal(
      e.message,
      `docker.io/public/app:1: ${proxy.host} refused the pull: "You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit" (0 of 100 pulls left in this 6 h window); \`docker login\` raises the limit`,
    );
    assert.equal(e.details.retryAfterSeconds, undefined);
    assert.deepEqual(client.rateLimits().map((r) => r.remaining), [0], 'the 429 reports the budget too');
  });

  it('a pull-limit 429 asking for a wait longer than the request timeout is not waited for', async () => {
    proxy.fault({ kind: 'respond', status: 429, path: PATHS.manifests, headers: { 'Content-Type': 'application/json', 'Retry-After': '30' }, body: HUB_PULL_LIMIT });
    const clock = new FakeClock(); // nothing ends by itself: a wait of 30 s would hang the test
    const e = await expectCode(resolve(makeClient({ clock, timeoutMs: 10_000 })), 'RATE_LIMITED');
    assert.equal(proxy.faultHits, 1);
    assert.ok(clock.slept.every((ms) => ms === 10_000), `only request deadlines were set, no wait: ${clock.slept.join(', ')}`);
    assert.match(e.message, /refused the pull: "You have reached.*`docker login` raises the limit; try again in 30 s$/);
    assert.equal(e.details.retryAfterSeconds, 30);
  });

  it('a pull-limit 429 with a short Retry-After is waited out and asked again', async () => {
    proxy.fault({ kind: 'respond', status: 429, times: 1, path: PATHS.manifests, headers: { 'Content-Type': 'application/json', 'Retry-After': '2' }, body: HUB_PULL_LIMIT });
    const clock = new FakeClock({ instantUpToMs: 3600_000 });
    const r = await resolve(makeClient({ clock, timeoutMs: Infinity }));
    assert.equal(r.platformDigest, image.children[0].digest);
    assert.equal(proxy.faultHits, 1);
    assert.deepEqual(clock.slept, [2000]);
  });

  it('a repository Hub answers 401 for reads "not found, or private and needs a login", anonymous or not', async () => {
    const e = await expectCode(resolve(makeClient(), 'team/nothing-here:1'), 'UNAUTHORIZED');
    assert.equal(e.message, `docker.io/team/nothing-here:1: not found, or private and needs a login (${proxy.host} answered HTTP 401; no credentials are configured for docker.io)`);
    const priv = await expectCode(resolve(makeClient(), 'team/private:1'), 'UNAUTHORIZED');
    assert.match(priv.message, /^docker\.io\/team\/private:1: not found, or private and needs a login/);
  });

  it('a registry that answers 404 for a missing repository keeps "not found"', async () => {
    const config = await DockerConfigDir.create({ 'docker.io': loginEntry(reg) });
    try {
      const e = await expectCode(resolve(makeClient({ credentials: config.credentials() }), 'team/nothing-here:1'), 'NOT_FOUND');
      assert.match(e.message, /not found/);
      assert.doesNotMatch(e.message, /login/);
    } finally {
      await config.remove();
    }
  });
});
