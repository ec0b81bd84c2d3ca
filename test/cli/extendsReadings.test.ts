import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

// One compose file whose services two projects extend, each with its own .env. Compose reads an
// extended file with the extending project's variables and takes the extended service alone from
// it (compose-go loader/extends.go): each project that reads a service differently is a reading of
// the file, as each include is. A line the readings name alike is checked and pinned once, each
// project's pin going into its own .env; a line they name differently is one conflict, pinned for
// neither; a service only one project extends is read with that project's variables alone.
describe('docker-pin check and pin: a compose file two projects extend with different variables', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('extends-readings');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const { write, read } = projectFiles(() => dir);
  const run = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1)], { cwd: dir });
  const pin = (image: Parameters<typeof digestFor>[0]) => digestFor(image, 'amd64');

  const SHARED = ['services:', '  app:', '    image: ${APP_IMAGE}', '  tool:', '    image: acme/tools:1', ''].join('\n');
  /** A project extending the shared services named. */
  const extending = (...services: string[]) => ['services:', ...services.flatMap((s) => [`  my-${s}:`, `    extends: {file: ../shared/services.yml, service: ${s}}`]), ''].join('\n');
  const CONFLICT =
    'conflict "${APP_IMAGE}": its readings name different images, busybox:1.36 (as a/compose.yaml extends it) and alpine:3.20 (as b/compose.yaml extends it), ' +
    "and one digest cannot pin them all, so it is not pinned: give APP_IMAGE one value for every project that extends this file (in each project's .env or environment), or make the readings agree";

  function twoProjects(a: string, b: string): void {
    write('a/compose.yaml', extending('app', 'tool'));
    write('b/compose.yaml', extending('app'));
    write('a/.env', `APP_IMAGE=${a}\n`);
    write('b/.env', `APP_IMAGE=${b}\n`);
    write('shared/services.yml', SHARED);
  }

  it('check: a line the two projects’ .env files name differently is one conflict, in text, --json and SARIF', async () => {
    twoProjects('busybox:1.36', 'alpine:3.20');
    const r = await run('check', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [`shared/services.yml:3:12: ${CONFLICT}`, `shared/services.yml:5:12: unpinned acme/tools:1 (would pin ${pin(images.tools)})`]);
    const json = await run('check', '--json', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(json.code, 1, json.stderr);
    const entries = JSON.parse(json.stdout) as { file: string; line: number; state: string; message: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.state]),
      [
        ['shared/services.yml', 3, 'conflict'],
        ['shared/services.yml', 5, 'unpinned'],
      ],
    );
    assert.equal(entries[0].message, CONFLICT);
    const sarif = await run('check', '--format', 'sarif', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    assert.deepEqual(
      log.runs[0].results.filter((res) => res.ruleId === 'conflict').map((res) => res.message.text),
      [CONFLICT],
    );
  });

  it('pin leaves the conflicting line and both .env files as they were, pins the line the readings agree on, and counts the conflict', async () => {
    twoProjects('busybox:1.36', 'alpine:3.20');
    const r = await run('pin', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(read('a/.env'), 'APP_IMAGE=busybox:1.36\n');
    assert.equal(read('b/.env'), 'APP_IMAGE=alpine:3.20\n');
    assert.equal(read('shared/services.yml'), SHARED.replace('acme/tools:1', `acme/tools:1@${pin(images.tools)}`));
    assert.match(r.stderr, /^pinned 1, updated 0, unchanged 0, failed 1 \(conflict 1\) in shared\/services\.yml$/m);
    const again = await run('check', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(again.code, 1, again.stderr);
    assert.deepEqual(again.stdout.trimEnd().split('\n'), [`shared/services.yml:3:12: ${CONFLICT}`]);
  });

  it('projects whose .env files agree: the line is said once, and each project’s .env takes its pin', async () => {
    twoProjects('busybox:1.36', 'busybox:1.36');
    const r = await run('check', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `shared/services.yml:3:12: unpinned busybox:1.36 (would pin ${pin(images.busybox)} into the value of APP_IMAGE in the .env file on line 1)`,
      `shared/services.yml:5:12: unpinned acme/tools:1 (would pin ${pin(images.tools)})`,
    ]);
    const p = await run('pin', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(p.code, 0, p.stderr);
    assert.doesNotMatch(p.stderr, /conflict/);
    assert.match(p.stderr, /^pinned 2, updated 0, unchanged 0, failed 0 in shared\/services\.yml$/m);
    // Each project reads the image from its own .env: both are pinned, so they still agree.
    assert.equal(read('a/.env'), `APP_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('b/.env'), `APP_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('shared/services.yml'), SHARED.replace('acme/tools:1', `acme/tools:1@${pin(images.tools)}`));
    const again = await run('check', 'a/compose.yaml', 'b/compose.yaml');
    assert.deepEqual([again.code, again.stdout], [0, '']);
  });

  it('a project extending another service only: its variables do not read the services it does not extend', async () => {
    twoProjects('busybox:1.36', 'alpine:3.20');
    write('a/compose.yaml', extending('app'));
    // b sets APP_IMAGE otherwise, but runs only the tool service of the shared file.
    write('b/compose.yaml', extending('tool'));
    const r = await run('pin', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /conflict/);
    assert.equal(read('a/.env'), `APP_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('b/.env'), 'APP_IMAGE=alpine:3.20\n');
    assert.equal(read('shared/services.yml'), SHARED.replace('acme/tools:1', `acme/tools:1@${pin(images.tools)}`));
  });

  it('a service of the extended file that builds: its Dockerfile reads each project’s args, and args the projects set differently are a conflict there', async () => {
    write('shared/services.yml', ['services:', '  app:', '    build:', '      context: app', '      args:', '        BASE: ${BASE}', ''].join('\n'));
    write('shared/app/Dockerfile', 'ARG BASE=golang:1.22\nFROM ${BASE}\n');
    write('a/compose.yaml', extending('app'));
    write('b/compose.yaml', extending('app'));
    write('a/.env', 'BASE=busybox:1.36\n');
    write('b/.env', 'BASE=alpine:3.20\n');
    const r = await run('check', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /^shared\/app\/Dockerfile:2:6: conflict "\$\{BASE\}": its readings name different images, busybox:1\.36 \(as service app in shared\/services\.yml extended by a\/compose\.yaml builds it\) and alpine:3\.20 \(as service app in shared\/services\.yml extended by b\/compose\.yaml builds it\)/m,
    );
  });

  it('the extended file checked as a project of its own too (its own .env): each reading of the extended service is named', async () => {
    twoProjects('busybox:1.36', 'busybox:1.36');
    write('b/compose.yaml', extending('tool'));
    write('shared/.env', 'APP_IMAGE=alpine:3.20\n');
    const r = await run('check', 'shared/services.yml', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'shared/services.yml:3:12: conflict "${APP_IMAGE}": its readings name different images, alpine:3.20 (read directly) and busybox:1.36 (as a/compose.yaml extends it), ' +
        "and one digest cannot pin them all, so it is not pinned: give APP_IMAGE one value for every project that extends this file (in each project's .env or environment), or make the readings agree",
      `shared/services.yml:5:12: unpinned acme/tools:1 (would pin ${pin(images.tools)})`,
    ]);
    // The same values read directly and by the project extending it: no conflict, each .env pinned.
    write('shared/.env', 'APP_IMAGE=busybox:1.36\n');
    const p = await run('pin', 'shared/services.yml', 'a/compose.yaml', 'b/compose.yaml');
    assert.equal(p.code, 0, p.stderr);
    assert.equal(read('shared/.env'), `APP_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('a/.env'), `APP_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('b/.env'), 'APP_IMAGE=busybox:1.36\n');
  });
});
