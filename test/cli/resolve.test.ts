import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startFaultProxy } from '../support/faultProxy';
import { pushImage, pushSingle } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { buildCli, runCli, tempDir } from './helpers';

describe('docker-pin resolve', function () {
  let registry: TestRegistry;
  let alpine: Awaited<ReturnType<typeof pushImage>>;
  let mirror: string[];

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = reg;
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'], format: 'oci', attestations: true });
    mirror = ['--mirror', `docker.io=${registry.url}`];
  });
  after(async () => registry?.stop());

  const childDigest = (arch: string, variant?: string) =>
    alpine.children.find((c) => c.platform?.architecture === arch && c.platform.variant === variant)?.digest;

  it('prints the platform digest for the wanted platform, and nothing else', async () => {
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/arm64', 'alpine:3.20']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${childDigest('arm64')}\n`);
  });

  it('normalizes the platform as docker does (armhf is arm/v7)', async () => {
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/armhf', 'docker.io/library/alpine:3.20']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${childDigest('arm', 'v7')}\n`);
  });

  it('takes the platform from DOCKER_DEFAULT_PLATFORM', async () => {
    const r = await runCli(['resolve', ...mirror, 'alpine:3.20'], { env: { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' } });
    assert.equal(r.stdout, `${childDigest('arm64')}\n`);
  });

  it('--index prints the index digest', async () => {
    const r = await runCli(['resolve', ...mirror, '--index', 'alpine:3.20']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${alpine.index.digest}\n`);
  });

  it('--json describes the image, without attestations among the platforms', async () => {
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/amd64', '--json', 'alpine:3.20']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(json.reference, 'alpine:3.20');
    assert.equal(json.name, 'docker.io/library/alpine');
    assert.equal(json.registry, 'docker.io');
    assert.equal(json.repository, 'library/alpine');
    assert.equal(json.tag, '3.20');
    assert.equal(json.digest, childDigest('amd64'));
    assert.equal(json.indexDigest, alpine.index.digest);
    assert.equal(json.platform, 'linux/amd64');
    assert.equal(json.mediaType, 'application/vnd.oci.image.manifest.v1+json');
    assert.deepEqual(
      (json.platforms as Array<{ platform: string; digest: string; mediaType: string }>).map((p) => [p.platform, p.digest]),
      [
        ['linux/amd64', childDigest('amd64')],
        ['linux/arm64', childDigest('arm64')],
        ['linux/arm/v7', childDigest('arm', 'v7')],
      ],
    );
  });

  it('--json --index still lists every platform, with the index digest to pin', async () => {
    const r = await runCli(['resolve', ...mirror, '--index', '--json', 'alpine:3.20']);
    const json = JSON.parse(r.stdout) as { digest: string; mediaType: string; platforms: unknown[] };
    assert.equal(json.digest, alpine.index.digest);
    assert.equal(json.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.equal(json.platforms.length, 3);
  });

  it('--index works for an image that lacks the platform asked for, listing what it offers', async () => {
    const plain = await runCli(['resolve', ...mirror, '--platform', 'linux/s390x', '--index', 'alpine:3.20']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(plain.stdout, `${alpine.index.digest}\n`);
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/s390x', '--index', '--json', 'alpine:3.20']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(json.kind, 'index');
    assert.equal(json.digest, alpine.index.digest);
    assert.equal(json.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.equal(json.platform, null, 'a multi-arch index has no one platform');
    assert.equal('platformDigest' in json, false);
    assert.deepEqual((json.platforms as { platform: string }[]).map((p) => p.platform), ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
  });

  it('--index of a single-platform tag names its own platform, whatever --platform says', async () => {
    const single = await pushSingle(registry, 'acme/armonly', '1', 'linux/arm64');
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/amd64', '--index', '--json', 'acme/armonly:1']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(json.digest, single.digest);
    assert.equal(json.platform, 'linux/arm64');
    assert.equal(json.isIndex, false);
  });

  it('a single-platform tag resolves to its manifest', async () => {
    const single = await pushSingle(registry, 'acme/single', '1', 'linux/amd64', { format: 'docker' });
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/amd64', 'acme/single:1']);
    assert.equal(r.stdout, `${single.digest}\n`);
  });

  it('exit 3 naming the reference when the tag does not exist', async () => {
    const r = await runCli(['resolve', ...mirror, 'alpine:9.99']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /alpine/);
  });

  it('exit 3 when no manifest matches the platform', async () => {
    const r = await runCli(['resolve', ...mirror, '--platform', 'linux/s390x', 'alpine:3.20']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /s390x/);
  });

  describe('a reference with a digest', () => {
    let older: Awaited<ReturnType<typeof pushImage>>;
    let newer: Awaited<ReturnType<typeof pushImage>>;
    const arm = (image: Awaited<ReturnType<typeof pushImage>>) => image.children.find((c) => c.platform?.architecture === 'arm64')?.digest ?? '';

    before(async () => {
      const platforms = ['linux/amd64', 'linux/arm64'];
      older = await pushImage(registry, 'acme/moved', '1', { platforms, salt: 'older' });
      newer = await pushImage(registry, 'acme/moved', '1', { platforms, salt: 'newer' });
    });

    it('name:tag@digest answers for the digest, not for where the tag points now', async () => {
      const r = await runCli(['resolve', ...mirror, '--platform', 'linux/arm64', `acme/moved:1@${older.index.digest}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${arm(older)}
`);
      assert.notEqual(arm(older), arm(newer));
      const index = await runCli(['resolve', ...mirror, '--index', `acme/moved:1@${older.index.digest}`]);
      assert.equal(index.stdout, `${older.index.digest}
`);
    });

    it('name@<index digest> --platform P gives that index\'s image for P; --index the digest itself', async () => {
      const r = await runCli(['resolve', ...mirror, '--platform', 'linux/arm/v7', `alpine@${alpine.index.digest}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${childDigest('arm', 'v7')}
`);
      const index = await runCli(['resolve', ...mirror, '--index', `alpine@${alpine.index.digest}`]);
      assert.equal(index.code, 0, index.stderr);
      assert.equal(index.stdout, `${alpine.index.digest}
`);
    });

    it('name@<image digest> gives the digest itself for its own platform', async () => {
      const r = await runCli(['resolve', ...mirror, '--platform', 'linux/arm64', `alpine:3.20@${childDigest('arm64')}`]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${childDigest('arm64')}
`);
    });

    it('--json keeps the documented shape: the tag as written (null without one), the digest\'s index and platforms', async () => {
      const r = await runCli(['resolve', ...mirror, '--platform', 'linux/amd64', '--json', `alpine@${alpine.index.digest}`]);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as Record<string, unknown>;
      assert.deepEqual(Object.keys(json), ['reference', 'name', 'registry', 'repository', 'tag', 'kind', 'digest', 'mediaType', 'indexDigest', 'indexMediaType', 'isIndex', 'platformDigest', 'platform', 'platforms']);
      assert.deepEqual([json.reference, json.tag, json.digest, json.indexDigest, json.platform], [`alpine@${alpine.index.digest}`, null, childDigest('amd64'), alpine.index.digest, 'linux/amd64']);
      assert.equal((json.platforms as unknown[]).length, 3);
      const tagged = JSON.parse((await runCli(['resolve', ...mirror, '--json', '--index', `acme/moved:1@${older.index.digest}`])).stdout) as Record<string, unknown>;
      assert.deepEqual([tagged.tag, tagged.digest, tagged.kind], ['1', older.index.digest, 'index']);
    });

    it('agrees with manifest: the digest printed is that of the bytes manifest prints for the same arguments', async () => {
      for (const image of [`alpine@${alpine.index.digest}`, `acme/moved:1@${older.index.digest}`]) {
        const args = [...mirror, '--platform', 'linux/arm64', image];
        const [resolved, manifest] = await Promise.all([runCli(['resolve', ...args]), runCli(['manifest', ...args])]);
        assert.equal(manifest.code, 0, manifest.stderr);
        assert.equal(resolved.stdout, `sha256:${createHash('sha256').update(manifest.stdoutBytes).digest('hex')}\n`, image);
      }
    });

    it('an image digest for another platform than --platform is exit 3 naming both, as manifest says', async () => {
      const args = [...mirror, '--platform', 'linux/amd64', `alpine@${childDigest('arm64')}`];
      const r = await runCli(['resolve', ...args]);
      assert.equal(r.code, 3);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /no image for linux\/amd64.*available: linux\/arm64/);
      assert.equal((await runCli(['manifest', ...args])).code, 3);
    });

    it('a digest the registry does not have is exit 3, not found, whatever the tag says', async () => {
      const missing = `sha256:${'0'.repeat(64)}`;
      for (const image of [`alpine:3.20@${missing}`, `alpine@${missing}`]) {
        const r = await runCli(['resolve', ...mirror, image]);
        assert.equal(r.code, 3, image);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /digest sha256:0+ not found/);
        assert.equal((await runCli(['manifest', ...mirror, image])).code, 3);
      }
    });

    it('a registry that serves other bytes for the digest is refused: exit 3, digest mismatch', async () => {
      const proxy = await startFaultProxy(registry.url);
      try {
        // Honest about what it sends (its header matches the body), but it is not what was asked for.
        const other = alpine.children[0];
        proxy.fault({
          kind: 'respond',
          status: 200,
          method: 'GET',
          path: new RegExp(`/manifests/${alpine.index.digest}$`),
          headers: { 'content-type': other.mediaType, 'docker-content-digest': other.digest },
          body: other.bytes,
        });
        const r = await runCli(['resolve', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', `alpine:3.20@${alpine.index.digest}`]);
        assert.equal(r.code, 3, r.stdout);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /digest/i);
      } finally {
        await proxy.stop();
      }
    });
  });

  it('exit 2 for an invalid reference or platform', async () => {
    const bad = await runCli(['resolve', ...mirror, 'Alpine:3.20']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Alpine/);
    const platform = await runCli(['resolve', ...mirror, '--platform', 'linux/', 'alpine:3.20']);
    assert.equal(platform.code, 2);
  });
});

