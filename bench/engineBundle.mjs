// Builds the engine the way the shipped bundles are built (src/build/bundleOptions.mjs: minified,
// the same plugins), with scenario 4's task as its entry, into the directory given:
// `node bench/engineBundle.mjs DIR` writes DIR/engine.js. Scenario 4 times the engine users run,
// the one inside the CLI's and the extension's bundles, not the TypeScript compiler's output.
import * as esbuild from 'esbuild';
import { bundleOptions } from '../src/build/bundleOptions.mjs';

const outdir = process.argv[2];
if (!outdir) throw new Error('bench/engineBundle.mjs: give the directory to build into');
await esbuild.build(bundleOptions({ entryPoints: { engine: 'bench/tasks/scanPlanTask.ts' }, outdir, minify: true, sourcemap: false }));
