// Bundles the CLI and the extension into dist/. `--production` minifies, `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { axiosDiet } from './src/build/axiosDiet.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
  { in: 'src/extension/extension.ts', out: 'extension' },
].filter((e) => existsSync(e.in));

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir: 'dist',
      external: ['vscode'],
      sourcemap: !production,
      minify: production,
      banner: e.banner ? { js: e.banner } : undefined,
      // Leaves out what axios evaluates on load but docker-pin never uses (src/build/axiosDiet.mjs).
      plugins: [axiosDiet()],
      logLevel: 'warning',
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
