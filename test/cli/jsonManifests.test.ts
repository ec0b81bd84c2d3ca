// Kubernetes manifests written as JSON, as kubectl reads them, through check and pin against a real
// registry: streams of objects and typed lists, broken JSON reported as JSON (and only for a file
// that is a manifest), and the repository config's ignore rules, JSON having no ignore comment.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { runCli, tempDir } from './helpers';
import type { CheckEntry as Entry } from '../../src/cli/commands/check';

/** Two objects one after another, as `jq -c` or concatenated `kubectl get -o json` outputs write them. */
const STREAM =
  '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"},"spec":{"containers":[{"name":"a","image":"alpine:3.20"}]}}\n' +
  '{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"b"},"spec":{"template":{"spec":{"containers":[{"name":"b","image":"golang:1.22"}]}}}}\n';

/** A typed list as the API server writes it: its items have no apiVersion and kind of their own. */
const DEPLOYMENT_LIST = [
  '{',
  '    "kind": "DeploymentList",',
  '    "apiVersion": "apps/v1",',
  '    "metadata": {},',
  '    "items": [',
  '        {"metadata": {"name": "w"}, "spec": {"template": {"spec": {"containers": [{"name": "w", "image": "busybox:1.36"}]}}}}',
  '    ]',
  '}',
  '',
].join('\r\n');

/** A Deployment with a comma missing between its two containers. */
const BROKEN = [
  '{',
  '  "apiVersion": "apps/v1",',
  '  "kind": "Deployment",',
  '  "spec": {"template": {"spec": {"containers": [',
  '    {"name": "a", "image": "alpine:3.20"}',
  '    {"name": "b", "image": "busybox:1.36"}',
  '  ]}}}',
  '}',
  '',
].join('\n');

/** Broken JSON that is no manifest: never read, never reported. */
const OTHER_BROKEN: Record<string, string> = {
  'package.json': '{\n  "name": "web"\n  "image": "alpine:3.20",\n}\n',
  'tsconfig.json': '{\n  // comments, as TypeScript allows\n  "compilerOptions": {"strict": true,},\n}\n',
};

describe('Kubernetes manifests written as JSON: streams, lists, broken JSON, ignore rules', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => (dir = tempDir('json-manifests')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  };
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const amd = (image: Images['alpine']) => digestFor(image, 'amd64');
  const lines = (stdout: string) => (JSON.parse(stdout) as Entry[]).map((e) => `${e.file}:${e.line}:${e.column} ${e.state} ${e.reference}${e.reason ? ` (${e.reason})` : ''}`);

  it('every object of a stream and every item of a typed list is checked and pinned inside its string', async () => {
    write({ 'deploy/stream.json': STREAM, 'deploy/list.json': DEPLOYMENT_LIST });
    const check = await runCli(['check', ...common, '--json', '.'], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(lines(check.stdout), [
      'deploy/list.json:6:107 unpinned busybox:1.36',
      'deploy/stream.json:1:100 unpinned alpine:3.20',
      'deploy/stream.json:2:126 unpinned golang:1.22',
    ]);
    const pin = await runCli(['pin', ...common, '.'], { cwd: dir });
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(read('deploy/stream.json'), STREAM.replace('"alpine:3.20"', `"alpine:3.20@${amd(images.alpine)}"`).replace('"golang:1.22"', `"golang:1.22@${amd(images.golang)}"`));
    assert.equal(read('deploy/list.json'), DEPLOYMENT_LIST.replace('"busybox:1.36"', `"busybox:1.36@${amd(images.busybox)}"`));
    for (const object of read('deploy/stream.json').trim().split('\n')) assert.doesNotThrow(() => JSON.parse(object));
    const again = await runCli(['check', ...common, '.'], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('a broken JSON manifest is a JSON error at its file, line and column (exit 2); broken JSON that is no manifest is not read', async () => {
    write({ 'deploy/web.json': BROKEN, ...OTHER_BROKEN });
    const check = await runCli(['check', ...common, '.'], { cwd: dir });
    assert.equal(check.code, 2, check.stdout + check.stderr);
    const output = check.stdout + check.stderr;
    assert.match(output, /^deploy\/web\.json:6:5: invalid "\{": JSON error on line 6, column 5 \(CommaExpected\): a comma was expected here, between two entries; nothing after it is read$/m);
    assert.match(output, /^deploy\/web\.json:5:28: unpinned alpine:3\.20/m, 'the image before the error is still checked');
    assert.doesNotMatch(check.stdout + check.stderr, /YAML|package\.json|tsconfig\.json|busybox/);
    const json = await runCli(['check', ...common, '--json', '.'], { cwd: dir });
    assert.deepEqual(lines(json.stdout), ['deploy/web.json:5:29 unpinned alpine:3.20', 'deploy/web.json:6:5 invalid {']);
    assert.deepEqual(Object.fromEntries(Object.keys(OTHER_BROKEN).map((name) => [name, read(name)])), OTHER_BROKEN);
  });

  it(".docker-pin.yaml's ignore.images and ignore.paths apply to JSON manifests; an ignore comment is a JSON error", async () => {
    write({
      '.docker-pin.yaml': 'ignore:\n  images: [busybox]\n  paths: [deploy/vendor/]\n',
      'deploy/list.json': DEPLOYMENT_LIST,
      'deploy/stream.json': STREAM,
      'deploy/vendor/pod.json': STREAM,
    });
    const check = await runCli(['check', ...common, '--json', '.'], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    assert.deepEqual(lines(check.stdout), [
      'deploy/list.json:6:107 ignored busybox:1.36 (.docker-pin.yaml: ignore busybox)',
      'deploy/stream.json:1:100 unpinned alpine:3.20',
      'deploy/stream.json:2:126 unpinned golang:1.22',
    ]);
    const pin = await runCli(['pin', ...common, '.'], { cwd: dir });
    assert.equal(pin.code, 0, pin.stderr);
    assert.match(pin.stderr, /pinned 0, updated 0, unchanged 0, ignored 1, failed 0 in deploy\/list\.json/);
    assert.equal(read('deploy/list.json'), DEPLOYMENT_LIST);
    assert.equal(read('deploy/vendor/pod.json'), STREAM);

    write({ 'deploy/commented.json': STREAM.replace('"alpine:3.20"}', '"alpine:3.20"} // docker-pin: ignore\n') });
    const commented = await runCli(['check', ...common, 'deploy/commented.json'], { cwd: dir });
    assert.equal(commented.code, 2, commented.stdout + commented.stderr);
    const said = commented.stdout + commented.stderr;
    assert.match(said, /deploy\/commented\.json:1:114: invalid .*\(InvalidCommentToken\): JSON has no comments.*ignore\.images in \.docker-pin\.yaml/);
    assert.match(said, /deploy\/commented\.json:1:99: unpinned alpine:3\.20/, 'the comment ignores nothing');
  });
});
