// Reading and checking a repository config: every problem named with the file, line and key.
import * as assert from 'node:assert/strict';
import { parseRepoConfig, RepoConfigError } from '../../../src/core/repoConfig/parse';

const FILE = '.docker-pin.yaml';

function problems(text: string): readonly string[] {
  try {
    parseRepoConfig(text, FILE);
  } catch (error) {
    assert.ok(error instanceof RepoConfigError, String(error));
    return error.problems;
  }
  assert.fail('the config was accepted');
}

describe('parseRepoConfig', () => {
  it('reads every key', () => {
    const config = parseRepoConfig(
      ['platform: linux/aarch64', 'digestKind: index', 'buildArgs:', '  GO_VERSION: "1.23"', '  EMPTY: ""', 'ignore:', '  paths: [vendor/, "!vendor/keep"]', '  images: [registry.internal/*]', ''].join('\n'),
      FILE,
    );
    assert.deepEqual(config.platform, { os: 'linux', architecture: 'arm64' });
    assert.equal(config.digestKind, 'index');
    assert.deepEqual([...config.buildArgs], [['GO_VERSION', '1.23'], ['EMPTY', '']]);
    assert.deepEqual(config.ignorePaths, ['vendor/', '!vendor/keep']);
    assert.deepEqual(config.ignoreImages.map((p) => p.text), ['registry.internal/*']);
  });

  it('an empty file, or one of comments, sets nothing', () => {
    for (const text of ['', '# nothing yet\n']) {
      const config = parseRepoConfig(text, FILE);
      assert.equal(config.platform, undefined);
      assert.equal(config.digestKind, undefined);
      assert.equal(config.buildArgs.size, 0);
      assert.deepEqual([config.ignorePaths, config.ignoreImages], [[], []]);
    }
  });

  const table: [string, string, string[]][] = [
    ['a platform docker does not know', 'platform: linux/amd6\n', [`${FILE}:1: platform: "linux/amd6" is not a platform (os/arch[/variant], e.g. linux/amd64): docker knows no architecture "amd6"`]],
    ['an unknown operating system', 'platform: lnux/amd64\n', [`${FILE}:1: platform: "lnux/amd64" is not a platform (os/arch[/variant], e.g. linux/amd64): docker knows no operating system "lnux"`]],
    ['a platform without an architecture (it would be the host\'s)', 'platform: linux\n', [`${FILE}:1: platform: "linux" is not a platform (os/arch[/variant], e.g. linux/amd64)`]],
    ['a platform with no value', 'platform:\n', [`${FILE}:1: platform: an empty value is not a platform (os/arch[/variant], e.g. linux/amd64)`]],
    ['a digest kind', 'digestKind: idx\n', [`${FILE}:1: digestKind: "idx" is not "platform" or "index"`]],
    ['a build arg written as a number keeps its text', 'buildArgs:\n  GO_VERSION: 1.20\n', [`${FILE}:2: buildArgs.GO_VERSION: 1.20 is not a string (build args are text: write numbers in quotes)`]],
    ['a build arg name', 'buildArgs:\n  GO-VERSION: "1"\n', [`${FILE}:2: buildArgs: "GO-VERSION" is not an ARG name (letters, digits and _, not starting with a digit)`]],
    ['ignore as a list', 'ignore:\n  - vendor/\n', [`${FILE}:2: ignore: a list is not a mapping with the lists paths and images (ignore: { paths: [vendor/**], images: [registry.internal/*] })`]],
    ['an unknown key under ignore', 'ignore:\n  files: [a]\n', [`${FILE}:2: ignore.files: unknown key (ignore has paths and images)`]],
    ['an image pattern with a digest', 'ignore:\n  images:\n    - alpine:3.20\n    - alpine@sha256:abc\n', [`${FILE}:4: ignore.images[1]: "alpine@sha256:abc" is not an image pattern without a digest (registry.internal/*, alpine:edge)`]],
    ['an image pattern ending in a colon', 'ignore:\n  images: ["alpine:"]\n', [`${FILE}:2: ignore.images[0]: "alpine:" ends in ":" without a tag`]],
    ['an empty path pattern', 'ignore:\n  paths: [" "]\n', [`${FILE}:2: ignore.paths[0]: " " is not a path pattern (.gitignore syntax)`]],
    ['a top level that is not a mapping', '- platform\n', [`${FILE}: must be a mapping of keys (platform, digestKind, buildArgs, ignore), not a list`]],
    ['a typo', 'platfrom: linux/amd64\n', [`${FILE}:1: platfrom: unknown key (the keys are platform, digestKind, buildArgs, ignore)`]],
    ['several problems, in the order of the file', 'digestKind: idx\nplatform: linux/amd64\nextra: 1\n', [`${FILE}:1: digestKind: "idx" is not "platform" or "index"`, `${FILE}:3: extra: unknown key (the keys are platform, digestKind, buildArgs, ignore)`]],
    ['a key written twice', 'platform: linux/amd64\nplatform: linux/arm64\n', [`${FILE}:2: not valid YAML: Map keys must be unique`]],
  ];
  for (const [what, text, expected] of table) {
    it(`refuses ${what}`, () => assert.deepEqual(problems(text), expected));
  }

  it('a YAML syntax error names its line', () => {
    const [problem] = problems('platform: linux/amd64\nbuildArgs: TAG: "1"\n');
    assert.match(problem, /^\.docker-pin\.yaml:2: not valid YAML: /);
  });

  for (const key of ['mirrors', 'registry-mirrors', 'insecureRegistries', 'insecure-registries', 'dockerConfig', 'credHelpers', 'credsStore', 'auths', 'proxy', 'httpsProxy']) {
    it(`refuses ${key}: a repository cannot redirect credentials or run programs`, () => {
      const [problem] = problems(`${key}: x\n`);
      assert.ok(problem.startsWith(`${FILE}:1: ${key}: a repository config may not set this: registry mirrors, insecure registries, the docker config, credential helpers and proxies are settings of the machine`), problem);
    });
  }
});
