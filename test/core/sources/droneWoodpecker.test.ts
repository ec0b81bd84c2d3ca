import * as assert from 'node:assert/strict';
import { formatPlatform } from '../../../src/core/platform';
import { detectKind } from '../../../src/core/sources/detect';
import { scanDrone, scanWoodpecker } from '../../../src/core/sources/droneWoodpecker';
import type { ScanResult } from '../../../src/core/types';
import { D1, pinAll, problemViews } from './helpers';

const seen = (result: ScanResult) =>
  result.images.map((o) => [o.line, o.source, o.expanded, (o.platforms ?? [o.platform]).map((p) => (p === undefined ? 'configured' : formatPlatform(p))).join(',')]);

describe('core/sources/droneWoodpecker: the images Drone and Woodpecker pipelines run', () => {
  it('is the kind of .drone.yml, .woodpecker.yml and the files of .woodpecker/', () => {
    assert.equal(detectKind('.drone.yml'), 'drone');
    for (const name of ['.woodpecker.yml', '.woodpecker.yaml', '.woodpecker/build.yaml']) assert.equal(detectKind(name), 'woodpecker', name);
  });

  it("reads a Drone docker pipeline's steps and services for its platform (default linux/amd64), not an exec pipeline's", () => {
    const text = [
      'kind: pipeline',
      'type: docker',
      'name: arm',
      'platform: {os: linux, arch: arm64}',
      'steps:',
      '  - name: test',
      '    image: golang:1.22 # the toolchain',
      '  - name: publish',
      '    image: plugins/docker:${DRONE_TAG}',
      'services:',
      '  - name: db',
      '    image: postgres:16',
      '---',
      'kind: pipeline',
      'name: default',
      'steps: [{name: lint, image: "golangci/golangci-lint:v1.59"}]',
      '---',
      'kind: pipeline',
      'type: exec',
      'steps: [{name: host, image: ignored:1}]',
      '---',
      'kind: secret',
      'name: token',
      '',
    ].join('\n');
    const result = scanDrone(text);
    assert.deepEqual(seen(result), [
      [7, 'image', 'golang:1.22', 'linux/arm64'],
      [12, 'service', 'postgres:16', 'linux/arm64'],
      [16, 'image', 'golangci/golangci-lint:v1.59', 'linux/amd64'],
    ]);
    assert.deepEqual(problemViews(text, result.problems).map((p) => [p.line, p.kind, p.written]), [[9, 'unresolved', 'plugins/docker:${DRONE_TAG}']]);
    assert.match(pinAll(text, result, D1), new RegExp(`image: golang:1.22@${D1} # the toolchain`));
  });

  it("reads Woodpecker's steps and services as a list or a map, and its clone steps, for labels.platform (else any agent's)", () => {
    const text = [
      'labels:',
      '  platform: linux/arm64',
      'clone:',
      '  git:',
      '    image: woodpeckerci/plugin-git:2.5',
      'steps:',
      '  build:',
      '    image: node:20',
      '    commands: [npm ci]',
      'services:',
      '  - name: redis',
      '    image: redis:7',
      '',
    ].join('\n');
    assert.deepEqual(seen(scanWoodpecker(text)), [
      [5, 'image', 'woodpeckerci/plugin-git:2.5', 'linux/arm64'],
      [8, 'image', 'node:20', 'linux/arm64'],
      [12, 'service', 'redis:7', 'linux/arm64'],
    ]);
    assert.deepEqual(seen(scanWoodpecker('steps:\n  - name: a\n    image: alpine:3.20\n')), [[3, 'image', 'alpine:3.20', 'configured']]);
  });
});
