import * as assert from 'node:assert/strict';
import { formatPlatform } from '../../../src/core/platform';
import { scanAzurePipelines } from '../../../src/core/sources/azurePipelines';
import { detectKind } from '../../../src/core/sources/detect';
import { buildWords } from './buildWords';
import { D1, pinAll, problemViews } from './helpers';

const CONFIG = [
  'pool: {vmImage: ubuntu-latest}',
  'resources:',
  '  containers:',
  '    - container: builder',
  '      image: mcr.microsoft.com/dotnet/sdk:8.0',
  '    - container: unused',
  '      image: redis:7',
  'stages:',
  '  - stage: build',
  '    jobs:',
  '      - job: test',
  '        container: builder',
  '        services:',
  '          db: postgres:16',
  '        steps:',
  '          - script: dotnet test',
  '      - job: image',
  '        container: {image: "node:20"}',
  '        steps:',
  '          - bash: |',
  '              docker buildx build --platform linux/amd64,linux/arm64 \\',
  '                -f $(Build.SourcesDirectory)/build/Dockerfile $(Build.SourcesDirectory)',
  '      - job: windows',
  '        pool: {vmImage: windows-latest}',
  '        container: mcr.microsoft.com/windows/servercore:ltsc2022',
  '      - job: param',
  '        pool: {name: self-hosted}',
  '        container: alpine:${{ parameters.tag }}',
  '',
].join('\n');

describe('core/sources/azurePipelines: the images an Azure Pipelines config runs, and the Dockerfiles its scripts build', () => {
  it('is the kind of azure-pipelines.yml and the YAML files of .azure-pipelines/ and .azuredevops/', () => {
    for (const name of ['azure-pipelines.yml', 'azure-pipelines-release.yaml', '.azure-pipelines/templates/build.yml', '.azuredevops/ci.yml']) assert.equal(detectKind(name), 'azure-pipelines', name);
  });

  it("reads container resources for the jobs that use them, and a job's container and services that name an image, on its pool's platform; not a Windows job's", () => {
    const result = scanAzurePipelines(CONFIG);
    const seen = result.images.map((o) => [o.line, o.source, o.expanded, (o.platforms ?? [o.platform]).map((p) => (p === undefined ? 'configured' : formatPlatform(p))).join(',')]);
    assert.deepEqual(seen, [
      [5, 'container', 'mcr.microsoft.com/dotnet/sdk:8.0', 'linux/amd64'],
      [7, 'container', 'redis:7', 'linux/amd64'],
      [14, 'service', 'postgres:16', 'linux/amd64'],
      [18, 'container', 'node:20', 'linux/amd64'],
    ]);
    assert.deepEqual(problemViews(CONFIG, result.problems).map((p) => [p.line, p.kind, p.written]), [[28, 'unresolved', 'alpine:${{ parameters.tag }}']]);
    assert.match(pinAll(CONFIG, result, D1), new RegExp(`container: \\{image: "node:20@${D1}"\\}`));
  });

  it("a script step's docker build builds a Dockerfile of the repository, $(Build.SourcesDirectory) its root", () => {
    assert.deepEqual(buildWords(scanAzurePipelines(CONFIG)), ['build/Dockerfile . linux/amd64,linux/arm64']);
  });

  it("a deployment job's steps in its strategy's lifecycle hooks build as a job's do, on its pool", () => {
    const config = [
      'jobs:',
      '  - deployment: release',
      '    pool: {vmImage: ubuntu-24.04}',
      '    environment: production',
      '    strategy:',
      '      runOnce:',
      '        preDeploy:',
      '          steps:',
      '            - checkout: self',
      '            - script: docker buildx build --platform linux/arm64 -t app ./svc',
      '        deploy:',
      '          steps:',
      '            - bash: docker build -t tools -f tools/Dockerfile .',
      '        on:',
      '          failure:',
      '            steps:',
      '              - script: docker buildx build --platform linux/s390x -t debug ./debug',
      '  - deployment: canary',
      '    pool: {vmImage: windows-latest}',
      '    strategy:',
      '      canary:',
      '        deploy:',
      '          steps:',
      '            - script: docker build -t win ./win',
      '',
    ].join('\n');
    assert.deepEqual(buildWords(scanAzurePipelines(config)), ['svc/Dockerfile svc linux/arm64', 'tools/Dockerfile . [linux/amd64]', 'debug/Dockerfile debug linux/s390x']);
  });
});
