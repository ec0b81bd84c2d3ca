import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

// A project laid out as Compose's own docs and real repositories do it: a top compose file that
// includes others by arbitrary names (short and long syntax, a project directory, an env file),
// and services that extend services of another file.
describe('docker-pin check and pin: compose include and extends', function () {
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('compose-links');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const { write, read } = projectFiles(() => dir);
  const run = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1)], { cwd: dir });
  const pin = (image: Parameters<typeof digestFor>[0]) => digestFor(image, 'amd64');

  const TOP = [
    'include:',
    '  - infra/db.yml',
    '  - path: ./tools/tools-stack.yaml',
    '    env_file: ./tools/tools.env',
    'services:',
    '  web:',
    '    extends:',
    '      file: shared/base-services.yml',
    '      service: base',
    '    ports: ["8080:80"]',
    '',
  ].join('\n');
  const DB = ['services:', '  db:', '    image: ${DB_IMAGE}', ''].join('\n');
  const TOOLS = ['services:', '  tools:', '    image: ${TOOLS_IMAGE:-acme/tools:9}', ''].join('\n');
  const BASE = ['services:', '  base:', '    image: golang:1.22', ''].join('\n');

  function project(): void {
    write('compose.yaml', TOP);
    write('infra/db.yml', DB);
    // The included project's own .env (its project directory's), not the top one's.
    write('infra/.env', 'DB_IMAGE=busybox:1.36\n');
    write('tools/tools-stack.yaml', TOOLS);
    write('tools/tools.env', 'TOOLS_IMAGE=acme/tools:1\n');
    write('shared/base-services.yml', BASE);
  }

  it('check compose.yaml reads every file it includes or extends, each image at its own place in its own file', async () => {
    project();
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `infra/db.yml:3:12: unpinned busybox:1.36 (would pin ${pin(images.busybox)} into the value of DB_IMAGE in the .env file on line 1)`,
      `tools/tools-stack.yaml:3:12: unpinned acme/tools:1 (would pin ${pin(images.tools)} into the value of TOOLS_IMAGE in the .env file on line 1)`,
      `shared/base-services.yml:3:12: unpinned golang:1.22 (would pin ${pin(images.golang)})`,
    ]);
  });

  it('pin writes each pin in its own file: the included projects’ env files and the extended file', async () => {
    project();
    const r = await run('pin', 'compose.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('compose.yaml'), TOP);
    assert.equal(read('infra/db.yml'), DB);
    assert.equal(read('infra/.env'), `DB_IMAGE=busybox:1.36@${pin(images.busybox)}\n`);
    assert.equal(read('tools/tools.env'), `TOOLS_IMAGE=acme/tools:1@${pin(images.tools)}\n`);
    assert.equal(read('shared/base-services.yml'), BASE.replace('golang:1.22', `golang:1.22@${pin(images.golang)}`));
    const again = await run('check', 'compose.yaml');
    assert.deepEqual([again.code, again.stdout], [0, '']);
  });

  it('the including project’s variables win over the included file’s env file, as Compose reads them', async () => {
    project();
    write('.env', 'DB_IMAGE=alpine:3.20\n');
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^infra\/db\.yml:3:12: unpinned alpine:3\.20 /m);
    assert.doesNotMatch(r.stdout, /busybox/);
  });

  it('check . reads a file reached twice once, with the include’s reading', async () => {
    project();
    write('infra/more.yml', ['include:', '  - db.yml', 'services: {}', ''].join('\n'));
    write('compose.yaml', TOP.replace('  - infra/db.yml\n', '  - infra/db.yml\n  - infra/more.yml\n'));
    const r = await run('check', '--json', '.');
    assert.equal(r.code, 1, r.stderr);
    const entries = JSON.parse(r.stdout) as { file: string; line: number; expanded: string }[];
    assert.deepEqual(entries.filter((e) => e.file === 'infra/db.yml').map((e) => [e.line, e.expanded]), [[3, 'busybox:1.36']]);
  });

  it('a missing file, an include cycle and a remote include are each reported at the line that names them', async () => {
    write('compose.yaml', ['include:', '  - gone.yml', '  - loop/a.yml', '  - oci://registry.example/acme/stack:1', '  - git@github.com:acme/stack.git', 'services:', '  app:', '    image: busybox:1.36', ''].join('\n'));
    write('loop/a.yml', ['include:', '  - b.yml', 'services:', '  a: {image: golang:1.22}', ''].join('\n'));
    write('loop/b.yml', ['include:', '  - a.yml', 'services: {}', ''].join('\n'));
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^compose\.yaml:2:5: invalid "gone\.yml": compose\.yaml includes gone\.yml, which does not exist: Compose refuses the project/m);
    assert.match(r.stderr, /^loop\/b\.yml:2:5: invalid "a\.yml": loop\/b\.yml includes a\.yml, which makes an include cycle \(loop\/a\.yml includes loop\/b\.yml includes loop\/a\.yml\): Compose refuses it/m);
    assert.match(r.stdout, /^compose\.yaml:4:5: skipped "oci:\/\/registry\.example\/acme\/stack:1": .*remote compose file \(git or OCI\), which docker-pin does not fetch/m);
    assert.match(r.stdout, /^compose\.yaml:5:5: skipped "git@github\.com:acme\/stack\.git": /m);
    assert.match(r.stdout, /^compose\.yaml:8:12: unpinned busybox:1\.36 /m);
    assert.match(r.stdout, /^loop\/a\.yml:4:14: unpinned golang:1\.22 /m);
  });

  it('an extending service that builds: the image of the service it extends names that build, and is not pinned', async () => {
    write('compose.yaml', ['services:', '  web:', '    extends: {file: common.yml, service: app}', '    build: ./web', '  api:', '    extends: {file: common.yml, service: builder}', '    image: acme/tools:1', ''].join('\n'));
    write('web/Dockerfile', 'FROM busybox:1.36\n');
    write('common.yml', ['services:', '  app:', '    image: acme/web:dev', '  builder:', '    build: ./b', '  db:', '    image: golang:1.22', ''].join('\n'));
    write('b/Dockerfile', 'FROM alpine:3.20\n');
    const r = await run('check', '--json', 'compose.yaml');
    const entries = JSON.parse(r.stdout) as { file: string; line: number; expanded?: string; state: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.expanded, e.state]),
      [
        ['web/Dockerfile', 1, 'busybox:1.36', 'unpinned'],
        ['common.yml', 7, 'golang:1.22', 'unpinned'],
        ['b/Dockerfile', 1, 'alpine:3.20', 'unpinned'],
      ],
    );
  });
});
