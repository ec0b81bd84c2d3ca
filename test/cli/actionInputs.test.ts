// A composite action of the repository whose docker/build-push-action step reads its platforms
// from an input (`platforms: ${{ inputs.platform }}`) builds its Dockerfile for the platforms each
// step using it gives: a matrix of linux/amd64 and linux/arm64 makes the Dockerfile's lines take the
// index digest, and the action's own line is no longer unresolved once every caller gives a value
// the file says. A caller hiding its value keeps it unresolved; the action read without callers too.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';

const ACTION = [
  'name: build',
  'inputs:',
  '  platform:',
  '    required: true',
  'runs:',
  '  using: composite',
  '  steps:',
  '    - uses: docker/build-push-action@v6',
  '      with:',
  '        context: .',
  '        file: ./Dockerfile',
  '        platforms: ${{ inputs.platform }}',
  '',
].join('\n');

/** The release workflow: a matrix job giving each run's platform, then a step giving `second`. */
const release = (second: string) =>
  [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    strategy:',
    '      matrix:',
    '        platform: [linux/amd64, linux/arm64]',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: ./.github/actions/build',
    '        with:',
    '          platform: ${{ matrix.platform }}',
    '      - uses: ./.github/actions/build',
    '        with:',
    `          platform: ${second}`,
    '',
  ].join('\n');

describe("a local composite action's inputs, as the steps using it give them", function () {
  const { images, run, write, read } = withMultiStageProject('action-inputs');
  const index = () => images().golang.index.digest;
  const twoPlatforms = () => `Dockerfile:1:6: unpinned golang:1.22 (would pin ${index()}, the index digest: this image is used for linux/amd64 and linux/arm64)`;
  const unresolvedAction = /^\.github\/actions\/build\/action\.yml:12:20: unresolved "\$\{\{ inputs\.platform \}\}": the platforms input of the docker\/build-push-action step of this composite action holds the workflow expression \$\{\{ inputs\.platform \}\}/m;

  beforeEach(() => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/actions/build/action.yml', ACTION);
  });

  it('a matrix of linux/amd64 and linux/arm64 and a literal linux/arm64 build the Dockerfile for both: the index digest, and nothing unresolved, by check ., check Dockerfile and check of the action; pin writes the index', async () => {
    write('.github/workflows/release.yml', release('linux/arm64'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout, `${twoPlatforms()}\n`);
    const named = await run('check', 'Dockerfile');
    assert.equal(named.stdout, `${twoPlatforms()}\n`, named.stderr);
    // The action named alone: its repository's workflows are its callers, and it reads the Dockerfile its step builds as they give it.
    const action = await run('check', '.github/actions/build/action.yml');
    assert.equal(action.stdout, `${twoPlatforms()} (as the docker/build-push-action step of this composite action in .github/actions/build/action.yml builds it)\n`, action.stderr);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), `FROM golang:1.22@${index()}\n`);
  });

  it("an input's default is read where a caller gives none: a step without with: builds for the default's platforms", async () => {
    write('.github/actions/build/action.yml', ACTION.replace('    required: true', '    default: linux/amd64,linux/arm64'));
    write('.github/workflows/release.yml', ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: ./.github/actions/build', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.stdout, `${twoPlatforms()}\n`, checked.stderr);
  });

  it("a caller hiding its value (a step's output) keeps the action's line unresolved; the matrix caller's builds still make the index digest", async () => {
    write('.github/workflows/release.yml', release('${{ steps.pick.outputs.platform }}'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, unresolvedAction, checked.stdout);
    assert.ok(checked.stdout.includes(twoPlatforms()), checked.stdout);
  });

  it('the action read without callers keeps its line unresolved, the Dockerfile read for the configured platform', async () => {
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, unresolvedAction, checked.stdout);
    assert.ok(checked.stdout.includes(`Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`), checked.stdout);
  });
});
