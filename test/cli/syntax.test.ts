// The `# syntax=` directive's image against the real registry: pinned to its index digest whatever
// the kind asked for (BuildKit pulls it for the builder's platform), right after the reference.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestRegistry } from '../support/registry';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

describe('docker-pin and the # syntax= directive', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture: { registry: TestRegistry; images: Images; common: string[] }) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('syntax');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (text: string) => writeFileSync(join(dir, 'Dockerfile'), text);
  const read = () => readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const cli = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1), 'Dockerfile'], { cwd: dir });

  it('pins the syntax image to its index digest and FROM to its platform digest; a second pin changes nothing', async () => {
    const text = '# syntax = docker/dockerfile:1 \r\n# escape=\\\r\nFROM alpine:3.20\r\n# syntax=docker/dockerfile:1\r\n';
    write(text);
    const r = await cli('pin');
    assert.equal(r.code, 0, r.stderr);
    const index = images.frontend.index.digest;
    assert.equal(
      read(),
      `# syntax = docker/dockerfile:1@${index} \r\n# escape=\\\r\nFROM alpine:3.20@${digestFor(images.alpine, 'amd64')}\r\n# syntax=docker/dockerfile:1\r\n`,
    );
    assert.match(r.stderr, /pinned 2, updated 0, unchanged 0, failed 0 in Dockerfile/);
    const again = await cli('pin');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /pinned 0, updated 0, unchanged 2, failed 0 in Dockerfile/);
  });

  it('check names the index digest it would pin, in text and JSON, with the line and column of the reference', async () => {
    write('#syntax=docker/dockerfile:1\nFROM scratch\n');
    const r = await cli('check');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, `Dockerfile:1:9: unpinned docker/dockerfile:1 (would pin ${images.frontend.index.digest})\n`);
    const json = await cli('check', '--json');
    const [entry] = JSON.parse(json.stdout) as { line: number; column: number; state: string; kind: string; targetDigest: string }[];
    assert.deepEqual([entry.line, entry.column, entry.state, entry.kind, entry.targetDigest], [1, 9, 'unpinned', 'index', images.frontend.index.digest]);
  });

  it('a platform digest written there stays a current platform pin, never turned into the index', async () => {
    const platformPin = `# syntax=docker/dockerfile:1@${digestFor(images.frontend, 'arm64')}\nFROM scratch\n`;
    write(platformPin);
    const r = await cli('pin');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(), platformPin);
    assert.match(r.stderr, /unchanged 1/);
  });
});
