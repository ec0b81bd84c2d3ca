// The esbuild options every docker-pin bundle is built with (esbuild.mjs), in one place, so that a
// bundle built elsewhere (the benchmark's build of the engine, bench/engineBundle.mjs) is built
// exactly as the shipped ones are: Node 20, CommonJS, `vscode` left to the host, jsonc-parser's
// ES module build, and the axios diet.
import { resolve } from 'node:path';
import { axiosDiet } from './axiosDiet.mjs';

/**
 * jsonc-parser's `main` is a UMD build that loads its parts with a `require` esbuild cannot follow
 * (`./impl/format` is then missing at run time); its ES module build bundles like any other.
 */
const jsoncEsm = {
  name: 'jsonc-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: resolve('node_modules/jsonc-parser/lib/esm/main.js') }));
  },
};

/**
 * esbuild's options for one bundle: `entryPoints` into `outdir`, minified or not, with a source map
 * or not, with `banner` (JavaScript) at its top. Paths are relative to the repository's root, the
 * working directory of every build.
 */
export function bundleOptions({ entryPoints, outdir, minify, sourcemap, banner }) {
  return {
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir,
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build that requires its parts at run time, out of a bundle's
    // reach; its ES module build bundles.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    sourcemap,
    minify,
    banner: banner === undefined ? undefined : { js: banner },
    // Leaves out what axios evaluates on load but docker-pin never uses (src/build/axiosDiet.mjs).
    plugins: [axiosDiet(), jsoncEsm],
    logLevel: 'warning',
  };
}
