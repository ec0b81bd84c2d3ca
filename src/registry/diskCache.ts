// The on-disk cache: manifests and image configs by digest (content that never changes), and
// which digest each tag named when last fetched (a hint that a HEAD may be enough next time).
//
// Layout under the cache directory:
//   manifests/sha256/<hex>   the media type, a newline, then the registry's exact bytes
//   blobs/sha256/<hex>       an image config's exact bytes
//   tags/<sha256 of key>     the digest a tag named, for one registry endpoint and repository
//   written                  bytes and entries written since the last prune, by every process
// (The CLI keeps its code cache in the same directory, under code/: src/startup/codeCache.ts. Pruning
// here touches only the kinds above.)
// Every read is verified against its digest: a damaged entry (a crash, a disk error, an edit) is
// deleted and reported as a miss, never trusted. Entries are written to a temp file in the same
// directory and renamed into place, so a reader in another process never sees a partial file;
// without fsync a crash may leave a short file behind, which that check then throws away.
// Files are 0600 and directories 0700: a private image's manifest names its layers.
//
// Writes are queued, not waited for: the answer that was fetched goes on at once, and this process
// reads its own queued entries back from memory. `flush()` waits for every queued write (a CLI
// calls it before it exits). Pruning reads the whole directory, so it runs only once a tenth of a
// bound has been written since the last one: each process adds what it wrote to the `written`
// counter when its queue drains, and the process that takes the counter over that share prunes.
// Two processes adding at the same moment may lose one's share: the bound is approximate by that.
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { silentLogger, type Logger } from '../core/types';
import { computeDigest } from './digest';
import type { BlobContent, ManifestContent } from './types';

