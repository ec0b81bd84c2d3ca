import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDockerPinError } from '../../src/core/errors';
import { DockerConfigCredentials, normalizeRegistryKey } from '../../src/registry/credentials';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A docker-credential-test helper that answers per server and logs each call. */
const HELPER = `#!/bin/sh
server=$(cat)
echo "$server" >> "$(dirname "$0")/calls.log"
case "$server" in
  helper.example) echo '{"ServerURL":"helper.example","Username":"alice","Secret":"s3cret"}' ;;
  token.example) echo '{"ServerURL":"token.example","Username":"<token>","Secret":"refresh-123"}' ;;
  https://index.docker.io/v1/) echo '{"Username":"hubuser","Secret":"hubpass"}' ;;
  missing.example) echo 'credentials not found in native keychain'; exit 1 ;;
  *) echo 'something broke badly' >&2; exit 3 ;;
esac
`;

describe('registry/credentials', () => {
  let dir: string;
  let binDir: string;
  const savedPath = process.env.PATH;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'docker-pin-cred-'));
    binDir = path.join(dir, 'bin');
    mkdirSync(binDir);
    const helper = path.join(binDir, 'docker-credential-test');
    writeFileSync(helper, HELPER);
    chmodSync(helper, 0o755);
    process.env.PATH = `${binDir}${path.delimiter}${savedPath ?? ''}`;
  });

  afterEach(() => {
    process.env.PATH = savedPath;
    rmSync(dir, { recursive: true, force: true });
  });

  const writeConfig = (config: unknown): void => writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  const calls = (): string[] => {
    const log = path.join(binDir, 'calls.log');
    return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  };

  it('reads auths: base64 user:pass split on the first colon', async () => {
    writeConfig({ auths: { 'registry.example': { auth: b64('bob:pa:ss') } } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    assert.deepEqual(await creds.get('registry.example'), { username: 'bob', password: 'pa:ss' });
  });

  it('reads username/password fields and identity tokens', async () => {
    writeConfig({
      auths: {
        'a.example': { username: 'u', password: 'p' },
        'b.example': { auth: b64('u2:'), identitytoken: 'idt' },
      },
    });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    assert.deepEqual(await creds.get('a.example'), { username: 'u', password: 'p' });
    assert.deepEqual(await creds.get('b.example'), { identityToken: 'idt', username: 'u2' });
  });

  for (const key of ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'https://registry-1.docker.io/v2/']) {
    it(`finds Docker Hub credentials saved under ${key}`, async () => {
      writeConfig({ auths: { [key]: { auth: b64('hub:pw') } } });
      const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
      assert.deepEqual(await creds.get('docker.io'), { username: 'hub', password: 'pw' });
    });
  }

  it('normalizes keys written with scheme and path', async () => {
    writeConfig({ auths: { 'https://Registry.Example:5000/v2/': { auth: b64('x:y') } } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    assert.deepEqual(await creds.get('registry.example:5000'), { username: 'x', password: 'y' });
    assert.equal(normalizeRegistryKey('http://ghcr.io/'), 'ghcr.io');
  });

  it('is anonymous for unknown registries and without a config file', async () => {
    const none = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.equal(await none.get('ghcr.io'), undefined);
    writeConfig({ auths: { 'a.example': { auth: b64('u:p') } } });
    const some = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.equal(await some.get('b.example'), undefined);
  });

  it('uses $DOCKER_CONFIG when no directory is given', async () => {
    writeConfig({ auths: { 'env.example': { auth: b64('e:v') } } });
    const saved = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = dir;
    try {
      assert.deepEqual(await new DockerConfigCredentials({ allowHelpers: false }).get('env.example'), { username: 'e', password: 'v' });
    } finally {
      if (saved === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = saved;
    }
  });

  it('runs credHelpers[host] with the server on stdin', async () => {
    writeConfig({ credHelpers: { 'helper.example': 'test' } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.deepEqual(await creds.get('helper.example'), { username: 'alice', password: 's3cret' });
    assert.deepEqual(calls(), ['helper.example']);
  });

  it('prefers credHelpers over credsStore, and asks the store for Docker Hub by its v1 URL', async () => {
    writeConfig({ credsStore: 'nonexistent-store', credHelpers: { 'docker.io': 'test' } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.deepEqual(await creds.get('docker.io'), { username: 'hubuser', password: 'hubpass' });
    assert.deepEqual(calls(), ['https://index.docker.io/v1/']);
  });

  it('uses credsStore for registries without a helper of their own', async () => {
    writeConfig({ credsStore: 'test' });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.deepEqual(await creds.get('helper.example'), { username: 'alice', password: 's3cret' });
  });

  it('turns the <token> username into an identity token', async () => {
    writeConfig({ credsStore: 'test' });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.deepEqual(await creds.get('token.example'), { identityToken: 'refresh-123' });
  });

  it('treats "credentials not found" as anonymous', async () => {
    writeConfig({ credsStore: 'test' });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    assert.equal(await creds.get('missing.example'), undefined);
  });

  it('fails with CREDENTIALS naming the helper when it breaks, without its output', async () => {
    writeConfig({ credsStore: 'test' });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    await assert.rejects(creds.get('broken.example'), (e: unknown) => {
      assert.ok(isDockerPinError(e));
      assert.equal(e.code, 'CREDENTIALS');
      assert.match(e.message, /docker-credential-test/);
      assert.match(e.message, /broken\.example/);
      assert.doesNotMatch(e.message, /something broke/);
      return true;
    });
  });

  it('fails with CREDENTIALS when the helper is not installed', async () => {
    writeConfig({ credHelpers: { 'x.example': 'not-installed-anywhere' } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    await assert.rejects(creds.get('x.example'), (e: unknown) => isDockerPinError(e) && e.code === 'CREDENTIALS' && /docker-credential-not-installed-anywhere.*not installed/.test(e.message));
  });

  it('refuses helper names that are paths', async () => {
    writeConfig({ credHelpers: { 'x.example': '../../bin/sh' } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    await assert.rejects(creds.get('x.example'), (e: unknown) => isDockerPinError(e) && e.code === 'CREDENTIALS');
  });

  it('never runs a program when helpers are not allowed, but still reads inline auths', async () => {
    writeConfig({ credsStore: 'test', credHelpers: { 'helper.example': 'test' }, auths: { 'inline.example': { auth: b64('i:j') } } });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    assert.equal(await creds.get('helper.example'), undefined);
    assert.deepEqual(await creds.get('inline.example'), { username: 'i', password: 'j' });
    assert.deepEqual(calls(), []);
  });

  it('asks the helper once per registry while config.json is unchanged', async () => {
    writeConfig({ credsStore: 'test' });
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
    await Promise.all([creds.get('helper.example'), creds.get('helper.example')]);
    await creds.get('helper.example');
    assert.deepEqual(calls(), ['helper.example']);
  });

  describe('a config.json that changes while the source lives (docker login in another terminal)', () => {
    const file = (): string => path.join(dir, 'config.json');
    /** As docker writes it: a new file renamed over the old one. */
    const replaceConfig = (config: unknown): void => {
      const tmp = path.join(dir, 'config.json.tmp');
      writeFileSync(tmp, JSON.stringify(config));
      renameSync(tmp, file());
    };

    it('is anonymous while missing, then sees the file created, changed and removed', async () => {
      const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
      assert.equal(await creds.get('ghcr.io'), undefined);
      replaceConfig({ auths: { 'ghcr.io': { auth: b64('alice:first') } } });
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'alice', password: 'first' });
      replaceConfig({ auths: { 'ghcr.io': { auth: b64('alice:second-password') } } });
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'alice', password: 'second-password' });
      // Rewritten in place (same inode), as an editor may: seen by its size and mtime.
      writeConfig({ auths: { 'ghcr.io': { identitytoken: 'idt' } } });
      assert.deepEqual(await creds.get('ghcr.io'), { identityToken: 'idt' });
      rmSync(file());
      assert.equal(await creds.get('ghcr.io'), undefined);
    });

    it('reuses the parsed file while its stat is unchanged', async () => {
      writeConfig({ auths: { 'ghcr.io': { auth: b64('alice:aaaa') } } });
      utimesSync(file(), 1_000_000, 1_000_000);
      const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'alice', password: 'aaaa' });
      // Same inode, same size, same mtime: taken as unchanged, so not read again.
      writeConfig({ auths: { 'ghcr.io': { auth: b64('alice:bbbb') } } });
      utimesSync(file(), 1_000_000, 1_000_000);
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'alice', password: 'aaaa' });
      utimesSync(file(), 2_000_000, 2_000_000);
      assert.deepEqual(await creds.get('ghcr.io'), { username: 'alice', password: 'bbbb' });
    });

    it('asks the helper again once the file changed, and starts using a credsStore added by a login', async () => {
      writeConfig({ auths: {} });
      const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: true });
      assert.equal(await creds.get('helper.example'), undefined);
      replaceConfig({ credsStore: 'test', auths: { 'helper.example': {} } });
      assert.deepEqual(await creds.get('helper.example'), { username: 'alice', password: 's3cret' });
      assert.deepEqual(await creds.get('helper.example'), { username: 'alice', password: 's3cret' });
      assert.deepEqual(calls(), ['helper.example']);
      replaceConfig({ credsStore: 'test', auths: { 'helper.example': {}, 'other.example': {} } });
      await creds.get('helper.example');
      assert.deepEqual(calls(), ['helper.example', 'helper.example']);
    });
  });

  it('reports a malformed config.json as CREDENTIALS without quoting it', async () => {
    writeFileSync(path.join(dir, 'config.json'), '{"auths": {"x": {"auth": "c2VjcmV0"}'); // truncated
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    await assert.rejects(creds.get('x'), (e: unknown) => isDockerPinError(e) && e.code === 'CREDENTIALS' && !e.message.includes('c2VjcmV0'));
  });

  it('reads config.json again after a failed read, so fixing the file helps without a restart', async () => {
    writeFileSync(path.join(dir, 'config.json'), '{"auths": {'); // half written
    const creds = new DockerConfigCredentials({ configDir: dir, allowHelpers: false });
    await assert.rejects(creds.get('fixed.example'), (e: unknown) => isDockerPinError(e) && e.code === 'CREDENTIALS' && /not valid JSON/.test(e.message));
    await assert.rejects(creds.get('other.example'), (e: unknown) => isDockerPinError(e) && e.code === 'CREDENTIALS');
    writeConfig({ auths: { 'fixed.example': { auth: b64('now:works') } } });
    assert.deepEqual(await creds.get('fixed.example'), { username: 'now', password: 'works' });
    assert.equal(await creds.get('other.example'), undefined);
  });
});
