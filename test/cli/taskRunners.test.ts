// justfiles (casey/just) and Taskfiles (go-task) as build files, by `check .` and by `check
// <Dockerfile>`: a recipe's or task's docker buildx build for linux/amd64 and linux/arm64 gives its
// Dockerfile the index digest; a workflow step on an arm64 runner running `just image` or `task
// image` makes a build there without --platform an arm64 one; a --platform only just knows is
// unresolved at its line.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';

const workflow = (runsOn: string, run: string) => ['on: push', 'jobs:', '  image:', `    runs-on: ${runsOn}`, '    steps:', '      - uses: actions/checkout@v4', `      - run: ${run}`, ''].join('\n');


/** Check's output without the builds on runners an index digest's why names (`this image is used for linux/amd64 and linux/arm64 (… builds it)`). */
const withoutRunners = (text: string) => text.replace(/(this image is used for \S+ and \S+) \(.* builds it\)\)$/gm, '$1)');
describe('docker-pin check of the builds of justfiles and Taskfiles', function () {
  const { images, run, write } = withMultiStageProject('task-runners');
  const index = () => `would pin ${images().golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64`;
  const amd64 = (path: string) => `${path}:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`;

  it("a justfile recipe's and a Taskfile task's build for linux/amd64 and linux/arm64 give their Dockerfiles the index digest, by check . and by check of each Dockerfile", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('images/task/Dockerfile', 'FROM golang:1.22\n');
    write('images/other/Dockerfile', 'FROM golang:1.22\n');
    write('justfile', ['platforms := "linux/amd64,linux/arm64"', '', 'image:', '    docker buildx build --platform {{platforms}} -t app --push .', ''].join('\n'));
    write('images/Taskfile.yml', ["version: '3'", 'vars:', '  PLATFORMS: linux/amd64,linux/arm64', 'tasks:', '  image:', '    dir: task', '    cmds:', '      - docker buildx build --platform {{.PLATFORMS}} -t task --push .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`Dockerfile:1:6: unpinned golang:1.22 (${index()})`, amd64('images/other/Dockerfile'), `images/task/Dockerfile:1:6: unpinned golang:1.22 (${index()})`]);
    assert.equal((await run('check', 'Dockerfile')).stdout, `Dockerfile:1:6: unpinned golang:1.22 (${index()})\n`);
    assert.equal((await run('check', 'images/task/Dockerfile')).stdout, `images/task/Dockerfile:1:6: unpinned golang:1.22 (${index()})\n`);
  });

  it("a workflow step on an arm64 runner running just or task (by the tool's search, -f, -d, --taskfile, after a cd) makes their builds without --platform arm64 builds: the index digest; on an amd64 runner, the amd64 digest", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('images/base/Dockerfile', 'FROM golang:1.22\n');
    write('images/base/justfile', 'image:\n    docker build -t acme/base .\n');
    const base = `images/base/Dockerfile:1:6: unpinned golang:1.22 (${index()})\n`;
    for (const step of ['cd images/base && just image', 'just -f images/base/justfile image', 'just --justfile=images/base/justfile image']) {
      write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', step));
      assert.equal(withoutRunners((await run('check', '.')).stdout), base, step);
    }
    assert.equal(withoutRunners((await run('check', 'images/base/Dockerfile')).stdout), base);
    write('.github/workflows/image.yml', workflow('ubuntu-24.04', 'cd images/base && just image'));
    assert.equal((await run('check', '.')).stdout, `${amd64('images/base/Dockerfile')}\n`);
    // A Taskfile, found by task's search from a subfolder, named by -d or --taskfile.
    write('images/base/justfile', 'test:\n    go test ./...\n');
    write('images/base/Taskfile.yml', "version: '3'\ntasks:\n  image:\n    cmds: [docker build -t acme/base .]\n");
    for (const step of ['task -d images/base image', 'cd images/base/sub && task image', 'task --taskfile images/base/Taskfile.yml image']) {
      write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', step));
      assert.equal(withoutRunners((await run('check', '.')).stdout), base, step);
    }
  });

  it("a --platform only just knows is unresolved at the recipe line, failing check; just run where a variable hides which justfile, on an arm64 runner, is unresolved at the step, naming the repository's justfiles that build", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('justfile', ['platforms := env("PLATFORMS", "linux/amd64")', 'image:', '    docker buildx build --platform {{platforms}} -t app .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(
      checked.stdout,
      /^justfile:3:5: unresolved "docker buildx build --platform \{\{platforms\}\} -t app \.": the --platform of the docker build command of recipe image in the justfile is known only when just runs \(a variable the justfile does not set to a written value, a recipe parameter, a just function, an environment variable or a command's output\), so what it builds, and for which platforms, cannot be told: /m,
    );
    write('justfile', 'image:\n    docker build -t app .\n');
    write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', 'just -f "$JUSTFILE" image'));
    const hidden = await run('check', '.');
    assert.match(
      hidden.stdout,
      /^\.github\/workflows\/image\.yml:7:14: unresolved "just": just in a run step of job image, on a linux\/arm64 runner, runs a justfile only the run knows \(its --justfile is known only when it runs\): it may be one of the repository's justfiles that build images \(justfile\), whose Dockerfiles are checked for the configured platform \(linux\/amd64\) only; write the folder or justfile in the step \(just -f images\/base\/justfile\), /m,
      hidden.stdout,
    );
  });
});
