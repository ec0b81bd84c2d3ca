import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
