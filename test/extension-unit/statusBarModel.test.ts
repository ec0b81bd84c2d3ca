import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { toSettings } from '../../src/extension/settingsModel';
import { platformStatusView } from '../../src/extension/statusBarModel';

const host = parsePlatform('linux/amd64');

describe('extension statusBarModel: where the platform comes from', () => {
  it('a platform chosen in the setting shows alone', () => {
    const view = platformStatusView(toSettings({ platform: 'linux/arm64' }, host, { DOCKER_DEFAULT_PLATFORM: 'linux/s390x' }));
    assert.equal(view.text, '$(server) linux/arm64');
    assert.match(view.tooltip, /comes from the dockerPin\.platform setting/);
    assert.equal(view.warning, false);
  });

  it('one from DOCKER_DEFAULT_PLATFORM or the host says so', () => {
    const fromVariable = platformStatusView(toSettings({}, host, { DOCKER_DEFAULT_PLATFORM: 'linux/arm64' }));
    assert.equal(fromVariable.text, '$(server) linux/arm64 · DOCKER_DEFAULT_PLATFORM');
    assert.match(fromVariable.tooltip, /linux\/arm64 digests here; the platform linux\/arm64 comes from DOCKER_DEFAULT_PLATFORM in the environment/);
    const fromHost = platformStatusView(toSettings({}, host, {}));
    assert.equal(fromHost.text, '$(server) linux/amd64 · host');
  });

  it('an invalid value is a warning naming where it comes from', () => {
    const view = platformStatusView(toSettings({}, host, { DOCKER_DEFAULT_PLATFORM: 'bogus' }));
    assert.equal(view.text, '$(warning) invalid platform (DOCKER_DEFAULT_PLATFORM)');
    assert.match(view.tooltip, /^DOCKER_DEFAULT_PLATFORM.*"bogus"/);
    assert.equal(view.warning, true);
  });

  it('index pins are named in the tooltip', () => {
    assert.match(platformStatusView(toSettings({ digestKind: 'index', platform: 'linux/arm64' }, host)).tooltip, /pins multi-arch index digests/);
  });
});
