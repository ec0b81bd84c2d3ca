import * as assert from 'node:assert/strict';
import { MEDIA, sha256 } from './imageContent';
import { deleteManifest, pushImage, pushRaw, pushSingle } from './push';
import { startRegistry, type AuthMode, type TestRegistry } from './registry';
import { registryFetch } from './registryHttp';

const ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

interface IndexJson {
  mediaType: string;
  manifests: { mediaType: string; digest: string; platform?: Record<string, string>; annotations?: Record<string, string> }[];
}

async function getManifest(reg: TestRegistry, repository: string, reference: string): Promise<{ status: number; digest: string | null; type: string | null; bytes: Buffer }> {
  const res = await registryFetch(reg, repository, `/v2/${repository}/manifests/${reference}`, { headers: { Accept: ACCEPT } });
  return { status: res.status, digest: res.headers.get('docker-content-digest'), type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('test support: push', () => {
  for (const mode of ['none', 'basic', 'token'] as AuthMode[]) {
    describe(`to a registry with auth ${mode}`, () => {
      let reg: TestRegistry;
      before(async () => {
        reg = await startRegistry({ auth: mode });
      });
      after(async () => {
        await reg.stop();
      });

      it('pushes a multi-arch OCI index with attestations that the registry serves byte for byte', async () => {
        const pushed = await pushImage(reg, 'public/app', '1.0', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
        const got = await getManifest(reg, 'public/app', '1.0');
        assert.equal(got.status, 200);
        assert.equal(got.type, MEDIA.ociIndex);
        assert.equal(got.digest, pushed.index.digest);
        assert.ok(got.bytes.equals(pushed.index.bytes));
        const index = JSON.parse(got.bytes.toString()) as IndexJson;
        assert.deepEqual(index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`), ['linux/amd64', 'unknown/unknown', 'linux/arm64', 'unknown/unknown']);
        assert.equal(pushed.attestations.length, 2);
        for (const child of pushed.children) {
          const c = await getManifest(reg, 'public/app', child.digest);
          assert.equal(c.status, 200);
          assert.equal(sha256(c.bytes), child.digest);
        }
      });
    });
  }

  describe('content', () => {
    let reg: TestRegistry;
    before(async () => {
      reg = await startRegistry();
    });
    after(async () => {
      await reg.stop();
    });

    it('pushes Docker manifest lists of Docker manifests', async () => {
      const pushed = await pushImage(reg, 'library/busybox', 'latest', { platforms: ['linux/amd64', 'linux/arm/v6', 'linux/arm/v7'], format: 'docker' });
      assert.equal(pushed.index.mediaType, MEDIA.dockerList);
      assert.deepEqual(pushed.children.map((c) => c.mediaType), [MEDIA.dockerManifest, MEDIA.dockerManifest, MEDIA.dockerManifest]);
      assert.deepEqual(pushed.children.map((c) => c.platform?.variant), [undefined, 'v6', 'v7']);
      assert.equal((await getManifest(reg, 'library/busybox', 'latest')).type, MEDIA.dockerList);
    });

    it('writes os.version for windows entries', async () => {
      const pushed = await pushImage(reg, 'library/win', 'ltsc', { platforms: ['windows/amd64:10.0.20348.2113', 'linux/amd64'] });
      const index = JSON.parse(pushed.index.bytes.toString()) as IndexJson;
      assert.deepEqual(index.manifests[0].platform, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2113' });
    });

    it('nests all children but the first in an inner index', async () => {
      const pushed = await pushImage(reg, 'library/nest', 'v', { platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'], nested: true });
      const outer = JSON.parse(pushed.index.bytes.toString()) as IndexJson;
      assert.deepEqual(outer.manifests.map((m) => m.mediaType), [MEDIA.ociManifest, MEDIA.ociIndex]);
      assert.equal(outer.manifests[1].digest, pushed.inner?.digest);
      const inner = JSON.parse((await getManifest(reg, 'library/nest', pushed.inner!.digest)).bytes.toString()) as IndexJson;
      assert.deepEqual(inner.manifests.map((m) => m.platform?.architecture), ['arm64', 's390x']);
    });

    it('moves a tag when re-pushed with a new salt, and keeps it without one', async () => {
      const first = await pushImage(reg, 'library/moving', '1', { platforms: ['linux/amd64'] });
      const same = await pushImage(reg, 'library/moving', '1', { platforms: ['linux/amd64'] });
      const moved = await pushImage(reg, 'library/moving', '1', { platforms: ['linux/amd64'], salt: 'v2' });
      assert.equal(same.index.digest, first.index.digest);
      assert.notEqual(moved.index.digest, first.index.digest);
      assert.notEqual(moved.children[0].digest, first.children[0].digest);
      assert.equal((await getManifest(reg, 'library/moving', '1')).digest, moved.index.digest);
    });

    it('tags a single manifest whose config names the platform', async () => {
      const single = await pushSingle(reg, 'library/solo', '1', 'linux/arm64', { format: 'docker' });
      const got = await getManifest(reg, 'library/solo', '1');
      assert.equal(got.type, MEDIA.dockerManifest);
      assert.equal(got.digest, single.digest);
      const manifest = JSON.parse(got.bytes.toString()) as { config: { digest: string } };
      const config = await registryFetch(reg, 'library/solo', `/v2/library/solo/blobs/${manifest.config.digest}`);
      const { os, architecture } = (await config.json()) as { os: string; architecture: string };
      assert.deepEqual([os, architecture], ['linux', 'arm64']);
    });

    it('puts raw manifest bodies, and says what the registry refused', async () => {
      const single = await pushSingle(reg, 'library/raw', 'a', 'linux/amd64');
      assert.equal(await pushRaw(reg, 'library/raw', 'b', single.mediaType, single.bytes), single.digest);
      const schema1 = Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'library/raw', tag: 'old', architecture: 'amd64', fsLayers: [], history: [] }));
      await assert.rejects(pushRaw(reg, 'library/raw', 'old', 'application/vnd.docker.distribution.manifest.v1+json', schema1), /expected HTTP 201, got 400/);
    });
  });
});

describe('test support: deleting manifests', () => {
  it('a registry started with deletes removes a manifest; one started without refuses (405)', async function () {
    this.timeout(30_000);
    const [deleting, plain] = await Promise.all([startRegistry({ deletes: true }), startRegistry()]);
    try {
      const gone = await pushImage(deleting, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
      const arm = gone.children[1].digest;
      await deleteManifest(deleting, 'acme/app', arm);
      const after = await getManifest(deleting, 'acme/app', arm);
      assert.equal(after.status, 404);
      assert.match(after.bytes.toString(), /MANIFEST_UNKNOWN/);
      assert.equal((await getManifest(deleting, 'acme/app', gone.children[0].digest)).status, 200, 'only that manifest goes');
      const kept = await pushImage(plain, 'acme/app', '1', { platforms: ['linux/amd64'] });
      await assert.rejects(deleteManifest(plain, 'acme/app', kept.children[0].digest), /expected HTTP 202, got 405/);
    } finally {
      await Promise.all([deleting.stop(), plain.stop()]);
    }
  });
});
