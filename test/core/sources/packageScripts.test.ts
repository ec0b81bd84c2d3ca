import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { packageScriptsMayBuild, scanPackageScripts } from '../../../src/core/sources/packageScripts';
import { buildWords } from './buildWords';

const pkg = (scripts: Record<string, string>, more: Record<string, unknown> = {}) => `${JSON.stringify({ name: 'app', ...more, scripts }, null, 2)}\n`;

/** Each build in words (buildWords.ts), paths from the package's folder, with its line and who builds. */
function builds(text: string, script?: string): string[] {
  const result = scanPackageScripts(text, script === undefined ? {} : { script });
  assert.ok((result.builds ?? []).every((b) => b.fromRepositoryRoot === undefined), 'paths are the package folder’s');
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line} (${result.builds?.[at].by})`);
}

const problems = (text: string) => scanPackageScripts(text).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

describe('core/sources/packageScripts: the Dockerfiles the scripts of a package.json build', () => {
  it("reads each script's command line as sh -c runs it in the package's folder: uptime-kuma's base build is for its three platforms", () => {
    const text = pkg({
      start: 'node server/server.js',
      'build-docker-base': 'docker buildx build -f docker/debian-base.dockerfile --platform linux/amd64,linux/arm64,linux/arm/v7 -t louislam/uptime-kuma:base2 --target base2 . --push',
      'build-docker-nightly-local': 'npm run build && docker build -f docker/dockerfile -t louislam/uptime-kuma:nightly2 --target nightly .',
      'build-tools': 'cd tools && podman build --arch arm64 -t tools .',
    });
    assert.deepEqual(builds(text), [
      'docker/debian-base.dockerfile . linux/amd64,linux/arm64,linux/arm/v7 target base2 line 5 (the docker build command of the build-docker-base script)',
      'docker/dockerfile . [configured] target nightly line 6 (the docker build command of the build-docker-nightly-local script)',
      'tools/Dockerfile tools linux/arm64 line 7 (the docker build command of the build-tools script)',
    ]);
    assert.deepEqual(problems(text), []);
    // A build's range is the script's string, where its line is.
    const [first] = scanPackageScripts(text).builds ?? [];
    assert.equal(text.split('\n')[first.range.start.line].slice(first.range.start.character, first.range.start.character + 24), '"docker buildx build -f ');
  });

  it('a path above the package’s folder is kept as written: the engine tells whether it is of the repository', () => {
    assert.deepEqual(builds(pkg({ image: 'docker buildx build --platform linux/amd64,linux/arm64 -f ../../docker/Dockerfile ../..' })), [
      '../../docker/Dockerfile ../.. linux/amd64,linux/arm64 line 4 (the docker build command of the image script)',
    ]);
  });

  it("what only npm's caller knows is unresolved at the script, with why, never guessed: a --platform of $PLATFORMS or ${npm_package_config_platforms}", () => {
    const text = pkg({ image: 'docker buildx build --platform ${npm_package_config_platforms} -t app .', other: 'docker buildx build --platform "$PLATFORMS" -f "$DOCKERFILE" .' }, { config: { platforms: 'linux/amd64,linux/arm64' } });
    assert.deepEqual(builds(text), ['Dockerfile . [hidden] line 7 (the docker build command of the image script)']);
    const said = problems(text);
    assert.equal(said.length, 2, said.join('\n'));
    assert.match(said[0], /^unresolved 7: the --platform of the docker build command of the image script is known only when the script runs \(an environment variable of whoever runs it or one npm sets/);
    assert.match(said[1], /^unresolved 8: the --platform of the docker build command of the other script is known only when the script runs/);
  });

  it('one script a CI step runs is read with its pre and post scripts and the scripts of the package it runs, each once', () => {
    const text = pkg({
      prerelease: 'docker build -f Dockerfile.pre .',
      release: 'npm run image && yarn run image && pnpm tools && node --run loop',
      postrelease: 'echo done',
      image: 'docker buildx build --platform linux/amd64,linux/arm64 -f Dockerfile.image .',
      tools: 'FOO=1 npm run tools-image',
      'tools-image': 'docker build -f Dockerfile.tools .',
      loop: 'npm run release',
      other: 'docker build -f Dockerfile.other .',
      elsewhere: 'cd sub && npm run other',
    });
    assert.deepEqual(
      builds(text, 'release').map((line) => line.replace(/ line.*/, '')),
      ['Dockerfile.pre . [configured]', 'Dockerfile.image . linux/amd64,linux/arm64', 'Dockerfile.tools . [configured]'],
    );
    // Another package's script is not this one's.
    assert.deepEqual(builds(text, 'elsewhere'), []);
    assert.deepEqual(builds(text, 'missing'), []);
  });

  it("the script a CI step runs tells the engine the scripts of other packages it runs: a workspace's, a task runner's, another folder's; the same package's are read with it", () => {
    const text = JSON.stringify({
      scripts: { images: 'turbo run image --filter=web && npm run base', base: 'cd tools && npm run image', other: 'pnpm -r image', all: 'lerna run push' },
    });
    const calls = (script: string) => (scanPackageScripts(text, { script }).localActions ?? []).map((use) => `${use.by}: ${use.folder} ${use.packageScript} ${JSON.stringify(use.workspaces ?? null)}`);
    assert.deepEqual(calls('images'), ['the images script: . image [{"name":"web"}]', 'the base script: tools image null']);
    assert.deepEqual(calls('other'), ['the other script: . image [{"every":true}]']);
    // Read whole, a package.json tells no calls: no step runs its scripts.
    assert.equal(scanPackageScripts(text).localActions, undefined);
  });

  it('a package.json is a build file only when a script of it may build: a text test, then its scripts', () => {
    const building = pkg({ image: 'docker build -t app .' });
    assert.ok(packageScriptsMayBuild(building));
    assert.equal(detectKind('/repo/package.json', building), 'package-scripts');
    assert.equal(detectKind('/repo/web/package.json', building), 'package-scripts');
    for (const none of [pkg({ build: 'tsc -p .', test: 'mocha' }), pkg({ build: 'tsc' }, { description: 'docker build helpers', keywords: ['docker', 'build'] }), '{"name": "x"}', '{"scripts": ']) {
      assert.ok(!packageScriptsMayBuild(none), none);
      assert.equal(detectKind('/repo/package.json', none), undefined, none);
    }
    // Its name alone says nothing; another JSON file with scripts is no package.json.
    assert.equal(detectKind('/repo/package.json'), undefined);
    assert.equal(detectKind('/repo/tsconfig.json', building), undefined);
    // Read alone, nothing but scripts: no images, no problems.
    assert.deepEqual(scanPackageScripts(pkg({ build: 'tsc' })), { images: [], problems: [], builds: [] });
  });

  it('reads a package.json with CRLF line ends and a duplicate scripts key as JSON.parse does (the last)', () => {
    const text = '{\r\n  "scripts": {"image": "docker build -f old/Dockerfile ."},\r\n  "scripts": {\r\n    "image": "docker build -f new/Dockerfile ."\r\n  }\r\n}\r\n';
    assert.deepEqual(builds(text), ['new/Dockerfile . [configured] line 4 (the docker build command of the image script)']);
  });
});
