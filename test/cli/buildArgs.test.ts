// Lines built from variables, against the real registry: BuildKit's platform args, stage references,
// unresolved variables, --build-arg and --allow-unresolved, in pin, check and resolve.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushSingle, type PushedManifest } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

/** The line from prometheus' Dockerfiles that docker-pin used to pass over. */
const BUSYBOX = 'FROM quay.io/prometheus/busybox-${TARGETOS}-${TARGETARCH}:latest';

describe('docker-pin and lines built from variables', function () {
  let registry: TestRegistry;
  let images: Images;
  let dir: string;
  let busybox: Record<'amd64' | 'arm64', PushedManifest>;
  let mirrors: string[];

  withMultiStageRegistry((fixture) => ({ registry, images } = fixture));
  before(async function () {
    this.timeout(60_000);
    const [amd64, arm64] = await Promise.all([
      pushSingle(registry, 'prometheus/busybox-linux-amd64', 'latest', 'linux/amd64'),
      pushSingle(registry, 'prometheus/busybox-linux-arm64', 'latest', 'linux/arm64'),
    ]);
    busybox = { amd64, arm64 };
    mirrors = ['--mirror', `docker.io=${registry.url}`, '--mirror', `quay.io=${registry.url}`];
  });
  beforeEach(() => {
    dir = tempDir('build-args');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (text: string, name = 'Dockerfile') => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const read = (name = 'Dockerfile') => readFileSync(join(dir, name), 'utf8');
  const cli = (command: string, platform: string, ...args: string[]) => runCli([command, ...mirrors, '--platform', platform, ...args], { cwd: dir });

  describe("BuildKit's platform args", () => {
    for (const arch of ['amd64', 'arm64'] as const) {
      it(`${BUSYBOX} is found, checked and pinned for linux/${arch}`, async () => {
        const file = write(`${BUSYBOX}\n`);
        const before = await cli('check', `linux/${arch}`, file);
        assert.equal(before.code, 1, before.stderr);
        assert.equal(before.stdout, `Dockerfile:1:6: unpinned quay.io/prometheus/busybox-linux-${arch}:latest (would pin ${busybox[arch].digest})\n`);

        const pin = await cli('pin', `linux/${arch}`, file);
        assert.equal(pin.code, 0, pin.stderr);
        assert.equal(read(), `${BUSYBOX}@${busybox[arch].digest}\n`);
        assert.match(pin.stderr, /^pinned 1, updated 0, unchanged 0, failed 0 in Dockerfile$/m);

        const after = await cli('check', `linux/${arch}`, file);
        assert.equal(after.code, 0, after.stdout + after.stderr);
        assert.equal(after.stdout, '');
      });
    }

    it('--platform=$BUILDPLATFORM and $TARGETPLATFORM lines resolve for those platforms, not for the line', async () => {
      const file = write(['FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'FROM --platform=${TARGETPLATFORM} alpine:3.20', ''].join('\n'));
      const pin = await cli('pin', 'linux/arm64', file);
      assert.equal(pin.code, 0, pin.stderr);
      assert.equal(
        read(),
        `FROM --platform=$BUILDPLATFORM golang:1.22@${digestFor(images.golang, 'arm64')} AS build\nFROM --platform=\${TARGETPLATFORM} alpine:3.20@${digestFor(images.alpine, 'arm64')}\n`,
      );
    });

    it('resolve expands them for --platform', async () => {
      const r = await cli('resolve', 'linux/arm64', 'quay.io/prometheus/busybox-${TARGETOS}-${TARGETARCH}:latest');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${busybox.arm64.digest}\n`);
    });
  });

  it('stage references stay quiet: a word that expands to a stage name is no image and no notice', async () => {
    const text = [
      'ARG VARIANT=slim',
      'FROM golang:1.22 AS build-amd64',
      'FROM golang:1.22 AS build-arm64',
      'FROM alpine:3.20 AS base-slim',
      'FROM build-${TARGETARCH} AS app',
      'COPY --from=build-${TARGETARCH} /out /out',
      'FROM base-${VARIANT}',
      'COPY --from=app /out /out',
      '',
    ].join('\n');
    const file = write(text);
    const pin = await cli('pin', 'linux/amd64', file);
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(pin.stderr, 'pinned 3, updated 0, unchanged 0, failed 0 in Dockerfile\n');
    const check = await cli('check', 'linux/amd64', file);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal(check.stdout + check.stderr, '');
  });

  describe('a variable without a value', () => {
    const TEXT = 'ARG TAG\nFROM alpine:${TAG} AS base\nFROM busybox:1.36\n';
    const UNRESOLVED = 'Dockerfile:2:6: unresolved "alpine:${TAG}": no value for TAG: ARG TAG has no default and no build arg gives one; pass --build-arg TAG=… or give the ARG a default (ARG TAG=…)';

    it('check reports it as a finding with the reason and the fix: exit 1, state unresolved in --json', async () => {
      const file = write(TEXT);
      const r = await cli('check', 'linux/amd64', file);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [UNRESOLVED, `Dockerfile:3:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`]);

      write(`ARG TAG\nFROM alpine:\${TAG}\nFROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`, 'only.Dockerfile');
      const only = await cli('check', 'linux/amd64', 'only.Dockerfile');
      assert.equal(only.code, 1, 'an unresolved line alone fails the check');
      const json = await cli('check', 'linux/amd64', '--json', 'only.Dockerfile');
      assert.equal(json.code, 1);
      const entries = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      assert.deepEqual(
        entries.map((e) => [e.line, e.state, e.reference]),
        [
          [2, 'unresolved', 'alpine:${TAG}'],
          [3, 'current', `busybox:1.36@${digestFor(images.busybox, 'amd64')}`],
        ],
      );
      assert.match(String(entries[0].message), /--build-arg TAG=…/);
    });

    it('pin counts it in its summary and exits 1; the other lines are pinned', async () => {
      const file = write(TEXT);
      const r = await cli('pin', 'linux/amd64', file);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.stderr.trimEnd().split('\n'), [UNRESOLVED, 'pinned 1, updated 0, unchanged 0, failed 1 (unresolved 1) in Dockerfile']);
      assert.equal(read(), `ARG TAG\nFROM alpine:\${TAG} AS base\nFROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`);
    });

    it('--build-arg gives it its value, as docker build does, from the command line or the environment', async () => {
      const file = write(TEXT);
      const check = await cli('check', 'linux/amd64', '--build-arg', 'TAG=3.20', file);
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^Dockerfile:2:6: unpinned alpine:3\.20 /m);
      const pin = await cli('pin', 'linux/arm64', '--build-arg', 'TAG', file);
      assert.equal(pin.code, 1, 'TAG is not in the environment: still unresolved');
      const fromEnv = await runCli(['pin', ...mirrors, '--platform', 'linux/arm64', '--build-arg', 'TAG', file], { cwd: dir, env: { TAG: '3.20' } });
      assert.equal(fromEnv.code, 0, fromEnv.stderr);
      assert.equal(read(), `ARG TAG\nFROM alpine:\${TAG}@${digestFor(images.alpine, 'arm64')} AS base\nFROM busybox:1.36@${digestFor(images.busybox, 'arm64')}\n`);
      const after = await cli('check', 'linux/arm64', '--build-arg', 'TAG=3.20', file);
      assert.equal(after.code, 0, after.stdout + after.stderr);
    });

    it('--build-arg wins over an ARG default, and reaches no ARG that is not declared', async () => {
      const file = write('ARG TAG=3.19\nFROM alpine:${TAG}\nFROM busybox:${UNDECLARED}\n');
      const r = await cli('check', 'linux/amd64', '--build-arg', 'TAG=3.20', '--build-arg', 'UNDECLARED=1.36', file);
      assert.equal(r.code, 1);
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        `Dockerfile:2:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}; a digest on this line wins over --build-arg TAG=…: the override no longer changes the image here)`,
        'Dockerfile:3:6: unresolved "busybox:${UNDECLARED}": UNDECLARED is not declared before the first FROM, so a build sees it empty and no build arg can reach it; declare ARG UNDECLARED=… before the first FROM',
      ]);
    });

    it('--allow-unresolved reports it without failing check or pin', async () => {
      const file = write(`ARG TAG\nFROM alpine:\${TAG}\nFROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`);
      const check = await cli('check', 'linux/amd64', '--allow-unresolved', file);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.equal(check.stdout, '');
      assert.match(check.stderr, /^Dockerfile:2:6: unresolved "alpine:\$\{TAG\}": no value for TAG/m);
      const pin = await cli('pin', 'linux/amd64', '--allow-unresolved', file);
      assert.equal(pin.code, 0, pin.stderr);
      assert.match(pin.stderr, /^pinned 0, updated 0, unchanged 1, failed 1 \(unresolved 1\) in Dockerfile$/m);
    });

    it("a compose service's build that gives it (args: - TAG, its value from .env) reads the line for the file: the file's own reading, which no build arg reaches, says nothing; a build that gives other args does not make it moot", async () => {
      write('ARG TAG\nFROM alpine:${TAG}\nRUN true\n');
      write('services:\n  web:\n    build:\n      context: .\n      args:\n        - TAG\n    image: acme/web-local\n', 'compose.yaml');
      write('TAG=3.20\n', '.env');
      const unpinned = `Dockerfile:2:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}`;
      for (const args of [['.'], ['Dockerfile']]) {
        const check = await cli('check', 'linux/amd64', ...args);
        assert.equal(check.code, 1, check.stderr);
        assert.equal(check.stdout.split('\n').filter((line) => line !== '').length, 1, check.stdout);
        assert.ok(check.stdout.startsWith(unpinned), check.stdout);
      }
      const pin = await cli('pin', 'linux/amd64', '.');
      assert.equal(pin.code, 0, pin.stderr);
      assert.doesNotMatch(pin.stderr, /unresolved/);
      // The build gives another arg only: the line is unresolved, as the build reads it too.
      write('ARG TAG\nFROM alpine:${TAG}\nRUN true\n');
      write('services:\n  web:\n    build:\n      context: .\n      args:\n        - OTHER=1\n', 'compose.yaml');
      const check = await cli('check', 'linux/amd64', '.');
      assert.equal(check.code, 1);
      assert.match(check.stdout, /^Dockerfile:2:6: unresolved "alpine:\$\{TAG\}": no value for TAG/m);
    });

    it('resolve names it and the fix: exit 2', async () => {
      const r = await cli('resolve', 'linux/amd64', 'alpine:${TAG}');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no value for TAG in "alpine:\$\{TAG\}"; pass --build-arg TAG=…/);
      const given = await cli('resolve', 'linux/amd64', '--build-arg', 'TAG=3.20', 'alpine:${TAG}');
      assert.equal(given.code, 0, given.stderr);
      assert.equal(given.stdout, `${digestFor(images.alpine, 'amd64')}\n`);
    });
  });

  it('a line with no safe place for a digest is skipped and counted, never passed', async () => {
    const file = write('FROM \\alpine:3.20\n');
    const check = await cli('check', 'linux/amd64', '--allow-unresolved', file);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /^Dockerfile:1:6: skipped "alpine:3\.20": cannot tell where it stands in the file/m);
    const pin = await cli('pin', 'linux/amd64', file);
    assert.equal(pin.code, 1);
    assert.match(pin.stderr, /^pinned 0, updated 0, unchanged 0, failed 1 \(skipped 1\) in Dockerfile$/m);
    assert.equal(read(), 'FROM \\alpine:3.20\n');
  });
});
