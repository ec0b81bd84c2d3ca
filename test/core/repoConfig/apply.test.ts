// What a repository config changes: precedence under an explicit choice, path ignores (gitignore
// semantics, negation included) and the reason an image is ignored.
import * as assert from 'node:assert/strict';
import { parseReference } from '../../../src/core/reference';
import { imageIgnorer, inEffect, pathIgnorer } from '../../../src/core/repoConfig/apply';
import { parseRepoConfig } from '../../../src/core/repoConfig/parse';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };

describe('a repository config applied', () => {
  describe('precedence: the choice (flag, set setting), then the config, then the fallback', () => {
    const config = parseRepoConfig('platform: linux/arm64\ndigestKind: index\nbuildArgs:\n  A: config\n  B: config\n', '.docker-pin.yaml');
    const table: [string, Parameters<typeof inEffect>[0], Parameters<typeof inEffect>[1], ReturnType<typeof inEffect>][] = [
      ['nothing chosen, no config: the fallback decides', {}, undefined, { buildArgs: new Map() }],
      ['nothing chosen: the config', {}, config, { platform: ARM64, platformFrom: 'config', digestKind: 'index', buildArgs: new Map([['A', 'config'], ['B', 'config']]) }],
      ['a chosen platform and kind win', { platform: AMD64, digestKind: 'platform' }, config, { platform: AMD64, platformFrom: 'chosen', digestKind: 'platform', buildArgs: new Map([['A', 'config'], ['B', 'config']]) }],
      ['build args merge by name, the chosen value winning', { buildArgs: new Map([['B', 'flag'], ['C', 'flag']]) }, config, { platform: ARM64, platformFrom: 'config', digestKind: 'index', buildArgs: new Map([['A', 'config'], ['B', 'flag'], ['C', 'flag']]) }],
      ['a choice without a config', { platform: AMD64 }, undefined, { platform: AMD64, platformFrom: 'chosen', buildArgs: new Map() }],
    ];
    for (const [what, chosen, repo, expected] of table) {
      it(what, () => assert.deepEqual(inEffect(chosen, repo), expected));
    }
  });

  describe('ignore.paths', () => {
    const ignores = pathIgnorer(parseRepoConfig('ignore:\n  paths: [vendor/, "*.generated.yaml", "third_party/*", "!third_party/keep", "legacy/*.Dockerfile", "!legacy/main.Dockerfile", /Dockerfile.root]\n', 'c'));
    const table: [string, boolean][] = [
      ['vendor/Dockerfile', true],
      ['vendor/deep/compose.yaml', true],
      ['src/vendor/Dockerfile', true],
      ['deploy/app.generated.yaml', true],
      ['deploy/app.yaml', false],
      ['third_party/x/Dockerfile', true],
      ['third_party/keep/Dockerfile', false],
      ['legacy/old.Dockerfile', true],
      ['legacy/main.Dockerfile', false],
      ['Dockerfile.root', true],
      ['sub/Dockerfile.root', false],
      ['Dockerfile', false],
    ];
    for (const [path, expected] of table) {
      it(`${path} is ${expected ? '' : 'not '}left out`, () => assert.equal(ignores(path), expected));
    }
    it('nothing outside the config\'s directory', () => assert.equal(ignores('../vendor/Dockerfile'), false));
  });

  describe('ignore.images', () => {
    it('names the config and the first pattern that matches', () => {
      const ignored = imageIgnorer(parseRepoConfig('ignore:\n  images: [docker.io/library/scratch, registry.internal/*, alpine]\n', 'sub/.docker-pin.yaml'));
      assert.ok(ignored);
      assert.equal(ignored({ reference: parseReference('registry.internal/team/app:1') }), 'sub/.docker-pin.yaml: ignore registry.internal/*');
      assert.equal(ignored({ reference: parseReference('alpine:3.20') }), 'sub/.docker-pin.yaml: ignore alpine');
      assert.equal(ignored({ reference: parseReference('busybox:1.36') }), undefined);
    });
    it('no hook at all without patterns', () => assert.equal(imageIgnorer(parseRepoConfig('platform: linux/amd64\n', 'c')), undefined));
  });
});
