// The CLI's disk cache as a CI job meets it: runs of `check`, `pin` and `resolve` sharing one
// $XDG_CACHE_HOME against a token registry (the Docker Hub shape) behind a counting proxy. A
// manifest GET is what Docker Hub counts as a pull; a HEAD is not.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { pushImage, pushSingle, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { digestFor } from './fixtures';
import { buildCli, runCli, tempDir, type CliResult } from './helpers';

const REPOSITORIES = ['public/one', 'public/two', 'public/three', 'public/four'];

describe('docker-pin with its disk cache', function () {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  const images: Record<string, PushedImage> = {};
  let moved: { old: PushedImage; now: PushedImage };
  let dir: string;
  let cacheHome: string;

  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'token' }), buildCli()]);
    registry = started;
    const platforms = ['linux/amd64', 'linux/arm64'];
    await Promise.all(REPOSITORIES.map(async (r) => (images[r] = await pushImage(registry, r, '1', { platforms, attestations: true }))));
    await pushSingle(registry, 'public/single', '1', 'linux/amd64');
    const old = await pushImage(registry, 'public/moved', '1', { platforms, salt: 'old' });
    moved = { old, now: await pushImage(registry, 'public/moved', '1', { platforms, salt: 'new' }) };
    proxy = await startFaultProxy(registry.url);
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });
  beforeEach(() => {
    dir = tempDir('cache-project');
    cacheHome = tempDir('cache-home');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  });

  /**
   * One CLI run with the shared cache home, and the proxy's counts for it alone: `gets` are the
   * manifest GETs Docker Hub would count as pulls (the run's first request, answered 401 with the
   * auth challenge, is none), `heads` every HEAD.
   */
  const cli = async (args: readonly string[], home = cacheHome): Promise<CliResult & { gets: number; heads: number; blobs: number }> => {
    proxy.resetCounts();
    const r = await runCli([args[0], '--mirror', `docker.io=${proxy.url}`, ...args.slice(1)], { cwd: dir, env: { XDG_CACHE_HOME: home, DOCKER_DEFAULT_PLATFORM: 'linux/amd64' } });
    const { manifestHead, blob } = proxy.counts.byKind;
    return { ...r, gets: proxy.counts.pulls, heads: manifestHead, blobs: blob };
  };
  const dockerfile = (lines: readonly string[]) => writeFileSync(join(dir, 'Dockerfile'), `${lines.join('\n')}\n`);
  const pinnedLines = () => [
    `FROM public/one:1@${digestFor(images['public/one'], 'amd64')}`,
    `FROM public/two:1@${images['public/two'].index.digest}`,
    `FROM public/three:1@${digestFor(images['public/three'], 'arm64')}`,
    'FROM public/four:1',
    'FROM public/single:1',
  ];

  it('a repeated check of unchanged pins costs no GET, with the same report', async () => {
    dockerfile(pinnedLines());
    const cold = await cli(['check', 'Dockerfile']);
    assert.equal(cold.code, 1, cold.stderr);
    // The floor without a cache: one GET per image (and the single manifest's config).
    const uncached = await cli(['check', '--no-cache', 'Dockerfile']);
    assert.deepEqual([cold.gets, cold.blobs], [uncached.gets, uncached.blobs]);
    assert.equal(cold.gets, 5);

    const warm = await cli(['check', 'Dockerfile']);
    assert.deepEqual([warm.code, warm.stdout, warm.stderr], [cold.code, cold.stdout, cold.stderr]);
    assert.deepEqual([warm.gets, warm.blobs], [0, 0]);
    assert.ok(warm.heads >= 5, `${warm.heads} HEADs`);
    const index = await cli(['check', '--index', 'Dockerfile']);
    assert.equal(index.gets, 0, index.stdout);
  });

  it('a repeated check of a stale pin costs no GET either', async () => {
    dockerfile([`FROM public/moved:1@${digestFor(moved.old, 'arm64')}`]);
    const cold = await cli(['check', 'Dockerfile']);
    assert.equal(cold.code, 1, cold.stderr);
    assert.match(cold.stdout, /stale/);
    const warm = await cli(['check', 'Dockerfile']);
    assert.deepEqual([warm.stdout, warm.gets, warm.blobs], [cold.stdout, 0, 0]);
  });

  it('a repeated pin of the same lines costs no GET and writes the same digests', async () => {
    const unpinned = ['FROM public/one:1', 'FROM public/two:1', 'FROM public/single:1'];
    dockerfile(unpinned);
    const cold = await cli(['pin', 'Dockerfile']);
    assert.equal(cold.code, 0, cold.stderr);
    const pinned = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    dockerfile(unpinned);
    const warm = await cli(['pin', 'Dockerfile']);
    assert.deepEqual([warm.code, warm.gets, warm.blobs], [0, 0, 0]);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned);
    const index = await cli(['pin', '--index', '--update', 'Dockerfile']);
    assert.equal(index.gets, 0, index.stderr);
  });

  it('has what a run fetched on disk when it exits, though no request waited for the writes', async () => {
    dockerfile(REPOSITORIES.map((r) => `FROM ${r}:1`));
    const cold = await cli(['pin', 'Dockerfile']);
    assert.equal(cold.code, 0, cold.stderr);
    const cache = join(cacheHome, 'docker-pin');
    for (const r of REPOSITORIES) assert.ok(existsSync(join(cache, 'manifests', 'sha256', images[r].index.digest.slice('sha256:'.length))), r);
    assert.equal(readdirSync(join(cache, 'tags')).length, REPOSITORIES.length);
    assert.match(readFileSync(join(cache, 'written'), 'latin1'), /^\d+ 8\n$/);
  });

  it('resolve --index asks with HEAD only', async () => {
    const r = await cli(['resolve', '--index', 'public/one:1']);
    assert.deepEqual([r.code, r.stdout, r.gets], [0, `${images['public/one'].index.digest}\n`, 0]);
  });

  it('keeps its entries in $XDG_CACHE_HOME/docker-pin, the exact bytes under their digest, private to the user', async () => {
    await cli(['resolve', 'public/one:1']);
    const index = images['public/one'].index;
    const file = join(cacheHome, 'docker-pin', 'manifests', 'sha256', index.digest.slice('sha256:'.length));
    const raw = readFileSync(file);
    assert.deepEqual(raw.subarray(raw.indexOf(0x0a) + 1), index.bytes);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(cacheHome, 'docker-pin')).mode & 0o777, 0o700);
  });

  it('--no-cache neither reads (which would mark entries used) nor writes the cache', async () => {
    await cli(['resolve', 'public/one:1']);
    const before = listing(cacheHome);
    const r = await cli(['resolve', '--no-cache', 'public/one:1']);
    assert.deepEqual([r.code, r.gets], [0, 1]);
    assert.deepEqual(listing(cacheHome), before);
    const empty = tempDir('cache-none');
    const m = await cli(['manifest', '--no-cache', `public/one@${images['public/one'].index.digest}`], empty);
    assert.equal(m.code, 0, m.stderr);
    assert.equal(existsSync(join(empty, 'docker-pin')), false);
    rmSync(empty, { recursive: true, force: true });
  });

  it('two CLIs filling one cache at once both answer right and leave only whole, verified entries', async () => {
    dockerfile(REPOSITORIES.map((r) => `FROM ${r}:1`));
    const [a, b] = await Promise.all([cli(['check', '--json', 'Dockerfile']), cli(['check', '--json', 'Dockerfile'])]);
    assert.equal(a.code, 1, a.stderr);
    assert.deepEqual([b.code, b.stdout], [a.code, a.stdout]);
    const manifests = join(cacheHome, 'docker-pin', 'manifests', 'sha256');
    const names = readdirSync(manifests);
    assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
    for (const name of names) {
      const raw = readFileSync(join(manifests, name));
      assert.equal(createHash('sha256').update(raw.subarray(raw.indexOf(0x0a) + 1)).digest('hex'), name);
    }
    const warm = await cli(['check', '--json', 'Dockerfile']);
    assert.deepEqual([warm.stdout, warm.gets], [a.stdout, 0]);
  });
});

function listing(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(`${p}:${statSync(p).mtimeMs}`);
    }
  };
  walk(root);
  return out.sort();
}
