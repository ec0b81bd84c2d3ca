// `npm run test:ui`: runs ui.test.js under mocha with a hard deadline, and stops code-server,
// Chromium and the registry however it ends.
import * as path from 'node:path';
import Mocha from 'mocha';
import { runMain } from '../extension/harness/cleanup';

runMain('ui', () => new Promise<number>((resolve) => {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, forbidOnly: true });
  mocha.addFile(path.join(__dirname, 'ui.test.js'));
  mocha.run((failures) => resolve(failures > 0 ? 1 : 0));
}), 5 * 60_000);
