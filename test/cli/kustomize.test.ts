// A kustomization's images: entries through check and pin against a real registry: the pin is the
// entry's digest: field, which kustomize puts on the image (with newTag before it), checked like
// any pin (current, stale), written where missing and moved by --update.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushImage, type PushedImage } from '../support/push';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { runCli, tempDir } from './helpers';
import type { TestRegistry } from '../support/registry';

const kustomization = (entries: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\nimages:\n${entries}`;

describe("a kustomization's images: entries are checked and pinned in their digest: field", function () {
  let images: Images;
  let common: string[];
  let registry: TestRegistry;
  let dir: string;
  let old: PushedImage;
  let now: PushedImage;

  withMultiStageRegistry((fixture) => ({ images, common, registry } = fixture));
  before(async () => {
    old = await pushImage(registry, 'acme/moving', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'old' });
    now = await pushImage(registry, 'acme/moving', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'new' });
  });
  beforeEach(() => (dir = tempDir('kustomize')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = () => join(dir, 'kustomization.yaml');
  const read = () => readFileSync(file(), 'utf8');
  const run = (...args: string[]) => runCli([...args.slice(0, 1), ...common, ...args.slice(1), '.'], { cwd: dir });

  it('an entry whose digest: is current passes check', async () => {
    writeFileSync(file(), kustomization(`  - name: alpine\n    newTag: "3.20"\n    digest: ${digestFor(images.alpine, 'amd64')}\n`));
    const check = await run('check');
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.doesNotMatch(check.stdout + check.stderr, /by hand|skipped/);
  });

  it('pin adds the digest: field after newTag, keeping it; a stale one is reported, and --update moves it', async () => {
    const text = kustomization(
      [
        '  - name: alpine',
        '    newTag: "3.20"',
        '  - name: web',
        '    newName: acme/moving',
        '    newTag: "1"',
        `    digest: ${old.index.digest}`,
        '  - {name: busybox, newTag: "1.36"}',
        '',
      ].join('\n'),
    );
    writeFileSync(file(), text);
    const check = await run('check');
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /kustomization\.yaml:5:\d+: unpinned alpine/);
    assert.match(check.stdout + check.stderr, /kustomization\.yaml:7:\d+: stale/);

    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stderr);
    const pinned = text
      .replace('    newTag: "3.20"\n', `    newTag: "3.20"\n    digest: ${digestFor(images.alpine, 'amd64')}\n`)
      .replace('{name: busybox, newTag: "1.36"}', `{name: busybox, newTag: "1.36", digest: ${digestFor(images.busybox, 'amd64')}}`);
    assert.equal(read(), pinned);
    assert.match(pin.stdout + pin.stderr, /stale/);

    const update = await run('pin', '--update');
    assert.equal(update.code, 0, update.stderr);
    // A stale pin keeps the kind it was written with: the index.
    assert.equal(read(), pinned.replace(old.index.digest, now.index.digest));
    const after = await run('check');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it('--index writes the index digest', async () => {
    writeFileSync(file(), kustomization('  - name: alpine\n    newTag: "3.20"\n'));
    const pin = await run('pin', '--index');
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(read(), kustomization(`  - name: alpine\n    newTag: "3.20"\n    digest: ${images.alpine.index.digest}\n`));
  });
});
