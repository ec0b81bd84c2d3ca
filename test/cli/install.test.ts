// The npm package as users install it: `npm pack` of the repository, the tarball installed into an
// empty directory with npm pointed at nothing but a closed loopback port, and the installed
// `docker-pin` run from there against the real registry. It must need no other package: the
// CLI's bundle holds everything it runs.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { digestFor } from './fixtures';
import { buildCli, hermeticEnv, ROOT, tempDir } from './helpers';

const run = promisify(execFile);

/** npm with no registry it could reach (a closed port on loopback), its own cache, no update check. */
function offlineNpmEnv(cache: string): NodeJS.ProcessEnv {
  return {
    ...hermeticEnv(),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_cache: cache,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    NODE_PATH: '',
  };
}

interface PackedFile {
  path: string;
}

describe('the npm package: packed, installed into an empty directory, run', function () {
  this.timeout(120_000);
  let registry: TestRegistry;
  let alpine: PushedImage;
  let work: string;
  let files: string[];
  let installed: string;
  let bin: string;

  before(async () => {
    const [started] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = started;
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] });
    work = tempDir('npm-package');
    const env = offlineNpmEnv(join(work, 'npm-cache'));
    // What the build made is what is packed: `prepare` (the build) already ran before the tests.
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env });
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: PackedFile[] }];
    files = info.files.map((f) => f.path).sort();
    installed = join(work, 'empty');
    await run('npm', ['install', '--prefix', installed, '--no-package-lock', join(work, info.filename)], { cwd: work, env });
    bin = join(installed, 'node_modules', '.bin', 'docker-pin');
  });
  after(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the CLI bundle, its manifest, README and licence: nothing of the extension, no sources, no maps', () => {
    const unexpected = files.filter((f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !/^dist\/cli[^/]*$/.test(f));
    assert.deepEqual(unexpected, []);
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
    for (const needed of ['dist/cli.js', 'dist/cli-main.js', 'package.json']) assert.ok(files.includes(needed), needed);
  });

  it('its package.json names the bin it ships and no dependency, main or extension field', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'node_modules', 'docker-pin', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(pkg.bin, { 'docker-pin': 'dist/cli.js' });
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'main', 'contributes', 'activationEvents', 'publisher']) {
      assert.equal(pkg[field], undefined, field);
    }
    assert.ok(existsSync(join(installed, 'node_modules', 'docker-pin', 'dist', 'cli.js')));
    assert.deepEqual(readdirSync(join(installed, 'node_modules')).filter((f) => !f.startsWith('.')), ['docker-pin'], 'npm installed nothing else');
  });

  it('its bundles require nothing but Node built-ins', () => {
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(installed, 'node_modules', 'docker-pin', file), 'utf8');
      const required = [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      assert.deepEqual(
        required.filter((name) => !isBuiltin(name)),
        [],
        file,
      );
    }
  });

  it('docker-pin --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run(bin, ['--version'], { cwd: work, env: hermeticEnv() });
    assert.equal(r.stdout, `${version}\n`);
  });

  it('docker-pin check reports an unpinned image of a Dockerfile and a compose file from the real registry', async () => {
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'Dockerfile'), 'FROM alpine:3.20\n');
    writeFileSync(join(project, 'compose.yaml'), 'services:\n  app:\n    image: alpine:3.20\n');
    const r = await run(bin, ['check', '--mirror', `docker.io=${registry.url}`, '--platform', 'linux/amd64', '.'], { cwd: project, env: hermeticEnv() }).then(
      () => assert.fail('check exited 0 on unpinned images'),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    assert.equal(r.code, 1, r.stderr);
    const pin = digestFor(alpine, 'amd64');
    assert.deepEqual(r.stdout.trimEnd().split('\n').sort(), [
      `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${pin})`,
      `compose.yaml:3:12: unpinned alpine:3.20 (would pin ${pin})`,
    ]);
  });
});
