import * as assert from 'node:assert/strict';
import { RegistryClient } from '../../src/registry/client';
import { scanDockerfile } from '../../src/core/dockerfile';
import { answerKey } from '../../src/engine/answerMemo';
import { resolveOccurrence } from '../../src/engine/resolveOccurrence';
import { startFaultProxy } from '../support/faultProxy';
import { deleteManifest, pushImage, pushSingle } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { AMD64, ARM64, S390X, child, occurrenceOf } from './fixtures';

describe('resolveOccurrence against a real registry', function () {
  let registry: TestRegistry;
  let alpine: Awaited<ReturnType<typeof pushImage>>;
  let oldApp: Awaited<ReturnType<typeof pushImage>>;
  let newApp: Awaited<ReturnType<typeof pushImage>>;
  let single: string;
  let nested: Awaited<ReturnType<typeof pushImage>>;
  let oldShrunk: Awaited<ReturnType<typeof pushImage>>;
  let oldPruned: Awaited<ReturnType<typeof pushImage>>;
  let newPruned: Awaited<ReturnType<typeof pushImage>>;
  const client = () => new RegistryClient({ mirrors: { 'docker.io': registry.url } });

  before(async function () {
    this.timeout(60_000);
    registry = await startRegistry({ auth: 'none', deletes: true });
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], format: 'oci', attestations: true });
    // The tag moves: pins of the first push are stale afterwards.
    oldApp = await pushImage(registry, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'], format: 'docker', salt: 'first' });
    newApp = await pushImage(registry, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'], format: 'docker', salt: 'second' });
    single = (await pushSingle(registry, 'acme/tool', '2', 'linux/amd64')).digest;
    nested = await pushImage(registry, 'acme/nested', '1', { platforms: ['linux/amd64', 'linux/s390x'], nested: true });
    // A tag that drops arm64 when it moves.
    oldShrunk = await pushImage(registry, 'acme/shrunk', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'first' });
    await pushImage(registry, 'acme/shrunk', '1', { platforms: ['linux/amd64'], salt: 'second' });
    oldPruned = await pushImage(registry, 'acme/pruned', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'first' });
    newPruned = await pushImage(registry, 'acme/pruned', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'second' });
    await deleteManifest(registry, 'acme/pruned', child(oldPruned, 'arm64').digest);
    await deleteManifest(registry, 'acme/pruned', oldPruned.index.digest);
  });
  after(async () => registry?.stop());

  it('an unpinned line gets the platform digest of the configured platform', async () => {
    const status = await resolveOccurrence(occurrenceOf('FROM alpine:3.20\n'), client(), { platform: ARM64, kind: 'platform' });
    assert.equal(status.state, 'unpinned');
    assert.equal(status.kind, 'platform');
    assert.equal(status.targetDigest, child(alpine, 'arm64').digest);
    assert.deepEqual(status.platform, ARM64);
  });

  it('an unpinned line with the index kind gets the index digest, from a HEAD only', async () => {
    const c = client();
    const status = await resolveOccurrence(occurrenceOf('FROM alpine:3.20\n'), c, { platform: AMD64, kind: 'index' });
    assert.equal(status.state, 'unpinned');
    assert.equal(status.kind, 'index');
    assert.equal(status.targetDigest, alpine.index.digest);
    assert.equal(c.stats.manifestGets, 0);
  });

  it('a line pinned through an ARG default that also serves another platform gets the index digest, and says why', async () => {
    const [first, second] = scanDockerfile('ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nFROM --platform=linux/arm64 ${BASE} AS b\n').images;
    for (const occurrence of [first, second]) {
      const status = await resolveOccurrence(occurrence, client(), { platform: AMD64, kind: 'platform' });
      assert.equal(status.kind, 'index');
      assert.equal(status.targetDigest, alpine.index.digest);
      assert.equal(status.indexOnly, 'the default of ARG BASE serves linux/amd64 and linux/arm64');
    }
    // Configured for arm64, every use builds for arm64: the platform digest fits them all.
    const status = await resolveOccurrence(first, client(), { platform: ARM64, kind: 'platform' });
    assert.equal(status.kind, 'platform');
    assert.equal(status.targetDigest, child(alpine, 'arm64').digest);
    assert.equal(status.indexOnly, undefined);
    assert.notEqual(answerKey(first, { platform: AMD64, kind: 'platform' }), answerKey(occurrenceOf('FROM alpine:3.20\n'), { platform: AMD64, kind: 'platform' }));
  });

  it("a line's own --platform wins over the configured one", async () => {
    const status = await resolveOccurrence(occurrenceOf('FROM --platform=linux/arm64 alpine:3.20\n'), client(), { platform: AMD64, kind: 'platform' });
    assert.deepEqual(status.platform, ARM64);
    assert.equal(status.targetDigest, child(alpine, 'arm64').digest);
  });

  it('an index pin that is current stays an index pin, whatever the configured kind', async () => {
    for (const kind of ['index', 'platform'] as const) {
      const status = await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${alpine.index.digest}\n`), client(), { platform: AMD64, kind });
      assert.equal(status.state, 'current', kind);
      assert.equal(status.kind, 'index', kind);
      assert.equal(status.targetDigest, alpine.index.digest);
    }
  });

  it('a current index pin with the index kind costs no manifest GET', async () => {
    const c = client();
    await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${alpine.index.digest}\n`), c, { platform: AMD64, kind: 'index' });
    assert.equal(c.stats.manifestGets, 0);
  });

  it('a platform pin that is current stays a platform pin, whatever the configured kind', async () => {
    for (const kind of ['index', 'platform'] as const) {
      const digest = child(alpine, 'amd64').digest;
      const status = await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${digest}\n`), client(), { platform: AMD64, kind });
      assert.equal(status.state, 'current', kind);
      assert.equal(status.kind, 'platform', kind);
    }
  });

  it('a platform pin made on another platform is current there, and says which platform it pins', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${child(alpine, 'arm64').digest}\n`), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'current');
    assert.equal(status.kind, 'platform');
    assert.equal(status.targetDigest, child(alpine, 'arm64').digest);
    assert.deepEqual(status.platform, ARM64);
    assert.equal(status.resolution?.platformDigest, child(alpine, 'arm64').digest);
  });

  it('an amd64 pin checked on a platform the tag lacks is current, not an error', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${child(alpine, 'amd64').digest}\n`), client(), { platform: S390X, kind: 'platform' });
    assert.equal(status.state, 'current', status.error?.message);
    assert.deepEqual(status.platform, AMD64);
  });

  it('an index pin checked on a platform the index lacks is current, whatever the configured kind', async () => {
    for (const kind of ['index', 'platform'] as const) {
      const status = await resolveOccurrence(occurrenceOf(`FROM alpine:3.20@${alpine.index.digest}\n`), client(), { platform: S390X, kind });
      assert.equal(status.state, 'current', `${kind}: ${status.error?.message ?? ''}`);
      assert.equal(status.kind, 'index', kind);
    }
  });

  it('a single-platform amd64 image pinned and checked on arm64 is current', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM acme/tool:2@${single}\n`), client(), { platform: ARM64, kind: 'platform' });
    assert.equal(status.state, 'current', status.error?.message);
    assert.equal(status.kind, 'platform');
    assert.deepEqual(status.platform, AMD64);
    // With the index kind too: the HEAD says the tag is a single manifest, so it is read for its
    // platform and reported as the platform pin it is, not as an index pin.
    const indexKind = await resolveOccurrence(occurrenceOf(`FROM acme/tool:2@${single}\n`), client(), { platform: ARM64, kind: 'index' });
    assert.equal(indexKind.state, 'current', indexKind.error?.message);
    assert.equal(indexKind.kind, 'platform');
    assert.deepEqual(indexKind.platform, AMD64);
  });

  it('a pin of a child inside a nested index is current', async () => {
    for (const platform of [AMD64, ARM64]) {
      const status = await resolveOccurrence(occurrenceOf(`FROM acme/nested:1@${child(nested, 's390x').digest}\n`), client(), { platform, kind: 'platform' });
      assert.equal(status.state, 'current');
      assert.deepEqual(status.platform, S390X);
    }
  });

  it('a stale amd64 pin checked on arm64 is updated to the new amd64 image, not the arm64 one', async () => {
    for (const kind of ['index', 'platform'] as const) {
      const status = await resolveOccurrence(occurrenceOf(`FROM acme/app:1@${child(oldApp, 'amd64').digest}\n`), client(), { platform: ARM64, kind });
      assert.equal(status.state, 'stale', kind);
      assert.equal(status.kind, 'platform', kind);
      assert.equal(status.targetDigest, child(newApp, 'amd64').digest, kind);
      assert.deepEqual(status.platform, AMD64, kind);
    }
  });

  it('a stale pin for a platform the tag no longer offers is an error saying so', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM acme/shrunk:1@${child(oldShrunk, 'arm64').digest}\n`), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'error');
    assert.equal(status.error?.code, 'NO_MATCHING_PLATFORM');
    assert.match(status.error?.message ?? '', /acme\/shrunk:1.*linux\/arm64.*no longer offers.*available: linux\/amd64/);
  });

  it('a stale index pin is updated to the new index digest, even with the platform kind configured', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM acme/app:1@${oldApp.index.digest}\n`), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'stale');
    assert.equal(status.kind, 'index');
    assert.equal(status.targetDigest, newApp.index.digest);
  });

  it('a stale platform pin is updated to the new platform digest, even with the index kind configured', async () => {
    const status = await resolveOccurrence(occurrenceOf(`FROM acme/app:1@${child(oldApp, 'arm64').digest}\n`), client(), { platform: ARM64, kind: 'index' });
    assert.equal(status.state, 'stale');
    assert.equal(status.kind, 'platform');
    assert.equal(status.targetDigest, child(newApp, 'arm64').digest);
  });

  describe('a pin whose manifest the registry no longer has', () => {
    // acme/pruned:1 moved on, and the registry then deleted the old index and its arm64 image.
    const armPin = () => `FROM acme/pruned:1@${child(oldPruned, 'arm64').digest}\n`;

    it('is gone: neither a kind nor a platform is guessed, and no digest is offered', async () => {
      for (const platform of [AMD64, ARM64]) {
        const status = await resolveOccurrence(occurrenceOf(armPin()), client(), { platform, kind: 'platform' });
        assert.equal(status.state, 'gone', status.error?.message);
        assert.equal(status.targetDigest, undefined, 'never the amd64 (or any) image');
      }
      const index = await resolveOccurrence(occurrenceOf(`FROM acme/pruned:1@${oldPruned.index.digest}\n`), client(), { platform: AMD64, kind: 'platform' });
      assert.equal(index.state, 'gone');
      assert.equal(index.targetDigest, undefined);
      const never = await resolveOccurrence(occurrenceOf(`FROM acme/pruned:1@sha256:${'e'.repeat(64)}\n`), client(), { platform: AMD64, kind: 'platform' });
      assert.equal(never.state, 'gone');
    });

    it('with the platform given, gets the tag\'s digest for that platform', async () => {
      const arm = await resolveOccurrence(occurrenceOf(armPin()), client(), { platform: ARM64, kind: 'platform', platformGiven: true });
      assert.deepEqual([arm.state, arm.kind, arm.targetDigest], ['gone', 'platform', child(newPruned, 'arm64').digest]);
      assert.deepEqual(arm.platform, ARM64);
      // The user's word, even for another platform than the old pin's (which nothing can tell).
      const amd = await resolveOccurrence(occurrenceOf(armPin()), client(), { platform: AMD64, kind: 'platform', platformGiven: true });
      assert.equal(amd.targetDigest, child(newPruned, 'amd64').digest);
      // A line's own --platform still wins, as on every line.
      const own = await resolveOccurrence(occurrenceOf(`FROM --platform=linux/arm64 acme/pruned:1@${child(oldPruned, 'arm64').digest}\n`), client(), { platform: AMD64, kind: 'platform', platformGiven: true });
      assert.equal(own.targetDigest, child(newPruned, 'arm64').digest);
    });

    it('with the index kind, gets the index digest', async () => {
      const status = await resolveOccurrence(occurrenceOf(armPin()), client(), { platform: AMD64, kind: 'index' });
      assert.deepEqual([status.state, status.kind, status.targetDigest], ['gone', 'index', newPruned.index.digest]);
    });

    it('with a given platform the tag lacks, is an error naming both', async () => {
      const status = await resolveOccurrence(occurrenceOf(armPin()), client(), { platform: S390X, kind: 'platform', platformGiven: true });
      assert.equal(status.state, 'error');
      assert.equal(status.error?.code, 'NO_MATCHING_PLATFORM');
      assert.match(status.error?.message ?? '', /acme\/pruned:1@sha256:[0-9a-f]{64}: pinned manifest no longer in the registry, and the tag has no image for linux\/s390x \(available: linux\/amd64, linux\/arm64\)/);
    });

    it('is not taken for gone when the registry fails to answer for it: that is an error', async () => {
      const proxy = await startFaultProxy(registry.url);
      try {
        const old = child(oldPruned, 'amd64').digest;
        proxy.fault({ kind: 'status', status: 500, path: new RegExp(`/manifests/${old}$`) });
        const viaProxy = new RegistryClient({ mirrors: { 'docker.io': proxy.url }, maxRetries: 0 });
        const status = await resolveOccurrence(occurrenceOf(`FROM acme/pruned:1@${old}\n`), viaProxy, { platform: AMD64, kind: 'platform', platformGiven: true });
        assert.equal(status.state, 'error');
        assert.equal(status.error?.code, 'REGISTRY_ERROR');
        assert.equal(status.targetDigest, undefined);
        viaProxy.dispose();
      } finally {
        await proxy.stop();
      }
    });

    it('a stale pin whose manifest is still there keeps its platform, read from the manifest', async () => {
      const status = await resolveOccurrence(occurrenceOf(`FROM acme/pruned:1@${child(oldPruned, 'amd64').digest}\n`), client(), { platform: ARM64, kind: 'platform', platformGiven: true });
      assert.deepEqual([status.state, status.targetDigest], ['stale', child(newPruned, 'amd64').digest]);
    });
  });

  it('a single-platform tag pins its only manifest', async () => {
    const status = await resolveOccurrence(occurrenceOf('FROM acme/tool:2\n'), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'unpinned');
    assert.equal(status.targetDigest, single);
    const pinned = await resolveOccurrence(occurrenceOf(`FROM acme/tool:2@${single}\n`), client(), { platform: AMD64, kind: 'index' });
    assert.equal(pinned.state, 'current');
  });

  it('a digest without a tag is taken as it is, without any request', async () => {
    const c = client();
    const status = await resolveOccurrence(occurrenceOf(`FROM alpine@${alpine.index.digest}\n`), c, { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'digest-only');
    assert.equal(c.stats.requests, 0);
  });

  it('a missing image is an error naming the reference, not a throw', async () => {
    const status = await resolveOccurrence(occurrenceOf('FROM acme/missing:1\n'), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'error');
    assert.equal(status.error?.code, 'NOT_FOUND');
    assert.match(status.error?.message ?? '', /acme\/missing/);
  });

  it('a platform the tag does not offer is an error', async () => {
    const status = await resolveOccurrence(occurrenceOf('FROM --platform=linux/s390x alpine:3.20\n'), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'error');
    assert.equal(status.error?.code, 'NO_MATCHING_PLATFORM');
  });

  it('an unreachable registry is an error, not a throw', async () => {
    const offline = new RegistryClient({ mirrors: { 'docker.io': 'http://127.0.0.1:9' }, timeoutMs: 2000, maxRetries: 0 });
    const status = await resolveOccurrence(occurrenceOf('FROM alpine:3.20\n'), offline, { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'error');
    assert.ok(status.error, 'the error is kept');
  });

  it('a digest that comes from an ARG is compared like a written one', async () => {
    const text = `ARG PIN=${oldApp.index.digest}\nFROM acme/app:1@\${PIN}\n`;
    const status = await resolveOccurrence(occurrenceOf(text), client(), { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'stale');
    assert.equal(status.kind, 'index');
    assert.equal(status.occurrence.digestRange, undefined);
  });
});
