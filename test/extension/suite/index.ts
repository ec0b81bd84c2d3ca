// Entry point VS Code loads in the extension host (extensionTestsPath): runs the mocha suites of
// this folder that belong to the current pass and reports failures through the returned promise.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { ENV, testPass } from './env';

/** The untrusted pass opens the folder in restricted mode; only that suite runs there. */
const UNTRUSTED_SUITE = 'untrusted.test.js';

export function suiteFiles(dir: string, pass: 'trusted' | 'untrusted'): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .filter((f) => (pass === 'untrusted') === (f === UNTRUSTED_SUITE))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  const grep = process.env[ENV.grep];
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, forbidOnly: true, ...(grep ? { grep } : {}) });
  const files = suiteFiles(__dirname, testPass());
  if (files.length === 0) return Promise.reject(new Error(`no suites found in ${__dirname}`));
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
