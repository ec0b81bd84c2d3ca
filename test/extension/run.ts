// Launcher for the extension-host suites: `node out/test/extension/run.js` (npm run test:extension).
// For each pass it starts real registries, a fresh code-server with settings pointing Docker Hub
// names at the local registry, and a headless Chromium window whose workbench loads the
// extension's folder (extension/) as the extension under development and runs suite/index inside
// the extension host.
//
// Passes: `trusted` (workspace trust disabled: every suite but untrusted.test) and `untrusted`
// (trust left on, so the folder opens in restricted mode: only untrusted.test).
//
// Options: --pass trusted|untrusted (default both), --extension-path DIR, --tests-path MODULE
// (to run another extension's suite, e.g. to check the harness itself), --verbose (server output),
// --grep TEXT (only tests whose full title contains TEXT), --runner code-server|electron: where the
// suites run, code-server (the default) or desktop VS Code through @vscode/test-electron
// (harness/electron.ts; `npm run test:electron`), with the same registries, settings and suites.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRegistry, type TestRegistry } from '../support/registry';
import { onCleanup, runMain } from './harness/cleanup';
import { codeServerDirs, startCodeServer } from './harness/codeServer';
import { runInElectron, vscodeExecutable } from './harness/electron';
import { runHostTests } from './harness/hostTests';
import { extensionRoot, freshDir, repoRoot } from './harness/paths';
import { writeSettings, type Settings } from './harness/settings';
import { startUiBridge, type UiBridge } from './harness/uiBridge';
import { DEFAULT_PLATFORM_ENV, ENV, type PassName, type RegistryInfo } from './suite/env';

/** Both passes, code-server's start included: the trusted pass alone runs about 4 minutes on a quiet machine, far longer on a loaded one. */
const TIMEOUT_MS = 12 * 60_000;
/** Desktop VS Code may be downloaded first. */
const ELECTRON_TIMEOUT_MS = 15 * 60_000;

const { values } = parseArgs({
  options: {
    pass: { type: 'string', multiple: true },
    'extension-path': { type: 'string' },
    'tests-path': { type: 'string' },
    verbose: { type: 'boolean', default: false },
    grep: { type: 'string' },
    runner: { type: 'string', default: 'code-server' },
  },
});

const runner = values.runner;
if (runner !== 'code-server' && runner !== 'electron') throw new Error(`unknown runner "${runner}" (code-server or electron)`);

const passes = (values.pass ?? ['trusted', 'untrusted']) as PassName[];
for (const p of passes) {
  if (p !== 'trusted' && p !== 'untrusted') throw new Error(`unknown pass "${p}" (trusted or untrusted)`);
}
const extensionPath = path.resolve(values['extension-path'] ?? extensionRoot);
const testsPath = path.resolve(values['tests-path'] ?? path.join(repoRoot, 'out', 'test', 'extension', 'suite', 'index'));

function info(reg: TestRegistry): RegistryInfo {
  return { url: reg.url, host: reg.host, auth: reg.auth, username: reg.username, password: reg.password };
}

/** A docker config dir whose config.json holds the private registry's credentials (Basic). */
function writeDockerConfig(dir: string, reg: TestRegistry): string {
  mkdirSync(dir, { recursive: true });
  const auth = Buffer.from(`${reg.username ?? ''}:${reg.password ?? ''}`).toString('base64');
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth } } }, null, 2));
  return dir;
}

async function runPass(pass: PassName): Promise<number> {
  const dir = freshDir(`ext-${pass}`);
  const workspace = path.join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });

  // Deletes allowed: a suite removes an old manifest, as a registry's clean-up does.
  const publicReg = await startRegistry({ auth: 'none', deletes: true });
  const stopPublic = onCleanup('public registry', () => publicReg.stop());
  const privateReg = await startRegistry({ auth: 'basic' });
  const stopPrivate = onCleanup('private registry', () => privateReg.stop());

  const dockerConfig = writeDockerConfig(path.join(dir, 'docker'), privateReg);
  // The process environment points at an empty docker config, so only the setting can supply
  // credentials (and the user's own ~/.docker never leaks into a test).
  const emptyDockerConfig = path.join(dir, 'docker-empty');
  mkdirSync(emptyDockerConfig, { recursive: true });

  const settings = {
    user: { 'dockerPin.platform': 'linux/amd64' },
    machine: {
      'dockerPin.mirrors': { 'docker.io': publicReg.url },
      'dockerPin.dockerConfig': dockerConfig,
    },
  };
  const bridge = await startUiBridge();
  const env = {
    [ENV.pass]: pass,
    [ENV.registry]: publicReg.url,
    [ENV.registries]: JSON.stringify({ public: info(publicReg), private: info(privateReg) }),
    [ENV.workspace]: workspace,
    [ENV.dockerConfig]: dockerConfig,
    [ENV.uiBridge]: bridge.url,
    ...(values.grep ? { [ENV.grep]: values.grep } : {}),
    DOCKER_CONFIG: emptyDockerConfig,
    // The user settings name dockerPin.platform, so only a test that empties it sees this.
    DOCKER_DEFAULT_PLATFORM: DEFAULT_PLATFORM_ENV,
  };
  console.log(`[run] ${pass}: ${runner}, registries ${publicReg.url} (public) ${privateReg.url} (basic auth)`);
  const host = { dir, pass, workspace, settings, env, bridge };
  try {
    return runner === 'electron' ? await runPassInElectron(host) : await runPassInCodeServer(host);
  } finally {
    await bridge.stop();
    await stopPrivate();
    await stopPublic();
  }
}

interface PassHost {
  readonly dir: string;
  readonly pass: PassName;
  readonly workspace: string;
  readonly settings: { readonly user: Settings; readonly machine: Settings };
  readonly env: Readonly<Record<string, string>>;
  readonly bridge: UiBridge;
}

async function runPassInCodeServer({ dir, pass, workspace, settings, env, bridge }: PassHost): Promise<number> {
  const { userDataDir } = codeServerDirs(dir);
  writeSettings(userDataDir, settings);
  const server = await startCodeServer({
    dir,
    trustAll: pass === 'trusted',
    env,
    onOutput: values.verbose ? (line) => console.log(`[code-server] ${line}`) : undefined,
  });
  console.log(`[run] ${pass}: code-server ${server.url}`);
  try {
    return await runHostTests({
      server,
      folder: workspace,
      dir,
      label: pass,
      bridge,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
    });
  } finally {
    await server.stop();
  }
}

/** Desktop VS Code, found (or downloaded) before anything starts. */
let executable = '';

function runPassInElectron({ dir, pass, workspace, settings, env, bridge }: PassHost): Promise<number> {
  return runInElectron({
    executable,
    dir,
    folder: workspace,
    trustAll: pass === 'trusted',
    settings,
    env,
    label: pass,
    bridge,
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: testsPath,
  });
}

runMain('run', async () => {
  if (runner === 'electron') {
    executable = await vscodeExecutable();
    console.log(`[run] desktop VS Code: ${executable}`);
  }
  let failed = 0;
  for (const pass of passes) {
    const code = await runPass(pass);
    console.log(`[run] pass ${pass}: ${code === 0 ? 'passed' : `failed (exit ${code})`}`);
    if (code !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}, runner === 'electron' ? ELECTRON_TIMEOUT_MS : TIMEOUT_MS);
