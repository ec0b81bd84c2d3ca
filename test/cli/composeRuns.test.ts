// check and pin of a compose file a workflow's run step runs docker compose on, against a real
// registry: the step's runners pull (and build) its images, so a matrix of an amd64 and an arm64
// runner makes an image without `platform:` one for both, pinned to its index.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';

const WORKFLOW = (runners: string, run: string) =>
  [
    'on: push',
    'jobs:',
    '  test:',
    `    strategy: { matrix: { runner: [${runners}] } }`,
    '    runs-on: ${{ matrix.runner }}',
    '    steps:',
    '      - uses: actions/checkout@v4',
    `      - run: ${run}`,
    '',
  ].join('\n');

const COMPOSE = ['services:', '  db:', '    image: alpine:3.20', '  tools:', '    platform: linux/amd64', '    image: busybox:1.36', '  web:', '    build: ./web', ''].join('\n');

const WHY = 'this image is used for linux/amd64 and linux/arm64 (a run step of job test in .github/workflows/test.yml runs it (docker compose up on a linux/arm64 runner))';

describe('docker-pin check and pin: compose files a CI step runs docker compose on', function () {
  const project = withMultiStageProject('compose-runs');
  const { write, read, run } = project;

  it("a matrix of an amd64 and an arm64 runner running docker compose up: an image without platform: takes the index digest, with why; an amd64 pin there is stale, and pin --update moves it to the index; a service's platform: keeps its own; a build's Dockerfile is built for both", async () => {
    const images = project.images();
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('compose.yaml', COMPOSE);
    write('web/Dockerfile', 'FROM golang:1.22\n');
    write('.github/workflows/test.yml', WORKFLOW('ubuntu-24.04, ubuntu-24.04-arm', 'docker compose up --build -d'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    const lines = checked.stdout.trimEnd().split('\n');
    assert.ok(lines.includes(`compose.yaml:3:12: unpinned alpine:3.20 (would pin ${images.alpine.index.digest}, the index digest: ${WHY})`), checked.stdout);
    assert.ok(lines.includes(`compose.yaml:6:12: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`), checked.stdout);
    assert.ok(lines.some((line) => line.startsWith('web/Dockerfile:1:6: unpinned golang:1.22') && line.includes(`would pin ${images.golang.index.digest}, the index digest`)), checked.stdout);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('compose.yaml'), COMPOSE.replace('alpine:3.20', `alpine:3.20@${images.alpine.index.digest}`).replace('busybox:1.36', `busybox:1.36@${digestFor(images.busybox, 'amd64')}`));
    assert.equal(read('web/Dockerfile'), `FROM golang:1.22@${images.golang.index.digest}\n`);
    assert.equal((await run('check', '.')).code, 0);
    // A platform pin written before: the arm64 job would pull the amd64 image.
    const amd64 = digestFor(images.alpine, 'amd64');
    write('compose.yaml', read('compose.yaml').replace(images.alpine.index.digest, amd64));
    const stale = await run('check', '.');
    assert.equal(stale.code, 1, stale.stderr);
    assert.deepEqual(stale.stdout.trimEnd().split('\n'), [`compose.yaml:3:12: stale alpine:3.20@${amd64} (would update to ${images.alpine.index.digest}, the index digest: ${WHY})`]);
    // The compose file named alone (as pre-commit names it) is read with the workflow's runs of it.
    const named = await run('check', 'compose.yaml');
    assert.match(named.stdout, new RegExp(`compose\\.yaml:3:12: stale alpine:3\\.20@${amd64} \\(would update to ${images.alpine.index.digest}, the index digest`), named.stdout);
    const updated = await run('pin', '--update', '.');
    assert.equal(updated.code, 0, updated.stderr + updated.stdout);
    assert.match(read('compose.yaml'), new RegExp(`alpine:3\\.20@${images.alpine.index.digest}\\n`));
  });

  it("the files -f names (from the step's working-directory), COMPOSE_FILE or the default names are the ones read for the runner, a GitLab job's script's too; amd64 runners alone, or an unknown runner, change nothing", async () => {
    const images = project.images();
    write('deploy/compose.ci.yml', 'services:\n  db:\n    image: alpine:3.20\n');
    write('compose.yaml', 'services:\n  db:\n    image: busybox:1.36\n');
    const amd64Alpine = `deploy/compose.ci.yml:3:12: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`;
    const amd64Busybox = `compose.yaml:3:12: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`;
    write('.github/workflows/test.yml', ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - working-directory: deploy', '        run: docker compose -f compose.ci.yml pull', ''].join('\n'));
    let checked = await run('check', '.');
    assert.deepEqual(checked.stdout.trimEnd().split('\n').sort(), [amd64Busybox, `deploy/compose.ci.yml:3:12: unpinned alpine:3.20 (would pin ${images.alpine.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64 (a run step of job test in .github/workflows/test.yml runs it (docker compose pull on a linux/arm64 runner)))`].sort());
    write('.github/workflows/test.yml', ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04-arm', '    env:', '      COMPOSE_FILE: compose.yaml', '    steps:', '      - run: docker-compose up -d', ''].join('\n'));
    checked = await run('check', '.');
    assert.deepEqual(checked.stdout.trimEnd().split('\n').sort(), [amd64Alpine, `compose.yaml:3:12: unpinned busybox:1.36 (would pin ${images.busybox.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64 (a run step of job test in .github/workflows/test.yml runs it (docker-compose up on a linux/arm64 runner)))`].sort());
    // A GitLab job on GitLab.com's hosted arm64 runner, its script from the repository's root: the default compose file.
    write('.github/workflows/test.yml', 'on: push\njobs: {}\n');
    write('.gitlab-ci.yml', ['e2e:', '  tags: [saas-linux-small-arm64]', '  script:', '    - docker compose up -d', ''].join('\n'));
    checked = await run('check', '.');
    assert.ok(checked.stdout.includes(`compose.yaml:3:12: unpinned busybox:1.36 (would pin ${images.busybox.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64 (`), checked.stdout);
    write('.gitlab-ci.yml', 'e2e:\n  script:\n    - docker compose up -d\n');
    for (const runners of ['ubuntu-24.04, ubuntu-latest', 'self-hosted, my-label']) {
      write('.github/workflows/test.yml', WORKFLOW(runners, 'docker compose -f deploy/compose.ci.yml -f compose.yaml up'));
      checked = await run('check', '.');
      assert.deepEqual(checked.stdout.trimEnd().split('\n').sort(), [amd64Alpine, amd64Busybox].sort(), runners);
    }
  });

  it('compose files a step names with a variable only the run knows are reported at the step, on a runner of another platform, not passed over (at the top of a compose file named alone); on amd64 runners alone nothing is said', async () => {
    write('compose.yaml', 'services:\n  db:\n    image: alpine:3.20\n');
    write('.github/workflows/test.yml', WORKFLOW('ubuntu-24.04, ubuntu-24.04-arm', 'docker compose -f "$COMPOSE" up -d'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.ok(
      checked.stdout.includes(
        '.github/workflows/test.yml:8:14: unresolved "docker compose up": docker compose up in a run step of job test runs compose files it does not name (its -f value is known only when it runs) on a linux/arm64 runner:',
      ),
      checked.stdout,
    );
    // The compose file named alone (the workflow read for what it runs only): told at its top, naming the step.
    write('.git/HEAD', 'ref: refs/heads/main\n');
    const named = await run('check', 'compose.yaml');
    assert.equal(named.code, 1, named.stderr);
    assert.ok(named.stdout.includes('compose.yaml:1:1: unresolved ".github/workflows/test.yml:8": docker compose up in a run step of job test runs compose files it does not name'), named.stdout);
    write('.github/workflows/test.yml', WORKFLOW('ubuntu-24.04', 'docker compose -f "$COMPOSE" up -d'));
    assert.doesNotMatch((await run('check', '.')).stdout, /unresolved/);
    assert.doesNotMatch((await run('check', 'compose.yaml')).stdout, /unresolved/);
  });
  it('a script a step on an arm64 runner runs, running docker compose up, pulls on that runner too: its compose file takes the index digest, the message naming the script; a compose file the script hides is unresolved at the step', async () => {
    const images = project.images();
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('deploy/compose.yaml', 'services:\n  db:\n    image: alpine:3.20\n');
    write('scripts/e2e.sh', '#!/bin/sh\nset -e\ncd deploy\ndocker compose up -d --wait\n');
    write('.github/workflows/test.yml', ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - run: ./scripts/e2e.sh', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(
      checked.stdout,
      `deploy/compose.yaml:3:12: unpinned alpine:3.20 (would pin ${images.alpine.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64 (a run step of job test, through scripts/e2e.sh, in .github/workflows/test.yml runs it (docker compose up on a linux/arm64 runner)))\n`,
    );
    write('scripts/e2e.sh', '#!/bin/sh\ndocker compose -f "$COMPOSE" up -d\n');
    const hidden = await run('check', '.');
    assert.match(hidden.stdout, /^\.github\/workflows\/test\.yml:7:14: unresolved "docker compose up": docker compose up in a run step of job test, through scripts\/e2e\.sh, runs compose files it does not name/m, hidden.stdout);
  });
});
