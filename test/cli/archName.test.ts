// A Dockerfile whose name names an architecture (linuxserver's `Dockerfile.aarch64` beside
// `Dockerfile`) is built for it: `pin` and `check` resolve its lines for that platform and say so,
// never for the configured one.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pushImage, pushSingle, type PushedImage, type PushedManifest } from '../support/push';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';
import type { TestRegistry } from '../support/registry';

interface Entry {
  file: string;
  line: number;
  state: string;
  platform?: string;
  kind?: string;
  targetDigest?: string;
  message: string;
  platformNamedBy?: string;
}

describe('a Dockerfile named for an architecture (Dockerfile.aarch64)', function () {
  let registry: TestRegistry;
  let images: Images;
  let common: string[];
  let debian: PushedImage;
  let armOnly: PushedManifest;
  let dir: string;
  const { write, read } = projectFiles(() => dir);

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  before(async function () {
    this.timeout(60_000);
    [debian, armOnly] = await Promise.all([
      pushImage(registry, 'library/debian', '12', { platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'linux/386'] }),
      pushSingle(registry, 'linuxserver/baseimage-alpine', 'arm64v8-3.20', 'linux/arm64'),
    ]);
  });
  beforeEach(() => {
    dir = tempDir('archname');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runCli([...args.slice(0, 1), ...common, ...args.slice(1)], { cwd: dir });
  const json = async (...args: string[]): Promise<Entry[]> => {
    const r = await run('check', '--json', ...args);
    return JSON.parse(r.stdout) as Entry[];
  };
  const amd64 = (p: PushedImage) => digestFor(p, 'amd64');
  const arm64 = (p: PushedImage) => digestFor(p, 'arm64');
  const child = (p: PushedImage, platform: string) => {
    const [os, architecture, variant] = platform.split('/');
    const found = p.children.find((c) => c.platform?.os === os && c.platform.architecture === architecture && (c.platform.variant ?? '') === (variant ?? ''));
    if (!found) throw new Error(`no ${platform} child`);
    return found.digest;
  };

  const LSIO = ['FROM alpine:3.20', 'COPY --from=busybox:1.36 /bin/busybox /bin/busybox', ''].join('\n');

  it('pin . writes the arm64 digests into Dockerfile.aarch64 and the amd64 ones into Dockerfile, and says why for each arm64 line', async () => {
    write('Dockerfile', LSIO);
    write('Dockerfile.aarch64', LSIO);
    const r = await run('pin', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile'), `FROM alpine:3.20@${amd64(images.alpine)}\nCOPY --from=busybox:1.36@${amd64(images.busybox)} /bin/busybox /bin/busybox\n`);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${arm64(images.alpine)}\nCOPY --from=busybox:1.36@${arm64(images.busybox)} /bin/busybox /bin/busybox\n`);
    assert.match(r.stderr, /^Dockerfile\.aarch64:1:6: pinned for linux\/arm64, as the file name Dockerfile\.aarch64 says$/m);
    assert.match(r.stderr, /^Dockerfile\.aarch64:2:13: pinned for linux\/arm64, as the file name Dockerfile\.aarch64 says$/m);
    assert.doesNotMatch(r.stderr, /^Dockerfile:/m, 'the file named for no architecture pins as before, without a note');

    // CI's `check .` on the pinned tree: every pin current, each for its own file's architecture.
    const check = await run('check', '.');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const entries = await json('.');
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.state, e.platform, e.platformNamedBy]),
      [
        ['Dockerfile', 1, 'current', 'linux/amd64', undefined],
        ['Dockerfile', 2, 'current', 'linux/amd64', undefined],
        ['Dockerfile.aarch64', 1, 'current', 'linux/arm64', 'Dockerfile.aarch64'],
        ['Dockerfile.aarch64', 2, 'current', 'linux/arm64', 'Dockerfile.aarch64'],
      ],
    );
    assert.equal(entries[2].message, `pinned alpine:3.20@${arm64(images.alpine)} (current, linux/arm64, as the file name Dockerfile.aarch64 says)`);
  });

  it('check of the unpinned tree names the arm64 digest and why, in text, --json and SARIF', async () => {
    write('Dockerfile', 'FROM alpine:3.20\n');
    write('Dockerfile.aarch64', 'FROM alpine:3.20\n');
    const text = await run('check', '.');
    assert.equal(text.code, 1, text.stderr);
    assert.equal(
      text.stdout,
      [
        `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${amd64(images.alpine)})`,
        `Dockerfile.aarch64:1:6: unpinned alpine:3.20 (would pin ${arm64(images.alpine)} for linux/arm64, as the file name Dockerfile.aarch64 says)`,
        '',
      ].join('\n'),
    );
    const entries = await json('.');
    assert.deepEqual(
      entries.map((e) => [e.file, e.state, e.kind, e.platform, e.targetDigest, e.platformNamedBy]),
      [
        ['Dockerfile', 'unpinned', 'platform', 'linux/amd64', amd64(images.alpine), undefined],
        ['Dockerfile.aarch64', 'unpinned', 'platform', 'linux/arm64', arm64(images.alpine), 'Dockerfile.aarch64'],
      ],
    );
    const sarif = await run('check', '--format', 'sarif', '.');
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const aarch64 = log.runs[0].results.filter((res) => res.locations[0].physicalLocation.artifactLocation.uri.endsWith('Dockerfile.aarch64'));
    assert.deepEqual(
      aarch64.map((res) => res.message.text),
      [`unpinned alpine:3.20 (would pin ${arm64(images.alpine)} for linux/arm64, as the file name Dockerfile.aarch64 says): docker-pin pin with this check's options writes it`],
    );
  });

  it('reads each spelling of an architecture in a name: suffix after ".", "-" or "_", prefix before ".Dockerfile", docker-library names, first or last part', async () => {
    const names: [string, string][] = [
      ['Dockerfile.arm64', 'linux/arm64'],
      ['Dockerfile-arm64v8', 'linux/arm64'],
      ['Dockerfile_aarch64', 'linux/arm64'],
      ['arm64.Dockerfile', 'linux/arm64'],
      ['Containerfile.aarch64', 'linux/arm64'],
      ['Dockerfile.arm64v8-alpine', 'linux/arm64'],
      ['Dockerfile.alpine.aarch64', 'linux/arm64'],
      ['Dockerfile.armhf', 'linux/arm/v7'],
      ['Dockerfile.arm32v6', 'linux/arm/v6'],
      ['Dockerfile.ppc64le', 'linux/ppc64le'],
      ['Dockerfile.s390x', 'linux/s390x'],
      ['Dockerfile.riscv64', 'linux/riscv64'],
      ['Dockerfile.i386', 'linux/386'],
    ];
    for (const [name] of names) write(name, 'FROM debian:12\n');
    const r = await run('pin', ...names.map(([name]) => name));
    assert.equal(r.code, 0, r.stderr);
    for (const [name, platform] of names) {
      assert.equal(read(name), `FROM debian:12@${child(debian, platform)}\n`, name);
      assert.ok(r.stderr.includes(`${name}:1:6: pinned for ${platform}, as the file name ${name} says\n`), `${name}: ${r.stderr}`);
    }
  });

  it('names that name no architecture, or the configured one, pin for the configured platform as before, with no note', async () => {
    const names = ['Dockerfile.prod', 'Dockerfile.alpine', 'Dockerfile-armor', 'Dockerfile_ci', 'Dockerfile.arm64ish', 'prod.Dockerfile', 'Dockerfile.amd64', 'Dockerfile.x86_64', 'x86-64.Dockerfile', 'Dockerfile-20.20-alpine3.23'];
    for (const name of names) write(name, 'FROM debian:12\n');
    const r = await run('pin', ...names);
    assert.equal(r.code, 0, r.stderr);
    for (const name of names) assert.equal(read(name), `FROM debian:12@${amd64(debian)}\n`, name);
    assert.doesNotMatch(r.stderr, /file name/);
    const entries = await json(...names);
    assert.deepEqual(new Set(entries.map((e) => `${e.platform}|${String(e.platformNamedBy)}`)), new Set(['linux/amd64|undefined']));
  });

  it('on an arm64 machine (--platform linux/arm64) Dockerfile.aarch64 is as before and Dockerfile.amd64 is the amd64 one', async () => {
    write('Dockerfile.aarch64', 'FROM alpine:3.20\n');
    write('Dockerfile.amd64', 'FROM alpine:3.20\n');
    const r = await runCli(['pin', '--mirror', `docker.io=${registry.url}`, '--platform', 'linux/arm64', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${arm64(images.alpine)}\n`);
    assert.equal(read('Dockerfile.amd64'), `FROM alpine:3.20@${amd64(images.alpine)}\n`);
    assert.doesNotMatch(r.stderr, /Dockerfile\.aarch64:.*file name/);
    assert.match(r.stderr, /^Dockerfile\.amd64:1:6: pinned for linux\/amd64, as the file name Dockerfile\.amd64 says$/m);
  });

  it('--index pins the index digest in both files, and check --index finds them current', async () => {
    write('Dockerfile', 'FROM alpine:3.20\n');
    write('Dockerfile.aarch64', 'FROM alpine:3.20\n');
    const r = await run('pin', '--index', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile'), `FROM alpine:3.20@${images.alpine.index.digest}\n`);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${images.alpine.index.digest}\n`);
    for (const kind of [[], ['--index']]) {
      const check = await run('check', ...kind, '.');
      assert.equal(check.code, 0, check.stdout + check.stderr);
    }
    const entries = await json('.');
    assert.deepEqual(entries.map((e) => [e.file, e.state, e.kind]), [['Dockerfile', 'current', 'index'], ['Dockerfile.aarch64', 'current', 'index']]);
  });

  it('an arm64 pin already in Dockerfile.aarch64 is current for check, and pin --update leaves it', async () => {
    const pinned = `FROM alpine:3.20@${arm64(images.alpine)}\n`;
    write('Dockerfile.aarch64', pinned);
    const check = await run('check', 'Dockerfile.aarch64');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const r = await run('pin', '--update', 'Dockerfile.aarch64');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), pinned);
    assert.match(r.stderr, /^pinned 0, updated 0, unchanged 1, failed 0 in Dockerfile\.aarch64$/m);
  });

  it('an amd64 pin in Dockerfile.aarch64 is stale for check, naming both architectures, and pin --update moves it to arm64', async () => {
    write('Dockerfile.aarch64', `FROM alpine:3.20@${amd64(images.alpine)}\nFROM --platform=$BUILDPLATFORM busybox:1.36@${amd64(images.busybox)} AS build\n`);
    const check = await run('check', 'Dockerfile.aarch64');
    assert.equal(check.code, 1, check.stderr);
    assert.equal(
      check.stdout,
      `Dockerfile.aarch64:1:6: stale alpine:3.20@${amd64(images.alpine)} (the pin is for linux/amd64, but the file name Dockerfile.aarch64 says the file is built for linux/arm64: would update to ${arm64(images.alpine)})\n`,
      'a builder line ($BUILDPLATFORM) may pin the builder: its amd64 pin stands',
    );
    const kept = await run('pin', 'Dockerfile.aarch64');
    assert.equal(kept.code, 0, kept.stderr);
    assert.match(kept.stderr, /^Dockerfile\.aarch64:1:6: stale pin \(the pin is for linux\/amd64, but the file name Dockerfile\.aarch64 says the file is built for linux\/arm64; --update replaces it with sha256:[0-9a-f]{64}\)$/m);
    assert.match(read('Dockerfile.aarch64'), new RegExp(`^FROM alpine:3\\.20@${amd64(images.alpine)}\n`));
    const r = await run('pin', '--update', 'Dockerfile.aarch64');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${arm64(images.alpine)}\nFROM --platform=$BUILDPLATFORM busybox:1.36@${amd64(images.busybox)} AS build\n`);
    assert.match(r.stderr, /^Dockerfile\.aarch64:1:6: updated for linux\/arm64, as the file name Dockerfile\.aarch64 says \(the pin was for linux\/amd64\)$/m);
    const after = await run('check', 'Dockerfile.aarch64');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it("a single-arch arm64 tag (linuxserver's arm64v8-3.20) is pinned in Dockerfile.aarch64, where the amd64 platform found no image", async () => {
    write('Dockerfile', 'FROM alpine:3.20\n');
    write('Dockerfile.aarch64', 'FROM linuxserver/baseimage-alpine:arm64v8-3.20\n');
    const r = await run('pin', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), `FROM linuxserver/baseimage-alpine:arm64v8-3.20@${armOnly.digest}\n`);
    const check = await run('check', '.');
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  it('an amd64-only tag in Dockerfile.aarch64 is reported, naming the architecture, why, and the ways out', async () => {
    await pushSingle(registry, 'acme/amd64-only', '1', 'linux/amd64');
    write('Dockerfile.aarch64', 'FROM acme/amd64-only:1\n');
    const check = await run('check', 'Dockerfile.aarch64');
    assert.equal(check.code, 3, check.stdout + check.stderr);
    assert.match(
      check.stderr,
      /^Dockerfile\.aarch64:1:6: .*has no image for linux\/arm64 \(available: linux\/amd64\); resolved for linux\/arm64, as the file name Dockerfile\.aarch64 says: give the line its own FROM --platform=<os\/arch>, or pin the index digest \(--index\)$/m,
    );
  });

  it('a line with its own FROM --platform keeps it; $BUILDPLATFORM and $TARGETARCH take the named architecture', async () => {
    const tool = await pushSingle(registry, 'acme/tool-arm64', '1', 'linux/arm64');
    write('Dockerfile.aarch64', ['FROM --platform=linux/amd64 alpine:3.20 AS tools', 'FROM --platform=$BUILDPLATFORM busybox:1.36 AS build', 'FROM acme/tool-${TARGETARCH}:1 AS tool', 'FROM debian:12', ''].join('\n'));
    const r = await run('pin', 'Dockerfile.aarch64');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read('Dockerfile.aarch64'),
      [
        `FROM --platform=linux/amd64 alpine:3.20@${amd64(images.alpine)} AS tools`,
        `FROM --platform=$BUILDPLATFORM busybox:1.36@${arm64(images.busybox)} AS build`,
        `FROM acme/tool-\${TARGETARCH}:1@${tool.digest} AS tool`,
        `FROM debian:12@${arm64(debian)}`,
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(r.stderr, /Dockerfile\.aarch64:1:.*file name/);
  });

  it('an ARG default serving several lines takes the arm64 digest when they are all arm64, the index when one is built for amd64', async () => {
    write('Dockerfile.aarch64', ['ARG BASE=alpine:3.20', 'FROM --platform=linux/arm64 ${BASE} AS a', 'FROM ${BASE}', ''].join('\n'));
    write('two/Dockerfile.aarch64', ['ARG BASE=alpine:3.20', 'FROM --platform=linux/amd64 ${BASE} AS a', 'FROM ${BASE}', ''].join('\n'));
    const r = await run('pin', 'Dockerfile.aarch64', 'two/Dockerfile.aarch64');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), [`ARG BASE=alpine:3.20@${arm64(images.alpine)}`, 'FROM --platform=linux/arm64 ${BASE} AS a', 'FROM ${BASE}', ''].join('\n'));
    assert.equal(read('two/Dockerfile.aarch64'), [`ARG BASE=alpine:3.20@${images.alpine.index.digest}`, 'FROM --platform=linux/amd64 ${BASE} AS a', 'FROM ${BASE}', ''].join('\n'));
    assert.match(r.stderr, /^two\/Dockerfile\.aarch64:3:6: the index digest goes into the default of ARG BASE on line 1: the default of ARG BASE serves linux\/amd64 and linux\/arm64$/m);
  });

  it('a compose service building Dockerfile.aarch64 reads it for arm64 too, unless the service names its platform', async () => {
    write('Dockerfile.aarch64', 'FROM alpine:3.20\n');
    write('compose.yaml', ['services:', '  arm:', '    build: {context: ., dockerfile: Dockerfile.aarch64}', ''].join('\n'));
    const r = await run('pin', 'compose.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${arm64(images.alpine)}\n`);
    const check = await run('check', '.');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    write('Dockerfile.aarch64', 'FROM alpine:3.20\n');
    write('compose.yaml', ['services:', '  arm:', '    platform: linux/amd64', '    build: {context: ., dockerfile: Dockerfile.aarch64}', ''].join('\n'));
    const declared = await run('pin', 'compose.yaml');
    assert.equal(declared.code, 0, declared.stderr);
    assert.equal(read('Dockerfile.aarch64'), `FROM alpine:3.20@${amd64(images.alpine)}\n`);
  });
});
