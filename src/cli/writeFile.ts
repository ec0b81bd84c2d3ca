// Replaces a file so that readers see the old text or the new one, never half of either.
// Synchronously, as the CLI reads (readFile.ts), except the flush to disk: a write is some ten
// calls that each take microseconds, and through fs/promises each became a trip through Node's
// thread pool, queued behind the registry cache's writes that land in the same last round trip.
// The fsync, which waits for the disk, stays off the main thread, so that many files flush at once.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fchownSync, fstatSync, fsync, openSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const flush = promisify(fsync);

/** The file no longer holds the text the new one was made from; nothing was written. */
export class FileChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file}: changed while pinning; nothing written`);
    this.name = 'FileChangedError';
  }
}

/** Pipes, devices and the like are not replaced by a file; nothing was written. */
export class NotRegularFileError extends Error {
  constructor(readonly file: string) {
    super(`${file}: not a regular file; nothing written ("docker-pin pin -" pins text from stdin to stdout)`);
    this.name = 'NotRegularFileError';
  }
}

export interface WriteOptions {
  /**
   * The text the new one was made from. Checked against the file right before the rename, so an
   * edit made while the registry was being asked is never overwritten (FileChangedError instead).
   */
  readonly expected?: string;
}

/**
 * Writes a temp file next to the target (same filesystem, so `rename` is atomic), flushes it,
 * gives it the target's permission bits (and, when run as root, its owner and group), then renames
 * it over the target. A symlink is followed, so the link stays a link and its target is what changes.
 */
export async function writeFileAtomic(file: string, text: string, options: WriteOptions = {}): Promise<void> {
  // Before realpath: a pipe such as /dev/fd/63 (`<(…)`) has no real path to name.
  const original = statSync(file);
  if (!original.isFile()) throw new NotRegularFileError(file);
  const target = realpathSync(file);
  const mode = original.mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.docker-pin-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeFileSync(fd, text, 'utf8');
      await flush(fd);
      // Root would otherwise hand a user's Dockerfile over to root. Others cannot give files away,
      // and their new file is theirs as the old one was.
      if (isRoot()) {
        const created = fstatSync(fd);
        if (created.uid !== original.uid || created.gid !== original.gid) fchownSync(fd, original.uid, original.gid);
      }
    } finally {
      closeSync(fd);
    }
    // Set after creation (the mode given to open() is filtered by the umask) and after chown
    // (which clears set-id bits).
    chmodSync(temp, mode);
    // As late as possible: only the rename itself is left between this check and the write, and no
    // other write of this process to the file comes between them.
    await oneAtATime(target, () => {
      if (options.expected !== undefined && !readFileSync(target).equals(Buffer.from(options.expected, 'utf8'))) {
        throw new FileChangedError(file);
      }
      renameSync(temp, target);
    });
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The last write of this process to each file, still under way. */
const writing = new Map<string, Promise<void>>();

/** Runs `work` once the writes to `target` this process started before it are done. */
async function oneAtATime(target: string, work: () => void): Promise<void> {
  const before = writing.get(target) ?? Promise.resolve();
  const mine = before.then(work);
  const settled = mine.catch(() => undefined);
  writing.set(target, settled);
  try {
    await mine;
  } finally {
    if (writing.get(target) === settled) writing.delete(target);
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}
