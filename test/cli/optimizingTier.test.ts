// The CLI caps V8's tiers for its own short runs (src/cli/optimizingTier.ts), unless whoever
// started Node chose them: `node --max-opt=3 $(which docker-pin) …` must get what it asked for.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimizerChosen } from '../../src/cli/optimizingTier';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { buildCli, runCli, tempDir } from './helpers';

describe('the CLI\'s cap on V8\'s optimizing tier', () => {
  it('applies when Node was started without a tier switch', () => {
    assert.equal(optimizerChosen([]), false);
    assert.equal(optimizerChosen(['--enable-source-maps', '--max-old-space-size=512', '--trace-opt']), false);
  });

  it('gives way to a tier the user chose on the node command line', () => {
    for (const arg of ['--max-opt=3', '--max-opt', '--no-opt', '--opt', '--turbofan', '--no-turbofan', '--maglev', '--no-maglev']) {
      assert.equal(optimizerChosen([arg]), true, arg);
    }
  });

  it('does not mistake a longer switch for a tier switch', () => {
    assert.equal(optimizerChosen(['--optimize-for-size', '--opt-foo', '--maglev-inlining']), false);
  });
});

describe('the CLI\'s cap and the modules of Node it loads', function () {
  // V8 refuses Node's code cache for its own modules under changed flags, so a module loaded after
  // the cap is compiled from source: the commands load theirs first (COMMAND_BUILTINS).
  let registry: TestRegistry;
  let dir: string;
  const watcher = join(tempDir('tier-watch'), 'watch.js');

  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = started;
    await pushImage(registry, 'team/app', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
    // Notes where the module list stood when the CLI set a V8 flag, and what came after it.
    writeFileSync(
      watcher,
      `const v8 = require('node:v8'); const set = v8.setFlagsFromString; let at;
v8.setFlagsFromString = function (flags) { if (at === undefined) at = process.moduleLoadList.length; return set.call(this, flags); };
process.on('exit', () => require('node:fs').writeFileSync(process.env.TIER_WATCH_OUT, JSON.stringify(at === undefined ? null : process.moduleLoadList.slice(at))));\n`,
    );
  });
  after(async () => {
    await registry?.stop();
  });
  beforeEach(() => {
    dir = tempDir('tier-project');
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${registry.host}/team/app:1\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Node's public modules (not its internal ones) the run loaded after capping, or null: it did not cap. */
  async function loadedAfterCap(args: readonly string[], expectedCode: number): Promise<string[] | null> {
    const out = join(dir, 'watch.json');
    const r = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--require ${watcher}`, TIER_WATCH_OUT: out } });
    assert.equal(r.code, expectedCode, r.stderr);
    const after = JSON.parse(readFileSync(out, 'utf8')) as string[] | null;
    return after && after.filter((m) => m.startsWith('NativeModule ') && !m.startsWith('NativeModule internal/')).map((m) => m.slice('NativeModule '.length));
  }

  it('pin and check load every module of Node they use before the cap', async () => {
    const registryArgs = ['--platform', 'linux/amd64', '--insecure-registry', registry.host];
    assert.deepEqual(await loadedAfterCap(['pin', ...registryArgs, 'Dockerfile'], 0), []);
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /@sha256:[0-9a-f]{64}/);
    assert.deepEqual(await loadedAfterCap(['check', ...registryArgs, '.'], 0), []);
  });

  it('--version, over in a moment, neither caps nor loads them', async () => {
    assert.equal(await loadedAfterCap(['--version'], 0), null);
  });
});
