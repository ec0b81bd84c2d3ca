// The size a user downloads: the extension bundled as `--production` would, built to a temporary
// directory so the working tree's dist/ (maybe a development build) is left alone.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

export async function minifiedSize(): Promise<number | undefined> {
  const entry = join(REPO_ROOT, 'src', 'extension', 'extension.ts');
  if (!existsSync(entry)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'docker-pin-bench-bundle-'));
  try {
    const outfile = join(dir, 'extension.js');
    // The same settings as esbuild.mjs with --production.
    await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], minify: true, sourcemap: false, logLevel: 'error' });
    return statSync(outfile).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
