// RegistryClient against a real registry (distribution 2.8) in each auth mode: what a user pins
// must be exactly what the registry serves for the platform they asked for.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import { DockerConfigDir, expectCode, loginEntry } from '../support/clientSetup';
import { sha256 } from '../support/imageContent';
import { pushImage, pushSingle, type PushedImage, type PushedManifest } from '../support/push';
import { startRegistry, type AuthMode, type TestRegistry } from '../support/registry';

const ARMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v6', 'linux/arm/v7'];

for (const mode of ['none', 'basic', 'token'] as AuthMode[]) {
  describe(`RegistryClient with a real registry (auth: ${mode})`, () => {
    let reg: TestRegistry;
    let config: DockerConfigDir;
    let client: RegistryClient;
    const images: Record<string, PushedImage> = {};
    const singles: Record<string, PushedManifest> = {};

    const ref = (repoAndTag: string) => parseReference(`${reg.host}/${repoAndTag}`);
    const resolve = (repoAndTag: string, platform: string) => client.resolve(ref(repoAndTag), { platform: parsePlatform(platform), kind: 'platform' });

    before(async () => {
      reg = await startRegistry({ auth: mode });
      await Promise.all([
        (async () => (images.oci = await pushImage(reg, 'public/multi', 'oci', { platforms: ARMS, format: 'oci', attestations: true })))(),
        (async () => (images.docker = await pushImage(reg, 'public/multi', 'docker', { platforms: ARMS, format: 'docker' })))(),
        (async () => (images.v6only = await pushImage(reg, 'public/armv6', '1', { platforms: ['linux/amd64', 'linux/arm/v6'] })))(),
        (async () =>
          (images.windows = await pushImage(reg, 'public/win', 'ltsc', {
            platforms: ['linux/amd64', 'windows/amd64:10.0.17763.5206', 'windows/amd64:10.0.20348.2113'],
            format: 'docker',
          })))(),
        (async () => (images.nested = await pushImage(reg, 'public/nested', '1', { platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'], nested: true, attestations: true })))(),
        (async () => (images.hub = await pushImage(reg, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true })))(),
        (async () => (images.private = await pushImage(reg, 'team/app', '2', { platforms: ['linux/amd64'] })))(),
        (async () => (singles.oci = await pushSingle(reg, 'public/single', 'oci', 'linux/arm64')))(),
        (async () => (singles.docker = await pushSingle(reg, 'public/single', 'docker', 'linux/amd64', { format: 'docker' })))(),
      ]);
      config = await DockerConfigDir.create(mode === 'none' ? {} : { [reg.host]: loginEntry(reg), 'docker.io': loginEntry(reg) });
      client = new RegistryClient({ credentials: config.credentials(), mirrors: { 'docker.io': reg.url }, timeoutMs: 10_000 });
    });
    after(async () => {
      client?.dispose();
      await config?.remove();
      await reg?.stop();
    });

    it('pins the platform manifest of a multi-arch OCI index, and names the index', async () => {
      const r = await resolve('public/multi:oci', 'linux/amd64');
      assert.equal(r.isIndex, true);
      assert.equal(r.indexDigest, images.oci.index.digest);
      assert.equal(r.indexMediaType, 'application/vnd.oci.image.index.v1+json');
      assert.equal(r.platformDigest, images.oci.children[0].digest);
      assert.equal(r.platformMediaType, 'application/vnd.oci.image.manifest.v1+json');
      assert.deepEqual([r.platform?.os, r.platform?.architecture], ['linux', 'amd64']);
      assert.equal(r.name, `${reg.host}/public/multi`);
      assert.equal(r.tag, 'oci');
    });

    it('pins the platform manifest of a Docker manifest list', async () => {
      const r = await resolve('public/multi:docker', 'linux/arm64');
      assert.equal(r.indexDigest, images.docker.index.digest);
      assert.equal(r.indexMediaType, 'application/vnd.docker.distribution.manifest.list.v2+json');
      assert.equal(r.platformDigest, images.docker.children[1].digest);
      assert.equal(r.platformMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    });

    it('never offers or chooses attestation entries', async () => {
      const attestations = new Set(images.oci.attestations.map((a) => a.digest));
      const r = await resolve('public/multi:oci', 'linux/arm64');
      assert.deepEqual(
        r.platforms?.map((p) => p.digest),
        images.oci.children.map((c) => c.digest),
      );
      for (const p of r.platforms ?? []) assert.ok(!attestations.has(p.digest));
      await expectCode(resolve('public/multi:oci', 'unknown/unknown'), 'NO_MATCHING_PLATFORM');
    });

    it('picks arm variants as containerd does', async () => {
      const digestOf = (platform: string): string => images.oci.children[ARMS.indexOf(platform)].digest;
      assert.equal((await resolve('public/multi:oci', 'linux/arm/v7')).platformDigest, digestOf('linux/arm/v7'));
      assert.equal((await resolve('public/multi:oci', 'linux/arm/v6')).platformDigest, digestOf('linux/arm/v6'));
      assert.equal((await resolve('public/multi:oci', 'linux/arm64')).platformDigest, digestOf('linux/arm64'));
      assert.equal((await resolve('public/multi:oci', 'linux/aarch64')).platformDigest, digestOf('linux/arm64'));
      assert.equal((await resolve('public/multi:oci', 'linux/armhf')).platformDigest, digestOf('linux/arm/v7'));
    });

    it('falls back from arm/v7 to arm/v6 when only v6 is offered, but never up from v5', async () => {
      const r = await resolve('public/armv6:1', 'linux/arm/v7');
      assert.equal(r.platformDigest, images.v6only.children[1].digest);
      assert.equal(r.platform?.variant, 'v6');
      const e = await expectCode(resolve('public/armv6:1', 'linux/arm/v5'), 'NO_MATCHING_PLATFORM');
      assert.match(e.message, /linux\/arm\/v5/);
      assert.match(e.message, /linux\/arm\/v6/);
    });

    it('matches a windows entry by build number', async () => {
      const ltsc2022 = await client.resolve(ref('public/win:ltsc'), { platform: { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1234' }, kind: 'platform' });
      assert.equal(ltsc2022.platformDigest, images.windows.children[2].digest);
      const ltsc2019 = await client.resolve(ref('public/win:ltsc'), { platform: { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.1' }, kind: 'platform' });
      assert.equal(ltsc2019.platformDigest, images.windows.children[1].digest);
      const anyWindows = await resolve('public/win:ltsc', 'windows/amd64');
      assert.equal(anyWindows.platformDigest, images.windows.children[1].digest);
      assert.equal((await resolve('public/win:ltsc', 'linux/amd64')).platformDigest, images.windows.children[0].digest);
    });

    it('pins a single-manifest tag to itself after checking its config platform', async () => {
      const r = await resolve('public/single:oci', 'linux/arm64');
      assert.equal(r.isIndex, false);
      assert.equal(r.indexDigest, singles.oci.digest);
      assert.equal(r.platformDigest, singles.oci.digest);
      assert.equal(r.platform?.architecture, 'arm64');
      const docker = await resolve('public/single:docker', 'linux/amd64');
      assert.equal(docker.platformDigest, singles.docker.digest);
      assert.equal(docker.platformMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
      const e = await expectCode(resolve('public/single:oci', 'linux/amd64'), 'NO_MATCHING_PLATFORM');
      assert.match(e.message, /linux\/arm64/);
    });

    it('with allowNoMatch, lists what a tag offers without failing on a missing platform, in one GET', async () => {
      const c = new RegistryClient({ credentials: config.credentials(), mirrors: { 'docker.io': reg.url }, timeoutMs: 10_000 });
      try {
        // A HEAD first, so that the GET counted below is not the one that meets the auth challenge.
        await c.resolve(ref('public/multi:oci'), { platform: parsePlatform('linux/amd64'), kind: 'index' });
        const r = await c.resolve(ref('public/multi:oci'), { platform: parsePlatform('linux/s390x'), kind: 'platform', allowNoMatch: true });
        assert.equal(r.indexDigest, images.oci.index.digest);
        assert.equal(r.platformDigest, undefined);
        assert.equal(r.platform, undefined);
        assert.deepEqual(r.platforms?.map((p) => p.digest), images.oci.children.map((ch) => ch.digest));
        assert.equal(c.stats.manifestGets, 1);
        const single = await c.resolve(ref('public/single:oci'), { platform: parsePlatform('linux/amd64'), kind: 'platform', allowNoMatch: true });
        assert.equal(single.indexDigest, singles.oci.digest);
        assert.equal(single.platformDigest, undefined);
        assert.deepEqual(single.platforms?.map((p) => [p.digest, p.platform.architecture]), [[singles.oci.digest, 'arm64']]);
        // A platform that is offered is still chosen as without allowNoMatch.
        const found = await c.resolve(ref('public/multi:oci'), { platform: parsePlatform('linux/arm64'), kind: 'platform', allowNoMatch: true });
        assert.equal(found.platformDigest, images.oci.children[1].digest);
      } finally {
        c.dispose();
      }
    });

    it('answers for a digest as for a tag: an index gives its image for the platform, by GET, then from the cache', async () => {
      const c = new RegistryClient({ credentials: config.credentials(), mirrors: { 'docker.io': reg.url }, timeoutMs: 10_000 });
      try {
        const index = images.oci.index.digest;
        const r = await c.resolveDigest(ref(`public/multi:oci@${index}`), { platform: parsePlatform('linux/arm/v7'), kind: 'platform' });
        assert.equal(r.indexDigest, index);
        assert.equal(r.isIndex, true);
        assert.equal(r.tag, 'oci', 'the tag is kept for people to read');
        assert.equal(r.platformDigest, images.oci.children[3].digest);
        assert.deepEqual(r.platforms?.map((p) => p.digest), images.oci.children.map((ch) => ch.digest));
        assert.equal(c.stats.manifestHeads, 0, 'fetched and verified, not taken from a HEAD');
        const requests = c.stats.requests;
        const again = await c.resolveDigest(ref(`public/multi@${index}`), { platform: parsePlatform('linux/arm64'), kind: 'platform' });
        assert.equal(again.platformDigest, images.oci.children[1].digest);
        assert.equal(again.tag, undefined);
        assert.equal(c.stats.requests, requests, 'content at a digest comes from the cache');
      } finally {
        c.dispose();
      }
    });

    it('answers for an image manifest digest with its own platform, from its config', async () => {
      const child = images.oci.children[3];
      const own = await client.resolveDigest(ref(`public/multi@${child.digest}`), { platform: parsePlatform('linux/arm/v7'), kind: 'platform' });
      assert.equal(own.isIndex, false);
      assert.equal(own.platformDigest, child.digest);
      assert.deepEqual(own.platform, { os: 'linux', architecture: 'arm', variant: 'v7' });
      // Another platform: refused as for a single-platform tag, or listed only with allowNoMatch.
      await expectCode(client.resolveDigest(ref(`public/multi@${child.digest}`), { platform: parsePlatform('linux/amd64'), kind: 'platform' }), 'NO_MATCHING_PLATFORM');
      const other = await client.resolveDigest(ref(`public/multi@${child.digest}`), { platform: parsePlatform('linux/amd64'), kind: 'platform', allowNoMatch: true });
      assert.equal(other.platformDigest, undefined);
      assert.deepEqual(other.platforms?.map((p) => [p.digest, p.platform.variant]), [[child.digest, 'v7']]);
      // The index kind only says what the manifest is.
      const kind = await client.resolveDigest(ref(`public/multi@${images.oci.index.digest}`), { platform: parsePlatform('linux/amd64'), kind: 'index' });
      assert.deepEqual([kind.isIndex, kind.indexMediaType, kind.platforms], [true, 'application/vnd.oci.image.index.v1+json', undefined]);
    });

    it('a digest the registry does not have is NOT_FOUND; a reference without a digest is refused', async () => {
      const e = await expectCode(client.resolveDigest(ref(`public/multi:oci@sha256:${'0'.repeat(64)}`), { platform: parsePlatform('linux/amd64'), kind: 'platform' }), 'NOT_FOUND');
      assert.match(e.message, /not found/);
      await expectCode(client.resolveDigest(ref('public/multi:oci'), { platform: parsePlatform('linux/amd64'), kind: 'platform' }), 'INVALID_REFERENCE');
    });

    it('manifest() with a platform refuses a single-platform manifest for another platform', async () => {
      const e = await expectCode(client.manifest(ref('public/single:oci'), { platform: parsePlatform('linux/amd64') }), 'NO_MATCHING_PLATFORM');
      assert.match(e.message, /linux\/amd64/);
      assert.match(e.message, /linux\/arm64/);
      const ok = await client.manifest(ref('public/single:oci'), { platform: parsePlatform('linux/arm64') });
      assert.equal(ok.digest, singles.oci.digest);
    });

    it('follows a nested index to the platform inside it', async () => {
      const r = await resolve('public/nested:1', 'linux/s390x');
      assert.equal(r.indexDigest, images.nested.index.digest);
      assert.equal(r.platformDigest, images.nested.children[2].digest);
      assert.deepEqual(
        r.platforms?.map((p) => p.platform.architecture),
        ['amd64', 'arm64', 's390x'],
      );
    });

    it('returns the exact manifest bytes, verified against their digest', async () => {
      const child = images.oci.children[3];
      const byDigest = await client.manifest(parseReference(`${reg.host}/public/multi@${child.digest}`), {});
      assert.ok(byDigest.bytes.equals(child.bytes));
      assert.equal(byDigest.digest, child.digest);
      assert.equal(sha256(byDigest.bytes), child.digest);
      const followed = await client.manifest(ref('public/multi:oci'), { platform: parsePlatform('linux/arm/v7') });
      assert.equal(followed.digest, child.digest);
      const index = await client.manifest(ref('public/multi:oci'), {});
      assert.ok(index.bytes.equals(images.oci.index.bytes));
    });

    it('resolves only the index digest when asked for the index kind', async () => {
      const r = await client.resolve(ref('public/multi:docker'), { platform: parsePlatform('linux/amd64'), kind: 'index' });
      assert.equal(r.indexDigest, images.docker.index.digest);
      assert.equal(r.isIndex, true);
      assert.equal(r.platformDigest, undefined);
      const single = await client.resolve(ref('public/single:oci'), { platform: parsePlatform('linux/amd64'), kind: 'index' });
      assert.equal(single.indexDigest, singles.oci.digest);
      assert.equal(single.isIndex, false);
    });

    it('resolves Docker Hub names through a mirror (alpine → library/alpine)', async () => {
      const r = await client.resolve(parseReference('alpine:3.20'), { platform: parsePlatform('linux/arm64'), kind: 'platform' });
      assert.equal(r.name, 'docker.io/library/alpine');
      assert.equal(r.registry, 'docker.io');
      assert.equal(r.repository, 'library/alpine');
      assert.equal(r.indexDigest, images.hub.index.digest);
      assert.equal(r.platformDigest, images.hub.children[1].digest);
    });

    it('reads a private repository with the saved login', async () => {
      const r = await resolve('team/app:2', 'linux/amd64');
      assert.equal(r.platformDigest, images.private.children[0].digest);
    });

    it('says NOT_FOUND for a tag that does not exist, naming it', async () => {
      const e = await expectCode(resolve('public/multi:nope', 'linux/amd64'), 'NOT_FOUND');
      assert.match(e.message, /public\/multi/);
    });

    it('sees a moved tag after clearCache (a stale pin)', async () => {
      const before = await resolve('public/armv6:1', 'linux/amd64');
      const moved = await pushImage(reg, 'public/armv6', '1', { platforms: ['linux/amd64', 'linux/arm/v6'], salt: `moved-${mode}` });
      client.clearCache();
      const after = await resolve('public/armv6:1', 'linux/amd64');
      assert.notEqual(after.platformDigest, before.platformDigest);
      assert.equal(after.platformDigest, moved.children[0].digest);
      assert.equal(after.indexDigest, moved.index.digest);
      images.v6only = moved;
    });

    if (mode !== 'none') {
      it('without credentials, refuses a private repository with UNAUTHORIZED', async () => {
        const anonymous = new RegistryClient({ timeoutMs: 10_000 });
        try {
          const e = await expectCode(anonymous.resolve(ref('team/app:2'), { platform: parsePlatform('linux/amd64'), kind: 'platform' }), 'UNAUTHORIZED');
          assert.match(e.message, new RegExp(reg.host.replace(/\./g, '\\.')));
        } finally {
          anonymous.dispose();
        }
      });
    }

    if (mode === 'token') {
      it('pulls public repositories anonymously, as from Docker Hub', async () => {
        const anonymous = new RegistryClient({ timeoutMs: 10_000 });
        try {
          const r = await anonymous.resolve(ref('public/multi:oci'), { platform: parsePlatform('linux/amd64'), kind: 'platform' });
          assert.equal(r.platformDigest, images.oci.children[0].digest);
        } finally {
          anonymous.dispose();
        }
      });

      it('exchanges a saved identity token for a pull token', async () => {
        const idConfig = await DockerConfigDir.create({ [reg.host]: { identitytoken: reg.identityToken ?? '' } });
        const idClient = new RegistryClient({ credentials: idConfig.credentials(), timeoutMs: 10_000 });
        try {
          reg.tokenServer?.resetCounts();
          const r = await idClient.resolve(ref('team/app:2'), { platform: parsePlatform('linux/amd64'), kind: 'platform' });
          assert.equal(r.platformDigest, images.private.children[0].digest);
          const grants = reg.tokenServer?.requests.map((q) => `${q.method} ${q.grantType ?? ''} ${q.account ?? 'anonymous'}`);
          assert.deepEqual(grants, ['POST refresh_token tester']);
        } finally {
          idClient.dispose();
          await idConfig.remove();
        }
      });
    }
  });
}
