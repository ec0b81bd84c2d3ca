// docker/setup-buildx-action's `driver-opts` input: a list of driver options, one a line (a line may
// hold several, comma-separated, as buildx reads each --driver-opt as CSV); `image=` names the
// BuildKit image the builder runs, an image of the job, checked and pinned in place in the string.
import * as assert from 'node:assert/strict';
import { scanGithubAction } from '../../../src/core/sources/githubAction';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { D1, pinAll, problemViews, views } from './helpers';

/** A workflow whose one step sets up buildx with `with` (lines under `with:`, as written). */
function workflow(...withLines: string[]): string {
  return ['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/setup-buildx-action@v3', '        with:', ...withLines.map((line) => `          ${line}`), ''].join('\n');
}

const WHERE = 'the image driver option (driver-opts) of docker/setup-buildx-action in a step of job build';

describe('docker/setup-buildx-action driver-opts', () => {
  it('a literal block (driver-opts: |), one option a line: the image= line is an image of the job, for the runner, pinned in place byte for byte', () => {
    const text = workflow('driver-opts: |', '  network=host', '  image=moby/buildkit:v0.12.5', '  env.BUILDKIT_STEP_LOG_MAX_SIZE=10485760', 'install: true');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(
      views(text, result).map((v) => [v.line, v.source, v.written, v.expanded, v.platform]),
      // For the runner's platform: ubuntu-latest runs linux/amd64.
      [[10, 'image', 'moby/buildkit:v0.12.5', 'moby/buildkit:v0.12.5', { os: 'linux', architecture: 'amd64' }]],
    );
    assert.deepEqual(result.problems, []);
    assert.equal(pinAll(text, result, D1), text.replace('image=moby/buildkit:v0.12.5\n', `image=moby/buildkit:v0.12.5@${D1}\n`));
    // Pinned, it reads as pinned, and pinning again changes nothing.
    const pinned = pinAll(text, result, D1);
    assert.deepEqual(views(pinned, scanGithubWorkflow(pinned)).map((v) => v.digest), [`@${D1}`]);
    assert.equal(pinAll(pinned, scanGithubWorkflow(pinned), D1), pinned);
  });

  it('plain and quoted one-line values, several options on one line (CSV, a quoted field holding commas), CRLF and a strip-chomped block', () => {
    const cases: [string, string][] = [
      ['driver-opts: image=moby/buildkit:v0.12.5', 'image=moby/buildkit:v0.12.5'],
      ['driver-opts: network=host,image=moby/buildkit:v0.12.5', 'image=moby/buildkit:v0.12.5'],
      ["driver-opts: 'image=moby/buildkit:v0.12.5,network=host'", 'image=moby/buildkit:v0.12.5,'],
      ['driver-opts: "image=moby/buildkit:v0.12.5"', 'image=moby/buildkit:v0.12.5"'],
      ['driver-opts: \'"env.no_proxy=localhost,127.0.0.1",image=moby/buildkit:v0.12.5\'', 'image=moby/buildkit:v0.12.5\''],
      ['driver-opts: \'"image=moby/buildkit:v0.12.5",network=host\'', 'image=moby/buildkit:v0.12.5"'],
    ];
    for (const [line, around] of cases) {
      const text = workflow(line);
      const result = scanGithubWorkflow(text);
      assert.deepEqual(views(text, result).map((v) => [v.line, v.written]), [[8, 'moby/buildkit:v0.12.5']], line);
      assert.equal(pinAll(text, result, D1), text.replace(around, around.replace('v0.12.5', `v0.12.5@${D1}`)), line);
    }
    const block = workflow('driver-opts: |-', '  image=moby/buildkit:v0.12.5,network=host').replace(/\n/g, '\r\n');
    const result = scanGithubWorkflow(block);
    assert.deepEqual(views(block, result).map((v) => [v.line, v.written]), [[9, 'moby/buildkit:v0.12.5']]);
    assert.equal(pinAll(block, result, D1), block.replace('v0.12.5,', `v0.12.5@${D1},`));
  });

  it('read where the action reads it: any other key, another action, a composite action’s step', () => {
    const other = workflow('driver-opts: |', '  network=host', '  images=moby/buildkit:v0.12.5', '  #image=moby/buildkit:v0.11.0', 'buildkitd-flags: --debug');
    assert.deepEqual(views(other, scanGithubWorkflow(other)), []);
    const elsewhere = workflow('driver-opts: image=moby/buildkit:v0.12.5').replace('docker/setup-buildx-action', 'docker/setup-qemu-action');
    assert.deepEqual(views(elsewhere, scanGithubWorkflow(elsewhere)), []);
    const action = ['name: build', 'runs:', '  using: composite', '  steps:', '    - uses: docker/setup-buildx-action@v3', '      with:', '        driver-opts: image=moby/buildkit:v0.12.5', ''].join('\n');
    const result = scanGithubAction(action);
    assert.deepEqual(views(action, result).map((v) => [v.line, v.written]), [[7, 'moby/buildkit:v0.12.5']]);
  });

  it('the kubernetes driver runs the image on the cluster’s nodes, whose platform the workflow does not say: the index digest; the docker-container driver (the default) on the runner', () => {
    const digestKinds = (driver: string) => scanGithubWorkflow(workflow(driver, 'driver-opts: image=moby/buildkit:v0.12.5')).images.map((o) => o.digestKind ?? 'as the run asks');
    assert.deepEqual(digestKinds('driver: kubernetes'), ['index']);
    assert.deepEqual(digestKinds('driver: ${{ inputs.driver }}'), ['index']);
    assert.deepEqual(digestKinds('driver: docker-container'), ['as the run asks']);
    assert.deepEqual(digestKinds('version: latest'), ['as the run asks']);
  });

  it('a workflow expression: as the image, or where an option (possibly image=) stands, unresolved with the reason; as another option’s value, no matter', () => {
    const text = workflow('driver-opts: |', '  image=${{ vars.BUILDKIT_IMAGE }}', '  ${{ env.MORE_OPTS }}', '  env.http_proxy=${{ secrets.PROXY }}');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(views(text, result), []);
    assert.deepEqual(
      problemViews(text, result.problems).map((p) => [p.kind, p.line, p.written, p.message]),
      [
        [
          'unresolved',
          9,
          '${{ vars.BUILDKIT_IMAGE }}',
          `${WHERE} holds the workflow expression \${{ vars.BUILDKIT_IMAGE }}, whose value is known only when the workflow runs, so the image cannot be worked out or pinned here; write the image out to pin it, or accept it unpinned with --allow-unresolved`,
        ],
        [
          'unresolved',
          10,
          '${{ env.MORE_OPTS }}',
          'the driver-opts of docker/setup-buildx-action in a step of job build hold the workflow expression ${{ env.MORE_OPTS }} where a driver option stands: its value is known only when the workflow runs, and an image= option in it would name the BuildKit image the job runs, which cannot be worked out or pinned here; write the options out to have it checked, or accept it with --allow-unresolved',
        ],
      ],
    );
    const whole = workflow('driver-opts: ${{ inputs.driver-opts }}');
    assert.deepEqual(problemViews(whole, scanGithubWorkflow(whole).problems).map((p) => [p.kind, p.line, p.written]), [['unresolved', 8, '${{ inputs.driver-opts }}']]);
  });

  it('a value no digest can be written into safely (a folded block) is skipped with why; one that is no reference is invalid', () => {
    const folded = workflow('driver-opts: >-', '  image=moby/buildkit:v0.12.5');
    const skipped = scanGithubWorkflow(folded);
    assert.deepEqual(views(folded, skipped), []);
    assert.deepEqual(
      problemViews(folded, skipped.problems).map((p) => [p.kind, p.line, p.message]),
      [['skipped', 8, `skipped "moby/buildkit:v0.12.5" (${WHERE}): it is a folded block (>), so no digest can be inserted safely`]],
    );
    const bad = workflow('driver-opts: image=Moby/BuildKit:v0.12.5');
    assert.deepEqual(problemViews(bad, scanGithubWorkflow(bad).problems).map((p) => [p.kind, p.line, p.written]), [['invalid', 8, 'Moby/BuildKit:v0.12.5']]);
  });
});
