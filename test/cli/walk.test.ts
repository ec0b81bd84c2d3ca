import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { walkOperands, type WalkedFile } from '../../src/cli/walk';
import { tempDir } from './helpers';

const DOCKERFILE = 'FROM alpine:3.20\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';
const POD = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: acme/app:1\n';
const NO_IMAGE = 'name: settings\nvalues:\n  retries: 3\n';

describe('walkOperands', function () {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    dir = tempDir('walk');
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  const paths = (files: readonly WalkedFile[]) => files.map((file) => file.path);

  /** A small project of every kind, with files that are not read and places that are never entered. */
  const writeProject = () => {
    write('Dockerfile', DOCKERFILE);
    write('services/api/Dockerfile.prod', DOCKERFILE);
    write('services/api/tools.containerfile', DOCKERFILE);
    write('compose.yaml', COMPOSE);
    write('pwd.yml', COMPOSE);
    write('deploy/app.yaml', POD);
    write('deploy/settings.yaml', NO_IMAGE);
    write('.github/workflows/ci.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:20\n');
    write('.gitlab-ci.yml', 'image: alpine:3.20\n');
    write('.devcontainer/devcontainer.json', '{ "image": "mcr.microsoft.com/devcontainers/base:ubuntu" }\n');
    write('README.md', '# project\n');
    write('src/main.ts', 'export {};\n');
    write('node_modules/pkg/Dockerfile', DOCKERFILE);
  };
  const PROJECT: readonly WalkedFile[] = [
    { path: '.devcontainer/devcontainer.json', kind: 'devcontainer' },
    { path: '.github/workflows/ci.yml', kind: 'github-workflow' },
    { path: '.gitlab-ci.yml', kind: 'gitlab-ci' },
    { path: 'Dockerfile', kind: 'dockerfile' },
    { path: 'compose.yaml', kind: 'compose' },
    { path: 'deploy/app.yaml', kind: 'kubernetes' },
    { path: 'pwd.yml', kind: 'compose' },
    { path: 'services/api/Dockerfile.prod', kind: 'dockerfile' },
    { path: 'services/api/tools.containerfile', kind: 'dockerfile' },
  ];

  it('finds every supported file of a tree by name and by content, in sorted order, skipping node_modules', async () => {
    writeProject();
    const walked = await walkOperands(['.']);
    assert.deepEqual(walked.files, PROJECT);
    assert.deepEqual(walked.emptyDirectories, []);
    assert.deepEqual(walked.problems, []);
  });

  it('finds the same files through git in a work tree, untracked but not ignored files included', async () => {
    writeProject();
    git('init', '-q');
    git('add', 'Dockerfile', 'compose.yaml');
    // node_modules tracked by mistake is still not entered.
    git('add', '-f', 'node_modules/pkg/Dockerfile');
    assert.deepEqual((await walkOperands(['.'])).files, PROJECT);
  });

  it("skips Go's vendored modules (a vendor folder holding modules.txt), with git or without; another vendor folder is read", async () => {
    writeProject();
    write('vendor/modules.txt', '# github.com/redis/go-redis/v9 v9.7.0\n');
    write('vendor/github.com/redis/go-redis/v9/docker-compose.yml', COMPOSE);
    write('tools/vendor/modules.txt', '# example.com/tool v1.0.0\n');
    write('tools/vendor/example.com/tool/Dockerfile', DOCKERFILE);
    write('web/vendor/acme/Dockerfile', DOCKERFILE);
    const expected = [...PROJECT, { path: 'web/vendor/acme/Dockerfile', kind: 'dockerfile' as const }];
    assert.deepEqual((await walkOperands(['.'])).files, expected);
    git('init', '-q');
    assert.deepEqual((await walkOperands(['.'])).files, expected);
    // Named, or walked from inside, it is read as given.
    assert.deepEqual(paths((await walkOperands(['vendor/github.com/redis/go-redis/v9/docker-compose.yml', 'tools/vendor'])).files), [
      'vendor/github.com/redis/go-redis/v9/docker-compose.yml',
      'tools/vendor/example.com/tool/Dockerfile',
    ]);
  });

  it('joins paths onto the operand as written: a subdirectory, a trailing slash, an absolute path', async () => {
    writeProject();
    assert.deepEqual(paths((await walkOperands(['services/'])).files), ['services/api/Dockerfile.prod', 'services/api/tools.containerfile']);
    assert.deepEqual(paths((await walkOperands(['./deploy'])).files), ['deploy/app.yaml']);
    assert.deepEqual(paths((await walkOperands([join(dir, 'deploy')])).files), [join(dir, 'deploy', 'app.yaml')]);
  });

  it('knows a workflow or a dev container config by its folders when the operand is one of them, or the file is named from inside it', async () => {
    // `check .github/workflows` walks `ci.yml`: it said "no workflow in this directory" and exited 0.
    writeProject();
    const kinds = (files: readonly WalkedFile[]) => files.map((file) => [file.path, file.kind]);
    assert.deepEqual(kinds((await walkOperands(['.github/workflows', '.github', '.devcontainer'])).files), [
      ['.github/workflows/ci.yml', 'github-workflow'],
      ['.github/workflows/ci.yml', 'github-workflow'],
      ['.devcontainer/devcontainer.json', 'devcontainer'],
    ]);
    process.chdir(join(dir, '.github/workflows'));
    assert.deepEqual(kinds((await walkOperands(['.', 'ci.yml'])).files), [
      ['ci.yml', 'github-workflow'],
      ['ci.yml', 'github-workflow'],
    ]);
    process.chdir(join(dir, '.devcontainer'));
    assert.deepEqual(kinds((await walkOperands(['devcontainer.json'])).files), [['devcontainer.json', 'devcontainer']]);
    // A YAML file in a folder below the workflows folder is no workflow: GitHub reads only the top level.
    write('.github/workflows/templates/job.yml', 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:20\n');
    process.chdir(join(dir, '.github/workflows/templates'));
    assert.deepEqual((await walkOperands(['.'])).files, []);
  });

  it('knows a shell script without an extension by its #! line, and reads no other file without one', async () => {
    write('script/cibuild', '#!/usr/bin/env bash\nset -e\ndocker build -t app .\n');
    write('hack/build-image', '#!/bin/sh -eu\ndocker build .\n');
    write('tools/gen', '#!/usr/bin/env python3\nprint("docker build")\n');
    write('LICENSE', 'MIT License\n');
    write('bin/tool', '\u0000\u0001binary');
    write('notes/later', 'echo\n#!/bin/sh\n');
    const walked = await walkOperands(['.']);
    assert.deepEqual(walked.files, [
      { path: 'hack/build-image', kind: 'shell-script' },
      { path: 'script/cibuild', kind: 'shell-script' },
    ]);
    // Named, the same: a script by its #! line, any other file without an extension as given.
    const named = await walkOperands(['script/cibuild', 'tools/gen']);
    assert.deepEqual(named.files, [
      { path: 'script/cibuild', kind: 'shell-script' },
      { path: 'tools/gen', kind: undefined },
    ]);
  });

  it("knows a package.json by a script of it that may build, and never reads one of node_modules; one without such a script is of no kind, named too", async () => {
    const building = JSON.stringify({ scripts: { image: 'docker buildx build --platform linux/amd64,linux/arm64 .' } });
    write('package.json', building);
    write('web/package.json', JSON.stringify({ scripts: { build: 'vite build' }, description: 'docker build' }));
    write('node_modules/tool/package.json', building);
    assert.deepEqual((await walkOperands(['.'])).files, [{ path: 'package.json', kind: 'package-scripts' }]);
    const named = await walkOperands(['package.json', 'web/package.json']);
    assert.deepEqual(named.files, [{ path: 'package.json', kind: 'package-scripts' }]);
    assert.deepEqual(named.otherFiles, ['web/package.json']);
  });

  it('takes file operands as given, in argument order, with their kind or none (read as a Dockerfile)', async () => {
    writeProject();
    write('some/file', DOCKERFILE);
    const walked = await walkOperands(['some/file', 'services/api/Dockerfile.prod', '-', 'pwd.yml', 'missing.yaml', 'missing.Dockerfile', 'deploy']);
    assert.deepEqual(walked.files, [
      { path: 'some/file', kind: undefined },
      { path: 'services/api/Dockerfile.prod', kind: 'dockerfile' },
      { path: '-', kind: undefined },
      { path: 'pwd.yml', kind: 'compose' },
      { path: 'missing.yaml', kind: undefined },
      { path: 'missing.Dockerfile', kind: 'dockerfile' },
      { path: 'deploy/app.yaml', kind: 'kubernetes' },
    ]);
    assert.deepEqual(walked.otherFiles, []);
  });

  it('sets apart a named YAML or JSON file of no kind: it is never read as a Dockerfile', async () => {
    writeProject();
    // A Helm values file and a JSON config whose text holds a FROM line.
    write('chart/values.yaml', 'dockerfile: |\n  FROM alpine:3.20\n');
    write('config/settings.json', '{ "script": "FROM alpine:3.20" }\n');
    write('big.yml', `${'# padding\n'.repeat(500_000)}services:\n  web:\n    image: nginx:1.27\n`);
    write('deploy/pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "nginx:1.27"}]}}\n');
    const walked = await walkOperands(['chart/values.yaml', 'deploy/settings.yaml', 'config/settings.json', 'big.yml', '.devcontainer/devcontainer.json', 'deploy/pod.json']);
    assert.deepEqual(walked.otherFiles, ['chart/values.yaml', 'deploy/settings.yaml', 'config/settings.json']);
    // A named file is told by content whatever its size; a JSON file is a manifest by its content.
    assert.deepEqual(walked.files, [
      { path: 'big.yml', kind: 'compose' },
      { path: '.devcontainer/devcontainer.json', kind: 'devcontainer' },
      { path: 'deploy/pod.json', kind: 'kubernetes' },
    ]);
  });

  it('names a directory with no supported file', async () => {
    write('docs/README.md', '# docs\n');
    write('docs/settings.yaml', NO_IMAGE);
    write('Dockerfile', DOCKERFILE);
    const walked = await walkOperands(['docs', '.']);
    assert.deepEqual(walked.emptyDirectories, ['docs']);
    assert.deepEqual(paths(walked.files), ['Dockerfile']);
  });

  describe('.gitignore', () => {
    const writeIgnored = () => {
      write('.gitignore', 'build/\n*.generated.yaml\n/top.Dockerfile\n');
      write('Dockerfile', DOCKERFILE);
      write('top.Dockerfile', DOCKERFILE);
      write('build/Dockerfile', DOCKERFILE);
      write('out.generated.yaml', COMPOSE);
      write('app/top.Dockerfile', DOCKERFILE);
      write('app/.gitignore', '*.Dockerfile\n!keep.Dockerfile\n');
      write('app/keep.Dockerfile', DOCKERFILE);
      write('app/drop.Dockerfile', DOCKERFILE);
      write('app/compose.yaml', COMPOSE);
      write('app/sub/build/Dockerfile', DOCKERFILE);
      write('app/sub/drop.Dockerfile', DOCKERFILE);
    };
    const KEPT = ['Dockerfile', 'app/compose.yaml', 'app/keep.Dockerfile'];

    it('is honoured at every level outside git, a deeper file overriding a shallower one', async () => {
      writeIgnored();
      assert.deepEqual(paths((await walkOperands(['.'])).files), KEPT);
      // Outside a repository there is no top level: a walked directory's rules are those found from it down.
      assert.deepEqual(paths((await walkOperands(['app'])).files), ['app/compose.yaml', 'app/keep.Dockerfile', 'app/sub/build/Dockerfile']);
    });

    it('is honoured by git inside a work tree, from the top or from a subdirectory', async () => {
      writeIgnored();
      git('init', '-q');
      assert.deepEqual(paths((await walkOperands(['.'])).files), KEPT);
      // Git applies the top level's rules to a subdirectory too (build/ anywhere).
      assert.deepEqual(paths((await walkOperands(['app'])).files), ['app/compose.yaml', 'app/keep.Dockerfile']);
    });

    it("inside a work tree is git's answer: .git/info/exclude counts", async () => {
      write('Dockerfile', DOCKERFILE);
      write('local.Dockerfile', DOCKERFILE);
      git('init', '-q');
      writeFileSync(join(dir, '.git', 'info', 'exclude'), 'local.Dockerfile\n');
      assert.deepEqual(paths((await walkOperands(['.'])).files), ['Dockerfile']);
      // As in a git hook, which sets GIT_DIR for its own repository: the walked tree's repository is still the one asked.
      process.env.GIT_DIR = join(dir, 'elsewhere.git');
      try {
        assert.deepEqual(paths((await walkOperands(['.'])).files), ['Dockerfile']);
      } finally {
        delete process.env.GIT_DIR;
      }
    });

    it('is read from the files when git is not installed', async () => {
      writeIgnored();
      git('init', '-q');
      const path = process.env.PATH;
      process.env.PATH = join(dir, 'no-such-bin');
      try {
        assert.deepEqual(paths((await walkOperands(['.'])).files), KEPT);
      } finally {
        process.env.PATH = path;
      }
    });
  });

  describe('symlinks', () => {
    let outside: string;
    beforeEach(() => {
      outside = tempDir('walk-outside');
      writeFileSync(join(outside, 'Dockerfile'), DOCKERFILE);
      writeFileSync(join(outside, 'compose.yaml'), COMPOSE);
    });
    afterEach(() => rmSync(outside, { recursive: true, force: true }));

    const writeLinks = () => {
      write('Dockerfile', DOCKERFILE);
      write('real/compose.yaml', COMPOSE);
      symlinkSync(join(outside, 'Dockerfile'), join(dir, 'escape.Dockerfile'));
      symlinkSync(outside, join(dir, 'escape-dir'));
      symlinkSync('real/compose.yaml', join(dir, 'docker-compose.yml'));
      symlinkSync('.', join(dir, 'real', 'loop'));
      symlinkSync('../loop-b', join(dir, 'real', 'loop-a'));
      symlinkSync('real/loop-a', join(dir, 'loop-b'));
      symlinkSync('missing', join(dir, 'dangling.Dockerfile'));
    };
    // The link to a file inside the tree is kept (the CLI then reads that file once, under its first name).
    const KEPT = ['Dockerfile', 'docker-compose.yml', 'real/compose.yaml'];

    it('are never followed out of the tree, and loops end, outside git', async () => {
      writeLinks();
      assert.deepEqual(paths((await walkOperands(['.'])).files), KEPT);
    });

    it('are never followed out of the tree, and loops end, inside git', async () => {
      writeLinks();
      git('init', '-q');
      git('add', '-A');
      assert.deepEqual(paths((await walkOperands(['.'])).files), KEPT);
    });

    it('a directory operand that is itself a symlink is walked where it points', async () => {
      symlinkSync(outside, join(dir, 'linked'));
      assert.deepEqual(paths((await walkOperands(['linked'])).files), ['linked/Dockerfile', 'linked/compose.yaml']);
    });
  });
});
