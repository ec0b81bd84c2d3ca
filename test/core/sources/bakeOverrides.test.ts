import * as assert from 'node:assert/strict';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { scanGitlabCi } from '../../../src/core/sources/gitlabCi';

/** A workflow of one job with these step lines. */
const workflow = (step: readonly string[]) => ['on: push', 'jobs:', '  release:', '    runs-on: ubuntu-latest', '    steps:', ...step.map((line) => `      ${line}`), ''].join('\n');
const unresolved = (text: string) => scanGithubWorkflow(text).problems.map((p) => [p.kind, p.message.split(':')[0]]);

describe('core/sources/bakeOverrides: a workflow overriding the platforms of bake targets', () => {
  it("docker/bake-action's set overriding a target's platform is unresolved, naming the targets", () => {
    const text = workflow(['- uses: docker/bake-action@v6', '  with:', '    targets: image', '    set: |', '      *.platform=linux/amd64,linux/arm64', '      image.tags=acme/app:1', '      app.platform=${{ matrix.platform }}']);
    assert.deepEqual(unresolved(text), [['unresolved', 'the set input of the docker/bake-action step of job release overrides the platform of the bake targets *, app']]);
    const at = scanGithubWorkflow(text).problems[0].range.start;
    assert.equal(text.split('\n')[at.line].trim(), 'set: |');
    // Other overrides change no platform.
    assert.deepEqual(unresolved(workflow(['- uses: docker/bake-action@v6', '  with:', '    set: image.tags=acme/app:1'])), []);
  });

  it('so is docker buildx bake --set in a run step; bake without it is the bake file’s own reading', () => {
    assert.deepEqual(unresolved(workflow(['- run: docker buildx bake --set=*.platform=linux/arm64 --push image'])), [
      ['unresolved', 'the docker buildx bake command of a run step of job release overrides the platform of the bake targets *'],
    ]);
    assert.deepEqual(unresolved(workflow(['- run: docker buildx bake --set=*.tags=x --push', '- run: echo bake'])), []);
  });

  it("so is a GitLab job's script running docker buildx bake --set <target>.platform=…", () => {
    const result = scanGitlabCi(['release:', '  script:', '    - docker buildx bake --set "app.platform=linux/arm64" app', ''].join('\n'));
    assert.deepEqual(
      result.problems.map((p) => [p.kind, p.message.split(':')[0]]),
      [['unresolved', 'the docker buildx bake command of the script of job release overrides the platform of the bake targets app']],
    );
  });
});
