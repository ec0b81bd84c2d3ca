import * as assert from 'node:assert/strict';
import { formatPlatform } from '../../../src/core/platform';
import { scanBitbucketPipelines } from '../../../src/core/sources/bitbucketPipelines';
import { detectKind } from '../../../src/core/sources/detect';
import { buildWords } from './buildWords';
import { D1, pinAll, problemViews } from './helpers';

const CONFIG = [
  'image: node:20 # the default',
  'definitions:',
  '  services:',
  '    postgres:',
  '      image: postgres:16',
  '    docker:',
  '      memory: 2048',
  '  steps:',
  '    - step: &lint',
  '        name: lint',
  '        script: [npm run lint]',
  'pipelines:',
  '  default:',
  '    - step: *lint',
  '    - parallel:',
  '        - step:',
  '            name: test',
  '            image: {name: "python:3.12", username: $DOCKER_USER}',
  '            services: [postgres]',
  '            runtime: {cloud: {arch: arm}}',
  '            script:',
  '              - pytest',
  '        - step:',
  '            name: image',
  '            services: [docker]',
  '            script:',
  '              - docker build -f build/Dockerfile -t app .',
  '  branches:',
  '    main:',
  '      - stage:',
  '          name: release',
  '          steps:',
  '            - step:',
  '                image: $RELEASE_IMAGE',
  '                script: [./release.sh]',
  '  custom:',
  '    windows:',
  '      - step:',
  '          runs-on: [self.hosted, windows]',
  '          image: mcr.microsoft.com/windows/servercore:ltsc2022',
  '          script: [build.ps1]',
  '',
].join('\n');

describe('core/sources/bitbucketPipelines: the images a Bitbucket Pipelines config runs, and the Dockerfiles its scripts build', () => {
  it('is the kind of bitbucket-pipelines.yml', () => {
    assert.equal(detectKind('bitbucket-pipelines.yml'), 'bitbucket-pipelines');
    assert.equal(detectKind('ci/bitbucket-pipelines.yaml'), 'bitbucket-pipelines');
  });

  it("reads the default image, each step's image (alone, parallel or in a stage) and each service's, for the architecture each runs on", () => {
    const result = scanBitbucketPipelines(CONFIG);
    const seen = result.images.map((o) => [o.line, o.source, o.expanded, (o.platforms ?? [o.platform]).map((p) => (p === undefined ? 'configured' : formatPlatform(p))).join(',')]);
    assert.deepEqual(seen, [
      [1, 'image', 'node:20', 'linux/amd64'],
      [5, 'service', 'postgres:16', 'linux/arm64'],
      [18, 'image', 'python:3.12', 'linux/arm64'],
    ]);
    assert.deepEqual(
      problemViews(CONFIG, result.problems).map((p) => [p.line, p.kind, p.written]),
      [[34, 'unresolved', '$RELEASE_IMAGE']],
    );
    const pinned = pinAll(CONFIG, result, D1);
    assert.match(pinned, new RegExp(`^image: node:20@${D1} # the default$`, 'm'));
    assert.match(pinned, new RegExp(`image: \\{name: "python:3.12@${D1}", username: \\$DOCKER_USER\\}`));
  });

  it("a step's script builds a Dockerfile of the repository, from its root, on the step's architecture", () => {
    assert.deepEqual(buildWords(scanBitbucketPipelines(CONFIG)), ['build/Dockerfile . [linux/amd64]']);
  });
});
