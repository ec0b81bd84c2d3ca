// Retries and redirects together, on real parts: a registry behind three fault proxies, the one
// the client asks (503 when told to), one redirecting manifest GETs to another host (as a blob
// store's presigned URL) and one next to the registry answering 429, which the redirect's target
// then serves. A retry starts again from the URL first asked, with its credentials, and
// the retry budget counts the whole request, however many hops each attempt takes.
import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../../src/core/errors';
import { MANIFEST_ACCEPT } from '../../../src/registry/mediaTypes';
import { composeTransport, type RegistryTransport, type TransportOptions } from '../../../src/registry/transport/compose';
import { FakeClock } from '../../support/fakeClock';
import { startFaultProxy, type FaultProxy } from '../../support/faultProxy';
import { PATHS } from '../../support/faultRules';
import { pushImage, type PushedImage } from '../../support/push';
import { startRegistry, type TestRegistry } from '../../support/registry';

/** What Docker Hub answers when the pull limit is reached. */
const HUB_PULL_LIMIT = JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your unauthenticated pull rate limit.' }] });

describe('registry/transport: retry above redirects (registry behind fault proxies that redirect and limit)', () => {
  let reg: TestRegistry;
  /** Next to the registry: answers 429 when told to. */
  let limiting: FaultProxy;
  /** Redirects every manifest GET to its other host. */
  let front: FaultProxy;
  /** What the client asks: passes requests to `front`, or answers 503 when told to. */
  let entry: FaultProxy;
  let image: PushedImage;
  const made: RegistryTransport[] = [];

  before(async () => {
    reg = await startRegistry();
    image = await pushImage(reg, 'team/app', '1', { platforms: ['linux/amd64'] });
    limiting = await startFaultProxy(reg.url);
    front = await startFaultProxy(limiting.url);
    entry = await startFaultProxy(front.url);
  });
  after(async () => {
    await entry?.stop();
    await front?.stop();
    await limiting?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    front.fault({ kind: 'redirect', method: 'GET', path: PATHS.manifests });
    limiting.fault(null);
    entry.fault(null);
    entry.resetCounts();
    front.resetCounts();
    limiting.resetCounts();
  });
  afterEach(() => {
    for (const t of made.splice(0)) t.destroy();
  });

  /** A transport whose short sleeps end at once, with no request deadline unless one is given. */
  const make = (options: TransportOptions = {}): { clock: FakeClock; transport: RegistryTransport } => {
    const clock = new FakeClock({ instantUpToMs: 3600_000 });
    const transport = composeTransport({ timeoutMs: Infinity, clock, ...options });
    made.push(transport);
    return { clock, transport };
  };
  const getManifest = (t: RegistryTransport) =>
    t.send({
      method: 'GET',
      url: `${entry.url}/v2/team/app/manifests/1`,
      headers: { accept: MANIFEST_ACCEPT, authorization: 'Bearer for-the-registry-only' },
      maxBytes: 4 * 1024 * 1024,
      what: 'manifest for team/app:1',
      kind: 'manifestGets',
    });
  /** Manifest GETs the client sent to the URL it was asked for (not to the redirect's target). */
  const askedAtOrigin = (): number => entry.counts.byKind.manifestGet;

  it('a retry after a 429 on the redirect target starts again from the original URL, with its credentials', async () => {
    limiting.fault({ kind: 'status', status: 429, retryAfter: 1, times: 2, path: PATHS.manifests });
    const { clock, transport } = make();
    const res = await getManifest(transport);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, image.index.bytes);
    assert.equal(askedAtOrigin(), 3, 'each attempt went to the URL first asked');
    assert.equal(entry.counts.withAuthorization, 3, 'with its Authorization every time');
    assert.equal(front.redirectTarget.hits.length, 3, 'and followed its redirect afresh');
    assert.ok(front.redirectTarget.hits.every((h) => !h.hadAuthorization), 'Authorization never reached the other host');
    assert.deepEqual(clock.slept, [1000, 1000]);
  });

  it('a lasting 429 with a short Retry-After is retried maxRetries times in all, then fails with RATE_LIMITED', async () => {
    limiting.fault({ kind: 'status', status: 429, retryAfter: 1, path: PATHS.manifests });
    const { clock, transport } = make({ maxRetries: 3 });
    await assert.rejects(getManifest(transport), (e: unknown) => isDockerPinError(e) && e.code === 'RATE_LIMITED');
    assert.equal(limiting.faultHits, 4, 'one request and three retries reached the registry, no more');
    assert.equal(askedAtOrigin(), 4);
    assert.deepEqual(clock.slept, [1000, 1000, 1000]);
  });

  it('a 503 before the redirect and 429s after it share one retry budget', async () => {
    entry.fault({ kind: 'status', status: 503, times: 1, path: PATHS.manifests });
    limiting.fault({ kind: 'status', status: 429, retryAfter: 1, path: PATHS.manifests });
    const { clock, transport } = make({ maxRetries: 3, backoffMs: 7 });
    await assert.rejects(getManifest(transport), (e: unknown) => isDockerPinError(e) && e.code === 'RATE_LIMITED');
    assert.equal(askedAtOrigin(), 4, 'four attempts in all');
    assert.equal(limiting.faultHits, 3, 'three of them redirected and limited');
    assert.deepEqual(clock.slept, [7, 1000, 1000]);
  });

  it('a pull-limit 429 at the redirect target without Retry-After is asked once', async () => {
    limiting.fault({ kind: 'respond', status: 429, path: PATHS.manifests, headers: { 'Content-Type': 'application/json' }, body: HUB_PULL_LIMIT });
    const { clock, transport } = make();
    await assert.rejects(getManifest(transport), (e: unknown) => {
      assert.ok(isDockerPinError(e) && e.code === 'RATE_LIMITED');
      assert.match(e.message, /refused the pull: "You have reached your unauthenticated pull rate limit\."; `docker login` raises the limit$/);
      return true;
    });
    assert.equal(limiting.faultHits, 1);
    assert.equal(askedAtOrigin(), 1);
    assert.deepEqual(clock.slept, []);
  });

  it('a pull-limit 429 asking for a wait longer than the request timeout is asked once', async () => {
    limiting.fault({ kind: 'respond', status: 429, path: PATHS.manifests, headers: { 'Content-Type': 'application/json', 'Retry-After': '30' }, body: HUB_PULL_LIMIT });
    const clock = new FakeClock(); // nothing ends by itself: a wait of 30 s would hang the test
    const transport = composeTransport({ timeoutMs: 10_000, clock });
    made.push(transport);
    await assert.rejects(getManifest(transport), (e: unknown) => isDockerPinError(e) && e.code === 'RATE_LIMITED' && e.details.retryAfterSeconds === 30);
    assert.equal(limiting.faultHits, 1);
    assert.ok(clock.slept.every((ms) => ms === 10_000), `only request deadlines were set, no wait: ${clock.slept.join(', ')}`);
  });
});
