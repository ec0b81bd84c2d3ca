// What the bundles built with src/build/axiosDiet.mjs (via esbuild.mjs) must still do: reach a
// registry the way users do, through a proxy and with a token fetched by POST, since the slimmed
// axios is only ever exercised in dist/ (the other tests load axios from node_modules).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, CLI_MAIN, ROOT, runCli, tempDir as newTempDir } from '../cli/helpers';
import { startForwardProxy, type ForwardProxy } from '../support/forwardProxy';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

/** A name only the forward proxy knows; nothing resolves it, so a request not proxied fails. */
const REGISTRY_NAME = 'registry.docker-pin.test';
/** The first entry of mime-db, which form-data brings in. */
const MIME_DB_SIGNATURE = 'application/1d-interleaved-parityfec';
/** What follow-redirects says when a redirect loops. */
const FOLLOW_REDIRECTS_SIGNATURE = 'Maximum number of redirects exceeded';

describe('bundles without the parts of axios docker-pin never uses', function () {
  let registry: TestRegistry;
  let proxy: ForwardProxy;
  let image: PushedImage;
  /** The folders the tests made, removed at the end. */
  const made: string[] = [];
  const tempDir = (prefix: string): string => {
    const dir = newTempDir(prefix);
    made.push(dir);
    return dir;
  };

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'token' }), buildCli()]);
    registry = reg;
    image = await pushImage(registry, 'team/app', '1', { platforms: ['linux/amd64'] });
    proxy = await startForwardProxy({ [REGISTRY_NAME]: registry.url });
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('neither bundle carries form-data, mime-db or follow-redirects', () => {
    for (const bundle of [CLI_MAIN, join(ROOT, 'extension', 'dist', 'extension-main.js')]) {
      const text = readFileSync(bundle, 'utf8');
      assert.ok(!text.includes(MIME_DB_SIGNATURE), `${bundle} still bundles mime-db`);
      assert.ok(!text.includes(FOLLOW_REDIRECTS_SIGNATURE), `${bundle} still bundles follow-redirects`);
    }
  });

  /** `pin` of a Dockerfile naming the proxied registry, logged in with an identity token. */
  async function pinThroughProxy(extraEnv: NodeJS.ProcessEnv = {}): Promise<{ dir: string; code: number | null; stderr: string }> {
    const dir = tempDir('diet');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [REGISTRY_NAME]: { identitytoken: registry.identityToken } } }));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${REGISTRY_NAME}/team/app:1\n`);
    const r = await runCli(['pin', '--platform', 'linux/amd64', '--insecure-registry', REGISTRY_NAME, 'Dockerfile'], {
      cwd: dir,
      // HTTPS_PROXY too: an insecure registry is tried over https first, and the name must never be resolved.
      env: { DOCKER_CONFIG: dir, HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '', no_proxy: '', ...extraEnv },
    });
    return { dir, code: r.code, stderr: r.stderr };
  }

  it('pin goes through an HTTP proxy and exchanges an identity token by POST', async () => {
    const { dir, ...r } = await pinThroughProxy();
    assert.equal(r.code, 0, r.stderr);
    const [amd64] = image.children;
    assert.ok(amd64, 'the pushed image has a linux/amd64 manifest');
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), `FROM ${REGISTRY_NAME}/team/app:1@${amd64.digest}\n`);
    assert.ok(proxy.requests.some((p) => p.url.startsWith(`http://${REGISTRY_NAME}/v2/team/app/manifests/`)), 'manifest requests went through the proxy');
    assert.ok(
      registry.tokenServer?.requests.some((t) => t.method === 'POST' && t.grantType === 'refresh_token' && t.account === registry.username),
      'the identity token was exchanged by POST',
    );
  });

  /** The built-in modules a `pin` loaded, from start-up to its exit, recorded by a preloaded script. */
  async function modulesLoadedBy(pin: (env: NodeJS.ProcessEnv) => Promise<{ code: number | null; stderr: string }>): Promise<string[]> {
    const dir = tempDir('diet-modules');
    const preload = join(dir, 'record-modules.js');
    const record = join(dir, 'modules.txt');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, process.moduleLoadList.join('\\n')));\n`);
    const r = await pin({ NODE_OPTIONS: `--require ${preload}` });
    assert.equal(r.code, 0, r.stderr);
    const modules = readFileSync(record, 'utf8').split('\n');
    assert.ok(modules.some((m) => m.endsWith(' http')), 'the record should list the modules the run loaded');
    return modules;
  }

  it('pin never loads Node\'s fetch (undici) or http2, from start-up to the last response', async () => {
    const modules = await modulesLoadedBy(pinThroughProxy);
    assert.deepEqual(modules.filter((m) => /undici|http2/.test(m)), []);
  });

  /** `pin` of a Dockerfile naming the registry, reached without a proxy. */
  async function pinDirect(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
    const dir = tempDir('diet-direct');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { identitytoken: registry.identityToken } } }));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${registry.host}/team/app:1\n`);
    return runCli(['pin', '--platform', 'linux/amd64', '--insecure-registry', registry.host, 'Dockerfile'], { cwd: dir, env: { DOCKER_CONFIG: dir, ...env } });
  }

  it('pin without a proxy never loads Node\'s assert, which only follow-redirects and a proxy agent need', async () => {
    const modules = await modulesLoadedBy(pinDirect);
    assert.deepEqual(modules.filter((m) => /^NativeModule (assert|internal\/assert\/)/.test(m)), []);
  });

  it('pin, with a proxy or without, never asks for Node\'s set of allowed flags, which is built on first use', async () => {
    for (const pin of [pinDirect, pinThroughProxy]) {
      const dir = tempDir('diet-flags');
      const preload = join(dir, 'watch-flags.js');
      const record = join(dir, 'asked.txt');
      writeFileSync(
        preload,
        `const flags = Object.getOwnPropertyDescriptor(process, 'allowedNodeEnvironmentFlags');\n` +
          `Object.defineProperty(process, 'allowedNodeEnvironmentFlags', { ...flags, get() { require('node:fs').appendFileSync(${JSON.stringify(record)}, new Error('asked').stack + '\\n'); return flags.get.call(this); } });\n`,
      );
      const r = await pin({ NODE_OPTIONS: `--require ${preload}` });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(existsSync(record) ? readFileSync(record, 'utf8') : '', '');
    }
  });
});
