// An esbuild plugin that keeps out of the bundles the parts of axios docker-pin never uses but
// that axios's Node build evaluates on load, before the CLI can send its first request:
//   - `form-data` (with mime-db's JSON, get-intrinsic, asynckit…): docker-pin never sends a
//     multipart form;
//   - axios's own https-proxy-agent (with agent-base and debug): docker-pin turns axios's proxy
//     support off and passes its own agents (src/registry/agents.ts).
// Each stand-in throws a message saying why if axios ever constructs it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Imports made from axios's own files that get a module of ours instead. */
const STAND_INS = [
  { request: /^form-data$/, file: 'noFormData.ts' },
  { request: /^https-proxy-agent$/, file: 'noAxiosProxyAgent.ts' },
];

/** Only axios's imports: docker-pin's own `https-proxy-agent` (a newer major) stays. */
const insideAxios = (importer) => /[\\/]node_modules[\\/]axios[\\/]/.test(importer);

/** @returns {import('esbuild').Plugin} */
export function axiosDiet() {
  return {
    name: 'axios-diet',
    setup(build) {
      for (const standIn of STAND_INS) {
        build.onResolve({ filter: standIn.request }, (args) => (insideAxios(args.importer) ? { path: join(here, standIn.file) } : undefined));
      }
    },
  };
}
