// The CLI and Docker Hub's pull budget: a registry standing in for docker.io behind the fault
// proxy, which adds Hub's rate-limit headers or answers its pull-limit 429.
import * as assert from 'node:assert/strict';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { PATHS } from '../support/faultRules';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { buildCli, runCli } from './helpers';

const budget = (remaining: number) => ({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': `${remaining};w=21600`, 'docker-ratelimit-source': '203.0.113.7' });
const LINE = (remaining: number) => `docker-pin: docker.io: ${remaining} of 100 pulls left in this 6 h window (source 203.0.113.7)\n`;

describe('docker-pin and Docker Hub\'s pull budget', function () {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let alpine: PushedImage;

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = reg;
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] });
    proxy = await startFaultProxy(registry.url);
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });
  beforeEach(() => {
    proxy.fault(null);
    proxy.resetCounts();
  });

  const resolve = (...extra: string[]) => runCli(['resolve', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', ...extra, 'alpine:3.20']);

  it('says on stderr, once, when fewer than 10% of the pulls are left', async () => {
    proxy.fault({ kind: 'headers', headers: budget(7), path: PATHS.manifests });
    const r = await resolve();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${alpine.children[0].digest}\n`);
    assert.equal(r.stderr, LINE(7));
  });

  it('says nothing about a budget that is not low, unless --verbose', async () => {
    proxy.fault({ kind: 'headers', headers: budget(76), path: PATHS.manifests });
    const quiet = await resolve();
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');
    const verbose = await resolve('--verbose');
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.ok(verbose.stderr.endsWith(LINE(76)), verbose.stderr);
  });

  it('a pull-limit 429 is asked once and fails with the registry\'s words and `docker login`: exit 3', async () => {
    proxy.fault({
      kind: 'respond',
      status: 429,
      path: PATHS.manifests,
      headers: { 'Content-Type': 'application/json', ...budget(0) },
      body: JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your unauthenticated pull rate limit.' }] }),
    });
    const r = await resolve();
    assert.equal(r.code, 3);
    assert.equal(proxy.counts.byKind.manifestGet, 1, 'not retried');
    assert.match(r.stderr, /refused the pull: "You have reached your unauthenticated pull rate limit\." \(0 of 100 pulls left in this 6 h window\); `docker login` raises the limit/);
    assert.ok(r.stderr.endsWith(LINE(0)), r.stderr);
  });
});
