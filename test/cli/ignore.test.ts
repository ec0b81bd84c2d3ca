import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

describe('docker-pin check and pin: ignore comments', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  before(() => {
    dir = tempDir('ignore');
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const run = (...args: string[]) => runCli([...args.slice(0, 1), ...common, ...args.slice(1)], { cwd: dir });

  // nobody/missing is in no registry: were it asked about, the run would fail (exit 3).
  const DOCKERFILE = [
    '# docker-pin: ignore: vendored base, updated by hand',
    'FROM nobody/missing:1 AS vendored',
    '# ratchet:exclude',
    'FROM alpine:3.20 AS kept',
    'FROM busybox:1.36',
    '',
  ].join('\n');

  it('check: an ignored image is no finding and is never asked about; only the others are reported', async () => {
    const file = write('Dockerfile', DOCKERFILE);
    const r = await run('check', file);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, `Dockerfile:5:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})\n`);
    assert.equal(r.stderr, '');
  });

  it('check --json lists ignored images with state ignored and the reason; exit 0 when nothing else is found', async () => {
    const file = write('ignored.Dockerfile', DOCKERFILE.replace('FROM busybox:1.36\n', ''));
    const r = await run('check', '--json', file);
    assert.equal(r.code, 0, r.stderr);
    const entries = JSON.parse(r.stdout) as { line: number; state: string; reason?: string; reference: string; message: string }[];
    assert.deepEqual(
      entries.map((e) => [e.line, e.state, e.reference, e.reason]),
      [
        [2, 'ignored', 'nobody/missing:1', 'ignore comment on line 1: vendored base, updated by hand'],
        [4, 'ignored', 'alpine:3.20', 'ratchet:exclude comment on line 3'],
      ],
    );
    assert.equal(entries[0].message, 'ignored nobody/missing:1 (ignore comment on line 1: vendored base, updated by hand)');
    // The text output says nothing, unless asked to be verbose (then on stderr: they are no findings).
    const text = await run('check', file);
    assert.deepEqual([text.code, text.stdout, text.stderr], [0, '', '']);
    const verbose = await run('check', '--verbose', file);
    assert.equal(verbose.code, 0, verbose.stderr);
    assert.equal(verbose.stdout, '');
    assert.match(verbose.stderr, /^ignored\.Dockerfile:2:6: ignored nobody\/missing:1 \(ignore comment on line 1: vendored base, updated by hand\)$/m);
    assert.match(verbose.stderr, /^ignored\.Dockerfile:4:6: ignored alpine:3\.20 \(ratchet:exclude comment on line 3\)$/m);
  });

  it('pin leaves ignored lines as they are, pins the others and counts the ignored', async () => {
    const file = write('pin.Dockerfile', DOCKERFILE);
    const r = await run('pin', file);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, file), 'utf8'), DOCKERFILE.replace('busybox:1.36', `busybox:1.36@${digestFor(images.busybox, 'amd64')}`));
    assert.equal(r.stderr, 'pinned 1, updated 0, unchanged 0, ignored 2, failed 0 in pin.Dockerfile\n');
  });

  it('in a compose file, its .env, a workflow and a dev container alike', async () => {
    write('compose.yaml', 'services:\n  a:\n    image: nobody/missing:1 # docker-pin: ignore\n  b:\n    image: ${B}\n  c:\n    image: alpine:3.20\n');
    write('.env', '# docker-pin: ignore: pinned by the platform team\nB=nobody/other:2\n');
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    write('.github/workflows/ci.yaml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    # docker-pin: ignore\n    container: nobody/missing:1\n    steps: [{run: "true"}]\n');
    write('.devcontainer.json', '{\n  // docker-pin: ignore\n  "image": "nobody/missing:1"\n}\n');
    const r = await run('check', '--json', 'compose.yaml', '.github/workflows/ci.yaml', '.devcontainer.json');
    assert.equal(r.code, 1, r.stderr);
    const entries = JSON.parse(r.stdout) as { file: string; line: number; state: string; reason?: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.state, e.reason]),
      [
        ['compose.yaml', 3, 'ignored', 'ignore comment on line 3'],
        ['compose.yaml', 5, 'ignored', 'ignore comment on line 1 of .env: pinned by the platform team'],
        ['compose.yaml', 7, 'unpinned', undefined],
        ['.github/workflows/ci.yaml', 6, 'ignored', 'ignore comment on line 5'],
        ['.devcontainer.json', 3, 'ignored', 'ignore comment on line 2'],
      ],
    );
  });

  it('a malformed directive is reported (exit 2), and the image below it is read as usual', async () => {
    const file = write('typo.Dockerfile', '# docker-pin: ignor\nFROM alpine:3.20\n');
    const r = await run('check', file);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^typo\.Dockerfile:1:1: .*unknown docker-pin directive "docker-pin: ignor"/m);
    assert.match(r.stdout, /^typo\.Dockerfile:2:6: unpinned alpine:3\.20/m);
  });
  it('a comment at a YAML alias is reported where it stands (exit 2) naming the anchor line, and pin still pins the anchor once', async () => {
    const text = 'x-img: &img alpine:3.20\nservices:\n  a:\n    image: *img # docker-pin: ignore\n  b:\n    image: *img\n';
    const file = write('alias.compose.yaml', text);
    const r = await run('check', file);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /^alias\.compose\.yaml:1:13: unpinned alpine:3\.20/m);
    assert.match(r.stderr, /^alias\.compose\.yaml:4:17: invalid "# docker-pin: ignore": this ignore comment is at the alias \*img on line 4, so it ignores nothing: .*put the comment on line 1 \(or right above it\)/m);
    const json = JSON.parse((await run('check', '--json', file)).stdout) as { line: number; state: string }[];
    assert.deepEqual(json.map((e) => [e.line, e.state]), [[1, 'unpinned'], [4, 'invalid']]);
    const pinned = await run('pin', file);
    assert.equal(pinned.code, 2, pinned.stderr);
    assert.match(pinned.stderr, /alias\.compose\.yaml:4:17: invalid/);
    // The image itself is pinned once, at the anchor, for both services.
    assert.equal(readFileSync(join(dir, file), 'utf8'), text.replace('alpine:3.20', `alpine:3.20@${digestFor(images.alpine, 'amd64')}`));
  });
});
