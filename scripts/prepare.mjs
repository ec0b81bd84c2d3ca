// npm's `prepare` script: applies patches/ to the installed libraries (patch-package) and builds
// the bundles (esbuild.mjs). npm runs it after `npm ci` / `npm install` in a clone, before
// `npm pack`, and when it installs this repository from git, as pre-commit does for its hooks
// (`npm install -g git+file://…`). For that last case npm means to install the devDependencies
// first, but in a global install from git it does not: the npm that should install them inherits
// `global` and installs nothing (npm/cli#8440). Then this script installs them itself, into this
// clone only, without their install scripts (the build needs none of them).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, env = process.env) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env });

const buildTools = ['esbuild', 'patch-package'];
if (!buildTools.every((name) => existsSync(join(root, 'node_modules', name, 'package.json')))) {
  console.error('prepare: the build tools are not installed (npm installs none in a global install from git); installing the devDependencies into this clone');
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (/^npm_config_global$/i.test(name)) delete env[name];
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
  run(npm[0], [...npm.slice(1), 'install', '--global=false', '--prefix', root, '--include=dev', '--ignore-scripts', '--no-save', '--no-audit', '--no-fund'], env);
}

run(process.execPath, [join(root, 'node_modules', 'patch-package', 'index.js')]);
run(process.execPath, [join(root, 'esbuild.mjs')]);
