import * as assert from 'node:assert/strict';
import { isUsageError } from '../../src/core/errors';
import { parseCommandLine, parseMirrors, UsageError } from '../../src/cli/args';

const env = { DOCKER_DEFAULT_PLATFORM: undefined } as NodeJS.ProcessEnv;

describe('parseCommandLine', () => {
  it('parses each command with its options', () => {
    const resolve = parseCommandLine(['resolve', 'alpine:3.20', '--platform', 'linux/arm64', '--index', '--json'], env);
    assert.equal(resolve.action, 'resolve');
    if (resolve.action !== 'resolve') return;
    assert.equal(resolve.image, 'alpine:3.20');
    assert.equal(resolve.digestKind, 'index');
    assert.equal(resolve.json, true);
    assert.deepEqual(resolve.options.platform, { os: 'linux', architecture: 'arm64' });
    assert.equal(resolve.options.timeoutMs, 30_000);

    const pin = parseCommandLine(['pin', 'a', 'b', '--update', '--dry-run', '--timeout', '2.5', '--mirror', 'docker.io=http://127.0.0.1:5000', '--mirror', 'ghcr.io=https://m.example/ghcr', '--insecure-registry', 'reg.lan:5000', '--config', '/tmp/cfg', '--verbose'], env);
    assert.equal(pin.action, 'pin');
    if (pin.action !== 'pin') return;
    assert.deepEqual(pin.files, ['a', 'b']);
    assert.equal(pin.update, true);
    assert.equal(pin.dryRun, true);
    assert.equal(pin.digestKind, undefined, 'not chosen: the repository config decides, else platform');
    assert.equal(pin.options.timeoutMs, 2500);
    assert.deepEqual(pin.options.mirrors, { 'docker.io': 'http://127.0.0.1:5000', 'ghcr.io': 'https://m.example/ghcr' });
    assert.deepEqual(pin.options.insecureRegistries, ['reg.lan:5000']);
    assert.equal(pin.options.configDir, '/tmp/cfg');
    assert.equal(pin.options.verbose, true);

    const check = parseCommandLine(['check', 'a', '--index', '--json'], env);
    assert.ok(check.action === 'check');
    assert.deepEqual([check.files, check.digestKind, check.format], [['a'], 'index', 'json']);
    const plain = parseCommandLine(['check', 'a'], env);
    assert.ok(plain.action === 'check' && plain.digestKind === undefined && plain.format === 'text');
  });

  it('--digest-kind platform|index, with --index as its short form for index', () => {
    const kindOf = (argv: string[]) => {
      const parsed = parseCommandLine(argv, env);
      return parsed.action === 'resolve' || parsed.action === 'pin' || parsed.action === 'check' ? parsed.digestKind : 'not a command with a kind';
    };
    assert.equal(kindOf(['pin', 'f', '--digest-kind', 'platform']), 'platform');
    assert.equal(kindOf(['check', 'f', '--digest-kind=index']), 'index');
    assert.equal(kindOf(['resolve', 'alpine', '--digest-kind', 'index', '--index']), 'index');
    assert.equal(kindOf(['check', 'f']), undefined);
    assert.throws(() => kindOf(['pin', 'f', '--digest-kind', 'multiarch']), (e: unknown) => e instanceof UsageError && e.message === '--digest-kind wants platform or index, got "multiarch"' && e.command === 'pin');
    assert.throws(() => kindOf(['check', 'f', '--digest-kind', 'Index']), /--digest-kind wants platform or index, got "Index"/);
    assert.throws(() => kindOf(['check', 'f', '--index', '--digest-kind', 'platform']), /^UsageError: --index is --digest-kind index: it cannot go with --digest-kind platform$/);
    assert.throws(() => kindOf(['pin', 'f', '--digest-kind']), /--digest-kind needs a value/);
    assert.throws(() => kindOf(['manifest', 'alpine', '--digest-kind', 'index']), /--digest-kind is not an option of "manifest"/);
  });

  it('check: --format, else --json, else github inside GitHub Actions, else text', () => {
    const formatOf = (argv: string[], environment: NodeJS.ProcessEnv = env) => {
      const parsed = parseCommandLine(['check', 'f', ...argv], environment);
      return parsed.action === 'check' ? parsed.format : undefined;
    };
    for (const format of ['text', 'json', 'sarif', 'github']) assert.equal(formatOf(['--format', format]), format);
    assert.equal(formatOf(['--json']), 'json');
    assert.equal(formatOf(['--json', '--format=json']), 'json');
    assert.equal(formatOf([]), 'text');
    assert.equal(formatOf([], { GITHUB_ACTIONS: 'true' }), 'github');
    assert.equal(formatOf([], { GITHUB_ACTIONS: 'false' }), 'text');
    assert.equal(formatOf(['--json'], { GITHUB_ACTIONS: 'true' }), 'json', '--json wins over the GitHub default');
    assert.equal(formatOf(['--format', 'text'], { GITHUB_ACTIONS: 'true' }), 'text');
    assert.throws(() => formatOf(['--format', 'xml']), /^UsageError: --format wants text, json, sarif, github, got "xml"$/);
    assert.throws(() => formatOf(['--json', '--format', 'sarif']), /--json is --format json: it cannot go with --format sarif/);
    assert.throws(() => parseCommandLine(['pin', 'f', '--format', 'json'], env), /--format is not an option of "pin"/);
  });

  it('takes the platform from --platform, else DOCKER_DEFAULT_PLATFORM, else the host', () => {
    const given = parseCommandLine(['check', 'f', '--platform', 'linux/arm/v7'], { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' });
    assert.ok(given.action === 'check' && given.options.platformGiven);
    assert.deepEqual(given.action === 'check' && given.options.platform, { os: 'linux', architecture: 'arm', variant: 'v7' });
    const fromEnv = parseCommandLine(['check', 'f'], { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' });
    assert.deepEqual(fromEnv.action === 'check' && fromEnv.options.platform, { os: 'linux', architecture: 'arm64' });
    assert.equal(fromEnv.action === 'check' && fromEnv.options.platformGiven, false);
    const host = parseCommandLine(['check', 'f'], {});
    assert.equal(host.action === 'check' && host.options.platform.os, 'linux');
  });

  it('answers --help per command and --version', () => {
    assert.deepEqual(parseCommandLine(['--help'], env), { action: 'help' });
    assert.deepEqual(parseCommandLine(['pin', '--help'], env), { action: 'help', command: 'pin' });
    assert.deepEqual(parseCommandLine(['check', '-h'], env), { action: 'help', command: 'check' });
    assert.deepEqual(parseCommandLine(['--version'], env), { action: 'version' });
  });

  it('answers "help" and "help <command>" as --help does', () => {
    assert.deepEqual(parseCommandLine(['help'], env), { action: 'help' });
    assert.deepEqual(parseCommandLine(['help', 'manifest'], env), { action: 'help', command: 'manifest' });
  });

  it('takes "-" as a file (standard input), and "--" before a file that starts with "-"', () => {
    const stdin = parseCommandLine(['check', 'a', '-'], env);
    assert.deepEqual(stdin.action === 'check' && stdin.files, ['a', '-']);
    const dashed = parseCommandLine(['pin', '--dry-run', '--', '-rf'], env);
    assert.deepEqual(dashed.action === 'pin' && [dashed.files, dashed.dryRun], [['-rf'], true]);
  });

  it('names DOCKER_DEFAULT_PLATFORM when its value is not a platform, and ignores it when --platform is given', () => {
    const bad = { DOCKER_DEFAULT_PLATFORM: 'linux/' };
    assert.throws(
      () => parseCommandLine(['check', 'f'], bad),
      (e: unknown) => e instanceof UsageError && /^DOCKER_DEFAULT_PLATFORM: invalid platform "linux\/"/.test(e.message) && /--platform/.test(e.message),
    );
    const given = parseCommandLine(['check', 'f', '--platform', 'linux/arm64'], bad);
    assert.deepEqual(given.action === 'check' && given.options.platform, { os: 'linux', architecture: 'arm64' });
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /no command/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['resolve'], /exactly one image/],
    [['resolve', 'a', 'b'], /exactly one image/],
    [['pin'], /at least one file or directory \(\. for this one\)/],
    [['check', 'f', '--update'], /--update is not an option of "check"/],
    [['manifest', 'alpine', '--json'], /--json is not an option of "manifest"/],
    [['pin', 'f', '--bogus'], /bogus/],
    [['pin', 'f', '--timeout', '0'], /--timeout/],
    [['pin', 'f', '--timeout', 'soon'], /--timeout/],
    [['pin', 'f', '--timeout=-5'], /positive number/],
    [['pin', 'f', '--timeout', '0.0001'], /positive number/],
    [['pin', 'f', '--timeout', '3000000'], /--timeout is at most 2147483 seconds/],
    [['pin', 'f', '--timeout', 'Infinity'], /positive number/],
    [['pin', 'f', '--mirror', 'docker.io'], /<registry>=<url>/],
    [['pin', 'f', '--mirror', 'docker.io=ftp://x'], /http and https/],
    [['pin', 'f', '--insecure-registry', 'a/b'], /host\[:port\]/],
    [['help', 'unpin'], /^unknown command "unpin"$/],
    [['help', 'pin', 'check'], /"help" takes at most one command/],
    [['check', 'f', ''], /^an empty file name was given$/],
    [['check', '-', 'f', '-'], /"-" \(standard input\) can be named only once/],
    [['resolve', 'scratch'], /"scratch" is not an image: scratch is the empty base of a build/],
    [['resolve', 'Scratch'], /"Scratch" is not an image/],
    [['manifest', 'SCRATCH'], /"SCRATCH" is not an image/],
    // Option errors in our words, naming the word as typed.
    [['check', '-rf'], /^unknown option "-rf"$/],
    [['check', 'f', '-hx'], /^unknown option "-hx"$/],
    [['check', '--no-index', 'f'], /^unknown option "--no-index"$/],
    [['pin', 'f', '--bogus=1'], /^unknown option "--bogus"$/],
    [['check', 'f', '--platform'], /^--platform needs a value$/],
    [['check', '--platform', '--index', 'f'], /^--platform needs a value, not "--index" \(to give that value, write --platform=--index\)$/],
    [['check', 'f', '--json=yes'], /^--json takes no value$/],
    [['resolve', 'alpine', '-h=1'], /^unknown option "-h=1"$/],
    [['manifest', 'alpine', '--build-arg', 'A=1'], /--build-arg is not an option of "manifest"/],
    [['resolve', 'alpine', '--allow-unresolved'], /--allow-unresolved is not an option of "resolve"/],
    [['pin', 'f', '--build-arg', '=1'], /--build-arg wants NAME=VALUE or NAME/],
    [['pin', 'f', '--build-arg', 'MY ARG=1'], /--build-arg wants NAME=VALUE or NAME/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`refuses ${JSON.stringify(argv)}`, () => {
      assert.throws(() => parseCommandLine(argv, env), (e: unknown) => e instanceof UsageError && message.test(e.message) && !/Node|ERR_|'--/.test(e.message));
    });
  }

  it('takes the longest --timeout a timer can hold, in milliseconds', () => {
    const longest = parseCommandLine(['check', 'f', '--timeout', '2147483'], env);
    assert.equal(longest.action === 'check' && longest.options.timeoutMs, 2_147_483_000);
  });

  it('refuses an invalid platform with a typed error', () => {
    assert.throws(() => parseCommandLine(['check', 'f', '--platform', 'linux/'], env), (e: unknown) => isUsageError(e));
  });
});

describe('--build-arg and --allow-unresolved', () => {
  it('takes NAME=VALUE as docker build does: repeatable, the last of a name wins, the value may be empty or hold =', () => {
    const pin = parseCommandLine(['pin', 'f', '--build-arg', 'TAG=3.19', '--build-arg', 'EMPTY=', '--build-arg', 'Q=a=b', '--build-arg', 'TAG=3.20', '--allow-unresolved'], env);
    assert.ok(pin.action === 'pin');
    assert.deepEqual([...pin.options.buildArgs], [['TAG', '3.20'], ['EMPTY', ''], ['Q', 'a=b']]);
    assert.equal(pin.allowUnresolved, true);
    const check = parseCommandLine(['check', 'f', '--build-arg', 'A=1', '--allow-unresolved'], env);
    assert.ok(check.action === 'check' && check.allowUnresolved && check.options.buildArgs.get('A') === '1');
    const plain = parseCommandLine(['check', 'f'], env);
    assert.ok(plain.action === 'check' && !plain.allowUnresolved && plain.options.buildArgs.size === 0);
    const resolve = parseCommandLine(['resolve', 'busybox-${V}', '--build-arg', 'V=1'], env);
    assert.ok(resolve.action === 'resolve' && resolve.options.buildArgs.get('V') === '1');
  });

  it('NAME alone takes the value from the environment, and is left out when the environment has none', () => {
    const pin = parseCommandLine(['pin', 'f', '--build-arg', 'FROM_ENV', '--build-arg', 'NOT_SET'], { FROM_ENV: 'env-value' });
    assert.ok(pin.action === 'pin');
    assert.deepEqual([...pin.options.buildArgs], [['FROM_ENV', 'env-value']]);
  });

  it('never repeats a malformed build arg: its value may be a token', () => {
    assert.throws(
      () => parseCommandLine(['pin', 'f', '--build-arg', '=s3cret'], env),
      (e: unknown) => e instanceof UsageError && !e.message.includes('s3cret'),
    );
  });
});

describe('parseMirrors', () => {
  it('never repeats a mirror URL that holds credentials', () => {
    assert.throws(
      () => parseMirrors(['docker.io=https://user:s3cret@mirror.example']),
      (e: unknown) => e instanceof UsageError && !e.message.includes('s3cret') && /credentials/.test(e.message),
    );
  });

  it('files index.docker.io under docker.io', () => {
    assert.deepEqual(parseMirrors(['index.docker.io=https://m.example']), { 'docker.io': 'https://m.example' });
  });
});
