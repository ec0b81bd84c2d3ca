import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { parseRepoConfig } from '../../src/core/repoConfig/parse';
import { clientSettingsChanged, toSettings } from '../../src/extension/settingsModel';
import { platformStatusView } from '../../src/extension/statusBarModel';

const host = parsePlatform('linux/amd64');

describe('extension settingsModel: the typed snapshot', () => {
  it('defaults match package.json: host platform, platform digests, lenses on, information, 30 s, 300 s', () => {
    const s = toSettings({}, host);
    assert.equal(s.platformText, 'linux/amd64');
    assert.equal(s.digestKind, 'platform');
    assert.equal(s.codeLensEnabled, true);
    assert.equal(s.unpinnedSeverity, 'information');
    assert.deepEqual(s.mirrors, {});
    assert.deepEqual(s.insecureRegistries, []);
    assert.equal(s.dockerConfig, undefined);
    assert.equal(s.timeoutMs, 30_000);
    assert.equal(s.cacheLifetimeMs, 300_000);
    assert.deepEqual(s.problems, []);
  });

  it('an empty platform means the host; a set one is normalized', () => {
    assert.equal(toSettings({ platform: '' }, parsePlatform('linux/arm64')).platformText, 'linux/arm64');
    assert.equal(toSettings({ platform: 'linux/aarch64' }, host).platformText, 'linux/arm64');
  });

  it('takes the user values', () => {
    const s = toSettings(
      { digestKind: 'index', codeLensEnabled: false, unpinnedSeverity: 'none', mirrors: { 'docker.io': 'http://127.0.0.1:5000' }, insecureRegistries: ['reg.lan:5000'], dockerConfig: '/tmp/cfg', timeout: 2, cacheLifetime: 0 },
      host,
    );
    assert.equal(s.digestKind, 'index');
    assert.equal(s.codeLensEnabled, false);
    assert.equal(s.unpinnedSeverity, 'none');
    assert.deepEqual(s.mirrors, { 'docker.io': 'http://127.0.0.1:5000' });
    assert.deepEqual(s.insecureRegistries, ['reg.lan:5000']);
    assert.equal(s.dockerConfig, '/tmp/cfg');
    assert.equal(s.timeoutMs, 2000);
    assert.equal(s.cacheLifetimeMs, 0);
  });

  it('bad values fall back to defaults and are reported, never thrown', () => {
    const s = toSettings({ digestKind: 'both', unpinnedSeverity: 'loud', timeout: -1, mirrors: { 'docker.io': 5 } }, host);
    assert.equal(s.digestKind, 'platform');
    assert.equal(s.unpinnedSeverity, 'information');
    assert.equal(s.timeoutMs, 30_000);
    assert.deepEqual(s.mirrors, {});
    assert.equal(s.problems.length, 4);
  });

  describe('the platform, as the CLI decides it', () => {
    const env = { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' };

    it('an empty setting honours DOCKER_DEFAULT_PLATFORM, and says so', () => {
      const s = toSettings({ platform: '' }, host, env);
      assert.equal(s.platformText, 'linux/arm64');
      assert.equal(s.platformSource, 'DOCKER_DEFAULT_PLATFORM');
      assert.deepEqual(s.platform, parsePlatform('linux/arm64'));
      assert.deepEqual(s.problems, []);
    });

    it('the setting wins over the variable; without either, the host', () => {
      const set = toSettings({ platform: 'linux/s390x' }, host, env);
      assert.equal(set.platformText, 'linux/s390x');
      assert.equal(set.platformSource, 'dockerPin.platform');
      const none = toSettings({ platform: '' }, host, { DOCKER_DEFAULT_PLATFORM: '  ' });
      assert.equal(none.platformText, 'linux/amd64');
      assert.equal(none.platformSource, 'host');
    });

    it('an invalid DOCKER_DEFAULT_PLATFORM resolves nothing and names the variable, never another platform', () => {
      const s = toSettings({ platform: '' }, host, { DOCKER_DEFAULT_PLATFORM: 'linux/amd64/v2/x' });
      assert.equal(s.platform, undefined);
      assert.equal(s.platformSource, 'DOCKER_DEFAULT_PLATFORM');
      assert.equal(s.platformText, 'linux/amd64/v2/x');
      assert.match(s.platformProblem ?? '', /^DOCKER_DEFAULT_PLATFORM.*invalid platform "linux\/amd64\/v2\/x".*nothing is resolved.*set dockerPin\.platform/);
      assert.deepEqual(s.problems, [s.platformProblem]);
    });

    it('an invalid setting resolves nothing either and names the setting', () => {
      const s = toSettings({ platform: 'not a/plat form' }, host, env);
      assert.equal(s.platform, undefined);
      assert.match(s.platformProblem ?? '', /^dockerPin\.platform: invalid platform "not a\/plat form"/);
    });
  });

  describe('build args', () => {
    it('maps ARG names to values, as --build-arg does', () => {
      const s = toSettings({ buildArgs: { GO_VERSION: '1.23', BASE: 'python:3.12-slim', EMPTY: '' } }, host);
      assert.deepEqual([...s.buildArgs], [['GO_VERSION', '1.23'], ['BASE', 'python:3.12-slim'], ['EMPTY', '']]);
      assert.deepEqual(toSettings({}, host).buildArgs, new Map());
    });

    it('refuses names that are not ARG names and values that are not strings, saying so', () => {
      const s = toSettings({ buildArgs: { 'NOT-A-NAME': 'x', VERSION: 1.2, OK: 'y' } }, host);
      assert.deepEqual([...s.buildArgs], [['OK', 'y']]);
      assert.equal(s.problems.length, 2);
      assert.match(s.problems[0] ?? '', /"NOT-A-NAME" is not an ARG name/);
      assert.match(s.problems[1] ?? '', /buildArgs\["VERSION"\] must be a string/);
      assert.match(toSettings({ buildArgs: ['A=1'] }, host).problems[0] ?? '', /must map ARG names to values/);
    });
  });

  describe('with the repository config (.docker-pin.yaml)', () => {
    const config = parseRepoConfig('platform: linux/arm64\ndigestKind: index\nbuildArgs:\n  A: repo\n  B: repo\nignore:\n  images: [registry.internal/*]\n', '.docker-pin.yaml');
    const env = { DOCKER_DEFAULT_PLATFORM: 'linux/s390x' };

    it('unset settings: the config decides, over DOCKER_DEFAULT_PLATFORM and the defaults', () => {
      const s = toSettings({ platform: '' }, host, env, { config });
      assert.equal(s.platformText, 'linux/arm64');
      assert.equal(s.platformSource, '.docker-pin.yaml');
      assert.equal(s.digestKind, 'index');
      assert.deepEqual([...s.buildArgs], [['A', 'repo'], ['B', 'repo']]);
      assert.equal(platformStatusView(s).text, '$(server) linux/arm64 · .docker-pin.yaml');
    });

    it('explicitly set settings win, as flags do in the CLI; build args merge by name', () => {
      const s = toSettings({ platform: 'linux/amd64', digestKind: 'platform', buildArgs: { B: 'mine', C: 'mine' } }, host, env, { config });
      assert.equal(s.platformText, 'linux/amd64');
      assert.equal(s.platformSource, 'dockerPin.platform');
      assert.equal(s.digestKind, 'platform');
      assert.deepEqual(Object.fromEntries(s.buildArgs), { A: 'repo', B: 'mine', C: 'mine' });
    });

    it('a config without a platform leaves it to DOCKER_DEFAULT_PLATFORM, then the host', () => {
      const none = parseRepoConfig('digestKind: index\n', '.docker-pin.yaml');
      assert.equal(toSettings({}, host, env, { config: none }).platformSource, 'DOCKER_DEFAULT_PLATFORM');
      assert.equal(toSettings({}, host, {}, { config: none }).platformSource, 'host');
    });

    it('ignores the images its patterns match, with the config as the reason', () => {
      const s = toSettings({}, host, {}, { config });
      assert.equal(s.ignoreImages?.({ reference: parseReference('registry.internal/x:1') } as never), '.docker-pin.yaml: ignore registry.internal/*');
    });

    it('untrusted: its build args are not used; its platform, digest kind and ignores are', () => {
      const s = toSettings({ buildArgs: { C: 'mine' } }, host, {}, { config, untrusted: true });
      assert.deepEqual([...s.buildArgs], [['C', 'mine']]);
      assert.equal(s.platformText, 'linux/arm64');
      assert.equal(s.digestKind, 'index');
      assert.ok(s.ignoreImages);
    });

    it('an invalid config resolves nothing and says why, naming the file', () => {
      const s = toSettings({ platform: 'linux/amd64' }, host, {}, { problem: '.docker-pin.yaml:1: platform: "linux/amd6" is not a platform' });
      assert.equal(s.platform, undefined);
      assert.match(s.platformProblem ?? '', /^\.docker-pin\.yaml:1: platform: "linux\/amd6" is not a platform; nothing is resolved until the repository config is corrected\.$/);
      assert.deepEqual(platformStatusView(s), { text: '$(warning) invalid .docker-pin.yaml', tooltip: s.platformProblem, warning: true });
    });
  });

  it('a new client is needed only when what it is built with changes', () => {
    const a = toSettings({}, host);
    assert.equal(clientSettingsChanged(a, toSettings({ digestKind: 'index', platform: 'linux/arm64' }, host)), false);
    assert.equal(clientSettingsChanged(a, toSettings({ mirrors: { 'docker.io': 'http://127.0.0.1:1' } }, host)), true);
    assert.equal(clientSettingsChanged(a, toSettings({ timeout: 5 }, host)), true);
  });
});
