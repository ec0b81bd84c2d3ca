import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { clientSettingsChanged, toSettings } from '../../src/extension/settingsModel';

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
    const s = toSettings({ platform: 'not a/plat form', digestKind: 'both', unpinnedSeverity: 'loud', timeout: -1, mirrors: { 'docker.io': 5 } }, host);
    assert.equal(s.platformText, 'linux/amd64');
    assert.equal(s.digestKind, 'platform');
    assert.equal(s.unpinnedSeverity, 'information');
    assert.equal(s.timeoutMs, 30_000);
    assert.deepEqual(s.mirrors, {});
    assert.equal(s.problems.length, 5);
    assert.match(s.problems[0] ?? '', /dockerPin\.platform/);
  });

  it('a new client is needed only when what it is built with changes', () => {
    const a = toSettings({}, host);
    assert.equal(clientSettingsChanged(a, toSettings({ digestKind: 'index', platform: 'linux/arm64' }, host)), false);
    assert.equal(clientSettingsChanged(a, toSettings({ mirrors: { 'docker.io': 'http://127.0.0.1:1' } }, host)), true);
    assert.equal(clientSettingsChanged(a, toSettings({ timeout: 5 }, host)), true);
  });
});
