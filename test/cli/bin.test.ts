import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCli, CLI, ROOT, tempDir } from './helpers';

const DIST = join(ROOT, 'dist');
const BUNDLE = join(DIST, 'cli-main.js');

describe('docker-pin start-up (dist/cli.js loading dist/cli-main.js)', function () {
  before(async function () {
    this.timeout(60_000);
    await buildCli();
  });

  it('the build ships a code cache that this Node accepts for the bundle', async () => {
    const loader = join(ROOT, 'out', 'src', 'build', 'codeCache.js');
    // What dist/cli.js does, reporting how the bundle was compiled; --version keeps the run short.
    const script = `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, '--version'];
      const loaded = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(BUNDLE)}, module);
      process.on('exit', () => process.stderr.write('outcome=' + loaded.outcome));`;
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', script], { env });
    assert.match(stdout, /^\d+\.\d+\.\d+/);
    assert.equal(stderr, 'outcome=used');
  });

  it('runs from a copy of the files npm installs, writing nothing next to itself', async () => {
    // A copy, so a build running meanwhile (other test runs) cannot change what is compared.
    const installed = join(tempDir('bin-installed'), 'dist');
    mkdirSync(installed);
    for (const file of ['cli.js', 'cli-main.js', 'cli-main.js.cache']) copyFileSync(join(DIST, file), join(installed, file));
    const listing = (): string[] => readdirSync(installed).map((f) => `${f}@${statSync(join(installed, f)).mtimeMs}`);
    const before = listing();
    const dir = tempDir('bin');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: dir };
    delete env.NODE_OPTIONS;
    const { stderr } = await promisify(execFile)(process.execPath, [join(installed, 'cli.js'), 'pin', '--dry-run', 'Dockerfile'], { cwd: dir, env });
    assert.equal(stderr, 'would pin 0, would update 0, unchanged 0, failed 0 in Dockerfile\n');
    assert.deepEqual(listing(), before);
  });

  it('works with --enable-source-maps (the bundle then loads without its cache)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--enable-source-maps', CLI, '--version']);
    assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
