// The files `pin` and `check` are given: `-` for standard input, and each file once however it is named.
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mapBounded } from './mapBounded';

/** `-` as a file: standard input (`check -` reads it; `pin -` writes the pinned text to stdout). */
export const STDIN = '-';

/** How a file is named in reports: as given, standard input as `<stdin>`. */
export function displayName(file: string): string {
  return file === STDIN ? '<stdin>' : file;
}

/**
 * `files` in argument order, each file once: a later name for a file already given (another
 * relative path, a symlink) is dropped, so the file is read, reported and written once, under its
 * first name. Files are told apart by real path, the path a pin writes to.
 */
export async function distinctFiles<F extends string | { readonly path: string }>(files: readonly F[]): Promise<F[]> {
  const identities = await mapBounded(files, (file) => identity(typeof file === 'string' ? file : file.path));
  const seen = new Set<string>();
  return files.filter((_, i) => {
    if (seen.has(identities[i])) return false;
    seen.add(identities[i]);
    return true;
  });
}

async function identity(file: string): Promise<string> {
  if (file === STDIN) return STDIN;
  try {
    return await realpath(file);
  } catch {
    // Missing or unreadable: reported when its turn comes; two spellings of it are still one file.
    return resolve(file);
  }
}