describe('docker-pin resolve with registry credentials', function () {
  for (const auth of ['basic', 'token'] as const) {
    describe(`${auth} auth`, () => {
      let registry: TestRegistry;
      let pushed: Awaited<ReturnType<typeof pushImage>>;
      let configDir: string;
      let wrongDir: string;

      before(async function () {
        this.timeout(120_000);
        const [reg] = await Promise.all([startRegistry({ auth }), buildCli()]);
        registry = reg;
        pushed = await pushImage(registry, 'private/app', 'v1', { platforms: ['linux/amd64', 'linux/arm64'] });
        configDir = tempDir(`config-${auth}`);
        wrongDir = tempDir(`wrong-${auth}`);
        const auths = (password: string) => ({ auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${password}`).toString('base64') } } });
        writeFileSync(join(configDir, 'config.json'), JSON.stringify(auths(registry.password ?? '')));
        writeFileSync(join(wrongDir, 'config.json'), JSON.stringify(auths('not-the-password')));
      });
      after(async () => {
        await registry?.stop();
        for (const dir of [configDir, wrongDir]) if (dir) rmSync(dir, { recursive: true, force: true });
      });

      const ref = () => `${registry.host}/private/app:v1`;

      it('resolves with the credentials of the docker config given by --config', async () => {
        const r = await runCli(['resolve', '--config', configDir, '--index', '--verbose', ref()]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, `${pushed.index.digest}\n`);
        assert.ok(!`${r.stdout}${r.stderr}`.includes(registry.password ?? '\0'), 'the password is never printed');
      });

      it('resolves with the docker config found through DOCKER_CONFIG', async () => {
        const r = await runCli(['resolve', '--index', ref()], { env: { DOCKER_CONFIG: configDir } });
        assert.equal(r.code, 0, r.stderr);
      });

      it('exit 3 without credentials, naming the registry', async () => {
        const r = await runCli(['resolve', ref()]);
        assert.equal(r.code, 3);
        assert.match(r.stderr, new RegExp(registry.host.replace(/\./g, '\\.')));
      });

      it('exit 3 with a wrong password, which is never printed', async () => {
        const r = await runCli(['resolve', '--config', wrongDir, '--verbose', ref()]);
        assert.equal(r.code, 3);
        const all = `${r.stdout}${r.stderr}`;
        assert.ok(!all.includes('not-the-password'));
        assert.ok(!all.includes(Buffer.from(`${registry.username}:not-the-password`).toString('base64')));
      });
    });
  }
});
