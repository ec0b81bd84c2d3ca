// An esbuild plugin that keeps out of the bundles the parts of axios docker-pin never uses but
// that axios's Node build evaluates on load, before the CLI can send its first request:
//   - `form-data` (with mime-db's JSON, get-intrinsic, asynckit…): docker-pin never sends a
//     multipart form;
//   - axios's own https-proxy-agent (with agent-base and debug): docker-pin turns axios's proxy
//     support off and passes its own agents (src/registry/agents.ts);
//   - `follow-redirects`, which axios uses only for requests that let it follow redirects: docker-pin
//     sends `maxRedirects: 0` and follows them in its own transport layer;
//   - Node's `http2`, needed only for a request that asks for HTTP/2, which docker-pin never makes:
//     a stand-in loads it on first use (~2 ms saved);
//   - undici, Node's fetch: reading the lazy globals `FormData` or `Request` makes Node load it
//     (~10 ms), and axios reads them on load, in utils.js and in its fetch adapter, which it never
//     picks in Node (its default order is xhr, http, fetch);
//   - on the first request, `process.allowedNodeEnvironmentFlags` (a set of every flag Node takes,
//     built on first use, ~1 ms), which axios reads to learn whether an agent may proxy by itself
//     (Node's `proxyEnv`): docker-pin's agents never do, and an agent without `proxyEnv` is
//     answered before the set is asked for.
// Each stand-in says why if axios ever uses it. Should axios's files change so that a patch below
// no longer applies, the build warns and bundles that file unchanged: slower, never wrong.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Imports made from axios's own files that get a module of ours instead. */
const STAND_INS = [
  { request: /^form-data$/, file: 'noFormData.ts' },
  { request: /^https-proxy-agent$/, file: 'noAxiosProxyAgent.ts' },
  { request: /^follow-redirects$/, file: 'noFollowRedirects.ts' },
  { request: /^http2$/, file: 'lazyHttp2.ts' },
  { request: /^\.\/fetch\.js$/, importerDir: /[\\/]axios[\\/]lib[\\/]adapters$/, file: 'noFetchAdapter.ts' },
];

/** Text replaced in axios's own files; `lost` says what a build whose patch no longer applies costs. */
const PATCHES = [
  {
    // axios keeps `globalThis.FormData` to recognise FormData bodies by `instanceof`. Without it,
    // isFormData still knows a spec FormData by its Symbol.toStringTag, so nothing is lost.
    file: /[\\/]node_modules[\\/]axios[\\/]lib[\\/]utils\.js$/,
    find: "const FormDataCtor = typeof G.FormData !== 'undefined' ? G.FormData : undefined;",
    replace: 'const FormDataCtor = undefined; // docker-pin: reading globalThis.FormData loads undici (src/build/axiosDiet.mjs)',
    lost: 'no longer reads globalThis.FormData as expected; bundled unchanged, so undici loads at start-up',
  },
  {
    // getDirectAgent returns the agent it was given unless that agent has an object `proxyEnv` (and
    // Node knows --use-env-proxy): asked first, an agent without one needs no look at Node's flags.
    file: /[\\/]node_modules[\\/]axios[\\/]lib[\\/]adapters[\\/]http\.js$/,
    find: 'function getDirectAgent(configuredAgent, transport) {\n',
    replace:
      'function getDirectAgent(configuredAgent, transport) {\n' +
      '  // docker-pin: without proxyEnv the answer is this agent; asked before Node\'s flag set is built (src/build/axiosDiet.mjs)\n' +
      '  if (configuredAgent && !(configuredAgent.options && configuredAgent.options.proxyEnv)) return configuredAgent;\n',
    lost: 'no longer starts getDirectAgent as expected; bundled unchanged, so the first request builds Node\'s flag set',
  },
];

/** Only axios's imports: docker-pin's own `https-proxy-agent` (a newer major) stays. */
const insideAxios = (importer) => /[\\/]node_modules[\\/]axios[\\/]/.test(importer);

/** @returns {import('esbuild').Plugin} */
export function axiosDiet() {
  return {
    name: 'axios-diet',
    setup(build) {
      for (const standIn of STAND_INS) {
        build.onResolve({ filter: standIn.request }, (args) => {
          if (!insideAxios(args.importer)) return undefined;
          if (standIn.importerDir && !standIn.importerDir.test(dirname(args.importer))) return undefined;
          return { path: join(here, standIn.file) };
        });
      }
      for (const patch of PATCHES) {
        build.onLoad({ filter: patch.file }, async (args) => {
          const source = await readFile(args.path, 'utf8');
          if (!source.includes(patch.find)) return { contents: source, loader: 'js', warnings: [{ text: `axios-diet: ${args.path} ${patch.lost}` }] };
          return { contents: source.replace(patch.find, patch.replace), loader: 'js' };
        });
      }
    },
  };
}
