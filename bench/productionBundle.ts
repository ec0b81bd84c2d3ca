// The extension as users get it: bundled by `esbuild.mjs --production` itself, as for the .vsix
// (minified, no source map, the same plugins), into a temporary directory so the working tree's
// dist/ (often a development build) is left alone and the measurement does not depend on it. The
// engine alone (scenario 4's task) is built with the same options (bench/engineBundle.mjs).
import { execFileSync } from 'node:child_process';
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
  execFileSync(process.execPath, ['esbuild.mjs', '--production', '--outdir', dir], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // The loader VS Code runs and the bundle it runs: what the .vsix ships.
  const bytes = statSync(path).size + statSync(join(dir, 'extension-main.js')).size;
  return { path, bytes, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Scenario 4's task bundled with the engine as the shipped bundles bundle it (bench/engineBundle.mjs). */
export async function buildProductionEngine(): Promise<ProductionBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'docker-pin-bench-engine-'));
  const path = join(dir, 'engine.js');
  execFileSync(process.execPath, [join('bench', 'engineBundle.mjs'), dir], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return { path, bytes: statSync(path).size, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
