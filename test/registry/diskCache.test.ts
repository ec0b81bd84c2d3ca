// The disk cache on a real temp directory: exact bytes back, verified on every read, damaged
// entries dropped, bounded in size, private to the user, and never a partial file.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeDigest } from '../../src/registry/digest';
import { defaultCacheDirectory } from '../../src/cli/cacheDirectory';
import { DiskCache } from '../../src/registry/diskCache';
import type { ManifestContent } from '../../src/registry/types';

const INDEX = 'application/vnd.oci.image.index.v1+json';

function manifest(text: string, mediaType = INDEX): ManifestContent {
  const bytes = Buffer.from(text);
  return { bytes, mediaType, digest: computeDigest(bytes) };
}

function hexOf(digest: string): string {
  return digest.slice('sha256:'.length);
}

describe('DiskCache', () => {
  let dir: string;
  let cache: DiskCache;

  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'docker-pin-diskcache-')), 'docker-pin');
    cache = new DiskCache({ directory: dir });
  });
  afterEach(async () => {
    await cache.flush();
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('gives back the exact bytes and media type it stored, by digest', async () => {
    // Spacing and key order a re-serialization would lose.
    const content = manifest('{ "schemaVersion": 2,\n  "manifests": [] }\n');
    await cache.writeManifest(content);
    assert.deepEqual(await cache.readManifest(content.digest), content);
    const file = path.join(dir, 'manifests', 'sha256', hexOf(content.digest));
    assert.equal((await readFile(file)).toString(), `${INDEX}\n${content.bytes.toString()}`);
    assert.equal(await cache.readManifest(computeDigest(Buffer.from('other'))), undefined);
  });

  it('ignores and removes a damaged manifest, blob or tag entry', async () => {
    const content = manifest('{"schemaVersion":2,"manifests":[]}');
    await cache.writeManifest(content);
    const file = path.join(dir, 'manifests', 'sha256', hexOf(content.digest));
    const raw = await readFile(file);
    raw[raw.length - 3] ^= 0x01;
    await writeFile(file, raw);
    assert.equal(await cache.readManifest(content.digest), undefined);
    await assert.rejects(stat(file), { code: 'ENOENT' });

    const blob = Buffer.from('{"os":"linux","architecture":"amd64"}');
    const blobDigest = computeDigest(blob);
    await cache.writeBlob({ bytes: blob, digest: blobDigest });
    const blobFile = path.join(dir, 'blobs', 'sha256', hexOf(blobDigest));
    await writeFile(blobFile, blob.subarray(0, 10));
    assert.equal(await cache.readBlob(blobDigest), undefined);
    await assert.rejects(stat(blobFile), { code: 'ENOENT' });

    await cache.rememberTag('r/a:1', content.digest);
    const [tagFile] = await readdir(path.join(dir, 'tags'));
    await writeFile(path.join(dir, 'tags', tagFile), 'sha256:not-a-digest\n');
    assert.equal(await cache.tagDigest('r/a:1'), undefined);
  });

  it('remembers the digest a tag named, per key', async () => {
    const a = manifest('{"a":1}').digest;
    const b = manifest('{"b":1}').digest;
    await cache.rememberTag('http://r/v2/x/manifests/1', a);
    await cache.rememberTag('http://r/v2/y/manifests/1', b);
    assert.equal(await cache.tagDigest('http://r/v2/x/manifests/1'), a);
    assert.equal(await cache.tagDigest('http://r/v2/y/manifests/1'), b);
    await cache.rememberTag('http://r/v2/x/manifests/1', b);
    assert.equal(await cache.tagDigest('http://r/v2/x/manifests/1'), b);
    assert.equal(await cache.tagDigest('http://r/v2/x/manifests/2'), undefined);
  });

  it('keeps entries private to the user: directories 0700, files 0600', async () => {
    const content = manifest('{"private":true}');
    await cache.writeManifest(content);
    await cache.rememberTag('k', content.digest);
    for (const d of [dir, path.join(dir, 'manifests'), path.join(dir, 'manifests', 'sha256'), path.join(dir, 'tags')]) {
      assert.equal((await stat(d)).mode & 0o777, 0o700, d);
    }
    assert.equal((await stat(path.join(dir, 'manifests', 'sha256', hexOf(content.digest)))).mode & 0o777, 0o600);
  });

  it('leaves no temp file behind, and readers never see a partial entry while many writers race', async () => {
    const contents = Array.from({ length: 20 }, (_, i) => manifest(`{"n":${i},"pad":"${'x'.repeat(20_000)}"}`));
    // Two caches on one directory stand for two processes.
    const other = new DiskCache({ directory: dir });
    const reads: Promise<ManifestContent | undefined>[] = [];
    await Promise.all(
      contents.flatMap((c) => {
        reads.push(cache.readManifest(c.digest));
        return [cache.writeManifest(c), other.writeManifest(c), cache.writeManifest(c)];
      }),
    );
    await other.flush();
    for (const read of await Promise.all(reads)) assert.ok(read === undefined || contents.some((c) => c.digest === read.digest));
    for (const c of contents) assert.deepEqual(await cache.readManifest(c.digest), c);
    const names = await readdir(path.join(dir, 'manifests', 'sha256'));
    assert.deepEqual(names.filter((n) => n.endsWith('.tmp')), []);
    assert.equal(names.length, contents.length);
  });

  it('evicts the least recently used entries when over its size bound', async () => {
    const contents = Array.from({ length: 8 }, (_, i) => manifest(`{"n":${i},"pad":"${'x'.repeat(2_000)}"}`));
    for (const [i, c] of contents.entries()) {
      await cache.writeManifest(c);
      // Older entries first, as a run days ago left them.
      const when = new Date(Date.now() - (100 - i) * 60_000);
      await utimes(path.join(dir, 'manifests', 'sha256', hexOf(c.digest)), when, when);
    }
    // The same directory under a bound these 16 kB exceed.
    const small = new DiskCache({ directory: dir, maxBytes: 10_000 });
    // Reading marks an entry used: the oldest one now stays.
    assert.ok(await small.readManifest(contents[0].digest));
    await small.prune();
    const held = await Promise.all(contents.map(async (c) => (await small.readManifest(c.digest)) !== undefined));
    assert.equal(held[0], true, 'the entry just read is kept');
    assert.deepEqual(held.slice(1, 5), [false, false, false, false], 'the oldest unused entries are gone');
    assert.equal(held[7], true, 'the newest entry is kept');
    let total = 0;
    for (const name of await readdir(path.join(dir, 'manifests', 'sha256'))) total += (await stat(path.join(dir, 'manifests', 'sha256', name))).size;
    assert.ok(total <= 10_000, `${total} bytes left`);
  });

  it('prunes on its own as it writes', async () => {
    const small = new DiskCache({ directory: dir, maxBytes: 10_000 });
    for (let i = 0; i < 12; i++) {
      await small.writeManifest(manifest(`{"n":${i},"pad":"${'x'.repeat(2_000)}"}`));
      // Whatever prune the write started has seen it.
      await small.flush();
    }
    let total = 0;
    for (const name of await readdir(path.join(dir, 'manifests', 'sha256'))) total += (await stat(path.join(dir, 'manifests', 'sha256', name))).size;
    assert.ok(total <= 10_000, `${total} bytes left`);
  });

  it('answers from a write still queued, and has it on disk after flush()', async () => {
    const content = manifest('{"queued":true}');
    const blob = Buffer.from('{"os":"linux"}');
    // Not waited for, as the registry client leaves them.
    void cache.writeManifest(content);
    void cache.writeBlob({ bytes: blob, digest: computeDigest(blob) });
    void cache.rememberTag('k', content.digest);
    assert.deepEqual(await cache.readManifest(content.digest), content);
    assert.deepEqual(await cache.readBlob(computeDigest(blob)), blob);
    assert.equal(await cache.tagDigest('k'), content.digest);
    await cache.flush();
    const other = new DiskCache({ directory: dir });
    assert.deepEqual(await other.readManifest(content.digest), content);
    assert.deepEqual(await other.readBlob(computeDigest(blob)), blob);
    assert.equal(await other.tagDigest('k'), content.digest);
  });

  it('reads the directory to prune only once a tenth of a bound is written, counting every process', async () => {
    // An old entry over the bound, left by an earlier run.
    const old = manifest(`{"old":"${'x'.repeat(12_000)}"}`);
    await cache.writeManifest(old);
    await cache.flush();
    const oldFile = path.join(dir, 'manifests', 'sha256', hexOf(old.digest));
    const when = new Date(Date.now() - 3_600_000);
    await utimes(oldFile, when, when);
    await writeFile(path.join(dir, 'written'), '0 0\n');
    // Two processes share the directory under a 10 kB bound: a prune is due after 1 kB written.
    const [a, b] = [new DiskCache({ directory: dir, maxBytes: 10_000 }), new DiskCache({ directory: dir, maxBytes: 10_000 })];
    await a.writeManifest(manifest(`{"a":"${'x'.repeat(600)}"}`));
    await a.flush();
    await stat(oldFile);
    await b.writeManifest(manifest(`{"b":"${'x'.repeat(600)}"}`));
    await b.flush();
    await assert.rejects(stat(oldFile), { code: 'ENOENT' });
    assert.equal(await readFile(path.join(dir, 'written'), 'utf8'), '0 0\n');
  });

  it('bounds the number of entries too', async () => {
    const few = new DiskCache({ directory: dir, maxEntries: 5 });
    for (let i = 0; i < 10; i++) await few.rememberTag(`k${i}`, manifest(`{"n":${i}}`).digest);
    await few.flush();
    await few.prune();
    assert.ok((await readdir(path.join(dir, 'tags'))).length <= 5);
  });

  it('goes on without storing when its directory cannot be written, warning once', async () => {
    // A file where the directory should be: refused even to root, who may write anywhere else.
    await writeFile(dir, 'not a directory');
    const warnings: string[] = [];
    const blocked = new DiskCache({ directory: dir, logger: { trace() {}, debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} } });
    const content = manifest('{"ro":1}');
    await blocked.writeManifest(content);
    await blocked.writeManifest(manifest('{"ro":2}'));
    assert.equal(await blocked.readManifest(content.digest), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /cannot be written \((ENOTDIR|EEXIST)\)/);
  });
});

describe('defaultCacheDirectory', () => {
  it('is $XDG_CACHE_HOME/docker-pin, else ~/.cache/docker-pin', () => {
    assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: '/xdg/cache' }, '/home/u'), path.join('/xdg/cache', 'docker-pin'));
    assert.equal(defaultCacheDirectory({}, '/home/u'), path.join('/home/u', '.cache', 'docker-pin'));
    // The XDG spec: a relative path is invalid and ignored.
    assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: 'rel' }, '/home/u'), path.join('/home/u', '.cache', 'docker-pin'));
  });
});
