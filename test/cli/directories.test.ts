import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

describe('docker-pin check and pin on directories', function () {
  let images: Images;
  let common: string[];
  let dir: string;
  let outside: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('dirs');
    outside = tempDir('dirs-outside');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const read = (path: string) => readFileSync(join(dir, path), 'utf8');
  const cli = (...args: string[]) => runCli([...args, ...common], { cwd: dir });

  /** A repository with Dockerfiles at several depths, one ignored, one untracked, one behind a link out of the tree. */
  const writeRepository = () => {
    write('.gitignore', 'generated/\n');
    write('Dockerfile', 'FROM alpine:3.20\n');
    write('services/api/Dockerfile.prod', 'FROM busybox:1.36\n');
    write('services/api/docs/README.md', '# api\n');
    write('generated/Dockerfile', 'FROM golang:1.22\n');
    write('node_modules/pkg/Dockerfile', 'FROM golang:1.22\n');
    writeFileSync(join(outside, 'Dockerfile'), 'FROM golang:1.22\n');
    symlinkSync(outside, join(dir, 'vendor'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', 'Dockerfile', '.gitignore'], { cwd: dir });
    // tools/ is untracked and not ignored: git status shows it, so it is checked.
    write('tools/build.dockerfile', 'FROM alpine:3.20\n');
  };
  const alpine = () => digestFor(images.alpine, 'amd64');
  const busybox = () => digestFor(images.busybox, 'amd64');

  it('check . reports every supported file of the tree that git does not ignore, in path order', async () => {
    writeRepository();
    const r = await cli('check', '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine()})`,
      `services/api/Dockerfile.prod:1:6: unpinned busybox:1.36 (would pin ${busybox()})`,
      `tools/build.dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine()})`,
    ]);
  });

  it('pin . pins them all, a second pin . changes nothing, and check . then passes', async () => {
    writeRepository();
    const first = await cli('pin', '.');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine()}\n`);
    assert.equal(read('services/api/Dockerfile.prod'), `FROM busybox:1.36@${busybox()}\n`);
    assert.equal(read('tools/build.dockerfile'), `FROM alpine:3.20@${alpine()}\n`);
    assert.equal(read('generated/Dockerfile'), 'FROM golang:1.22\n');
    assert.equal(read('node_modules/pkg/Dockerfile'), 'FROM golang:1.22\n');
    assert.equal(readFileSync(join(outside, 'Dockerfile'), 'utf8'), 'FROM golang:1.22\n');
    const second = await cli('pin', '.');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine()}\n`);
    assert.equal((await cli('check', '.')).code, 0);
  });

  it('takes directories and files together, each file once however often it is named', async () => {
    writeRepository();
    const r = await cli('check', 'services', 'Dockerfile', './services/api/Dockerfile.prod', '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `services/api/Dockerfile.prod:1:6: unpinned busybox:1.36 (would pin ${busybox()})`,
      `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine()})`,
      `tools/build.dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine()})`,
    ]);
  });

  it('a directory with no supported file is said on stderr and exits 0; --json prints an empty array', async () => {
    write('docs/README.md', '# docs\n');
    write('docs/settings.yaml', 'name: settings\n');
    const r = await cli('check', 'docs');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^docker-pin: docs: no Dockerfile, compose file, Kubernetes manifest, workflow, GitLab CI file or dev container config in this directory \(files \.gitignore excludes are left out\)\n$/);
    const json = await cli('check', '--json', 'docs');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), []);
    const pin = await cli('pin', 'docs');
    assert.equal(pin.code, 0, pin.stderr);
  });

  it('a named YAML or JSON file of no kind docker-pin reads is said on stderr, left alone, and no error', async () => {
    write('chart/values.yaml', 'dockerfile: |\n  FROM alpine:3.20\n');
    write('Dockerfile', 'FROM alpine:3.20\n');
    const r = await cli('check', 'chart/values.yaml', 'Dockerfile');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [`Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine()})`]);
    assert.equal(r.stderr, 'docker-pin: chart/values.yaml: not read: not a compose file, Kubernetes manifest, GitHub workflow or action, GitLab CI file or dev container config\n');
    const pin = await cli('pin', 'chart/values.yaml');
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(read('chart/values.yaml'), 'dockerfile: |\n  FROM alpine:3.20\n');
  });

  it('a directory git ignores, named on the command line, is walked as git lists it: nothing in it counts', async () => {
    writeRepository();
    const r = await cli('check', 'generated');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^docker-pin: generated: no Dockerfile, .* \(files \.gitignore excludes are left out\)\n$/);
    // The file itself, named, is checked.
    assert.equal((await cli('check', 'generated/Dockerfile')).code, 1);
  });

  it('a file operand of no known kind is still read as a Dockerfile', async () => {
    write('some/file', 'FROM busybox:1.36\n');
    const r = await cli('check', 'some/file');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, `some/file:1:6: unpinned busybox:1.36 (would pin ${busybox()})\n`);
  });
});
