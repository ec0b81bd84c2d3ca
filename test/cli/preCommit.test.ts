// The pre-commit hooks (.pre-commit-hooks.yaml) run by the real pre-commit tool, as a user tries
// them: `pre-commit try-repo <this repository>` in a temporary git repository whose files name
// images on the real registry (on loopback, so docker-pin asks it over plain http). pre-commit
// installs this repository as users get it, from git with npm: `prepare` installs the build tools
// (see scripts/prepare.mjs) and builds the CLI. npm runs offline here, from its cache, which
// `npm ci` filled; a package missing from the cache fails the install with ENOTCACHED (run
// `npm ci` once with the npm registry reachable), never a skip. try-repo tries what git has:
// the commit checked out plus tracked changes and staged files, not untracked ones.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { detectKind, NOT_A_DOCKERFILE } from '../../src/core/sources/detect';
import { findCommand } from '../support/tools';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { digestFor } from './fixtures';
import { hermeticEnv, ROOT, tempDir } from './helpers';

interface Run {
  code: number;
  output: string;
}

/** pre-commit on PATH, else where scripts/setup-pre-commit.sh installs it. */
function preCommitCommand(): string {
  const found = findCommand('pre-commit') ?? findCommand(join(ROOT, '.tools', 'pre-commit', 'bin', 'pre-commit'));
  if (!found) throw new Error('These tests need pre-commit (https://pre-commit.com): run scripts/setup-pre-commit.sh, or pip install pre-commit');
  return found;
}

function preCommit(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(preCommitCommand(), args, { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && code === -1) reject(error);
      else resolve({ code, output: stdout + stderr });
    });
  });
}

describe('pre-commit hooks docker-pin and docker-pin-check through pre-commit try-repo', function () {
  // pre-commit installs the hooks' environment first: npm installs the build tools and builds.
  this.timeout(600_000);
  let registry: TestRegistry;
  let old: PushedImage;
  let app: PushedImage;
  let work: string;
  let repo: string;
  let run: Run;
  const files: Record<string, string> = {};

  before(async () => {
    preCommitCommand();
    registry = await startRegistry({ auth: 'none' });
    old = await pushImage(registry, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'old' });
    app = await pushImage(registry, 'acme/app', '1', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'new' });
    work = tempDir('pre-commit');
    repo = join(work, 'repo');
    const image = `${registry.host}/acme/app:1`;
    Object.assign(files, {
      Dockerfile: `FROM ${image}\n`,
      'compose.yaml': `services:\n  web:\n    image: ${image}\n`,
      // A pin the tag has moved on from: pin leaves it (only pin --update moves pins), check reports it.
      'stale.Dockerfile': `FROM ${image}@${old.index.digest}\n`,
      // A YAML file that names no image: both hooks pass it.
      'notes.yaml': 'name: notes\nfrom: here\n',
      // Not a kind docker-pin reads: never handed to the hooks.
      'README.md': `FROM ${image}\n`,
    });
    execFileSync('git', ['init', '-q', repo]);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
    execFileSync('git', ['add', '.'], { cwd: repo });
    const env: NodeJS.ProcessEnv = {
      ...hermeticEnv(),
      PRE_COMMIT_HOME: join(work, 'pre-commit-home'),
      DOCKER_DEFAULT_PLATFORM: 'linux/amd64',
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      NO_COLOR: '1',
    };
    // No hook id: both hooks of the file, one environment, in id order (docker-pin, then docker-pin-check).
    run = await preCommit(['try-repo', ROOT, '--color', 'never', '--files', ...Object.keys(files)], repo, env);
  });
  after(async () => {
    await registry?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const read = (name: string) => readFileSync(join(repo, name), 'utf8');

  it('pre-commit installs the hooks and runs both (a failed install would say so here)', () => {
    assert.match(run.output, /^docker-pin pin\.+Failed$/m, run.output);
    assert.match(run.output, /^docker-pin check\.+Failed$/m, run.output);
    assert.equal(run.code, 1, run.output);
  });

  it('docker-pin pins the staged files of every kind, and the commit stops because it changed them', () => {
    const pin = digestFor(app, 'amd64');
    assert.equal(read('Dockerfile'), `FROM ${registry.host}/acme/app:1@${pin}\n`);
    assert.equal(read('compose.yaml'), `services:\n  web:\n    image: ${registry.host}/acme/app:1@${pin}\n`);
    assert.match(run.output, /- files were modified by this hook/);
  });

  it('docker-pin-check fails naming the stale pin and the digest it would update to', () => {
    assert.ok(run.output.includes(`stale.Dockerfile:1:6: stale ${registry.host}/acme/app:1@${old.index.digest} (would update to ${app.index.digest})`), run.output);
  });

  it('leaves the stale pin, a YAML file without images and a file of no kind it reads as they were', () => {
    for (const name of ['stale.Dockerfile', 'notes.yaml', 'README.md']) assert.equal(read(name), files[name], name);
    assert.doesNotMatch(run.output, /README\.md/);
    assert.doesNotMatch(run.output, /^notes\.yaml:/m, 'no finding in notes.yaml');
    // Named by pre-commit, yet of no kind docker-pin reads: said, and never read as a Dockerfile.
    assert.match(run.output, /^docker-pin: notes\.yaml: not read: not a compose file, /m);
  });
});

