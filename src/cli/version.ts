// The version printed by `--version`. esbuild inlines the JSON when it bundles dist/cli.js, so the
// installed CLI does not need package.json next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { version: string };

export const VERSION: string = pkg.version;
