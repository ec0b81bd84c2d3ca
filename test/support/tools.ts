// Finding the system programs the tests drive (the registry, htpasswd, openssl). A missing one is
// a loud failure naming the Debian package, never a silent skip: a skipped integration test
// looks exactly like a passing one in a CI summary.
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** The absolute path of `name` (searched on PATH unless it is already a path). */
export function findCommand(name: string): string | undefined {
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

/** The absolute path of `name`; throws naming the Debian package to install when it is missing. */
export function requireCommand(name: string, debianPackage: string): string {
  const found = findCommand(name);
  if (found) return found;
  throw new Error(
    `The tests need the program "${name}", which is not installed. ` +
      `Install the Debian package "${debianPackage}" (sudo apt-get install ${debianPackage}, ` +
      `or run scripts/setup-system.sh as root).`,
  );
}
