import * as assert from 'node:assert/strict';
import { argValueCommand } from '../../src/extension/argPinModel';
import { expectedLensCount, lensCommands, shortDigest, type LensContext } from '../../src/extension/lensModel';
import { scanDockerfile } from '../../src/core/dockerfile';
import { AMD64, INDEX, OLD, occurrence, resolution, status } from './fixtures';

const ctx = (digestKind: 'platform' | 'index' = 'platform'): LensContext => ({ uri: 'file:///w/Dockerfile', version: 7, digestKind });
const titles = (cmds: { title: string }[]) => cmds.map((c) => c.title);

describe('extension lensModel: CodeLens titles and commands', () => {
  const alpine = occurrence('alpine:3.20');

  it('shortens a digest to its first 8 hex digits', () => {
    assert.equal(shortDigest(INDEX), 'sha256:1a2b3c4d…');
  });

  it('unpinned, platform kind: the platform pin first, then the index pin', () => {
    const cmds = lensCommands(status('unpinned', alpine, { target: AMD64 }), ctx());
    assert.deepEqual(titles(cmds), ['Pin to sha256:aaaaaaaa… (linux/amd64)', 'Pin index (multi-arch)']);
    assert.deepEqual(cmds[0]?.arguments, [
      'file:///w/Dockerfile',
      7,
      { start: { line: 0, character: 16 }, end: { line: 0, character: 16 } },
      `@${AMD64}`,
      // What the re-read check expects: the image starting there carries this digest.
      { line: 0, character: 5 },
      AMD64,
    ]);
    assert.equal(cmds[0]?.command, 'dockerPin.applyPin');
    assert.equal(cmds[1]?.arguments[3], `@${INDEX}`);
  });

  it("uses the line's own platform in the title", () => {
    const cmds = lensCommands(status('unpinned', alpine, { target: AMD64, platform: 'linux/arm64' }), ctx());
    assert.equal(cmds[0]?.title, 'Pin to sha256:aaaaaaaa… (linux/arm64)');
  });

  it('unpinned, index kind: the index pin first, then the platform pin', () => {
    const cmds = lensCommands(status('unpinned', alpine, { kind: 'index', target: INDEX }), ctx('index'));
    assert.deepEqual(titles(cmds), ['Pin index sha256:1a2b3c4d… (multi-arch)', 'Pin to linux/amd64']);
    assert.equal(cmds[0]?.arguments[3], `@${INDEX}`);
    assert.equal(cmds[1]?.arguments[3], `@${AMD64}`);
  });

  it('unpinned where the place needs the index (# syntax=): the index pin first, whatever the setting', () => {
    const syntax = occurrence('docker/dockerfile:1', 0, { source: 'syntax', digestKind: 'index' });
    const cmds = lensCommands(status('unpinned', syntax, { kind: 'index', target: INDEX }), ctx('platform'));
    assert.deepEqual(titles(cmds), ['Pin index sha256:1a2b3c4d… (multi-arch)', 'Pin to linux/amd64']);
    assert.equal(cmds[0]?.arguments[3], `@${INDEX}`);
  });

  it('unpinned, index kind found by HEAD: the platform pin resolves on click', () => {
    const head = resolution({ platformDigest: undefined, platforms: undefined, platform: undefined });
    const cmds = lensCommands(status('unpinned', alpine, { kind: 'index', target: INDEX, resolution: head }), ctx('index'));
    assert.equal(cmds[1]?.title, 'Pin to linux/amd64');
    assert.equal(cmds[1]?.command, 'dockerPin.pinAs');
    assert.deepEqual(cmds[1]?.arguments, ['file:///w/Dockerfile', 7, { line: 0, character: 5 }, 'platform']);
  });

  it('pinned and current: platform or index, each opening the manifest', () => {
    const pinned = occurrence(`alpine:3.20@${AMD64}`);
    const platform = lensCommands(status('current', pinned, { target: AMD64 }), ctx());
    assert.deepEqual(titles(platform), ['Pinned · linux/amd64 · Show manifest']);
    assert.equal(platform[0]?.command, 'dockerPin.openManifest');
    assert.deepEqual(platform[0]?.arguments, [`alpine:3.20@${AMD64}`, 'linux/amd64']);
    const index = lensCommands(status('current', occurrence(`alpine:3.20@${INDEX}`), { kind: 'index', target: INDEX }), ctx());
    assert.deepEqual(titles(index), ['Pinned · index (multi-arch) · Show manifest']);
    assert.deepEqual(index[0]?.arguments, [`alpine:3.20@${INDEX}`]);
  });

  it('stale: one lens replacing the old digest', () => {
    const pinned = occurrence(`alpine:3.20@${OLD}`);
    const cmds = lensCommands(status('stale', pinned, { target: AMD64 }), ctx());
    assert.deepEqual(titles(cmds), ['Update pin (tag moved)']);
    assert.deepEqual(cmds[0]?.arguments?.slice(2), [{ start: { line: 0, character: 16 }, end: { line: 0, character: 16 + 72 } }, `@${AMD64}`, { line: 0, character: 5 }, AMD64]);
  });

  it('gone without a choice: a warning whose click pins the index (right on every architecture), never a platform digest', () => {
    const cmds = lensCommands(status('gone', occurrence(`alpine:3.20@${OLD}`)), ctx());
    assert.deepEqual(titles(cmds), ['⚠ Pinned manifest gone · Pin index (multi-arch)']);
    assert.equal(cmds[0]?.command, 'dockerPin.pinAs');
    assert.deepEqual(cmds[0]?.arguments, ['file:///w/Dockerfile', 7, { line: 0, character: 5 }, 'index']);
    assert.match(cmds[0]?.tooltip ?? '', /pinned manifest no longer in the registry, so the platform it was made for is unknown/);
  });

  it('gone with a chosen update (index kind): one lens writing it', () => {
    const cmds = lensCommands(status('gone', occurrence(`alpine:3.20@${OLD}`), { kind: 'index', target: INDEX }), ctx('index'));
    assert.deepEqual(titles(cmds), ['⚠ Pinned manifest gone · Update pin']);
    assert.equal(cmds[0]?.command, 'dockerPin.applyPin');
    assert.equal(cmds[0]?.arguments[3], `@${INDEX}`);
  });

  it('digest only: shows the manifest', () => {
    const cmds = lensCommands(status('digest-only', occurrence(`alpine@${AMD64}`)), ctx());
    assert.deepEqual(titles(cmds), ['Pinned by digest · Show manifest']);
    assert.equal(cmds[0]?.command, 'dockerPin.openManifest');
  });

  it('error: a short reason whose click opens the log', () => {
    const cmds = lensCommands(status('error', alpine, { error: { code: 'NOT_FOUND', message: 'docker.io/library/alpine:3.20: manifest unknown' } }), ctx());
    assert.deepEqual(titles(cmds), ['⚠ not found']);
    assert.equal(cmds[0]?.command, 'dockerPin.showLog');
    assert.match(cmds[0]?.tooltip ?? '', /manifest unknown/);
  });

  it('a stale pin written by a variable cannot be edited on the line: says so', () => {
    const viaArg = occurrence(`alpine:3.20@${OLD}`, 0, { text: '${BASE}', digestRange: undefined, variables: ['BASE'] });
    const cmds = lensCommands(status('stale', viaArg, { target: AMD64 }), ctx());
    assert.equal(cmds[0]?.command, 'dockerPin.showLog');
    assert.match(cmds[0]?.title ?? '', /variable/);
  });

  it('where the platform is decided at build time, the platform pin stays first and its tooltip says for which builds it is right', () => {
    const golang = occurrence('golang:1.23', 0, { buildTimePlatform: true });
    const cmds = lensCommands(status('unpinned', golang, { target: AMD64 }), ctx());
    assert.deepEqual(titles(cmds), ['Pin to sha256:aaaaaaaa… (linux/amd64)', 'Pin index (multi-arch)']);
    assert.match(cmds[0]?.tooltip ?? '', /decided at build time.*right for a linux\/amd64 builder or target only/);
  });

  it('every lens has a command; the count before resolving matches the common case', () => {
    for (const state of ['unpinned', 'current', 'stale', 'digest-only', 'gone', 'error'] as const) {
      const occ = state === 'unpinned' || state === 'error' ? alpine : occurrence(`alpine:3.20@${OLD}`);
      for (const cmd of lensCommands(status(state, occ, { target: AMD64, error: { code: 'NETWORK' } }), ctx())) assert.ok(cmd.command, state);
    }
    assert.equal(expectedLensCount(alpine), 2);
    assert.equal(expectedLensCount(occurrence(`alpine:3.20@${OLD}`)), 1);
  });

  describe('references built from ARGs', () => {
    const scanned = (text: string) => scanDockerfile(text).images;

    it('a line pinned through its ARG default: the lens edits the default and says so', () => {
      const [, copy] = scanned('ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\n');
      const cmds = lensCommands(status('unpinned', copy, { target: AMD64 }), ctx());
      assert.deepEqual(titles(cmds), ['Pin to sha256:aaaaaaaa… (linux/amd64)', 'Pin index (multi-arch)']);
      assert.deepEqual(cmds[0]?.arguments.slice(2, 4), [{ start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, `@${AMD64}`]);
      assert.match(cmds[0]?.tooltip ?? '', /Writes the digest into the default of ARG BASE on line 1, which every use shares: --build-arg BASE=… replaces tag and digest together\.$/);
    });

    it('an ARG default serving several platforms offers the index pin only', () => {
      const [first] = scanned('ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nFROM --platform=linux/arm64 ${BASE} AS b\n');
      const indexOnly = 'the default of ARG BASE serves linux/amd64 and linux/arm64';
      const cmds = lensCommands({ ...status('unpinned', first, { kind: 'index', target: INDEX }), indexOnly }, ctx());
      assert.deepEqual(titles(cmds), ['Pin index sha256:1a2b3c4d… (multi-arch)']);
      assert.equal(cmds[0]?.arguments[3], `@${INDEX}`);
      assert.match(cmds[0]?.tooltip ?? '', new RegExp(`Only the index digest fits: ${indexOnly}\\.$`));
    });

    it('a digest on a line built from ARGs: the tooltip says --build-arg no longer changes it', () => {
      const [golang] = scanned('ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}\n');
      const cmds = lensCommands(status('unpinned', golang, { target: AMD64 }), ctx());
      for (const cmd of cmds) {
        assert.match(cmd.tooltip ?? '', /A digest on this line wins over --build-arg GO_VERSION=…: the override no longer changes the image here\.$/);
      }
    });
  });

  it('a compose image whose value is written in .env: one lens, Pin All, which pins it there, never an edit of this line', () => {
    const valueAt = { name: 'DB_IMAGE', text: 'postgres:16', range: { start: { line: 2, character: 9 }, end: { line: 2, character: 20 } }, platforms: [], file: 'env-file' as const };
    const db = { ...occurrence('postgres:16', 4, { valueAt, variables: ['DB_IMAGE'] }), text: '${DB_IMAGE}', source: 'image' as const, fileKind: 'compose' as const };
    assert.equal(expectedLensCount(db), 1);
    const [lens, ...rest] = lensCommands(status('unpinned', db, { target: AMD64 }), ctx());
    assert.deepEqual(rest, []);
    assert.equal(lens?.title, 'Pin All · pins DB_IMAGE in .env (line 3)');
    assert.equal(lens?.command, 'dockerPin.pinAll');
    assert.deepEqual(lens?.arguments, ['file:///w/Dockerfile']);
    assert.match(lens?.tooltip ?? '', /DB_IMAGE=image:tag@sha256:…/);
    assert.match(lens?.tooltip ?? '', new RegExp(AMD64));
    assert.deepEqual(titles(lensCommands(status('current', db), ctx())), ['Pinned · linux/amd64 · Show manifest']);
    // Read from another env file (an include's env_file): the lens and its tooltip name that one.
    const [named] = lensCommands(status('unpinned', db, { target: AMD64 }), { ...ctx(), envFiles: ['stack.env'] });
    assert.equal(named?.title, 'Pin All · pins DB_IMAGE in stack.env (line 3)');
    assert.match(named?.tooltip ?? '', /Its value is DB_IMAGE in the env file stack\.env, so its pin goes there/);
    // Includes that each read their own env file: the pin goes into every one, and the lens names them all.
    const [both] = lensCommands(status('unpinned', db, { target: AMD64 }), { ...ctx(), envFiles: ['a.env', 'b.env'] });
    assert.equal(both?.title, 'Pin All · pins DB_IMAGE in a.env and b.env');
    assert.match(both?.tooltip ?? '', /Its value is DB_IMAGE in the env files a\.env and b\.env \(each include that reads this file reads its own\), so its pin goes into each/);
    const [many] = lensCommands(status('unpinned', db, { target: AMD64 }), { ...ctx(), envFiles: ['a.env', 'b.env', 'c.env', 'd.env'] });
    assert.equal(many?.title, 'Pin All · pins DB_IMAGE in 4 env files');
    assert.match(many?.tooltip ?? '', /in the env files a\.env, b\.env, c\.env and d\.env/);
  });
});

describe('extension lensModel: a Dockerfile line whose image a compose build gives in its args', () => {
  const line = { ...occurrence('alpine:3.20'), valueElsewhere: 'the build arg BASE that compose.yaml:6 gives' };
  const target = { arg: 'BASE', where: 'compose.yaml (line 6)', by: ['service app in compose.yaml'] };
  const argCtx: LensContext = { ...ctx(), argPin: () => target };

  it('one lens before resolving; unpinned, stale and gone pin or update it where the value is written, run by dockerPin.pinBuildArg', () => {
    assert.equal(expectedLensCount(line), 1);
    const pin = lensCommands(status('unpinned', line, { target: AMD64 }), argCtx);
    assert.deepEqual(titles(pin), ['Pin BASE in compose.yaml (line 6)']);
    assert.deepEqual([pin[0]?.command, pin[0]?.arguments], ['dockerPin.pinBuildArg', ['file:///w/Dockerfile', 7, { line: 0, character: 5 }]]);
    assert.match(pin[0]?.tooltip ?? '', /^Writes sha256:a+ into the build arg BASE that service app in compose\.yaml gives, where the build reads it/);
    const pinned = occurrence(`alpine:3.20@${OLD}`);
    assert.deepEqual(titles(lensCommands(status('stale', pinned, { target: AMD64 }), argCtx)), ['Update pin (tag moved) · BASE in compose.yaml (line 6)']);
    assert.deepEqual(titles(lensCommands(status('gone', pinned, { target: AMD64 }), argCtx)), ['⚠ Pinned manifest gone · Update pin · BASE in compose.yaml (line 6)']);
    // A gone pin with no digest chosen: nothing to write there, and nothing on the line either.
    assert.deepEqual(lensCommands(status('gone', pinned), argCtx).map((c) => c.command), ['dockerPin.showLog']);
    // Current: shown as any pin is.
    assert.deepEqual(titles(lensCommands(status('current', pinned), argCtx)), ['Pinned · linux/amd64 · Show manifest']);
  });

  it("on the compose file's arg: pin or update it for the Dockerfile line, run by dockerPin.pinBuildArgValue; nothing for a current one", () => {
    const target = { arg: 'BASE', by: 'service app', dockerfile: 'Dockerfile', path: '/w/Dockerfile', line: 1 };
    const doc = { uri: 'file:///w/compose.yaml', version: 3 };
    const pin = argValueCommand(status('unpinned', line, { target: AMD64 }), target, doc);
    assert.deepEqual([pin?.title, pin?.command, pin?.arguments], ['Pin BASE (Dockerfile line 2)', 'dockerPin.pinBuildArgValue', ['file:///w/compose.yaml', 3, '/w/Dockerfile', 1]]);
    assert.equal(argValueCommand(status('stale', occurrence(`alpine:3.20@${OLD}`), { target: AMD64 }), target, doc)?.title, 'Update pin (tag moved) · BASE (Dockerfile line 2)');
    assert.equal(argValueCommand(status('current', occurrence(`alpine:3.20@${OLD}`)), target, doc), undefined);
  });
});

describe('extension lensModel: ignored images', () => {
  it('one lens, before and after resolving, saying why and offering no pin', () => {
    const ignored = occurrence('alpine:3.20', 0, { ignored: 'ignore comment on line 1: vendored' });
    assert.equal(expectedLensCount(ignored), 1);
    const cmds = lensCommands(status('ignored', ignored), ctx());
    assert.deepEqual(titles(cmds), ['Ignored · ignore comment on line 1: vendored']);
    assert.equal(cmds[0]?.command, 'dockerPin.showLog');
  });
});
