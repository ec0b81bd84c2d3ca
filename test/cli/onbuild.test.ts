// ONBUILD COPY --from= and ONBUILD RUN --mount=…,from= in check and pin, against the real registry:
// an image there is checked and pinned like a COPY --from image; a bare word or a variable, which
// the child build decides, is unresolved with the reason and the fix, and counted.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

const TEXT = [
  'FROM alpine:3.20 AS builder',
  'ONBUILD COPY --from=busybox:1.36 /bin/busybox /bin/busybox',
  'ONBUILD RUN --mount=type=bind,from=acme/tools:1,source=/bin/tool,target=/t /t',
  'ONBUILD COPY --from=builder /out /out',
  'ONBUILD COPY --from=${BASE} /a /a',
  '',
].join('\n');

const BARE =
  'Dockerfile:4:21: unresolved "builder": ONBUILD runs in the build of an image FROM this one, where "builder" may name a stage of that build\'s Dockerfile: whether it is an image cannot be told here; write the image with its registry and tag (such as docker.io/library/builder:<tag>) to have it pinned, or put # docker-pin: ignore above the line';
const VARIABLE =
  'Dockerfile:5:21: unresolved "${BASE}": ONBUILD runs in the build of an image FROM this one, which expands BASE with the ARGs of that build, not this file\'s: the image cannot be known here; write the image out to have it pinned, or put # docker-pin: ignore above the line';

describe('docker-pin and ONBUILD triggers', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('onbuild');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (text: string) => writeFileSync(join(dir, 'Dockerfile'), text);
  const read = () => readFileSync(join(dir, 'Dockerfile'), 'utf8');
  const cli = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1)], { cwd: dir });
  const pinned = () =>
    TEXT.replace('alpine:3.20 ', `alpine:3.20@${digestFor(images.alpine, 'amd64')} `)
      .replace('busybox:1.36 ', `busybox:1.36@${digestFor(images.busybox, 'amd64')} `)
      .replace('acme/tools:1,', `acme/tools:1@${digestFor(images.tools, 'amd64')},`);

  it('check names the images as unpinned and the words it cannot tell as unresolved: exit 1', async () => {
    write(TEXT);
    const r = await cli('check', 'Dockerfile');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
      `Dockerfile:2:21: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      `Dockerfile:3:36: unpinned acme/tools:1 (would pin ${digestFor(images.tools, 'amd64')})`,
      BARE,
      VARIABLE,
    ]);
    assert.equal(read(), TEXT);
  });

  it('pin writes the digests after the tags, counts the unsure words as failed (exit 1); check then fails only on them', async () => {
    write(TEXT);
    const pin = await cli('pin', 'Dockerfile');
    assert.equal(pin.code, 1, pin.stderr);
    assert.deepEqual(pin.stderr.trimEnd().split('\n').slice(-3), [BARE, VARIABLE, 'pinned 3, updated 0, unchanged 0, failed 2 (unresolved 2) in Dockerfile']);
    assert.equal(read(), pinned());

    const json = await cli('check', '--json', 'Dockerfile');
    assert.equal(json.code, 1);
    const entries = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => [e.line, e.state]),
      [
        [1, 'current'],
        [2, 'current'],
        [3, 'current'],
        [4, 'unresolved'],
        [5, 'unresolved'],
      ],
    );
    const allowed = await cli('check', '--allow-unresolved', 'Dockerfile');
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
    assert.equal(allowed.stdout, '');
    assert.deepEqual(allowed.stderr.trimEnd().split('\n'), [BARE, VARIABLE]);
  });

  it('an image written out with its tag, or an ignore comment, makes check pass', async () => {
    write(pinned().replace('--from=builder', '--from=docker.io/library/golang:1.22').replace('ONBUILD COPY --from=${BASE}', '# docker-pin: ignore\nONBUILD COPY --from=${BASE}'));
    const before = await cli('check', 'Dockerfile');
    assert.equal(before.code, 1);
    assert.equal(before.stdout, `Dockerfile:4:21: unpinned docker.io/library/golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`);
    const pin = await cli('pin', 'Dockerfile');
    assert.equal(pin.code, 0, pin.stderr);
    assert.match(read(), new RegExp(`--from=docker\\.io/library/golang:1\\.22@${digestFor(images.golang, 'amd64')} /out`));
    const after = await cli('check', 'Dockerfile');
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.equal(after.stdout, '');
  });
});
