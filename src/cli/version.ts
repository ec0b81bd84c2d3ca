// The version printed by `--version`. esbuild inlines the JSON when it bundles dist/cli-main.js, so the
// installed CLI does not need package.json next to it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require('../../package.json') as { version: string; homepage?: string };

export const VERSION: string = pkg.version;
/** The project's page, when package.json names one (SARIF's `informationUri`). */
export const HOMEPAGE: string | undefined = pkg.homepage;
