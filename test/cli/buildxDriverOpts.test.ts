// check and pin of the BuildKit image docker/setup-buildx-action runs (`driver-opts: image=…`),
// against a real registry: the image is checked for the runner and pinned inside the input's
// string, every other byte of the file kept.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { CheckEntry as Entry } from '../../src/cli/commands/check';
import { pushImage } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { digestFor, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

const FILE = '.github/workflows/release.yml';

const WORKFLOW = [
  'name: release',
  'on: [push]',
  'jobs:',
  '  image:',
  '    runs-on: ubuntu-latest',
  '    steps:',
  '      - uses: docker/setup-qemu-action@v3',
  '      - name: Set up Docker Buildx',
  '        uses: docker/setup-buildx-action@v3',
  '        with:',
  '          driver-opts: |',
  '            network=host',
  '            image=moby/buildkit:v0.12.5 ',
  '          buildkitd-flags: --debug',
  '      - uses: docker/setup-buildx-action@v3',
  '        with:',
  "          driver-opts: 'env.no_proxy=localhost,image=moby/buildkit:v0.12.5'",
  '      - uses: docker/setup-buildx-action@v3',
  '        with:',
  '          driver-opts: image=${{ vars.BUILDKIT }}',
  '',
].join('\n');

describe('the BuildKit image of docker/setup-buildx-action (driver-opts: image=…)', function () {
  let registry: TestRegistry;
  let common: string[];
  let dir = '';
  const files = projectFiles(() => dir);

  withMultiStageRegistry((fixture) => ({ registry, common } = fixture));
  beforeEach(() => {
    dir = tempDir('buildx');
    files.write(FILE, WORKFLOW);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('check reports it for the runner where each step writes it, and an expression as unresolved with why; pin writes the digest inside the string, byte for byte; check then passes', async () => {
    const buildkit = await pushImage(registry, 'moby/buildkit', 'v0.12.5', { platforms: ['linux/amd64', 'linux/arm64'] });
    const amd64 = digestFor(buildkit, 'amd64');
    const r = await runCli(['check', ...common, '--json', FILE], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const entries = JSON.parse(r.stdout) as Entry[];
    assert.deepEqual(
      entries.map((e) => `${e.line}:${e.column} ${e.state} ${e.reference}${e.targetDigest === undefined ? '' : ` ${e.targetDigest}`}`),
      [`13:19 unpinned moby/buildkit:v0.12.5 ${amd64}`, `17:54 unpinned moby/buildkit:v0.12.5 ${amd64}`, '20:30 unresolved ${{ vars.BUILDKIT }}'],
    );
    assert.match(entries[2].message, /the image driver option \(driver-opts\) of docker\/setup-buildx-action in a step of job image holds the workflow expression \$\{\{ vars\.BUILDKIT \}\}/);
    assert.equal(files.read(FILE), WORKFLOW);

    const pin = await runCli(['pin', ...common, '--allow-unresolved', FILE], { cwd: dir });
    assert.equal(pin.code, 0, pin.stderr);
    const pinned = WORKFLOW.replace('image=moby/buildkit:v0.12.5 \n', `image=moby/buildkit:v0.12.5@${amd64} \n`).replace(
      "localhost,image=moby/buildkit:v0.12.5'",
      `localhost,image=moby/buildkit:v0.12.5@${amd64}'`,
    );
    assert.notEqual(pinned, WORKFLOW);
    assert.equal(files.read(FILE), pinned);
    const again = await runCli(['check', ...common, '--allow-unresolved', FILE], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });
});
