import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

// One compose file included by two projects (or twice by one) with different env files: each
// include is a reading of the file, as each build is a reading of a Dockerfile. A line the readings
// name alike is checked and pinned once; a line they name differently is one conflict, pinned for
// neither; the builds each reading finds read the Dockerfile with that reading's values.
describe('docker-pin check and pin: a compose file two includes read differently', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('include-readings');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const { write, read } = projectFiles(() => dir);
  const run = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1)], { cwd: dir });
  const pin = (image: Parameters<typeof digestFor>[0]) => digestFor(image, 'amd64');

  const SHARED = ['services:', '  cache:', '    image: ${CACHE_IMAGE}', '  tool:', '    image: acme/tools:1', ''].join('\n');
  const includes = (envFile: string) => ['include:', '  - path: shared/stack.yaml', `    env_file: ${envFile}`, 'services: {}', ''].join('\n');
  const CONFLICT =
    'conflict "${CACHE_IMAGE}": its readings name different images, busybox:1.36 (as compose.a.yaml includes it) and alpine:3.20 (as compose.b.yaml includes it), ' +
    "and one digest cannot pin them all, so it is not pinned: give CACHE_IMAGE one value for every include (in each include's env file, or the including project's .env), or make the readings agree";

  function twoProjects(a: string, b: string): void {
    write('compose.a.yaml', includes('a.env'));
    write('compose.b.yaml', includes('b.env'));
    write('a.env', `CACHE_IMAGE=${a}\n`);
    write('b.env', `CACHE_IMAGE=${b}\n`);
    write('shared/stack.yaml', SHARED);
  }

  it('check: a line the two includes’ env files name differently is one conflict, in text, --json and SARIF', async () => {
    twoProjects('busybox:1.36', 'alpine:3.20');
    const r = await run('check', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [`shared/stack.yaml:3:12: ${CONFLICT}`, `shared/stack.yaml:5:12: unpinned acme/tools:1 (would pin ${pin(images.tools)})`]);
    const json = await run('check', '--json', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(json.code, 1, json.stderr);
    const entries = JSON.parse(json.stdout) as { file: string; line: number; state: string; message: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.state]),
      [
        ['shared/stack.yaml', 3, 'conflict'],
        ['shared/stack.yaml', 5, 'unpinned'],
      ],
    );
    assert.equal(entries[0].message, CONFLICT);
    const sarif = await run('check', '--format', 'sarif', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    assert.deepEqual(
      log.runs[0].results.filter((res) => res.ruleId === 'conflict').map((res) => res.message.text),
      [CONFLICT],
    );
  });

  it('pin leaves the conflicting line and both env files as they were, pins the line the readings agree on once, and counts the conflict', async () => {
    twoProjects('busybox:1.36', 'alpine:3.20');
    const r = await run('pin', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(read('a.env'), 'CACHE_IMAGE=busybox:1.36\n');
    assert.equal(read('b.env'), 'CACHE_IMAGE=alpine:3.20\n');
    assert.equal(read('shared/stack.yaml'), SHARED.replace('acme/tools:1', `acme/tools:1@${pin(images.tools)}`));
    assert.match(r.stderr, /^shared\/stack\.yaml:3:12: conflict "\$\{CACHE_IMAGE\}": its readings name different images/m);
    assert.match(r.stderr, /^pinned 1, updated 0, unchanged 0, failed 1 \(conflict 1\) in shared\/stack\.yaml$/m);
    const again = await run('check', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(again.code, 1, again.stderr);
    assert.deepEqual(again.stdout.trimEnd().split('\n'), [`shared/stack.yaml:3:12: ${CONFLICT}`]);
  });

  it('includes whose env files agree: the line is said once with no finding of either reading, and each reading’s env file takes its pin', async () => {
    twoProjects('busybox:1.36', 'busybox:1.36');
    const r = await run('check', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `shared/stack.yaml:3:12: unpinned busybox:1.36 (would pin ${pin(images.busybox)} into the value of CACHE_IMAGE in the .env file on line 1)`,
      `shared/stack.yaml:5:12: unpinned acme/tools:1 (would pin ${pin(images.tools)})`,
    ]);
    const p = await run('pin', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(p.code, 0, p.stderr);
    assert.doesNotMatch(p.stderr, /conflict/);
    assert.match(p.stderr, /^pinned 2, updated 0, unchanged 0, failed 0 in shared\/stack\.yaml$/m);
    // Each project reads the image from its own env file: both are pinned, so they still agree.
    assert.equal(read('a.env'), `CACHE_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('b.env'), `CACHE_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    const again = await run('check', 'compose.a.yaml', 'compose.b.yaml');
    assert.deepEqual([again.code, again.stdout], [0, '']);
  });

  it('one project including the same file twice with different env files: the readings are named by their lines', async () => {
    write('compose.yaml', ['include:', '  - path: shared/stack.yaml', '    env_file: a.env', '  - path: shared/stack.yaml', '    env_file: b.env', 'services: {}', ''].join('\n'));
    write('a.env', 'CACHE_IMAGE=busybox:1.36\n');
    write('b.env', 'CACHE_IMAGE=alpine:3.20\n');
    write('shared/stack.yaml', SHARED);
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^shared\/stack\.yaml:3:12: conflict "\$\{CACHE_IMAGE\}": its readings name different images, busybox:1\.36 \(as compose\.yaml includes it on line 2\) and alpine:3\.20 \(as compose\.yaml includes it on line 4\)/m);
  });

  it('a value one include reads from its env file and the other from the environment: refused, never pinned for one of them', async () => {
    twoProjects('busybox:1.36', 'busybox:1.36');
    // b's project sets it in its own .env, which reaches the included file as the environment: no file of its reading to pin.
    write('compose.b.yaml', ['include:', '  - path: shared/stack.yaml', '    env_file: [b.env, more.env]', 'services: {}', ''].join('\n'));
    write('more.env', '\n');
    const r = await run('pin', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(read('a.env'), 'CACHE_IMAGE=busybox:1.36\n');
    assert.match(
      r.stderr,
      /^shared\/stack\.yaml:3:12: conflict "\$\{CACHE_IMAGE\}": its readings name busybox:1\.36 alike, but not every reading could take its pin \(as compose\.b\.yaml includes it: CACHE_IMAGE comes from the environment, not from a file\)/m,
    );
    assert.match(r.stderr, /failed 1 \(conflict 1\) in shared\/stack\.yaml$/m);
  });

  it('an included project’s build reads its args with the include’s env file; two includes that differ make its line a conflict', async () => {
    write('compose.a.yaml', includes('a.env'));
    write('a.env', 'BASE=busybox:1.36\n');
    write('shared/stack.yaml', ['services:', '  app:', '    build:', '      context: app', '      args:', '        BASE: ${BASE}', ''].join('\n'));
    // Beside the included file, a .env the include does not read.
    write('shared/.env', 'BASE=golang:1.22\n');
    write('shared/app/Dockerfile', 'ARG BASE=alpine:3.20\nFROM ${BASE}\n');
    const r = await run('check', 'compose.a.yaml');
    assert.equal(r.code, 1, r.stderr);
    // busybox from a.env, not golang from the .env beside the included file.
    assert.equal(r.stdout.trimEnd().split('\n').length, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`^shared/app/Dockerfile:2:6: unpinned busybox:1\\.36 \\(would pin ${pin(images.busybox)}; .*\\(as service app in shared/stack\\.yaml builds it\\)$`, 'm'));
    write('compose.b.yaml', includes('b.env'));
    write('b.env', 'BASE=alpine:3.20\n');
    const both = await run('check', 'compose.a.yaml', 'compose.b.yaml');
    assert.equal(both.code, 1, both.stderr);
    assert.match(
      both.stdout,
      /^shared\/app\/Dockerfile:2:6: conflict "\$\{BASE\}": its readings name different images, busybox:1\.36 \(as service app in shared\/stack\.yaml included by compose\.a\.yaml builds it\) and alpine:3\.20 \(as service app in shared\/stack\.yaml included by compose\.b\.yaml builds it\)/m,
    );
  });
});
