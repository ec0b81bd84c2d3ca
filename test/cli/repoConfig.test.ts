// The repository config (.docker-pin.yaml) in the CLI, against the real registry: what it changes
// in what `check` reports and `pin` writes, its precedence under the flags and over
// DOCKER_DEFAULT_PLATFORM, which config applies to which file, and invalid configs (exit 2, nothing written).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { digestFor, withMultiStageRegistry, type Images } from './fixtures';
import { runCli, tempDir } from './helpers';

describe('docker-pin and the repository config (.docker-pin.yaml)', function () {
  let images: Images;
  let mirror: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => {
    images = fixture.images;
    mirror = ['--mirror', `docker.io=${fixture.registry.url}`];
  });
  beforeEach(() => {
    dir = tempDir('repo-config');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    return name;
  };
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir) => runCli([args[0], ...mirror, ...args.slice(1)], { cwd, env });
  const alpine = (arch: string) => digestFor(images.alpine, arch);

  describe('platform and digestKind', () => {
    it('the config platform decides what pin writes; --platform wins over it', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      const dry = await cli(['pin', '--dry-run', 'Dockerfile']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, new RegExp(`^\\+FROM alpine:3.20@${alpine('arm64')}$`, 'm'));
      const flag = await cli(['pin', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(flag.code, 0, flag.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine('amd64')}\n`);
    });

    it('the config platform wins over DOCKER_DEFAULT_PLATFORM', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['check', 'Dockerfile'], { DOCKER_DEFAULT_PLATFORM: 'linux/amd64' });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('arm64')})\n`);
    });

    it('digestKind: index pins index digests, as --index does', async () => {
      write('.docker-pin.yaml', 'digestKind: index\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['pin', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${images.alpine.index.digest}\n`);
    });

    it('--digest-kind platform takes a config\'s digestKind: index back to platform digests, for pin, check and resolve', async () => {
      write('.docker-pin.yaml', 'digestKind: index\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      const check = await cli(['check', '--platform', 'linux/amd64', '--digest-kind', 'platform', 'Dockerfile']);
      assert.equal(check.code, 1, check.stderr);
      assert.equal(check.stdout, `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})\n`);
      const resolve = await cli(['resolve', '--platform', 'linux/amd64', '--digest-kind', 'platform', 'alpine:3.20']);
      assert.equal(resolve.stdout, `${alpine('amd64')}\n`);
      assert.equal((await cli(['resolve', '--platform', 'linux/amd64', 'alpine:3.20'])).stdout, `${images.alpine.index.digest}\n`, 'without the flag the config decides');
      const pin = await cli(['pin', '--platform', 'linux/amd64', '--digest-kind', 'platform', 'Dockerfile']);
      assert.equal(pin.code, 0, pin.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine('amd64')}\n`);
    });

    it('--digest-kind index pins index digests where no config says so, as --index does', async () => {
      write('Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['pin', '--platform', 'linux/amd64', '--digest-kind', 'index', 'Dockerfile']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${images.alpine.index.digest}\n`);
    });

    it('resolve in a directory with a config uses it under the flags', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      const r = await cli(['resolve', 'alpine:3.20']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${alpine('arm64')}\n`);
      const flag = await cli(['resolve', '--platform', 'linux/amd64', 'alpine:3.20']);
      assert.equal(flag.stdout, `${alpine('amd64')}\n`);
    });
  });

  describe('buildArgs', () => {
    const DOCKERFILE = 'ARG TAG\nFROM alpine:${TAG}\n';

    it("give ARGs their values, so a line they build is checked and pinned; a --build-arg of the same name wins", async () => {
      write('Dockerfile', DOCKERFILE);
      const without = await cli(['check', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(without.code, 1);
      assert.match(without.stdout, /^Dockerfile:2:6: unresolved/m);

      write('.docker-pin.yaml', 'buildArgs:\n  TAG: "3.20"\n');
      const check = await cli(['check', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(check.code, 1, check.stderr);
      assert.match(check.stdout, new RegExp(`^Dockerfile:2:6: unpinned alpine:3.20 \\(would pin ${alpine('amd64')}`, 'm'));

      const flag = await cli(['check', '--platform', 'linux/amd64', '--build-arg', 'TAG=0.0-none', 'Dockerfile']);
      assert.equal(flag.code, 3, flag.stdout);
      assert.match(flag.stderr, /alpine:0\.0-none/);

      const pin = await cli(['pin', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(pin.code, 0, pin.stderr);
      assert.equal(read('Dockerfile'), `ARG TAG\nFROM alpine:\${TAG}@${alpine('amd64')}\n`);
    });
  });

  describe('ignore.paths', () => {
    it('leaves files out of a directory walk, with ! taking one back; a file named on the command line is said to be left out', async () => {
      write('.docker-pin.yaml', 'ignore:\n  paths:\n    - vendor/\n    - "*.generated.yaml"\n    - third_party/*\n    - "!third_party/keep"\n    - legacy/*.Dockerfile\n    - "!legacy/main.Dockerfile"\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      write('vendor/Dockerfile', 'FROM busybox:1.36\n');
      write('deploy/app.generated.yaml', 'services:\n  web:\n    image: busybox:1.36\n');
      write('third_party/x/Dockerfile', 'FROM busybox:1.36\n');
      write('third_party/keep/Dockerfile', 'FROM alpine:3.20\n');
      write('legacy/old.Dockerfile', 'FROM busybox:1.36\n');
      write('legacy/main.Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['check', '--platform', 'linux/amd64', '.']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})`,
        `legacy/main.Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})`,
        `third_party/keep/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})`,
      ]);

      const named = await cli(['pin', '--platform', 'linux/amd64', 'vendor/Dockerfile']);
      assert.equal(named.code, 0, named.stderr);
      assert.equal(named.stderr, 'docker-pin: vendor/Dockerfile: not read: .docker-pin.yaml leaves it out (ignore.paths)\n');
      assert.equal(read('vendor/Dockerfile'), 'FROM busybox:1.36\n');
    });

    it('leave out the Dockerfile a compose service builds from', async () => {
      write('.docker-pin.yaml', 'ignore:\n  paths: [vendor/]\n');
      write('compose.yaml', 'services:\n  web:\n    build:\n      context: vendor\n');
      write('vendor/Dockerfile', 'FROM busybox:1.36\n');
      const r = await cli(['check', '--platform', 'linux/amd64', 'compose.yaml']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
    });
  });

  describe('ignore.images', () => {
    it('images a pattern matches are ignored, with the config and the pattern as the reason: no finding, no request, never pinned', async () => {
      write('.docker-pin.yaml', 'ignore:\n  images:\n    - registry.internal/*\n    - docker.io/library/busybox\n');
      write('Dockerfile', 'FROM alpine:3.20\nFROM registry.internal/team/base:1\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n');
      const check = await cli(['check', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(check.code, 1, check.stderr);
      assert.equal(check.stdout, `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})\n`);
      const json = await cli(['check', '--platform', 'linux/amd64', '--json', 'Dockerfile']);
      const entries = JSON.parse(json.stdout) as { line: number; state: string; reason?: string }[];
      assert.deepEqual(
        entries.map((e) => [e.line, e.state, e.reason]),
        [
          [1, 'unpinned', undefined],
          [2, 'ignored', '.docker-pin.yaml: ignore registry.internal/*'],
          [3, 'ignored', '.docker-pin.yaml: ignore docker.io/library/busybox'],
        ],
      );
      const pin = await cli(['pin', '--platform', 'linux/amd64', 'Dockerfile']);
      assert.equal(pin.code, 0, pin.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine('amd64')}\nFROM registry.internal/team/base:1\nCOPY --from=busybox:1.36 /bin/busybox /bin/busybox\n`);
      assert.match(pin.stderr, /ignored 2/);
    });
  });

  describe('which config applies', () => {
    it('the nearest one, alone: a nested config replaces the outer one for the files below it', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\nignore:\n  paths: [svc/legacy.Dockerfile]\n');
      write('svc/.docker-pin.yml', 'platform: linux/amd64\n');
      write('Dockerfile', 'FROM alpine:3.20\n');
      write('svc/Dockerfile', 'FROM alpine:3.20\n');
      write('svc/legacy.Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['pin', '.']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(read('Dockerfile'), `FROM alpine:3.20@${alpine('arm64')}\n`);
      assert.equal(read('svc/Dockerfile'), `FROM alpine:3.20@${alpine('amd64')}\n`);
      // The outer config's ignore is not the nested directory's: its files follow their own config.
      assert.equal(read('svc/legacy.Dockerfile'), `FROM alpine:3.20@${alpine('amd64')}\n`);
    });

    it('never one above the repository root', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      mkdirSync(join(dir, 'repo'));
      execFileSync('git', ['init', '-q'], { cwd: join(dir, 'repo') });
      write('repo/Dockerfile', 'FROM alpine:3.20\n');
      const r = await cli(['check', '--platform', 'linux/amd64', 'repo/Dockerfile'], {}, dir);
      assert.equal(r.stdout, `repo/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})\n`);
      const fromInside = await cli(['check', 'Dockerfile'], {}, join(dir, 'repo'));
      assert.doesNotMatch(fromInside.stdout, new RegExp(alpine('arm64')));
    });

    it('outside a repository, none above the current directory', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      write('work/Dockerfile', 'FROM alpine:3.20\n');
      const below = await cli(['check', 'Dockerfile'], { DOCKER_DEFAULT_PLATFORM: 'linux/amd64' }, join(dir, 'work'));
      assert.equal(below.stdout, `Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('amd64')})\n`);
      const above = await cli(['check', 'work/Dockerfile'], { DOCKER_DEFAULT_PLATFORM: 'linux/amd64' }, dir);
      assert.equal(above.stdout, `work/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${alpine('arm64')})\n`);
    });

    it('standard input takes the current directory\'s', async () => {
      write('.docker-pin.yaml', 'platform: linux/arm64\n');
      const r = await runCli(['pin', ...mirror, '-'], { cwd: dir, input: 'FROM alpine:3.20\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `FROM alpine:3.20@${alpine('arm64')}\n`);
    });
  });

  describe('an invalid config', () => {
    const DOCKERFILE = 'FROM alpine:3.20\n';

    const refused = async (config: string, expected: RegExp, name = '.docker-pin.yaml') => {
      write(name, config);
      write('Dockerfile', DOCKERFILE);
      for (const args of [['pin', '--platform', 'linux/amd64', '.'], ['check', '--platform', 'linux/amd64', 'Dockerfile']]) {
        const r = await cli(args);
        assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
        assert.match(r.stderr, expected);
        assert.match(r.stderr, /nothing was checked or written/);
        assert.equal(r.stdout, '');
      }
      assert.equal(read('Dockerfile'), DOCKERFILE);
    };

    it('a value that is not a platform: exit 2 naming the file, line and key; nothing pinned', () =>
      refused('# team policy\nplatform: linux/amd6\n', /^docker-pin: \.docker-pin\.yaml:2: platform: "linux\/amd6" is not a platform \(os\/arch\[\/variant\], e\.g\. linux\/amd64\)/m));

    it('a key that could send credentials elsewhere (insecureRegistries) is refused as a machine setting', () =>
      refused('insecureRegistries:\n  - registry.internal\n', /^docker-pin: \.docker-pin\.yaml:1: insecureRegistries: a repository config may not set this: .*machine/m));

    it('an unknown key (a typo) is refused', () => refused('digestkind: index\n', /^docker-pin: \.docker-pin\.yaml:1: digestkind: unknown key \(the keys are platform, digestKind, buildArgs, ignore\)$/m));

    it('a YAML syntax error names its line', () => refused('platform: linux/amd64\nbuildArgs: TAG: "3.20"\ndigestKind: index\n', /^docker-pin: \.docker-pin\.yaml:2: not valid YAML: /m));

    it('a build arg written as a number says to quote it', () =>
      refused('buildArgs:\n  GO_VERSION: 1.20\n', /^docker-pin: \.docker-pin\.yml:2: buildArgs\.GO_VERSION: 1\.20 is not a string/m, '.docker-pin.yml'));

    it('both .docker-pin.yaml and .docker-pin.yml in one directory', async () => {
      write('.docker-pin.yml', 'platform: linux/amd64\n');
      await refused('platform: linux/amd64\n', /holds both \.docker-pin\.yaml and \.docker-pin\.yml; keep one of them/);
    });
  });
});
