// A line whose file says where it runs — its own `FROM --platform=`, a compose service's
// `platform:`, a pod's node selection — is checked for that platform: a platform pin for an
// architecture that cannot run there is stale, whatever the checker's own platform.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';
import type { PushedImage } from '../support/push';

describe("a platform pin for another architecture than the line's own platform", function () {
  const { images: pushed, run, write, read } = withMultiStageProject('declared-platform');
  const amd64 = (p: PushedImage) => digestFor(p, 'amd64');
  const arm64 = (p: PushedImage) => digestFor(p, 'arm64');

  it('FROM --platform=linux/arm64 holding an amd64 pin is stale, naming both, and pin --update moves it to arm64', async () => {
    write('Dockerfile', `FROM --platform=linux/arm64 alpine:3.20@${amd64(pushed().alpine)}\nFROM busybox:1.36@${arm64(pushed().busybox)}\n`);
    const check = await run('check', 'Dockerfile');
    assert.equal(check.code, 1, check.stderr);
    assert.equal(
      check.stdout,
      `Dockerfile:1:29: stale alpine:3.20@${amd64(pushed().alpine)} (the pin is for linux/amd64, but the file says this line is for linux/arm64: would update to ${arm64(pushed().alpine)})\n`,
      'a line without a platform of its own keeps the pin made on another machine (busybox, arm64 on an amd64 checker)',
    );
    const r = await run('pin', '--update', 'Dockerfile');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('Dockerfile'), `FROM --platform=linux/arm64 alpine:3.20@${arm64(pushed().alpine)}\nFROM busybox:1.36@${arm64(pushed().busybox)}\n`);
    const after = await run('check', 'Dockerfile');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it("a compose service's platform: holding a pin for another architecture is stale", async () => {
    write('compose.yaml', `services:\n  web:\n    image: alpine:3.20@${amd64(pushed().alpine)}\n    platform: linux/arm64\n`);
    const check = await run('check', 'compose.yaml');
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stdout, /^compose\.yaml:3:12: stale alpine:3\.20@sha256:[0-9a-f]{64} \(the pin is for linux\/amd64, but the file says this line is for linux\/arm64: would update to sha256:[0-9a-f]{64}\)$/m);
  });
});
