import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES_IN_FLIGHT } from '../../src/cli/forEachOrdered';
import { startFaultProxy } from '../support/faultProxy';
import { pushImage, pushSingle } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { MULTI_STAGE, digestFor, pinnedMultiStage, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

describe('docker-pin check', function () {
  let registry: TestRegistry;
  let images: Images;
  let dir: string;
  let common: string[];

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  before(() => {
    dir = tempDir('check');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const check = (...args: string[]) => runCli(['check', ...common, ...args], { cwd: dir });

  it('exit 1 naming every unpinned image as file:line:col with the digest it would pin; writes nothing', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await check(file);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(readFileSync(join(dir, file), 'utf8'), MULTI_STAGE);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `Dockerfile:1:10: unpinned docker/dockerfile:1 (would pin ${images.frontend.index.digest})`,
      `Dockerfile:3:32: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
      `Dockerfile:5:28: unpinned acme/tools:1 (would pin ${digestFor(images.tools, 'amd64')})`,
      `Dockerfile:7:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}; a digest on this line wins over --build-arg BASE_TAG=…: the override no longer changes the image here)`,
      `Dockerfile:10:13: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      `Dockerfile:11:29: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'arm64')})`,
    ]);
  });

  it('exit 0 and silence when every pin is current, index and platform pins alike', async () => {
    const platform = write('platform.Dockerfile', pinnedMultiStage(images));
    const index = write('index.Dockerfile', pinnedMultiStage(images, 'index'));
    const r = await check(platform, index);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('exit 1 for a stale pin', async () => {
    const old = await pushImage(registry, 'acme/drift', '1', { platforms: ['linux/amd64'], salt: 'a' });
    const now = await pushImage(registry, 'acme/drift', '1', { platforms: ['linux/amd64'], salt: 'b' });
    const file = write('stale.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest}\nFROM acme/drift:1@${old.index.digest}\n`);
    const r = await check(file);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `stale.Dockerfile:2:6: stale acme/drift:1@${old.index.digest} (would update to ${now.index.digest})\n`);
  });

  describe('pins made on another platform', () => {
    const onArm = (...args: string[]) => runCli(['check', '--mirror', `docker.io=${registry.url}`, '--platform', 'linux/arm64', ...args], { cwd: dir });

    it('an amd64 pin checked with --platform linux/arm64 is current: exit 0', async () => {
      const file = write('pinned.Dockerfile', `FROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n`);
      const r = await onArm(file);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      const json = await onArm('--json', file);
      assert.equal(json.code, 0, json.stderr);
      const [entry] = JSON.parse(json.stdout) as { state: string; kind: string; platform: string }[];
      assert.deepEqual([entry.state, entry.kind, entry.platform], ['current', 'platform', 'linux/amd64']);
    });

    it('a single-platform amd64 image pinned and checked on arm64 is current', async () => {
      const single = await pushSingle(registry, 'acme/amd64only', '1', 'linux/amd64');
      const file = write('single.Dockerfile', `FROM acme/amd64only:1@${single.digest}\n`);
      const r = await onArm(file);
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    it('an index pin checked on a platform the index lacks is current', async () => {
      const amd = await pushImage(registry, 'acme/amdindex', '1', { platforms: ['linux/amd64', 'linux/s390x'] });
      const file = write('index-lacking.Dockerfile', `FROM acme/amdindex:1@${amd.index.digest}\n`);
      for (const flags of [[], ['--index']]) {
        const r = await onArm(...flags, file);
        assert.equal(r.code, 0, `${flags.join(' ')}: ${r.stdout}${r.stderr}`);
      }
    });
  });

  it('--json lists every image with its state', async () => {
    const file = write('mixed.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest} AS a\nFROM busybox:1.36 AS b\nFROM acme/absent:1\n`);
    const r = await check('--json', file);
    assert.equal(r.code, 3);
    const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.column, e.state, e.kind]),
      [
        ['mixed.Dockerfile', 1, 6, 'current', 'index'],
        ['mixed.Dockerfile', 2, 6, 'unpinned', 'platform'],
        ['mixed.Dockerfile', 3, 6, 'error', 'platform'],
      ],
    );
    assert.equal(entries[1].targetDigest, digestFor(images.busybox, 'amd64'));
    assert.equal(entries[2].errorCode, 'NOT_FOUND');
  });

  it('exit 3 naming the line when a reference cannot be resolved', async () => {
    const file = write('broken.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest}\nFROM acme/absent:1\n`);
    const r = await check(file);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^broken\.Dockerfile:2:6: .*acme\/absent/m);
  });

  it('exit 2 for an invalid reference', async () => {
    const file = write('invalid.Dockerfile', 'FROM alpine:3.20@sha256:123\n');
    const r = await check(file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^invalid\.Dockerfile:1:6: /m);
  });
  describe('"-": standard input', () => {
    it('is read and reported as <stdin>, in argument order', async () => {
      const file = write('named.Dockerfile', 'FROM busybox:1.36\n');
      const r = await runCli(['check', ...common, '-', file], { cwd: dir, input: 'FROM alpine:3.20 AS a\nFROM acme/absent:1\n' });
      assert.equal(r.code, 3, r.stderr);
      assert.equal(
        r.stdout,
        `<stdin>:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})\n` +
          `named.Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})\n`,
      );
      assert.match(r.stderr, /^<stdin>:2:6: .*acme\/absent/m);
      const json = await runCli(['check', ...common, '--json', '-'], { cwd: dir, input: 'FROM alpine:3.20\n' });
      assert.deepEqual(
        (JSON.parse(json.stdout) as Array<Record<string, unknown>>).map((e) => [e.file, e.state]),
        [['<stdin>', 'unpinned']],
      );
    });

    it('empty standard input has no images: exit 0', async () => {
      const r = await check('-');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
    });
  });

  it('a file named twice (another relative path, a symlink) is checked once, under its first name', async () => {
    const file = write('twice.Dockerfile', 'FROM alpine:3.20\n');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    symlinkSync(file, join(dir, 'twice-link.Dockerfile'));
    const other = write('other.Dockerfile', 'FROM busybox:1.36\n');
    const r = await check(file, `./${file}`, other, 'twice-link.Dockerfile', `sub/../${file}`);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      `twice.Dockerfile:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})\n` +
        `other.Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})\n`,
    );
    const json = await check('--json', 'twice-link.Dockerfile', file);
    assert.deepEqual(
      (JSON.parse(json.stdout) as Array<Record<string, unknown>>).map((e) => e.file),
      ['twice-link.Dockerfile'],
    );
  });

  it('a pipe given with other files (`<(…)`, a fifo) is read once, by the check itself', async () => {
    const other = write('beside-pipe.Dockerfile', 'FROM busybox:1.36\n');
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    // Opens when the CLI opens the fifo for reading; a second reader would find no writer.
    createWriteStream(join(dir, 'fifo')).end('FROM alpine:3.20\n');
    const r = await check('fifo', other);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      `fifo:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})\n` +
        `beside-pipe.Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})\n`,
    );
  });

  it('--json with no images at all prints an empty array', async () => {
    const file = write('scratch.Dockerfile', 'FROM scratch\n');
    const r = await check('--json', file);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '[]\n');
  });

  describe('many files (more than are worked on at once)', () => {
    const names = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}.Dockerfile`);
    const textOf = (i: number) => {
      if (i === 5) return 'FROM acme/absent:1\n';
      if (i % 3 === 0) return `FROM alpine:3.20@${images.alpine.index.digest}\n`;
      return i % 3 === 1 ? 'FROM busybox:1.36\n' : 'FROM alpine:3.20\n';
    };
    let files: string[];
    before(() => {
      files = names.map((name, i) => (i === 9 ? name : write(name, textOf(i))));
    });

    it('reports findings in argument order; a missing file and an unresolvable one do not stop the others', async () => {
      const r = await check(...files);
      assert.equal(r.code, 2, r.stderr);
      const expected = names.flatMap((name, i) => {
        if (i === 5 || i === 9 || i % 3 === 0) return [];
        const [image, pushed] = i % 3 === 1 ? ['busybox:1.36', images.busybox] : ['alpine:3.20', images.alpine];
        return [`${name}:1:6: unpinned ${image} (would pin ${digestFor(pushed, 'amd64')})`];
      });
      assert.deepEqual(r.stdout.trimEnd().split('\n'), expected);
      const errors = r.stderr.trimEnd().split('\n');
      assert.equal(errors.length, 2, r.stderr);
      assert.match(errors[0], /^m05\.Dockerfile:1:6: .*acme\/absent/);
      assert.equal(errors[1], 'docker-pin: m09.Dockerfile: no such file');
    });

    it('--json is one array in argument order, formatted as before', async () => {
      const r = await check('--json', ...files);
      assert.equal(r.code, 2, r.stderr);
      const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(
        entries.map((e) => e.file),
        names,
      );
      assert.equal(entries[9].state, 'unreadable');
      assert.equal(entries[5].errorCode, 'NOT_FOUND');
      assert.equal(r.stdout, `${JSON.stringify(entries, null, 2)}\n`);
    });
  });

  describe('--index', () => {
    it('checks a file of index pins with HEAD requests only: no manifest GET', async () => {
      const proxy = await startFaultProxy(registry.url);
      try {
        const file = write('index-pins.Dockerfile', pinnedMultiStage(images, 'index'));
        const viaProxy = ['--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64'];
        const r = await runCli(['check', ...viaProxy, '--index', file], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, '');
        assert.equal(proxy.counts.byKind.manifestGet, 0, JSON.stringify(proxy.counts));
        assert.equal(proxy.counts.byKind.blob, 0);
        // One per distinct reference at least; the client may share identical ones.
        assert.ok(proxy.counts.byKind.manifestHead >= 4, JSON.stringify(proxy.counts));

        // Without --index the same file costs manifest GETs: that is what --index saves.
        proxy.resetCounts();
        const plain = await runCli(['check', ...viaProxy, file], { cwd: dir });
        assert.equal(plain.code, 0, plain.stderr);
        assert.ok(proxy.counts.byKind.manifestGet > 0, JSON.stringify(proxy.counts));
      } finally {
        await proxy.stop();
      }
    });

    it('says unpinned lines would pin to the index digest, and still finds platform pins current', async () => {
      const file = write('index-mixed.Dockerfile', `FROM busybox:1.36\nFROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\n`);
      const r = await check('--index', file);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, `index-mixed.Dockerfile:1:6: unpinned busybox:1.36 (would pin ${images.busybox.index.digest})\n`);
      const json = await check('--index', '--json', file);
      const entries = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(
        entries.map((e) => [e.state, e.kind, e.targetDigest]),
        [
          ['unpinned', 'index', images.busybox.index.digest],
          ['current', 'platform', digestFor(images.alpine, 'amd64')],
        ],
      );
    });

    it('a stale index pin is reported with the index digest it would update to', async () => {
      const old = await pushImage(registry, 'acme/index-drift', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'a' });
      const now = await pushImage(registry, 'acme/index-drift', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'b' });
      const file = write('index-stale.Dockerfile', `FROM acme/index-drift:1@${old.index.digest}\n`);
      const r = await check('--index', file);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, `index-stale.Dockerfile:1:6: stale acme/index-drift:1@${old.index.digest} (would update to ${now.index.digest})\n`);
    });
  });

  describe('many files over many images, requests counted by a proxy', () => {
    const IMAGES = 8;
    const names = Array.from({ length: 40 }, (_, i) => `c${String(i).padStart(2, '0')}.Dockerfile`);
    let tree: Awaited<ReturnType<typeof pushImage>>[];
    const textOf = (i: number) => {
      const pinned = (k: number) => `acme/tree-${k % IMAGES}:1@${digestFor(tree[k % IMAGES], 'amd64')}`;
      const two = `FROM ${pinned(i)} AS a\nCOPY --from=${pinned(i + 5)} / /\n`;
      return i % 5 === 2 ? `${two}COPY --from=acme/tree-missing:1 / /\n` : two;
    };

    before(async function () {
      this.timeout(60_000);
      tree = await Promise.all(Array.from({ length: IMAGES }, (_, k) => pushImage(registry, `acme/tree-${k}`, '1', { platforms: ['linux/amd64', 'linux/arm64'] })));
    });

    it('checks current pins with one manifest request per image and asks about a missing image once, in argument order', async () => {
      assert.ok(names.length > FILES_IN_FLIGHT * 2);
      const files = names.map((name, i) => write(name, textOf(i)));
      const proxy = await startFaultProxy(registry.url);
      try {
        const r = await runCli(['check', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', ...files], { cwd: dir });
        assert.equal(r.code, 3, r.stderr);
        assert.equal(r.stdout, '');
        assert.equal(proxy.counts.byKind.manifestGet, IMAGES + 1, JSON.stringify(proxy.counts));
        assert.equal(proxy.counts.byKind.manifestHead, 0, JSON.stringify(proxy.counts));
        const errors = r.stderr.trimEnd().split('\n');
        assert.deepEqual(
          errors.map((line) => line.split(': ')[0]),
          names.filter((_, i) => i % 5 === 2).map((name) => `${name}:3:13`),
        );
        assert.ok(errors.every((line) => line.includes('acme/tree-missing:1')), r.stderr);

        proxy.resetCounts();
        const json = await runCli(['check', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', '--json', ...files], { cwd: dir });
        const entries = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
        assert.deepEqual(
          entries.map((e) => `${String(e.file)}:${String(e.line)} ${String(e.state)}`),
          names.flatMap((name, i) => [`${name}:1 current`, `${name}:2 current`, ...(i % 5 === 2 ? [`${name}:3 error`] : [])]),
        );
        assert.equal(proxy.counts.byKind.manifestGet, IMAGES + 1, JSON.stringify(proxy.counts));
      } finally {
        await proxy.stop();
      }
    });
  });
});
