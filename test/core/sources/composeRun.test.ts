import * as assert from 'node:assert/strict';
import { composeCommand } from '../../../src/core/sources/composeRun';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { UNKNOWN } from '../../../src/core/sources/runDockerBuild';

/** What `command` (words split at spaces, `$X` a word only the run knows) runs in `cwd`, in words: `<command> <files or (default)> builds|pulls`, or what hides its files; `cwd` null: a folder only the run knows. */
const run = (command: string, cwd: string | null = '.', env: Record<string, string> = {}) => {
  const found = composeCommand(
    command.split(' ').map((word) => word.replace('$X', UNKNOWN)),
    cwd ?? undefined,
    (name) => env[name],
  );
  if (found === undefined) return undefined;
  return `${found.command} ${found.hidden ?? (found.files.length === 0 ? '(default)' : found.files.join(','))} ${found.builds ? 'builds' : 'pulls'}`;
};

describe('core/sources/composeRun: the compose files a docker compose command runs', () => {
  it('docker compose and docker-compose up, create, run and build build, pull pulls; --no-build does not build', () => {
    const cases: [string, string][] = [
      ['docker compose up', 'docker compose up (default) builds'],
      ['docker compose up --build -d', 'docker compose up (default) builds'],
      ['docker compose up --no-build', 'docker compose up (default) pulls'],
      ['docker-compose pull', 'docker-compose pull (default) pulls'],
      ['docker compose build web', 'docker compose build (default) builds'],
      ['docker compose run --rm web pytest', 'docker compose run (default) builds'],
      ['docker --context ci compose create', 'docker compose create (default) builds'],
    ];
    for (const [command, expected] of cases) assert.equal(run(command), expected, command);
  });

  it('-f and --file name the files in order, from the folder it runs in; COMPOSE_FILE when no -f does; -p and --project-directory change none', () => {
    assert.equal(run('docker compose -f compose.yml -f compose.ci.yml up', 'deploy'), 'docker compose up deploy/compose.yml,deploy/compose.ci.yml builds');
    assert.equal(run('docker compose --file=../a.yml -p ci --project-directory web -fb.yml pull', 'deploy'), 'docker compose pull a.yml,deploy/b.yml pulls');
    assert.equal(run('docker-compose --env-file .env.ci up', '.'), 'docker-compose up (default) builds');
    assert.equal(run('docker compose up', 'e2e', { COMPOSE_FILE: 'compose.yml:compose.e2e.yml' }), 'docker compose up e2e/compose.yml,e2e/compose.e2e.yml builds');
    assert.equal(run('docker compose -f x.yml up', '.', { COMPOSE_FILE: 'compose.yml' }), 'docker compose up x.yml builds');
  });

  it('a file or folder only the run knows is said, not guessed; other commands and other tools run no compose project', () => {
    assert.equal(run('docker compose -f $X up'), 'docker compose up its -f value builds');
    assert.equal(run('docker compose up', '.', { COMPOSE_FILE: `${UNKNOWN}.yml` }), 'docker compose up COMPOSE_FILE builds');
    assert.equal(run('docker compose up', null), 'docker compose up the folder it runs in builds');
    for (const none of ['docker compose down', 'docker compose logs web', 'docker compose -f - up', 'docker build .', 'docker run alpine', 'podman compose up', 'echo docker compose up']) assert.equal(run(none), undefined, none);
  });

  it("a run step's docker compose on runners of a known architecture is told to the engine with its files from the repository's root (none: Compose's default names in the step's folder), whether it builds, or what hides them; an unknown runner is not", () => {
    const runs = (run: string, runsOn = '${{ matrix.os }}', directory?: string, env: readonly string[] = []) =>
      (
        scanGithubWorkflow(['on: push', 'jobs:', '  e2e:', '    strategy: {matrix: {os: [ubuntu-latest, ubuntu-24.04-arm]}}', `    runs-on: ${runsOn}`, ...env, '    steps:', ...(directory === undefined ? [] : [`      - working-directory: ${directory}`]), `      ${directory === undefined ? '-' : ' '} run: |`, ...run.split('\n').map((l) => `          ${l}`), ''].join('\n'))
          .localActions ?? []
      ).map((u) => `${u.folder} ${u.compose === undefined ? '?' : `${u.compose.command} ${u.compose.hidden ?? (u.compose.files.join(',') || '(default)')} ${u.compose.builds ? 'builds' : 'pulls'}`} ${u.platforms.map((p) => p.architecture).join(',')}`);
    assert.deepEqual(runs('docker compose up --build -d'), ['. docker compose up (default) builds amd64,arm64']);
    assert.deepEqual(runs('docker compose -f compose.yml -f compose.ci.yml pull', 'ubuntu-24.04-arm', 'deploy'), ['deploy docker compose pull deploy/compose.yml,deploy/compose.ci.yml pulls arm64']);
    assert.deepEqual(runs('cd e2e\ndocker-compose run --rm tests', 'ubuntu-24.04-arm'), ['e2e docker-compose run (default) builds arm64']);
    assert.deepEqual(runs('docker compose up -d', 'ubuntu-latest', undefined, ['    env:', '      COMPOSE_FILE: ci/compose.yml']), ['. docker compose up ci/compose.yml builds amd64']);
    assert.deepEqual(runs('docker compose -f "$FILE" up -d'), ['. docker compose up its -f value builds amd64,arm64']);
    assert.deepEqual(runs('docker compose -f ${{ matrix.file }} up -d'), ['. docker compose up its -f value builds amd64,arm64']);
    assert.deepEqual(runs('docker compose -f /etc/compose.yml up'), []);
    assert.deepEqual(runs('docker compose up', 'self-hosted'), []);
    assert.deepEqual(runs('docker compose down\ndocker compose logs'), []);
  });
});
