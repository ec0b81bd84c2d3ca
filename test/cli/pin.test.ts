import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { pushImage, type PushedImage } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { MULTI_STAGE, digestFor, pinnedMultiStage, withMultiStageRegistry, type Images } from './fixtures';
import { FILES_IN_FLIGHT } from '../../src/cli/forEachOrdered';
import { runCli, tempDir } from './helpers';

describe('docker-pin pin', function () {
  let registry: TestRegistry;
  let images: Images;
  let dir: string;
  let common: string[];

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('pin');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const pin = (...args: string[]) => runCli(['pin', ...common, ...args], { cwd: dir });
  const checkFiles = (...args: string[]) => runCli(['check', ...common, ...args], { cwd: dir });

  it('pins every image of a multi-stage Dockerfile, each for its own platform, and nothing else', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await pin('Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), pinnedMultiStage(images));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^pinned 6, updated 0, unchanged 0, failed 0 in Dockerfile$/m);
    assert.deepEqual(readdirSync(dir), ['Dockerfile'], 'no temp file is left behind');
  });

  it('a second run changes nothing and does not rewrite the file', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    await pin('Dockerfile');
    const first = statSync(file);
    const r = await pin('Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), pinnedMultiStage(images));
    assert.equal(statSync(file).ino, first.ino, 'not replaced');
    assert.match(r.stderr, /pinned 0, updated 0, unchanged 6, failed 0 in Dockerfile/);
  });

  it('keeps CRLF line endings and the file mode', async () => {
    const file = write('Dockerfile', MULTI_STAGE.replace(/\n/g, '\r\n'));
    chmodSync(file, 0o754);
    const r = await pin('Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), pinnedMultiStage(images).replace(/\n/g, '\r\n'));
    assert.equal(statSync(file).mode & 0o777, 0o754);
  });

  it('--index pins index digests', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await pin('--index', 'Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), pinnedMultiStage(images, 'index'));
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await pin('--dry-run', 'Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), MULTI_STAGE);
    assert.ok(r.stdout.startsWith('--- a/Dockerfile\n+++ b/Dockerfile\n@@ '), r.stdout.slice(0, 80));
    assert.ok(r.stdout.includes(`-FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n+FROM --platform=$BUILDPLATFORM golang:1.22@${digestFor(images.golang, 'amd64')} AS build\n`));
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length, 6);
    assert.match(r.stderr, /^would pin 6, would update 0, unchanged 0, failed 0 in Dockerfile$/m);
  });

  it('pins several files, and a missing one ends with exit 2 after the others are done', async () => {
    const a = write('a.Dockerfile', 'FROM alpine:3.20\n');
    const b = write('b.Dockerfile', 'FROM busybox:1.36\n');
    const r = await pin('a.Dockerfile', 'missing.Dockerfile', 'b.Dockerfile');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing\.Dockerfile: no such file/);
    assert.equal(readFileSync(a, 'utf8'), `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n`);
    assert.equal(readFileSync(b, 'utf8'), `FROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`);
  });

  it('a line that cannot be resolved is reported at file:line:col and left alone; the others are pinned; exit 3', async () => {
    const file = write('Dockerfile', 'FROM alpine:3.20 AS a\nFROM acme/missing:1 AS b\nFROM busybox:1.36\n');
    const r = await pin('Dockerfile');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^Dockerfile:2:6: .*acme\/missing/m);
    assert.match(r.stderr, /pinned 2, updated 0, unchanged 0, failed 1 in Dockerfile/);
    assert.equal(
      readFileSync(file, 'utf8'),
      `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')} AS a\nFROM acme/missing:1 AS b\nFROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`,
    );
  });

  it('an invalid reference is reported and ends with exit 2; valid lines are still pinned', async () => {
    const file = write('Dockerfile', 'FROM alpine:3.20 AS a\nCOPY --from=Bad/Name:1 / /\n');
    const r = await pin('Dockerfile');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Dockerfile:2:13: /m);
    assert.equal(readFileSync(file, 'utf8'), `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')} AS a\nCOPY --from=Bad/Name:1 / /\n`);
  });

  it('the summary counts every line it could not pin: invalid references and unresolvable images alike', async () => {
    write('Dockerfile', 'FROM alpine:3.20 AS a\nCOPY --from=Bad/Name:1 / /\nFROM acme/missing:1\nFROM busybox:1.36@sha256:123\n');
    const r = await pin('--dry-run', 'Dockerfile');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^would pin 1, would update 0, unchanged 0, failed 3 in Dockerfile$/m);
  });

  describe('"-": standard input to standard output', () => {
    it('writes the pinned text to stdout and nothing else; notes and summary go to stderr', async () => {
      const input = 'FROM alpine:3.20 AS a\nFROM acme/missing:1\n';
      const r = await runCli(['pin', ...common, '-'], { cwd: dir, input });
      assert.equal(r.code, 3);
      assert.equal(r.stdout, `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')} AS a\nFROM acme/missing:1\n`);
      assert.match(r.stderr, /^<stdin>:2:6: .*acme\/missing/m);
      assert.match(r.stderr, /^pinned 1, updated 0, unchanged 0, failed 1 in <stdin>$/m);
      assert.deepEqual(readdirSync(dir), [], 'no file is written');
    });

    it('writes text that needs no pin back unchanged', async () => {
      const input = `# nothing to do\r\nFROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\r\n`;
      const r = await runCli(['pin', ...common, '-'], { cwd: dir, input });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, input);
    });

    it('with --dry-run prints the diff instead, and files given beside it are pinned in place', async () => {
      const file = write('Dockerfile', 'FROM busybox:1.36\n');
      const r = await runCli(['pin', ...common, '--dry-run', '-', 'Dockerfile'], { cwd: dir, input: 'FROM alpine:3.20\n' });
      assert.equal(r.code, 0, r.stderr);
      const busybox = digestFor(images.busybox, 'amd64');
      assert.equal(
        r.stdout,
        `--- <stdin>\n+++ <stdin>\n@@ -1,1 +1,1 @@\n-FROM alpine:3.20\n+FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n` +
          `--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,1 +1,1 @@\n-FROM busybox:1.36\n+FROM busybox:1.36@${busybox}\n`,
      );
      assert.equal(readFileSync(file, 'utf8'), 'FROM busybox:1.36\n');
      const real = await runCli(['pin', ...common, '-', 'Dockerfile'], { cwd: dir, input: 'FROM alpine:3.20\n' });
      assert.equal(real.stdout, `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n`);
      assert.equal(readFileSync(file, 'utf8'), `FROM busybox:1.36@${busybox}\n`);
    });
  });

  it('a file named twice (another relative path, a symlink) is pinned once, under its first name', async () => {
    const file = write('Dockerfile', 'FROM alpine:3.20\n');
    symlinkSync(file, join(dir, 'Dockerfile.link'));
    mkdirSync(join(dir, 'sub'));
    const r = await pin('Dockerfile', './Dockerfile', 'Dockerfile.link', 'sub/../Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'pinned 1, updated 0, unchanged 0, failed 0 in Dockerfile\n');
    assert.equal(readFileSync(file, 'utf8'), `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n`);
    assert.ok(lstatSync(join(dir, 'Dockerfile.link')).isSymbolicLink(), 'the link stays a link');
  });

  it('refuses to replace a pipe (a fifo) with a file, and says how to pin a stream', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    createWriteStream(join(dir, 'fifo')).end('FROM alpine:3.20\n');
    const r = await pin('fifo');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'docker-pin: fifo: not a regular file; nothing written ("docker-pin pin -" pins text from stdin to stdout)\n');
    assert.ok(lstatSync(join(dir, 'fifo')).isFIFO());
  });

  it('a line with a variable without a value is reported, left alone, and counted: exit 1', async () => {
    const file = write('Dockerfile', 'ARG TAG\nFROM alpine:${TAG}\n');
    const r = await pin('Dockerfile');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^Dockerfile:2:6: .*TAG/m);
    assert.equal(readFileSync(file, 'utf8'), 'ARG TAG\nFROM alpine:${TAG}\n');
  });

  describe('stale pins', () => {
    let before1: Awaited<ReturnType<typeof pushImage>>;
    let after1: Awaited<ReturnType<typeof pushImage>>;

    before(async function () {
      this.timeout(60_000);
      before1 = await pushImage(registry, 'acme/moving', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'old' });
      after1 = await pushImage(registry, 'acme/moving', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'new' });
    });

    const staleText = () => `FROM acme/moving:1@${before1.index.digest} AS a\nFROM acme/moving:1@${digestFor(before1, 'amd64')} AS b\n`;

    it('are left alone without --update, and said to be stale', async () => {
      const file = write('Dockerfile', staleText());
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), staleText());
      assert.match(r.stderr, /^Dockerfile:1:6: stale/m);
      assert.match(r.stderr, /pinned 0, updated 0, unchanged 2, failed 0/);
    });

    it('--update refreshes them, each keeping its kind, whatever --index says', async () => {
      for (const kindFlag of [[], ['--index']]) {
        const file = write('Dockerfile', staleText());
        const r = await pin('--update', ...kindFlag, 'Dockerfile');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readFileSync(file, 'utf8'), `FROM acme/moving:1@${after1.index.digest} AS a\nFROM acme/moving:1@${digestFor(after1, 'amd64')} AS b\n`);
        assert.match(r.stderr, /pinned 0, updated 2, unchanged 0, failed 0/);
      }
    });

    it('--update on another platform keeps a platform pin for the platform it was made for', async () => {
      const file = write('Dockerfile', `FROM acme/moving:1@${digestFor(before1, 'amd64')}\n`);
      const r = await runCli(['pin', '--mirror', `docker.io=${registry.url}`, '--platform', 'linux/arm64', '--update', 'Dockerfile'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), `FROM acme/moving:1@${digestFor(after1, 'amd64')}\n`);
      const current = await runCli(['pin', '--mirror', `docker.io=${registry.url}`, '--platform', 'linux/arm64', '--update', 'Dockerfile'], { cwd: dir });
      assert.match(current.stderr, /pinned 0, updated 0, unchanged 1, failed 0/);
    });
  });

  describe('references built from ARGs', () => {
    const alpineAmd = () => digestFor(images.alpine, 'amd64');

    it('an ARG that serves only as an image is pinned once, in its default, for every use', async () => {
      const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /etc/os-release /x\n';
      const file = write('Dockerfile', text);
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), text.replace('alpine:3.20', `alpine:3.20@${alpineAmd()}`));
      assert.equal(r.stderr, 'pinned 2, updated 0, unchanged 0, failed 0 in Dockerfile\n');
      const again = await pin('Dockerfile');
      assert.match(again.stderr, /pinned 0, updated 0, unchanged 2, failed 0/);
      const check = await checkFiles('Dockerfile');
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });

    it('a quoted default keeps its quotes, and CRLF stays', async () => {
      const text = 'ARG BASE="alpine:3.20"\r\nFROM ${BASE}\r\nRUN --mount=from=${BASE},target=/t true\r\n';
      const file = write('Dockerfile', text);
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), text.replace('"alpine:3.20"', `"alpine:3.20@${alpineAmd()}"`));
    });

    it('uses built for different platforms get the index digest in the default, and pin says why', async () => {
      const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nFROM --platform=linux/arm64 ${BASE} AS b\n';
      const file = write('Dockerfile', text);
      const check = await checkFiles('Dockerfile');
      assert.equal(check.code, 1);
      assert.match(
        check.stdout,
        new RegExp(`^Dockerfile:2:6: unpinned alpine:3\\.20 \\(would pin ${images.alpine.index.digest} into the default of ARG BASE on line 1, the index digest: the default of ARG BASE serves linux/amd64 and linux/arm64\\)$`, 'm'),
      );
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), text.replace('alpine:3.20', `alpine:3.20@${images.alpine.index.digest}`));
      assert.match(r.stderr, /^Dockerfile:3:29: the index digest goes into the default of ARG BASE on line 1: the default of ARG BASE serves linux\/amd64 and linux\/arm64$/m);
      assert.match(r.stderr, /pinned 2, updated 0, unchanged 0, failed 0/);
      const after = await checkFiles('Dockerfile');
      assert.equal(after.code, 0, after.stdout + after.stderr);
    });

    it('an ARG also used elsewhere is pinned on each line, with a warning that --build-arg no longer changes it', async () => {
      const text = 'ARG BASE=alpine:3.20\nFROM ${BASE}\nARG BASE\nLABEL base=$BASE\n';
      const file = write('Dockerfile', text);
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), text.replace('FROM ${BASE}', `FROM \${BASE}@${alpineAmd()}`));
      assert.match(
        r.stderr,
        /^Dockerfile:2:6: a digest on this line wins over --build-arg BASE=…: the override no longer changes the image here \(BASE is also used on line 4, so its default cannot take the pin\), and one that names another repository makes the build fail: it does not hold this digest$/m,
      );
    });

    it('an ARG whose value is given with --build-arg has no default to pin in: the pin goes on the line, saying why', async () => {
      const text = 'ARG BASE=busybox:1.36\nFROM ${BASE}\n';
      const file = write('Dockerfile', text);
      const r = await pin('--build-arg', 'BASE=alpine:3.20', 'Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), `ARG BASE=busybox:1.36\nFROM \${BASE}@${alpineAmd()}\n`);
      assert.match(
        r.stderr,
        /^Dockerfile:2:6: a digest on this line wins over --build-arg BASE=…: the override no longer changes the image here \(BASE is given with --build-arg, so there is no default to pin in\), and one that names another repository makes the build fail: it does not hold this digest$/m,
      );
    });

    it('a variable that is part of the reference: the pin stays on the line, and pin and check say --build-arg no longer changes it', async () => {
      const text = 'ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}\n';
      const file = write('Dockerfile', text);
      const warning = 'a digest on this line wins over --build-arg GO_VERSION=…: the override no longer changes the image here';
      const check = await checkFiles('Dockerfile');
      assert.equal(check.stdout, `Dockerfile:2:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')}; ${warning})\n`);
      const r = await pin('Dockerfile');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(file, 'utf8'), `ARG GO_VERSION=1.22\nFROM golang:\${GO_VERSION}@${digestFor(images.golang, 'amd64')}\n`);
      assert.equal(r.stderr, `Dockerfile:2:6: ${warning}\npinned 1, updated 0, unchanged 0, failed 0 in Dockerfile\n`);
    });

    describe('stale pins', () => {
      let old: PushedImage;
      let now: PushedImage;
      before(async function () {
        this.timeout(60_000);
        old = await pushImage(registry, 'acme/argbase', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'old' });
        now = await pushImage(registry, 'acme/argbase', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'new' });
      });

      it('a stale pin in an ARG default is reported there, and updated in place', async () => {
        const text = (d: string) => `ARG BASE=acme/argbase:1@${d}\nFROM \${BASE} AS a\nCOPY --from=\${BASE} / /\n`;
        const file = write('Dockerfile', text(digestFor(old, 'amd64')));
        const check = await checkFiles('Dockerfile');
        assert.equal(check.code, 1);
        assert.match(check.stdout, new RegExp(`^Dockerfile:2:6: stale acme/argbase:1@\\S+ \\(would update to ${digestFor(now, 'amd64')} in the default of ARG BASE on line 1\\)$`, 'm'));
        const left = await pin('Dockerfile');
        assert.equal(readFileSync(file, 'utf8'), text(digestFor(old, 'amd64')));
        assert.match(left.stderr, /^Dockerfile:2:6: stale pin/m);
        const r = await pin('--update', 'Dockerfile');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readFileSync(file, 'utf8'), text(digestFor(now, 'amd64')));
        assert.match(r.stderr, /pinned 0, updated 2, unchanged 0, failed 0/);
      });

      it('pins that earlier versions wrote after ${BASE} on the line are still checked and updated there', async () => {
        const text = (d: string) => `ARG BASE=acme/argbase:1\nFROM \${BASE}@${d}\n`;
        const file = write('Dockerfile', text(old.index.digest));
        const check = await checkFiles('Dockerfile');
        assert.equal(check.code, 1);
        assert.match(check.stdout, /^Dockerfile:2:6: stale acme\/argbase:1@/m);
        const r = await pin('--update', 'Dockerfile');
        assert.equal(r.code, 0, r.stderr);
        assert.equal(readFileSync(file, 'utf8'), text(now.index.digest));
        const current = await checkFiles('Dockerfile');
        assert.equal(current.code, 0, current.stdout + current.stderr);
      });
    });
  });

  it('pins a reference without a tag as :latest@digest, so check and --update still see latest move', async () => {
    const first = await pushImage(registry, 'acme/lat', 'latest', { platforms: ['linux/amd64'], salt: 'one' });
    const file = write('Dockerfile', 'FROM acme/lat\n');
    const r = await pin('Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), `FROM acme/lat:latest@${digestFor(first, 'amd64')}\n`);
    const second = await pushImage(registry, 'acme/lat', 'latest', { platforms: ['linux/amd64'], salt: 'two' });
    const check = await runCli(['check', ...common, 'Dockerfile'], { cwd: dir });
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /stale acme\/lat:latest@/);
    const update = await pin('--update', 'Dockerfile');
    assert.equal(update.code, 0, update.stderr);
    assert.equal(readFileSync(file, 'utf8'), `FROM acme/lat:latest@${digestFor(second, 'amd64')}\n`);
  });

  it('exit 2 for a bad option, and the file is untouched', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await pin('--json', 'Dockerfile');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--json is not an option of "pin"/);
    assert.equal(readFileSync(file, 'utf8'), MULTI_STAGE);
    assert.ok(existsSync(file));
  });
  describe('many files (more than are worked on at once)', () => {
    const names = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}.Dockerfile`);
    const textOf = (i: number) => (i === 13 ? 'FROM acme/absent:1\n' : i % 2 === 0 ? 'FROM alpine:3.20\n' : 'FROM busybox:1.36\n');
    const pinnedOf = (i: number) =>
      i % 2 === 0 ? `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n` : `FROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`;

    it('reports each file in argument order; a missing file and an unresolvable one do not stop the others', async () => {
      names.forEach((name, i) => i !== 7 && write(name, textOf(i)));
      const r = await pin(...names);
      assert.equal(r.code, 2, r.stderr);
      const expected = names.flatMap((name, i) => {
        if (i === 7) return [`docker-pin: ${name}: no such file`];
        if (i === 13) return [`${name}:1:6:`, `pinned 0, updated 0, unchanged 0, failed 1 in ${name}`];
        return [`pinned 1, updated 0, unchanged 0, failed 0 in ${name}`];
      });
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, expected.length, r.stderr);
      lines.forEach((line, i) => assert.ok(line.startsWith(expected[i]), `line ${i + 1}: ${line}\nexpected to start with ${expected[i]}`));
      names.forEach((name, i) => {
        if (i === 7) assert.equal(existsSync(join(dir, name)), false);
        else assert.equal(readFileSync(join(dir, name), 'utf8'), i === 13 ? textOf(i) : pinnedOf(i), name);
      });
    });

    it('--dry-run prints the diffs in argument order, the same on every run', async () => {
      names.forEach((name, i) => write(name, textOf(i)));
      const [first, second] = await Promise.all([pin('--dry-run', ...names), pin('--dry-run', ...names)]);
      assert.equal(first.code, 3, first.stderr);
      const diffed = [...first.stdout.matchAll(/^--- a\/(\S+)$/gm)].map((m) => m[1]);
      assert.deepEqual(diffed, names.filter((_, i) => i !== 13));
      assert.equal(second.stdout, first.stdout);
      assert.equal(second.stderr, first.stderr);
    });
  });

  describe('many files over many images, requests counted by a proxy', () => {
    const IMAGES = 8;
    const names = Array.from({ length: 40 }, (_, i) => `t${String(i).padStart(2, '0')}.Dockerfile`);
    /** Every file names two images; every fourth also one the registry does not have. */
    const textOf = (i: number) => {
      const two = `FROM acme/tree-${i % IMAGES}:1 AS a\nCOPY --from=acme/tree-${(i + 3) % IMAGES}:1 / /\n`;
      return i % 4 === 3 ? `${two}FROM acme/tree-missing:1\n` : two;
    };
    let proxy: FaultProxy;
    let tree: PushedImage[];

    before(async function () {
      this.timeout(60_000);
      tree = await Promise.all(Array.from({ length: IMAGES }, (_, k) => pushImage(registry, `acme/tree-${k}`, '1', { platforms: ['linux/amd64', 'linux/arm64'] })));
      proxy = await startFaultProxy(registry.url);
    });
    after(async () => proxy?.stop());

    it('costs one manifest request per image, and one for a missing image named in many files, with more files than are worked on at once', async () => {
      assert.ok(names.length > FILES_IN_FLIGHT * 2);
      names.forEach((name, i) => write(name, textOf(i)));
      proxy.resetCounts();
      const r = await runCli(['pin', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', ...names], { cwd: dir });
      assert.equal(r.code, 3, r.stderr);
      assert.equal(proxy.counts.byKind.manifestGet, IMAGES + 1, JSON.stringify(proxy.counts));
      assert.equal(proxy.counts.byKind.manifestHead, 0, JSON.stringify(proxy.counts));
      assert.equal(proxy.counts.byKind.blob, 0);

      // Output in argument order, each file's lines as before.
      const expected = names.flatMap((name, i) =>
        i % 4 === 3 ? [`${name}:3:6: `, `pinned 2, updated 0, unchanged 0, failed 1 in ${name}`] : [`pinned 2, updated 0, unchanged 0, failed 0 in ${name}`],
      );
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, expected.length, r.stderr);
      lines.forEach((line, i) => assert.ok(line.startsWith(expected[i]), `line ${i + 1}: ${line}\nexpected to start with ${expected[i]}`));
      assert.match(lines[3], /^t03\.Dockerfile:3:6: .*acme\/tree-missing/);
      names.forEach((name, i) => {
        const d = (k: number) => digestFor(tree[k % IMAGES], 'amd64');
        const pinned = `FROM acme/tree-${i % IMAGES}:1@${d(i)} AS a\nCOPY --from=acme/tree-${(i + 3) % IMAGES}:1@${d(i + 3)} / /\n`;
        assert.equal(readFileSync(join(dir, name), 'utf8'), i % 4 === 3 ? `${pinned}FROM acme/tree-missing:1\n` : pinned, name);
      });
    });

    it('--dry-run diffs stay in argument order and cost no more requests', async () => {
      names.forEach((name, i) => write(name, textOf(i)));
      proxy.resetCounts();
      const r = await runCli(['pin', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', '--dry-run', ...names], { cwd: dir });
      assert.equal(r.code, 3, r.stderr);
      assert.deepEqual(
        [...r.stdout.matchAll(/^--- a\/(\S+)$/gm)].map((m) => m[1]),
        names,
      );
      assert.equal(proxy.counts.byKind.manifestGet, IMAGES + 1, JSON.stringify(proxy.counts));
      names.forEach((name, i) => assert.equal(readFileSync(join(dir, name), 'utf8'), textOf(i)));
    });
  });
});
