// Bundles the CLI into dist/ (what the npm package ships) and the extension into extension/dist/
// (the extension's own folder, whose package.json is its manifest), or both into `--outdir DIR`.
// `--production` minifies the extension, `--watch` rebuilds.
// `--action` builds only the GitHub Action's bundle, action/main.js (src/action/main.ts), always
// minified and without a source map: the repository commits it, since `uses:` runs the repository
// as committed, and a test checks that it is what this build makes from the sources.
// The CLI is dist/cli.js, a small loader (src/cli/bin.ts) that runs the bundle dist/cli-main.js
// (src/cli/main.ts) from a V8 code cache the CLI made on an earlier run on the same machine
// (src/startup/codeCache.ts; a cache made here at build time would be rejected by every other Node).
// The extension is the same: dist/extension.js is a small loader (src/extension/loader.ts) that runs
// dist/extension-main.js (src/extension/extension.ts) from a cache in the extension's global storage.
// Both are always built as the npm package ships them, minified (Node reads less than half the
// bytes before it runs a line; BENCHMARKS.md, "Start-up tricks"), with source maps beside them (not
// packed), so that `node --enable-source-maps dist/cli.js` in a clone puts a stack trace in the
// sources' terms.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleOptions } from './src/build/bundleOptions.mjs';

const action = process.argv.includes('--action');
const production = process.argv.includes('--production') || action;
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? undefined : process.argv[outdirAt + 1];
if (outdirAt !== -1 && (!outdir || outdir.startsWith('--'))) throw new Error('esbuild.mjs: --outdir needs a directory');

const cliAndExtension = [
  {
    entryPoints: { cli: 'src/cli/bin.ts', 'cli-main': 'src/cli/main.ts' },
    banner: '#!/usr/bin/env node',
    outdir: outdir ?? 'dist',
    shipped: true,
  },
  // With the bundle, the repository config's schema: the manifest's yamlValidation offers it to YAML editors.
  { entryPoints: { extension: 'src/extension/loader.ts', 'extension-main': 'src/extension/extension.ts' }, outdir: outdir ?? 'extension/dist', copies: ['schemas/docker-pin.schema.json'] },
];
const bundles = (action ? [{ entryPoints: { main: 'src/action/main.ts' }, outdir: outdir ?? 'action' }] : cliAndExtension).filter((b) =>
  Object.values(b.entryPoints).every((file) => existsSync(file)),
);

const contexts = await Promise.all(
  bundles.map((b) =>
    esbuild.context(bundleOptions({ entryPoints: b.entryPoints, outdir: b.outdir, sourcemap: b.shipped || !production, minify: b.shipped || production, banner: b.banner })),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  for (const b of bundles) for (const file of b.copies ?? []) copyFileSync(file, join(b.outdir, basename(file)));
}
