// Replaces a file so that readers see the old text or the new one, never half of either.
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

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
  const original = await stat(file);
  if (!original.isFile()) throw new NotRegularFileError(file);
  const target = await realpath(file);
  const mode = original.mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.docker-pin-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      // Root would otherwise hand a user's Dockerfile over to root. Others cannot give files away,
      // and their new file is theirs as the old one was.
      if (isRoot()) {
        const created = await handle.stat();
        if (created.uid !== original.uid || created.gid !== original.gid) await handle.chown(original.uid, original.gid);
      }
    } finally {
      await handle.close();
    }
    // Set after creation (the mode given to open() is filtered by the umask) and after chown
    // (which clears set-id bits).
    await chmod(temp, mode);
    // As late as possible: only the rename itself is left between this check and the write, and no
    // other write of this process to the file comes between them.
    await oneAtATime(target, async () => {
      if (options.expected !== undefined && !(await readFile(target)).equals(Buffer.from(options.expected, 'utf8'))) {
        throw new FileChangedError(file);
      }
      await rename(temp, target);
    });
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The last write of this process to each file, still under way. */
const writing = new Map<string, Promise<void>>();

/** Runs `work` once the writes to `target` this process started before it are done. */
async function oneAtATime(target: string, work: () => Promise<void>): Promise<void> {
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
