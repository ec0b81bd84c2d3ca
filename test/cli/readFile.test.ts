import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTextFile, UnreadableFileError } from '../../src/cli/readFile';
import { tempDir } from './helpers';

describe('readTextFile', () => {
  let dir: string;
  before(() => {
    dir = tempDir('read');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads UTF-8 text as it is, BOM and CRLF included', async () => {
    const file = join(dir, 'ok');
    writeFileSync(file, '\uFEFFFROM alpine # é\r\n');
    assert.equal(await readTextFile(file), '\uFEFFFROM alpine # é\r\n');
  });

  it('refuses bytes that would not survive a rewrite', async () => {
    const file = join(dir, 'latin1');
    writeFileSync(file, Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xe9, 0x0a]));
    await assert.rejects(readTextFile(file), (e: unknown) => e instanceof UnreadableFileError && /not valid UTF-8/.test(e.message));
  });

  it('names a missing file', async () => {
    await assert.rejects(readTextFile(join(dir, 'nope')), (e: unknown) => e instanceof UnreadableFileError && /nope: no such file/.test(e.message));
  });
});
