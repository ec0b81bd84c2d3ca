import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, ROOT, runCli } from './helpers';

describe('docker-pin command line', function () {
  before(async function () {
    this.timeout(60_000);
    await buildCli();
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('--help lists every command, and each command has its own help', async () => {
    const general = await runCli(['--help']);
    assert.equal(general.code, 0);
    for (const command of ['resolve', 'pin', 'check', 'manifest']) {
      assert.match(general.stdout, new RegExp(`^  ${command} `, 'm'));
      const own = await runCli([command, '--help']);
      assert.equal(own.code, 0);
      assert.match(own.stdout, new RegExp(`^Usage: docker-pin ${command} `));
    }
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /no command given/],
    [['unpin', 'x'], /unknown command "unpin"/],
    [['pin'], /at least one Dockerfile/],
    [['check', 'Dockerfile', '--update'], /--update is not an option of "check"/],
    [['resolve', 'alpine', '--nope'], /nope/],
    [['resolve', 'alpine', '--platform', 'linux/'], /linux\//],
    [['resolve', 'alpine', '--timeout', '-1'], /--timeout/],
    [['resolve', 'alpine', '--mirror', 'docker.io=https://me:hunter2@mirror.example'], /credentials/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`exit 2 for ${JSON.stringify(argv)}, on stderr only`, async () => {
      const r = await runCli(argv);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.ok(!r.stderr.includes('hunter2'), 'a secret in an argument is never echoed');
    });
  }
});
