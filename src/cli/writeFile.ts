// Replaces a file so that readers see the old text or the new one, never half of either.
import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a temp file next to the target (same filesystem, so `rename` is atomic), flushes it,
 * gives it the target's permission bits, then renames it over the target. A symlink is followed,
 * so the link stays a link and its target is what changes.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await realpath(file);
  const mode = (await stat(target)).mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.docker-pin-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Set after creation: the mode given to open() is filtered by the umask.
    await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
