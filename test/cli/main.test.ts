import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, CLI, hermeticEnv, ROOT, runCli, tempDir } from './helpers';

describe('docker-pin command line', function () {
  before(async function () {
    this.timeout(60_000);
    await buildCli();
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('--help lists every command, and each command has its own help', async () => {
    const general = await runCli(['--help']);
    assert.equal(general.code, 0);
    for (const command of ['resolve', 'pin', 'check', 'manifest']) {
      assert.match(general.stdout, new RegExp(`^  ${command} `, 'm'));
      const own = await runCli([command, '--help']);
      assert.equal(own.code, 0);
      assert.match(own.stdout, new RegExp(`^Usage: docker-pin ${command} `));
    }
  });

  it('resolve, pin and check explain --digest-kind and that --index is its short form', async () => {
    for (const command of ['resolve', 'pin', 'check']) {
      const own = await runCli([command, '--help']);
      assert.match(own.stdout, /\[--digest-kind platform\|index\]/, command);
      assert.match(own.stdout, /^  --digest-kind <k>  platform or index: the kind of digest, over the repository config's\n.*takes a config's index back\);\n\s+--index is --digest-kind index$/ms, command);
    }
    assert.doesNotMatch((await runCli(['manifest', '--help'])).stdout, /--digest-kind/);
  });

  it('"help" and "help <command>" print what --help prints', async () => {
    const general = await runCli(['--help']);
    const help = await runCli(['help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, general.stdout);
    for (const command of ['resolve', 'pin', 'check', 'manifest']) {
      const own = await runCli([command, '--help']);
      const viaHelp = await runCli(['help', command]);
      assert.equal(viaHelp.code, 0);
      assert.equal(viaHelp.stdout, own.stdout);
    }
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /no command given/],
    [['help', 'unpin'], /unknown command "unpin"/],
    [['check', '-rf'], /^docker-pin: unknown option "-rf"\nRun "docker-pin check --help" for usage\.\n$/],
    [['resolve', 'alpine', '--platform'], /^docker-pin: --platform needs a value\n/],
    [['pin', '--timeout', '--dry-run', 'Dockerfile'], /^docker-pin: --timeout needs a value, not "--dry-run"/],
    [['check', '--json=true', 'Dockerfile'], /^docker-pin: --json takes no value\n/],
    [['resolve', 'scratch'], /^docker-pin: "scratch" is not an image: scratch is the empty base of a build/],
    [['resolve', 'SCRATCH'], /^docker-pin: "SCRATCH" is not an image/],
    [['resolve', 'alpine', '--config', join(ROOT, 'no-such-dir')], /^docker-pin: --config ".*no-such-dir": no such directory\n/],
    [['check', 'Dockerfile', '--config', join(ROOT, 'package.json')], /^docker-pin: --config ".*package\.json" is not a directory; give the directory that holds config\.json\n/],
    [['unpin', 'x'], /unknown command "unpin"/],
    [['pin'], /at least one file or directory \(\. for this one\)/],
    [['check', 'Dockerfile', '--update'], /--update is not an option of "check"/],
    [['pin', '--digest-kind', 'multiarch', 'Dockerfile'], /^docker-pin: --digest-kind wants platform or index, got "multiarch"\nRun "docker-pin pin --help" for usage\.\n$/],
    [['resolve', 'alpine', '--nope'], /nope/],
    [['resolve', 'alpine', '--platform', 'linux/'], /linux\//],
    [['resolve', 'alpine', '--timeout', '-1'], /--timeout/],
    [['resolve', 'alpine', '--mirror', 'docker.io=https://me:hunter2@mirror.example'], /credentials/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`exit 2 for ${JSON.stringify(argv)}, on stderr only`, async () => {
      const r = await runCli(argv);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.ok(!r.stderr.includes('hunter2'), 'a secret in an argument is never echoed');
      assert.ok(!/positional argument|ERR_|\n\s+at /.test(r.stderr), `Node's words or a stack trace: ${r.stderr}`);
    });
  }

  it('an invalid DOCKER_DEFAULT_PLATFORM is a usage error naming the variable', async () => {
    const r = await runCli(['resolve', 'alpine:3.20'], { env: { DOCKER_DEFAULT_PLATFORM: 'linux/' } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^docker-pin: DOCKER_DEFAULT_PLATFORM: invalid platform "linux\/"/);
  });

  describe('when stdout cannot be written', () => {
    /** Runs the CLI with stdout set up by `stdout`; resolves with its exit code and stderr. */
    const runWithStdout = (args: string[], stdout: 'closed-pipe' | number) =>
      new Promise<{ code: number | null; stderr: string }>((resolvePromise, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: hermeticEnv(), stdio: ['ignore', stdout === 'closed-pipe' ? 'pipe' : stdout, 'pipe'] });
        // The reader leaves before the CLI has even started, as `| head -0` would.
        child.stdout?.destroy();
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolvePromise({ code, stderr }));
      });

    it('a reader that left early (`| head`) ends the run quietly, with its own exit code', async () => {
      const r = await runWithStdout(['--help'], 'closed-pipe');
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
    });

    it('a full disk is said in one line and the run does not end in success', async () => {
      // Linux's always-full device (the tests run on Linux).
      const full = openSync('/dev/full', 'w');
      try {
        const r = await runWithStdout(['--help'], full);
        assert.equal(r.stderr, 'docker-pin: could not write the output (ENOSPC)\n');
        assert.equal(r.code, 3);
      } finally {
        closeSync(full);
      }
    });
  });

  it('a reader slower than the run still gets all of a large output (more than a pipe holds)', async () => {
    const dir = tempDir('large-output');
    try {
      // 1,000 findings, no registry needed: over 300 KB of JSON, several times a pipe's buffer.
      for (let i = 0; i < 200; i++) {
        mkdirSync(join(dir, `s${i}`));
        writeFileSync(join(dir, `s${i}`, 'Dockerfile'), ['A', 'B', 'C', 'D', 'E'].map((name, n) => `FROM \${${name}}:${n}\n`).join(''));
      }
      const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolvePromise, reject) => {
        const child = spawn(process.execPath, [CLI, 'check', '--format', 'json', '.'], { cwd: dir, env: hermeticEnv(), stdio: ['ignore', 'pipe', 'ignore'] });
        child.on('error', reject);
        // The reader starts only once the run has long written all it had to say.
        child.stdout.pause();
        setTimeout(() => {
          const chunks: Buffer[] = [];
          child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
          child.on('close', (exit) => resolvePromise({ code: exit, stdout: Buffer.concat(chunks).toString('utf8') }));
          child.stdout.resume();
        }, 1500);
      });
      assert.equal(code, 1);
      const findings = JSON.parse(stdout) as Array<{ state: string }>;
      assert.equal(findings.length, 1000);
      assert.ok(findings.every((f) => f.state === 'unresolved'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--config naming an existing directory is taken', async () => {
    const dir = tempDir('config');
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
      const r = await runCli(['check', '--config', dir, 'Dockerfile'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
