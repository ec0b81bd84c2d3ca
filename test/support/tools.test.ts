import * as assert from 'node:assert/strict';
import { findCommand, requireCommand } from './tools';

describe('test support: tools', () => {
  it('finds a program on PATH', () => {
    assert.match(requireCommand('sh', 'dash'), /\/sh$/);
  });

  it('names the Debian package to install when a program is missing', () => {
    assert.equal(findCommand('docker-pin-no-such-program'), undefined);
    assert.throws(() => requireCommand('docker-pin-no-such-program', 'no-such-package'), /docker-pin-no-such-program.*apt-get install no-such-package/);
  });
});
