// The extension as users get it: bundled the way `esbuild.mjs --production` does for the .vsix
// (minified, no source map), built into a temporary directory so the working tree's dist/ (often
// a development build) is left alone and the measurement does not depend on how it was built.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

export interface ProductionBundle {
  readonly path: string;
  readonly bytes: number;
  remove(): void;
}

export async function buildProductionExtension(): Promise<ProductionBundle> {
  const entry = join(REPO_ROOT, 'src', 'extension', 'extension.ts');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: there is no extension to measure`);
  const dir = mkdtempSync(join(tmpdir(), 'docker-pin-bench-bundle-'));
  const path = join(dir, 'extension.js');
  // The same settings as esbuild.mjs with --production.
  await build({ entryPoints: [entry], outfile: path, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], minify: true, sourcemap: false, logLevel: 'error' });
  return { path, bytes: statSync(path).size, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
