import * as assert from 'node:assert/strict';
import { chmodSync, chownSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { FileChangedError, writeFileAtomic } from '../../src/cli/writeFile';
import { tempDir } from './helpers';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('write');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the content, keeps the mode and leaves no temp file behind', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    chmodSync(file, 0o640);
    await writeFileAtomic(file, 'FROM b\r\n');
    assert.equal(readFileSync(file, 'utf8'), 'FROM b\r\n');
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('writes through a symlink, which stays a symlink', async () => {
    const real = join(dir, 'real.Dockerfile');
    const link = join(dir, 'Dockerfile');
    writeFileSync(real, 'FROM a\n');
    symlinkSync(real, link);
    await writeFileAtomic(link, 'FROM b\n');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(readFileSync(real, 'utf8'), 'FROM b\n');
  });

  it('fails on a missing file without creating it', async () => {
    await assert.rejects(writeFileAtomic(join(dir, 'absent'), 'x'));
    assert.deepEqual(readdirSync(dir), []);
  });

  it('writes when the file still holds the expected text', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    await writeFileAtomic(file, 'FROM b\n', { expected: 'FROM a\n' });
    assert.equal(readFileSync(file, 'utf8'), 'FROM b\n');
  });

  it('refuses to overwrite a file that no longer holds the expected text, leaving it and no temp file', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM edited\n');
    await assert.rejects(writeFileAtomic(file, 'FROM b\n', { expected: 'FROM a\n' }), (e: unknown) => {
      assert.ok(e instanceof FileChangedError);
      assert.match(e.message, /Dockerfile: changed while pinning; nothing written/);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), 'FROM edited\n');
    assert.deepEqual(readdirSync(dir), ['Dockerfile']);
  });

  it('of writes started together from the same text, one lands and the others find the file changed', async () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'A=1\nB=1\n');
    const texts = ['A=2\nB=1\n', 'A=1\nB=2\n', 'A=3\nB=3\n'];
    const results = await Promise.allSettled(texts.map((text) => writeFileAtomic(file, text, { expected: 'A=1\nB=1\n' })));
    const landed = results.flatMap((r, i) => (r.status === 'fulfilled' ? [texts[i]] : []));
    assert.equal(landed.length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof FileChangedError));
    assert.equal(readFileSync(file, 'utf8'), landed[0]);
    assert.deepEqual(readdirSync(dir), ['.env']);
  });

  const root = process.getuid?.() === 0;
  it(root
    ? "keeps another user's owner and group when run as root"
    : 'keeps the owner and group (run as non-root: checks only that the file stays ours; giving it to another user needs root)', async () => {
    const file = join(dir, 'Dockerfile');
    writeFileSync(file, 'FROM a\n');
    chmodSync(file, 0o664);
    const owner = root ? { uid: 4321, gid: 8765 } : { uid: statSync(file).uid, gid: statSync(file).gid };
    if (root) chownSync(file, owner.uid, owner.gid);
    await writeFileAtomic(file, 'FROM b\n');
    const after = statSync(file);
    assert.deepEqual({ uid: after.uid, gid: after.gid }, owner);
    assert.equal(after.mode & 0o7777, 0o664);
    assert.equal(readFileSync(file, 'utf8'), 'FROM b\n');
  });
});
