// The CLI's code cache (src/startup/codeCache.ts) as users meet it: `docker-pin` runs sharing one
// $XDG_CACHE_HOME. Made by a run that did its work, kept while it fits, replaced when V8 refuses
// it, never run when someone else could have written it, and never a change in any result.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../support/registry';
import { pushImage, type PushedImage } from '../support/push';
import { buildCli, runCli, tempDir, type CliResult } from './helpers';

describe('docker-pin starting from its code cache', function () {
  let registry: TestRegistry;
  let image: PushedImage;
  let dir: string;
  let cacheHome: string;

  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = started;
    image = await pushImage(registry, 'team/app', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
  });
  after(async () => {
    await registry?.stop();
  });
  beforeEach(() => {
    dir = tempDir('code-cache-project');
    cacheHome = tempDir('code-cache-home');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheHome, { recursive: true, force: true });
  });

  const codeDir = () => join(cacheHome, 'docker-pin', 'code');
  const cacheFiles = () => (existsSync(codeDir()) ? readdirSync(codeDir()).sort() : []);
  const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCli(args, { cwd: dir, env: { XDG_CACHE_HOME: cacheHome, ...env } });
  const pin = (env: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${registry.host}/team/app:1\n`);
    return cli(['pin', '--platform', 'linux/amd64', '--insecure-registry', registry.host, 'Dockerfile'], env);
  };
  const pinned = () => `FROM ${registry.host}/team/app:1@${image.children[0].digest}\n`;

  it('the first run makes a cache of its own command, private to the user', async () => {
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    const files = cacheFiles();
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], new RegExp(`^pin-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    assert.equal(statSync(join(codeDir(), files[0])).mode & 0o777, 0o600);
    assert.equal(statSync(codeDir()).mode & 0o777, 0o700);
    // Another command gets its own, beside it.
    const check = await cli(['check', '--platform', 'linux/amd64', '--insecure-registry', registry.host, 'Dockerfile']);
    assert.equal(check.code, 0, check.stderr);
    assert.deepEqual(
      cacheFiles().map((f) => f.split('-')[0]),
      ['check', 'pin'],
    );
  });

  it('a run from the cache pins exactly as a run without one, and leaves the cache as it was', async () => {
    const first = await pin();
    assert.equal(first.code, 0, first.stderr);
    const [file] = cacheFiles();
    const made = readFileSync(join(codeDir(), file));
    const madeAt = statSync(join(codeDir(), file)).mtimeMs;
    const again = await pin();
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned());
    const off = await pin({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(off.code, 0, off.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned());
    assert.deepEqual([again.stdout, again.stderr], [off.stdout, off.stderr]);
    assert.deepEqual(cacheFiles(), [file]);
    assert.ok(readFileSync(join(codeDir(), file)).equals(made), 'a cache V8 took is not written again');
    assert.equal(statSync(join(codeDir(), file)).mtimeMs, madeAt);
  });

  it('a damaged cache is refused by V8 and replaced, and the run is not changed by it', async () => {
    assert.equal((await pin()).code, 0);
    const [file] = cacheFiles();
    writeFileSync(join(codeDir(), file), Buffer.alloc(4096, 0x5a), { mode: 0o600 });
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned());
    const replaced = readFileSync(join(codeDir(), file));
    assert.ok(!replaced.equals(Buffer.alloc(4096, 0x5a)) && replaced.length > 4096, 'the damaged cache was replaced by a real one');
  });

  it('a cache others may write is never run, and is replaced by a private one', async () => {
    assert.equal((await pin()).code, 0);
    const [file] = cacheFiles();
    // A cache V8 would take, but a file anyone may have written: planted code would look so. Were
    // it run, it would be kept as it is (a cache V8 takes is not written again).
    chmodSync(join(codeDir(), file), 0o666);
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned());
    assert.equal(statSync(join(codeDir(), file)).mode & 0o777, 0o600);
  });

  it('a cache made from another build of the CLI is replaced, not used', async () => {
    mkdirSync(codeDir(), { recursive: true, mode: 0o700 });
    const old = `pin-${'0'.repeat(32)}-${process.version}-${process.arch}.v8`;
    writeFileSync(join(codeDir(), old), Buffer.alloc(4096, 0x5a), { mode: 0o600 });
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    const files = cacheFiles();
    assert.equal(files.length, 1);
    assert.notEqual(files[0], old);
  });

  it('a run that stopped at a usage error makes no cache, nor does one with the cache turned off', async () => {
    const usage = await cli(['pin', '--platform', 'nonsense/os/arch/x', 'Dockerfile']);
    assert.equal(usage.code, 2, usage.stderr);
    assert.deepEqual(cacheFiles(), []);
    const off = await pin({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(cacheFiles(), []);
    const untouched = tempDir('code-cache-none');
    const noCache = await cli(['check', '--no-cache', '--platform', 'linux/amd64', '--insecure-registry', registry.host, 'Dockerfile'], { XDG_CACHE_HOME: untouched });
    assert.equal(noCache.code, 0, noCache.stderr);
    assert.deepEqual(readdirSync(untouched), [], '--no-cache leaves the cache directory alone');
    rmSync(untouched, { recursive: true, force: true });
  });

  it('a directory walk (git, then every file) runs from the cache exactly as the run that made it, with nothing more on stderr', async () => {
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${registry.host}/team/app:1\n`);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const walk = (env: NodeJS.ProcessEnv = {}) => cli(['check', '--platform', 'linux/amd64', '--insecure-registry', registry.host, '.'], env);
    const first = await walk();
    assert.equal(cacheFiles().length, 1, 'the first run made the cache');
    const again = await walk();
    const off = await walk({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(first.code, 1, first.stderr);
    assert.deepEqual([again.code, again.stdout, again.stderr], [first.code, first.stdout, first.stderr]);
    assert.deepEqual([off.code, off.stdout, off.stderr], [first.code, first.stdout, first.stderr]);
    assert.doesNotMatch(first.stderr, /warning|error/i);
  });

  it('a code cache directory that cannot be made costs the run nothing', async () => {
    mkdirSync(join(cacheHome, 'docker-pin'), { mode: 0o700 });
    writeFileSync(codeDir(), 'a file where the code cache directory would be\n');
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), pinned());
    assert.doesNotMatch(r.stderr, /code|cache/i);
  });
});
