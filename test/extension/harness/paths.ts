// Where the repository, the installed code-server and scratch folders are, seen from out/.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root: this file runs as out/test/extension/harness/paths.js. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

/** The extension's own folder: its manifest (package.json) and its bundle (dist/extension.js). */
export const extensionRoot = path.join(repoRoot, 'extension');

/** code-server as installed by scripts/setup-code-server.sh. */
export function codeServerBin(): string {
  const bin = path.join(repoRoot, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
  if (!existsSync(bin)) {
    throw new Error(`code-server is not installed at ${bin}: run \`bash scripts/setup-code-server.sh\` first`);
  }
  return bin;
}

/** A fresh folder under .test-tmp/ (ignored by git), so a failed run leaves its traces in one place. */
export function freshDir(prefix: string): string {
  const base = path.join(repoRoot, '.test-tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}
