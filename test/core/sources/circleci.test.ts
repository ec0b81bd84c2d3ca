import * as assert from 'node:assert/strict';
import { formatPlatform } from '../../../src/core/platform';
import { scanCircleci } from '../../../src/core/sources/circleci';
import { detectKind } from '../../../src/core/sources/detect';
import { buildWords } from './buildWords';
import { D1, pinAll, problemViews, views } from './helpers';

const CONFIG = [
  'version: 2.1',
  'executors:',
  '  node:',
  '    docker:',
  '      - image: cimg/node:20.11 # the primary container',
  '  unused:',
  '    resource_class: arm.medium',
  '    docker: [{image: "cimg/base:2024.01"}]',
  'jobs:',
  '  test:',
  '    docker:',
  '      - image: cimg/go:1.22',
  '      - image: postgres:16',
  '        environment: {POSTGRES_PASSWORD: x}',
  '    resource_class: arm.large',
  '    steps: [checkout]',
  '  lint:',
  '    executor: node',
  '    steps: [checkout]',
  '  lint-arm:',
  '    executor: {name: node}',
  '    resource_class: arm.medium',
  '    steps: [checkout]',
  '  image:',
  '    machine: {image: ubuntu-2204:current}',
  '    steps:',
  '      - checkout',
  '      - run: docker buildx build --platform linux/amd64,linux/arm64 -t app .',
  '      - run:',
  '          name: tools',
  '          command: |',
  '            cd tools',
  '            docker build -t tools .',
  '  param:',
  '    parameters: {tag: {type: string, default: "3.20"}}',
  '    docker:',
  '      - image: alpine:<< parameters.tag >>',
  'workflows:',
  '  main:',
  '    jobs: [test, lint, image]',
  '',
].join('\n');

describe('core/sources/circleci: the images a CircleCI config runs, and the Dockerfiles its run steps build', () => {
  it('is the kind of the YAML files of .circleci/', () => {
    for (const name of ['.circleci/config.yml', 'svc/.circleci/config.yaml', '.circleci/continue_config.yml']) assert.equal(detectKind(name), 'circleci', name);
    assert.equal(detectKind('circleci/config.yml'), undefined);
  });

  it("reads each docker: entry's image of jobs and executors, for the architecture of the resource_class it runs on", () => {
    const result = scanCircleci(CONFIG);
    const seen = result.images.map((o) => [o.line, o.source, o.expanded, (o.platforms ?? [o.platform]).map((p) => (p === undefined ? 'configured' : formatPlatform(p))).join(',')]);
    assert.deepEqual(seen, [
      [5, 'container', 'cimg/node:20.11', 'linux/amd64,linux/arm64'],
      [8, 'container', 'cimg/base:2024.01', 'linux/arm64'],
      [12, 'container', 'cimg/go:1.22', 'linux/arm64'],
      [13, 'service', 'postgres:16', 'linux/arm64'],
    ].sort((a, b) => Number(a[0]) - Number(b[0])));
    assert.deepEqual(
      problemViews(CONFIG, result.problems).map((p) => [p.line, p.kind, p.written]),
      [[37, 'unresolved', 'alpine:<< parameters.tag >>']],
    );
  });

  it('pins an image where it is written, comments and quotes kept', () => {
    const result = scanCircleci(CONFIG);
    const pinned = pinAll(CONFIG, result, D1);
    assert.match(pinned, new RegExp(`- image: cimg/node:20.11@${D1} # the primary container`));
    assert.match(pinned, new RegExp(`docker: \\[\\{image: "cimg/base:2024.01@${D1}"\\}\\]`));
    assert.equal(views(CONFIG, result).length, 4);
  });

  it("a run step's docker build builds a Dockerfile of the repository (from its root) on the job's architecture", () => {
    assert.deepEqual(buildWords(scanCircleci(CONFIG)), ['Dockerfile . linux/amd64,linux/arm64', 'tools/Dockerfile tools [linux/amd64]']);
    assert.ok(scanCircleci(CONFIG).builds?.every((b) => b.fromRepositoryRoot === true));
    // A Windows job (its executor's class) or a macOS one builds Windows or macOS images: not read.
    const windows = ['version: 2.1', 'executors:', '  win: {machine: true, resource_class: windows.medium}', 'jobs:', '  build:', '    executor: win', '    steps: [{run: docker build -t app .}]', '  mac:', '    macos: {xcode: 15.0.0}', '    steps: [{run: docker build -t app .}]', ''].join('\n');
    assert.deepEqual(buildWords(scanCircleci(windows)), []);
  });
});
