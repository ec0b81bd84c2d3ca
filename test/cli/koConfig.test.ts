// ko's config (.ko.yaml): its base images are pinned to the index digest, whatever the platform
// asked for, since ko builds each platform its --platform flag names from the base's index.
import * as assert from 'node:assert/strict';
import { withMultiStageProject } from './fixtures';

describe("ko's config (.ko.yaml)", function () {
  const { images: pushed, run, write, read } = withMultiStageProject('ko-config');

  it('pin . writes the index digests of defaultBaseImage and baseImageOverrides, and check . finds them current', async () => {
    write('.ko.yaml', 'defaultBaseImage: alpine:3.20\nbaseImageOverrides:\n  github.com/acme/app/cmd/tool: "busybox:1.36"\n');
    const before = await run('check', '.');
    assert.equal(before.code, 1, before.stderr);
    assert.match(before.stdout, /^\.ko\.yaml:1:19: unpinned alpine:3\.20 \(would pin sha256:[0-9a-f]{64}\)$/m);
    const r = await run('pin', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read('.ko.yaml'),
      `defaultBaseImage: alpine:3.20@${pushed().alpine.index.digest}\nbaseImageOverrides:\n  github.com/acme/app/cmd/tool: "busybox:1.36@${pushed().busybox.index.digest}"\n`,
    );
    const after = await run('check', '.');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });
});
