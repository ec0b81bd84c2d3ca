import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

/** A release workflow building `file` (from the repository root) for linux/amd64 and linux/arm64, in a job that runs in a busybox container. */
const releaseWorkflow = (file: string) =>
  [
    'on: push',
    'jobs:',
    '  image:',
    '    runs-on: ubuntu-latest',
    '    container: busybox:1.36',
    '    steps:',
    '      - uses: docker/build-push-action@v6',
    '        with:',
    `          file: ${file}`,
    '          platforms: linux/amd64,linux/arm64',
    '',
  ].join('\n');

describe('docker-pin check and pin of a named Dockerfile: the builds its repository describes', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('repo-builders');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const { write, read } = projectFiles(() => dir);
  const gitInit = () => execFileSync('git', ['init', '-q', dir]);
  const run = (args: string[], cwd = dir) => runCli([args[0], ...common, ...args.slice(1)], { cwd });
  const both = 'the index digest: this image is used for linux/amd64 and linux/arm64';
  /** The `count` lines a failing check of `operands` reports. */
  const reported = async (operands: string[], count: number): Promise<string[]> => {
    const checked = await run(['check', ...operands]);
    assert.equal(checked.code, 1, checked.stderr);
    const lines = checked.stdout.trimEnd().split('\n');
    assert.equal(lines.length, count, checked.stdout);
    return lines;
  };

  it("a Dockerfile a workflow of its repository builds for linux/amd64 and linux/arm64 takes the index digest, named alone as pre-commit names a staged file; the workflow's own images are not reported, nor written", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\nRUN go build ./...\n');
    const workflow = write('.github/workflows/release.yml', releaseWorkflow('Dockerfile'));
    const index = images.golang.index.digest;
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, ${both})\n`);
    const pinned = await run(['pin', 'Dockerfile']);
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('Dockerfile'), `FROM golang:1.22@${index}\nRUN go build ./...\n`);
    assert.equal(read('.github/workflows/release.yml'), releaseWorkflow('Dockerfile'), `${workflow} is not written`);
    assert.doesNotMatch(pinned.stderr, /release\.yml/);
  });

  it("a Dockerfile named from a subfolder, or in a walked subfolder, gets the builds of the workflows at the repository's root", async () => {
    gitInit();
    write('services/api/Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/release.yml', releaseWorkflow('services/api/Dockerfile'));
    const index = images.golang.index.digest;
    const fromSubfolder = await run(['check', 'Dockerfile'], join(dir, 'services/api'));
    assert.equal(fromSubfolder.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, ${both})\n`, fromSubfolder.stderr);
    const walked = await run(['check', 'services']);
    assert.equal(walked.stdout, `services/api/Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, ${both})\n`, walked.stderr);
  });

  it('only the named Dockerfile is reported: another Dockerfile the same workflow builds is not, and one no build uses is read for the configured platform', async () => {
    gitInit();
    write('a/Dockerfile', 'FROM golang:1.22\n');
    write('b/Dockerfile', 'FROM alpine:3.20\n');
    write('c/Dockerfile', 'FROM alpine:3.20\n');
    write(
      '.github/workflows/release.yml',
      releaseWorkflow('a/Dockerfile') + ['      - uses: docker/build-push-action@v6', '        with:', '          file: b/Dockerfile', '          platforms: linux/amd64,linux/arm64', ''].join('\n'),
    );
    const checked = await run(['check', 'a/Dockerfile', 'c/Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `a/Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, ${both})`,
      `c/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
    ]);
  });

  it("a Dockerfile a named compose file builds, which its check reports and its pin writes, also gets the repository's other builds of it: a workflow's for two platforms", async () => {
    gitInit();
    write('app/Dockerfile', 'FROM golang:1.22\n');
    write('compose.yaml', ['services:', '  app:', '    build: ./app', ''].join('\n'));
    write('.github/workflows/release.yml', releaseWorkflow('app/Dockerfile'));
    const index = images.golang.index.digest;
    const checked = await run(['check', 'compose.yaml']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout, `app/Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, ${both}) (as service app in compose.yaml builds it)\n`);
    const pinned = await run(['pin', 'compose.yaml']);
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('app/Dockerfile'), `FROM golang:1.22@${index}\n`);
  });

  it("a Dockerfile a named compose file builds is told of a build of the repository whose platforms only its runner knows", async () => {
    gitInit();
    write('app/Dockerfile', 'FROM golang:1.22\n');
    write('compose.yaml', ['services:', '  app:', '    build: ./app', ''].join('\n'));
    write('scripts/release.sh', ['#!/bin/bash', 'cd "$(git rev-parse --show-toplevel)"', 'docker buildx build --platform "$PLATFORMS" app', ''].join('\n'));
    const checked = await run(['check', 'compose.yaml']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, /^app\/Dockerfile:1:1: unresolved "scripts\/release\.sh:3": .* builds this Dockerfile, and the --platform of /m);
  });

  it('outside a git repository, the build files beside the Dockerfile count: a compose service building it for two platforms; one in another folder does not', async () => {
    write('app/Dockerfile', 'FROM golang:1.22\n');
    write('app/compose.yaml', ['services:', '  app:', '    build:', '      context: .', '      platforms: [linux/amd64, linux/arm64]', ''].join('\n'));
    write('other/Dockerfile', 'FROM golang:1.22\n');
    write('compose.yaml', ['services:', '  other:', '    build:', '      context: other', '      platforms: [linux/amd64, linux/arm64]', ''].join('\n'));
    const checked = await run(['check', 'app/Dockerfile', 'other/Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `app/Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, ${both})`,
      `other/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
    ]);
  });

  it("a build file the repository config leaves out (ignore.paths) gives no build: the Dockerfile is read for the configured platform", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/release.yml', releaseWorkflow('Dockerfile'));
    write('.docker-pin.yaml', 'ignore:\n  paths: [".github/**"]\n');
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`, checked.stderr);
  });

  it("a build of the repository whose --platform only its runner knows is unresolved at the top of the Dockerfile it builds, naming the build's line; a Dockerfile another such build makes is not told of it", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('other/Dockerfile', 'FROM golang:1.22\n');
    write('scripts/release.sh', ['#!/bin/bash', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform "$PLATFORMS" -t app .', 'docker buildx build --platform linux/amd64,linux/arm64 -t other other', ''].join('\n'));
    const lines = await reported(['Dockerfile'], 2);
    assert.match(
      lines[0],
      /^Dockerfile:1:1: unresolved "scripts\/release\.sh:3": the docker build command on line 3 of the script in scripts\/release\.sh builds this Dockerfile, and the --platform of the docker build command on line 3 of the script is known only when the script runs .*pin that Dockerfile's images to index digests \(--index\), or accept it with --allow-unresolved$/,
    );
    assert.equal(lines[1], `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`);
    // Accepted: said on stderr, no longer a finding.
    const allowed = await run(['check', '--allow-unresolved', 'Dockerfile']);
    assert.match(allowed.stderr, /^Dockerfile:1:1: unresolved "scripts\/release\.sh:3"/m);
    assert.equal(allowed.stdout, `${lines[1]}\n`);
    const other = await run(['check', 'other/Dockerfile']);
    assert.equal(other.stdout, `other/Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, ${both})\n`, other.stderr);
  });

  it('a shell script without an extension (script/cibuild) is a build file of the repository, known by its #! line', async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('script/cibuild', ['#!/usr/bin/env bash', 'set -e', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64,linux/arm64 -t app .', ''].join('\n'));
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, ${both})\n`);
    // The same file as a Python program builds nothing.
    write('script/cibuild', ['#!/usr/bin/env python3', 'print("docker buildx build --platform linux/amd64,linux/arm64 -t app .")', ''].join('\n'));
    const python = await run(['check', 'Dockerfile']);
    assert.equal(python.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`, python.stderr);
  });

  it('a script run from its caller\'s folder tells only the Dockerfiles whose path ends as the one it builds', async () => {
    gitInit();
    write('jq/Dockerfile', 'FROM golang:1.22\n');
    write('tools/jq/Dockerfile', 'FROM golang:1.22\n');
    write('cron/Dockerfile', 'FROM golang:1.22\n');
    write('test/setup.sh', ['#!/bin/bash', 'docker buildx build --platform linux/amd64,linux/arm64 -t jq jq', ''].join('\n'));
    for (const told of ['jq/Dockerfile', 'tools/jq/Dockerfile']) {
      const lines = await reported([told], 2);
      assert.match(lines[0], new RegExp(`^${told.replace(/\//g, '\\/')}:1:1: unresolved "test\\/setup\\.sh:2": the docker build command on line 2 of the script in test\\/setup\\.sh builds a Dockerfile whose path ends in jq\\/Dockerfile, from a folder it does not say, for linux\\/amd64, linux\\/arm64, and this Dockerfile may be that one: `));
    }
    const other = await run(['check', 'cron/Dockerfile']);
    assert.equal(other.stdout, `cron/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`, other.stderr);
  });

  it("so is a docker/build-push-action step whose platforms input holds an expression only the workflow run knows", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/release.yml', releaseWorkflow('Dockerfile').replace('linux/amd64,linux/arm64', '${{ inputs.platforms }}'));
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, /^Dockerfile:1:1: unresolved "\.github\/workflows\/release\.yml:9": the docker\/build-push-action step of job image in \.github\/workflows\/release\.yml builds this Dockerfile, and the platforms input .* holds the workflow expression \$\{\{ inputs\.platforms \}\}/m);
  });

  it("so is a GoReleaser docker build whose --platform is a template; check . says it at the config's line alone, not again at the Dockerfile", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.goreleaser.yaml', ['version: 2', 'dockers:', '  - image_templates: ["acme/app:{{ .Tag }}"]', '    build_flag_templates: ["--pull", "--platform={{ .Env.PLATFORM }}"]', ''].join('\n'));
    const amd64 = `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    const lines = await reported(['Dockerfile'], 2);
    assert.match(
      lines[0],
      /^Dockerfile:1:1: unresolved "\.goreleaser\.yaml:3": docker build 1 \(dockers\) of the GoReleaser config in \.goreleaser\.yaml builds this Dockerfile, and the platform of docker build 1 \(dockers\) of the GoReleaser config holds the template \{\{ \.Env\.PLATFORM \}\}, .*or accept it with --allow-unresolved$/,
    );
    assert.equal(lines[1], amd64);
    const allLines = await reported(['.'], 2);
    assert.match(allLines[0], /^\.goreleaser\.yaml:4:\d+: unresolved "--platform=\{\{ \.Env\.PLATFORM \}\}": the platform of docker build 1 \(dockers\) of the GoReleaser config holds the template/);
    assert.equal(allLines[1], amd64);
  });

  it('a GoReleaser docker build whose dockerfile and --platform are both templates may build the named Dockerfile, for platforms that cannot be told either', async () => {
    gitInit();
    write('docker/Dockerfile', 'FROM golang:1.22\n');
    write('.goreleaser.yaml', ['version: 2', 'dockers:', '  - dockerfile: "{{ .Env.DOCKERFILE }}"', '    build_flag_templates: ["--platform={{ .Env.PLATFORM }}"]', ''].join('\n'));
    const lines = await reported(['docker/Dockerfile'], 2);
    assert.match(
      lines[0],
      /^docker\/Dockerfile:1:1: unresolved "\.goreleaser\.yaml:3": docker build 1 \(dockers\) of the GoReleaser config in \.goreleaser\.yaml builds a Dockerfile it does not name, for platforms that cannot be told either, and this Dockerfile may be that one/,
    );
    assert.equal(lines[1], `docker/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`);
  });

  it('so is a Skaffold artifact whose target is a template, built for named platforms; check . says it at the config alone', async () => {
    gitInit();
    write('web/Dockerfile', 'FROM golang:1.22\n');
    write('skaffold.yaml', ['apiVersion: skaffold/v4beta11', 'kind: Config', 'build:', '  platforms: [linux/amd64, linux/arm64]', '  artifacts:', '    - image: web', '      context: web', '      docker: {target: "{{.STAGE}}"}', ''].join('\n'));
    const amd64 = `web/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    const lines = await reported(['web/Dockerfile'], 2);
    assert.match(lines[0], /^web\/Dockerfile:1:1: unresolved "skaffold\.yaml:6": artifact web of the Skaffold config in skaffold\.yaml builds this Dockerfile, and the target of artifact web of the Skaffold config is a template Skaffold fills in when it runs/);
    assert.equal(lines[1], amd64);
    const allLines = await reported(['.'], 2);
    assert.match(allLines[0], /^skaffold\.yaml:6:\d+: unresolved "web": the target of artifact web of the Skaffold config is a template/);
    assert.equal(allLines[1], amd64);
  });

  it("a build of the repository whose Dockerfile only its runner knows (-f \"$DOCKERFILE\"), for two platforms, is unresolved at the top of the named Dockerfile, which may be that one; check . says it at the script's line alone", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('scripts/release.sh', ['#!/bin/bash', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64,linux/arm64 -f "$DOCKERFILE" -t app .', ''].join('\n'));
    const amd64 = `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    const lines = await reported(['Dockerfile'], 2);
    assert.equal(
      lines[0],
      'Dockerfile:1:1: unresolved "scripts/release.sh:3": the docker build command on line 3 of the script in scripts/release.sh builds a Dockerfile it does not name, for linux/amd64, linux/arm64, ' +
        "and this Dockerfile may be that one: its images are checked for the configured platform, which may not be one it is built for; name the Dockerfile in the build, pin this Dockerfile's images to index digests (--index), " +
        'leave scripts/release.sh out with ignore.paths in .docker-pin.yaml, or accept it with --allow-unresolved',
    );
    assert.equal(lines[1], amd64);
    // Accepted: said on stderr, no longer a finding.
    const allowed = await run(['check', '--allow-unresolved', 'Dockerfile']);
    assert.equal(allowed.code, 1, allowed.stderr);
    assert.match(allowed.stderr, /^Dockerfile:1:1: unresolved "scripts\/release\.sh:3"/m);
    assert.equal(allowed.stdout, `${amd64}\n`);
    // Pinned, the build is all that is left to say: check fails on it alone.
    assert.equal((await run(['pin', 'Dockerfile'])).code, 1);
    const pinned = await run(['check', 'Dockerfile']);
    assert.equal(pinned.code, 1, pinned.stderr);
    assert.deepEqual(pinned.stdout.trimEnd().split('\n'), [lines[0]]);
    write('Dockerfile', 'FROM golang:1.22\n');
    const allLines = await reported(['.'], 2);
    assert.equal(allLines[0], amd64);
    assert.match(allLines[1], /^scripts\/release\.sh:3:\d+: unresolved .*: the --file of the docker build command on line 3 of the script is known only when the script runs/);
    write('.docker-pin.yaml', 'ignore:\n  paths: [scripts/**]\n');
    const ignored = await run(['check', 'Dockerfile']);
    assert.equal(ignored.stdout, `${amd64}\n`, ignored.stderr);
  });

  it('the same build for the configured platform alone, or for the machine it runs on, cannot change the answer: nothing is said', async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('scripts/release.sh', ['#!/bin/bash', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64 -f "$DOCKERFILE" -t app .', 'docker build -f "$OTHER" .', ''].join('\n'));
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`, checked.stderr);
  });

  it('so is a docker/build-push-action step whose file input comes from a matrix only the workflow run knows, for named platforms; check . says it at the step alone', async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    const workflow = releaseWorkflow('${{ matrix.dockerfile }}').replace('    container: busybox:1.36\n', '    strategy:\n      matrix: ${{ fromJSON(inputs.images) }}\n');
    write('.github/workflows/release.yml', workflow);
    const amd64 = `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    const lines = await reported(['Dockerfile'], 2);
    assert.match(
      lines[0],
      /^Dockerfile:1:1: unresolved "\.github\/workflows\/release\.yml:10": the docker\/build-push-action step of job image in \.github\/workflows\/release\.yml builds a Dockerfile it does not name, for linux\/amd64, linux\/arm64, and this Dockerfile may be that one: /,
    );
    assert.equal(lines[1], amd64);
    const allLines = await reported(['.'], 2);
    assert.match(allLines[0], /^\.github\/workflows\/release\.yml:10:\d+: unresolved .*: the file input of the docker\/build-push-action step of job image holds the workflow expression \$\{\{ matrix\.dockerfile \}\}/);
    assert.equal(allLines[1], amd64);
  });

  it('so is a compose service whose dockerfile is a variable without a value, built for two platforms', async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('compose.yaml', ['services:', '  app:', '    build:', '      context: .', '      dockerfile: ${DOCKERFILE}', '      platforms: [linux/amd64, linux/arm64]', ''].join('\n'));
    const lines = await reported(['Dockerfile'], 2);
    assert.match(lines[0], /^Dockerfile:1:1: unresolved "compose\.yaml:5": service app in compose\.yaml builds a Dockerfile it does not name, for linux\/amd64, linux\/arm64, and this Dockerfile may be that one: /);
    assert.equal(lines[1], `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`);
  });

  it("a build file of the repository that cannot be read (not valid UTF-8) is unresolved at the top of the named Dockerfile, naming it, why and the fix, where check . fails on it; ignore.paths leaves it out", async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/release.yml', '');
    writeFileSync(join(dir, '.github/workflows/release.yml'), Buffer.concat([Buffer.from(releaseWorkflow('Dockerfile')), Buffer.from('# \xff\n', 'latin1')]));
    const amd64 = `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    const lines = await reported(['Dockerfile'], 2);
    assert.equal(
      lines[0],
      'Dockerfile:1:1: unresolved ".github/workflows/release.yml": .github/workflows/release.yml, a build file of this Dockerfile\'s repository, cannot be read (not valid UTF-8): ' +
        'the builds of this Dockerfile it may describe cannot be checked; make it readable, or leave it out with ignore.paths in the repository config',
    );
    assert.equal(lines[1], amd64);
    const all = await run(['check', '.']);
    assert.equal(all.code, 2, all.stdout);
    assert.match(all.stderr, /^docker-pin: \.github\/workflows\/release\.yml: not valid UTF-8$/m);
    write('.docker-pin.yaml', 'ignore:\n  paths: [".github/**"]\n');
    const ignored = await run(['check', 'Dockerfile']);
    assert.equal(ignored.stdout, `${amd64}\n`, ignored.stderr);
  });

  it('so is one the system refuses to read (EACCES), the CLI run without the capabilities that let root read any file', async () => {
    gitInit();
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/release.yml', releaseWorkflow('Dockerfile'));
    chmodSync(join(dir, '.github/workflows/release.yml'), 0);
    // Root reads a file of mode 000 unless its process has no CAP_DAC_OVERRIDE (or CAP_DAC_READ_SEARCH).
    const prefix = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-all'] : [];
    const checked = await runCli(['check', ...common, 'Dockerfile'], { cwd: dir, prefix });
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      'Dockerfile:1:1: unresolved ".github/workflows/release.yml": .github/workflows/release.yml, a build file of this Dockerfile\'s repository, cannot be read (EACCES): ' +
        'the builds of this Dockerfile it may describe cannot be checked; make it readable, or leave it out with ignore.paths in the repository config',
      `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
    ]);
  });

  it('an image a compose build of the repository gives whole in its args is named at that compose line, and pin of the Dockerfile alone writes neither file there', async () => {
    gitInit();
    const dockerfile = 'ARG BASE_IMAGE=alpine:3.20\nFROM ${BASE_IMAGE}\n';
    write('Dockerfile', dockerfile);
    const compose = ['services:', '  app:', '    build:', '      context: .', '      args:', '        BASE_IMAGE: golang:1.22', ''].join('\n');
    write('compose.yaml', compose);
    const checked = await run(['check', 'Dockerfile']);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stdout, /^Dockerfile:2:6: conflict "\$\{BASE_IMAGE\}": .*alpine:3\.20 \(read directly\) and golang:1\.22 \(as service app in compose\.yaml builds it\)/m);
    const pinned = await run(['pin', 'Dockerfile']);
    assert.equal(pinned.code, 1, pinned.stderr);
    assert.equal(read('Dockerfile'), dockerfile);
    assert.equal(read('compose.yaml'), compose);
  });
});
