// The desktop runner of the extension-host suites (`npm run test:electron`) hands VS Code what the
// code-server runner hands code-server. Desktop VS Code cannot be downloaded on every machine, so
// here a stand-in executable records how it was started and exits with the code it is told to:
// the runner must pass the suites, the folder, trust and settings, and return that code.
import * as assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInElectron, vscodeExecutable, EXECUTABLE_ENV } from '../extension/harness/electron';
import { extensionRoot } from '../extension/harness/paths';
import { tempDir } from '../cli/helpers';

const STAND_IN = `#!/usr/bin/env node
const fs = require('node:fs');
const path = require('node:path');
const args = process.argv.slice(2);
const userData = args[args.indexOf('--user-data-dir') + 1];
const settings = JSON.parse(fs.readFileSync(path.join(userData, 'User', 'settings.json'), 'utf8'));
fs.writeFileSync(process.env.STAND_IN_RECORD, JSON.stringify({ args, settings, pass: process.env.DOCKER_PIN_TEST_PASS }));
process.exit(Number(process.env.STAND_IN_EXIT));
`;

interface Record {
  args: string[];
  settings: { [key: string]: unknown };
  pass: string;
}

describe('the desktop VS Code runner of the extension-host suites', () => {
  let dir: string;
  let executable: string;
  before(() => {
    dir = tempDir('electron-runner');
    executable = join(dir, 'code');
    writeFileSync(executable, STAND_IN);
    chmodSync(executable, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const start = async (pass: 'trusted' | 'untrusted', exit: number): Promise<{ code: number; record: Record }> => {
    const record = join(dir, `${pass}.json`);
    const code = await runInElectron({
      executable,
      dir: join(dir, pass),
      folder: join(dir, 'workspace'),
      trustAll: pass === 'trusted',
      settings: { user: { 'dockerPin.platform': 'linux/amd64' }, machine: { 'dockerPin.mirrors': { 'docker.io': 'http://127.0.0.1:9' } } },
      env: { DOCKER_PIN_TEST_PASS: pass, STAND_IN_RECORD: record, STAND_IN_EXIT: String(exit) },
      extensionDevelopmentPath: extensionRoot,
      extensionTestsPath: join(dir, 'suite', 'index'),
      label: pass,
    });
    return { code, record: JSON.parse(readFileSync(record, 'utf8')) as Record };
  };

  it('starts VS Code on the folder with the extension folder, the suites and the pass, and returns its exit code', async () => {
    const { code, record } = await start('trusted', 0);
    assert.equal(code, 0);
    assert.equal(record.args[0], join(dir, 'workspace'));
    assert.ok(record.args.includes(`--extensionDevelopmentPath=${extensionRoot}`), record.args.join(' '));
    assert.ok(record.args.includes(`--extensionTestsPath=${join(dir, 'suite', 'index')}`));
    assert.ok(record.args.includes('--disable-workspace-trust'));
    assert.equal(record.pass, 'trusted');
  });

  it('puts the machine settings in the User settings, which desktop VS Code reads them from', async () => {
    const { record } = await start('trusted', 0);
    assert.equal(record.settings['dockerPin.platform'], 'linux/amd64');
    assert.deepEqual(record.settings['dockerPin.mirrors'], { 'docker.io': 'http://127.0.0.1:9' });
  });

  it('leaves workspace trust on for the untrusted pass, and a failing suite fails the run', async () => {
    const { code, record } = await start('untrusted', 1);
    assert.equal(code, 1);
    assert.ok(!record.args.includes('--disable-workspace-trust'));
  });

  it(`uses the VS Code ${EXECUTABLE_ENV} names instead of downloading one`, async () => {
    const saved = process.env[EXECUTABLE_ENV];
    process.env[EXECUTABLE_ENV] = executable;
    try {
      assert.equal(await vscodeExecutable(), executable);
    } finally {
      if (saved === undefined) delete process.env[EXECUTABLE_ENV];
      else process.env[EXECUTABLE_ENV] = saved;
    }
  });
});