describe('.pre-commit-hooks.yaml: which files the hooks get', () => {
  interface Hook {
    id: string;
    files: string;
    exclude: string;
  }
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  // pre-commit matches with Python's re; the patterns use only what JavaScript reads the same way,
  // but for the leading (?i), which becomes the i flag.
  const selects = (hook: Hook, name: string): boolean =>
    new RegExp(hook.files.replace(/^\(\?i\)/, ''), 'i').test(name) && !new RegExp(hook.exclude.replace(/^\(\?i\)/, ''), 'i').test(name);
  const read = [
    'Dockerfile', 'app/Containerfile', 'Dockerfile.prod', 'Dockerfile-alpine', 'docker/Dockerfile_ci', 'api.Dockerfile', 'x.containerfile', 'compose.yaml', 'docker-compose.override.yml',
    'k8s/deploy.yaml', '.github/workflows/ci.yml', 'action.yml', '.gitlab-ci.yml', 'ci/build.gitlab-ci.yml', '.devcontainer/devcontainer.json',
    '.devcontainer/python/devcontainer.json', '.devcontainer.json', 'kustomization.yaml', 'Kustomization', 'k8s/pod.json',
    'docker-bake.hcl', 'docker-bake.override.hcl', 'docker-bake.json', 'Makefile', 'deploy/GNUmakefile', 'makefile', 'Makefile.common', 'build/docker.mk', 'scripts/build-image.sh', 'hack/release.bash', 'Dockerfile.sh',
  ];
  const notRead = ['README.md', 'Dockerfile.dockerignore', 'src/main.ts', '.env', 'tsconfig.jsonc', 'Dockerfile.md', 'frontend/dockerfile/dockerfile_test.go', 'Dockerfile-ci.orig', 'Makefile.in', 'Makefile.am', 'Makefile.toml'];

  it('both hooks exist and run docker-pin pin and docker-pin check', () => {
    assert.deepEqual(
      hooks.map((h) => [h.id, (h as unknown as { entry: string }).entry]),
      [['docker-pin', 'docker-pin pin'], ['docker-pin-check', 'docker-pin check']],
    );
  });

  // What a YAML or JSON file no name claims needs to be read (as a Kubernetes manifest). Every other
  // JSON file (a package.json) goes to the hooks too, and docker-pin says it read nothing in it.
  const POD = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: x\n';
  const POD_JSON = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "x"}]}}';
  const manifest = (name: string) => (name.endsWith('.json') ? POD_JSON : POD);
  for (const name of read) {
    it(`hands ${name} to both hooks, a file docker-pin reads as ${detectKind(name, manifest(name))}`, () => {
      assert.ok(detectKind(name, manifest(name)), `docker-pin reads ${name}`);
      for (const hook of hooks) assert.ok(selects(hook, name), `${hook.id} gets ${name}`);
    });
  }

  it('hands neither hook a Dockerfile-like name docker-pin does not read as one (code, documentation, leftovers); a shell script so named goes to both, read for its builds', () => {
    for (const ext of NOT_A_DOCKERFILE) {
      if (['json', 'jsonc', 'yaml', 'yml'].includes(ext)) continue; // data: told by content, as every YAML and JSON file is
      for (const name of [`Dockerfile.${ext}`, `docs/Containerfile-arm.${ext}`]) {
        // A shell script is read for the builds it runs, never as a Dockerfile: the hooks pass it as one.
        const script = ext === 'sh' || ext === 'bash';
        assert.equal(detectKind(name), script ? 'shell-script' : undefined, name);
        for (const hook of hooks) assert.equal(selects(hook, name), script, `${hook.id} gets ${name}`);
      }
    }
  });

  it(`hands neither hook ${notRead.join(', ')}`, () => {
    for (const name of notRead) for (const hook of hooks) assert.ok(!selects(hook, name), `${hook.id} gets ${name}`);
  });
});
