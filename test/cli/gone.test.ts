// Pins whose manifest the registry deleted (garbage-collected old images): the platform they were
// made for is unknown, so check reports them and pin replaces them only by the user's choice.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteManifest, pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { digestFor } from './fixtures';
import { buildCli, runCli, tempDir } from './helpers';

describe('docker-pin with a pin whose manifest is gone from the registry', function () {
  let registry: TestRegistry;
  let old: PushedImage;
  let now: PushedImage;
  let dir: string;
  let mirror: string[];

  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'none', deletes: true }), buildCli()]);
    registry = started;
    mirror = ['--mirror', `docker.io=${registry.url}`];
    const platforms = ['linux/amd64', 'linux/arm64'];
    old = await pushImage(registry, 'acme/app', '1', { platforms, salt: 'old' });
    now = await pushImage(registry, 'acme/app', '1', { platforms, salt: 'new' });
    // The tag moved on; the registry's clean-up then removed the old arm64 image and index.
    await deleteManifest(registry, 'acme/app', digestFor(old, 'arm64'));
    await deleteManifest(registry, 'acme/app', old.index.digest);
  });
  after(async () => registry?.stop());
  beforeEach(() => {
    dir = tempDir('gone');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const armPin = () => `FROM acme/app:1@${digestFor(old, 'arm64')}\n`;
  const write = (text: string) => writeFileSync(join(dir, 'Dockerfile'), text);
  const text = () => readFileSync(join(dir, 'Dockerfile'), 'utf8');
  // The checker's platform is amd64, but not given on the command line: nothing was chosen.
  const onAmd64 = { env: { DOCKER_DEFAULT_PLATFORM: 'linux/amd64' } };
  const cli = (args: string[]) => runCli([args[0], ...mirror, ...args.slice(1)], { cwd: dir, ...onAmd64 });

  it('check: exit 1, "pinned manifest no longer in the registry" with the fix', async () => {
    write(armPin());
    const r = await cli(['check', 'Dockerfile']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      `Dockerfile:1:6: gone acme/app:1@${digestFor(old, 'arm64')} (pinned manifest no longer in the registry; the platform it was made for is unknown: ` +
        `run pin --update with --platform <os/arch> for that platform's digest, or with --index for the index digest)\n`,
    );
  });

  it('check --json: state gone, with no platform, kind or digest made up', async () => {
    write(armPin());
    const r = await cli(['check', '--json', 'Dockerfile']);
    assert.equal(r.code, 1, r.stderr);
    const [entry] = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.equal(entry.state, 'gone');
    assert.equal(entry.digest, digestFor(old, 'arm64'));
    assert.deepEqual([entry.kind, entry.platform, entry.targetDigest], [undefined, undefined, undefined]);
    assert.match(String(entry.message), /pinned manifest no longer in the registry/);
  });

  it('pin --update leaves the line, says to pass --platform or --index, and counts it: exit 1', async () => {
    for (const update of [['--update'], []]) {
      write(armPin());
      const r = await cli(['pin', ...update, 'Dockerfile']);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(text(), armPin(), 'the line is left as it was, never moved to the amd64 image');
      assert.match(r.stderr, /^Dockerfile:1:6: pinned manifest no longer in the registry; left as it is; .*--platform <os\/arch>.*--index/m);
      assert.match(r.stderr, /pinned 0, updated 0, unchanged 0, failed 1 in Dockerfile/);
    }
  });

  it('pin --update --platform linux/arm64 updates to the tag\'s arm64 image', async () => {
    write(armPin());
    const r = await cli(['pin', '--update', '--platform', 'linux/arm64', 'Dockerfile']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(text(), `FROM acme/app:1@${digestFor(now, 'arm64')}\n`);
    assert.match(r.stderr, /updated 1/);
  });

  it('pin --update --index updates to the index digest', async () => {
    write(armPin());
    const r = await cli(['pin', '--update', '--index', 'Dockerfile']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(text(), `FROM acme/app:1@${now.index.digest}\n`);
  });

  it('with --platform but without --update, check and pin say what the update would write', async () => {
    write(armPin());
    const checked = await cli(['check', '--platform', 'linux/arm64', 'Dockerfile']);
    assert.equal(checked.code, 1);
    assert.match(checked.stdout, new RegExp(`gone .*would update to ${digestFor(now, 'arm64')}, linux/arm64\\)`));
    const pinned = await cli(['pin', '--platform', 'linux/arm64', 'Dockerfile']);
    assert.equal(pinned.code, 1);
    assert.equal(text(), armPin());
    assert.match(pinned.stderr, new RegExp(`--update replaces it with ${digestFor(now, 'arm64')}`));
  });

  it('an old pin still in the registry is updated for its own platform, even with another --platform', async () => {
    write(`FROM acme/app:1@${digestFor(old, 'amd64')}\n`);
    const r = await cli(['pin', '--update', '--platform', 'linux/arm64', 'Dockerfile']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(text(), `FROM acme/app:1@${digestFor(now, 'amd64')}\n`);
  });
});