/** 50 MiB: thousands of manifests (a few KiB each), far more than a big monorepo names. */
export const DEFAULT_CACHE_MAX_BYTES = 50 * 1024 * 1024;
export const DEFAULT_CACHE_MAX_ENTRIES = 20_000;
/** Pruning frees down to this share of the bounds, so it does not run again at the next write. */
const PRUNE_TARGET = 0.8;
/** A prune is due once this share of a bound has been written since the last one. */
const PRUNE_EVERY = 0.1;
const COUNTER = 'written';
/** A temp file this old belongs to a process that died before its rename. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const SHA256 = /^sha256:([a-f0-9]{64})$/;
const MEDIA_TYPE = /^[a-z0-9][\w.+-]*\/[\w.+-]+$/;
const KINDS = ['manifests/sha256', 'blobs/sha256', 'tags'] as const;

export interface DiskCacheOptions {
  readonly directory: string;
  readonly maxBytes?: number;
  readonly maxEntries?: number;
  readonly logger?: Logger;
}

export class DiskCache {
  readonly directory: string;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  private readonly logger: Logger;
  private readonly made = new Map<string, Promise<void>>();
  /** Entries queued or being written, by file: what this process reads back until they are on disk. */
  private readonly queued = new Map<string, Buffer>();
  /** Writes not finished yet, and the counter update or prune that follows them. */
  private readonly pending = new Set<Promise<void>>();
  /** Written by this process and not yet added to the `written` counter. */
  private unsaved = { bytes: 0, entries: 0 };
  private saving: Promise<void> | undefined;
  private warned = false;

  constructor(options: DiskCacheOptions) {
    this.directory = options.directory;
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    this.maxEntries = options.maxEntries ?? DEFAULT_CACHE_MAX_ENTRIES;
    this.logger = options.logger ?? silentLogger;
  }

  /** The manifest at `digest` (sha256 only), verified; undefined when absent or damaged. */
  async readManifest(digest: string): Promise<ManifestContent | undefined> {
    const file = this.contentPath('manifests', digest);
    if (file === undefined) return undefined;
    const raw = await this.read(file);
    if (raw === undefined) return undefined;
    const newline = raw.indexOf(0x0a);
    const mediaType = newline > 0 ? raw.subarray(0, newline).toString('latin1') : '';
    const bytes = raw.subarray(newline + 1);
    if (!MEDIA_TYPE.test(mediaType) || computeDigest(bytes) !== digest) return this.discard(file);
    await this.touch(file);
    return { bytes, mediaType, digest };
  }

  async writeManifest(content: ManifestContent): Promise<void> {
    const file = this.contentPath('manifests', content.digest);
    if (file === undefined || !MEDIA_TYPE.test(content.mediaType)) return;
    await this.write(file, Buffer.concat([Buffer.from(`${content.mediaType}\n`, 'latin1'), content.bytes]));
  }

  /** The blob at `digest` (sha256 only), verified; undefined when absent or damaged. */
  async readBlob(digest: string): Promise<Buffer | undefined> {
    const file = this.contentPath('blobs', digest);
    if (file === undefined) return undefined;
    const bytes = await this.read(file);
    if (bytes === undefined) return undefined;
    if (computeDigest(bytes) !== digest) return this.discard(file);
    await this.touch(file);
    return bytes;
  }

  /** `blob` as the fetcher verified it: its digest is not computed again here (reads verify). */
  async writeBlob(blob: BlobContent): Promise<void> {
    const file = this.contentPath('blobs', blob.digest);
    if (file === undefined) return;
    await this.write(file, blob.bytes);
  }

  /** The digest `key` (a registry endpoint, repository and tag) named when last fetched. */
  async tagDigest(key: string): Promise<string | undefined> {
    const file = this.tagPath(key);
    const raw = await this.read(file);
    if (raw === undefined) return undefined;
    const digest = raw.toString('latin1').trim();
    if (!SHA256.test(digest)) return this.discard(file);
    await this.touch(file);
    return digest;
  }

  async rememberTag(key: string, digest: string): Promise<void> {
    if (!SHA256.test(digest)) return;
    await this.write(this.tagPath(key), Buffer.from(`${digest}\n`, 'latin1'));
  }

  /** Settles when every write queued so far is on disk (or has failed) and the prune it may have started is done. */
  async flush(): Promise<void> {
    while (this.pending.size > 0 || this.saving !== undefined) {
      await Promise.all([...this.pending]);
      await this.saving;
    }
  }

  /**
   * Deletes the least recently used entries (by mtime, which reads refresh) until the cache is
   * under its bounds, and temp files left by processes that died. Another process pruning or
   * reading at the same time only finds an entry gone: a miss.
   */
  async prune(): Promise<void> {
    const entries: Array<{ file: string; size: number; mtimeMs: number }> = [];
    const now = Date.now();
    for (const kind of KINDS) {
      const dir = path.join(this.directory, kind);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(dir, name);
        try {
          const s = await stat(file);
          if (!s.isFile()) continue;
          if (name.endsWith('.tmp')) {
            if (now - s.mtimeMs > STALE_TEMP_MS) await unlink(file).catch(() => undefined);
            continue;
          }
          entries.push({ file, size: s.size, mtimeMs: s.mtimeMs });
        } catch {
          // gone meanwhile
        }
      }
    }
    let bytes = entries.reduce((sum, e) => sum + e.size, 0);
    let count = entries.length;
    if (bytes <= this.maxBytes && count <= this.maxEntries) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of entries) {
      if (bytes <= this.maxBytes * PRUNE_TARGET && count <= this.maxEntries * PRUNE_TARGET) break;
      await unlink(entry.file).catch(() => undefined);
      bytes -= entry.size;
      count--;
    }
    this.logger.debug(`cache ${this.directory}: pruned to ${count} entries, ${bytes} bytes`);
  }

  private contentPath(kind: 'manifests' | 'blobs', digest: string): string | undefined {
    const hex = SHA256.exec(digest)?.[1];
    return hex === undefined ? undefined : path.join(this.directory, kind, 'sha256', hex);
  }

  private tagPath(key: string): string {
    return path.join(this.directory, 'tags', createHash('sha256').update(key).digest('hex'));
  }

  private async read(file: string): Promise<Buffer | undefined> {
    const queued = this.queued.get(file);
    if (queued !== undefined) return queued;
    try {
      return await readFile(file);
    } catch {
      // Absent, or unreadable: a miss either way, and the registry answers instead.
      return undefined;
    }
  }

  private async discard(file: string): Promise<undefined> {
    this.logger.debug(`cache ${file}: damaged, ignored and removed`);
    await unlink(file).catch(() => undefined);
    return undefined;
  }

  /** Marks an entry as used, so pruning removes it last. */
  private async touch(file: string): Promise<void> {
    if (this.queued.has(file)) return;
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
  }

  /**
   * Queues `bytes` for `file` and settles once they are written: a caller need not wait, and a
   * read in this process meanwhile gets them from the queue.
   */
  private write(file: string, bytes: Buffer): Promise<void> {
    this.queued.set(file, bytes);
    const written = this.store(file, bytes).finally(() => {
      if (this.queued.get(file) === bytes) this.queued.delete(file);
      this.pending.delete(written);
      if (this.pending.size === 0) this.saveCounter();
    });
    this.pending.add(written);
    return written;
  }

  /**
   * Temp file in the same directory, then rename: atomic on one file system, so readers see the
   * old entry, the new one or none. A write that fails (read-only, full disk) leaves the answer
   * as fetched: the cache only saves requests, it is never needed for one. Never rejects.
   */
  private async store(file: string, bytes: Buffer): Promise<void> {
    const dir = path.dirname(file);
    const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.makeDirectory(dir);
      await writeFile(temp, bytes, { mode: 0o600, flag: 'wx' });
      try {
        await rename(temp, file);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        // Windows refuses to replace a file another process has open; that one holds the same bytes.
        if (!(await exists(file))) throw error;
      }
    } catch (error) {
      this.cannotWrite(error);
      return;
    }
    this.unsaved.bytes += bytes.length;
    this.unsaved.entries++;
  }

  private cannotWrite(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(`cache ${this.directory} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); going on without storing what is fetched`);
  }

  private makeDirectory(dir: string): Promise<void> {
    let made = this.made.get(dir);
    if (made === undefined) {
      made = mkdir(dir, { recursive: true, mode: 0o700 }).then(() => undefined);
      made.catch(() => this.made.delete(dir));
      this.made.set(dir, made);
    }
    return made;
  }

  /**
   * Adds what this process wrote to the `written` counter (one small read and write), and prunes
   * when the counter passes a tenth of either bound. A counter that cannot be read as two numbers
   * is taken as due. Runs one at a time; writes finished meanwhile are added by the next one.
   */
  private saveCounter(): void {
    if (this.saving !== undefined || (this.unsaved.bytes === 0 && this.unsaved.entries === 0)) return;
    const adding = this.unsaved;
    this.unsaved = { bytes: 0, entries: 0 };
    const file = path.join(this.directory, COUNTER);
    this.saving = (async () => {
      const raw = (await this.read(file))?.toString('latin1');
      const [bytes, entries] = raw === undefined ? [0, 0] : /^(\d+) (\d+)\n$/.exec(raw)?.slice(1).map(Number) ?? [Infinity, Infinity];
      const total = { bytes: bytes + adding.bytes, entries: entries + adding.entries };
      const due = total.bytes > this.maxBytes * PRUNE_EVERY || total.entries > this.maxEntries * PRUNE_EVERY;
      if (due) {
        await this.prune().catch((error: unknown) => this.logger.debug(`cache ${this.directory}: pruning failed (${String(error)})`));
      }
      const text = due ? '0 0\n' : `${total.bytes} ${total.entries}\n`;
      const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
        await rename(temp, file);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        this.cannotWrite(error);
      }
    })().finally(() => {
      this.saving = undefined;
      this.saveCounter();
    });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
