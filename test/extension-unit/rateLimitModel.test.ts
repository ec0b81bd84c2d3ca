import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { LowBudgetWarnings } from '../../src/extension/rateLimitModel';
import { toSettings } from '../../src/extension/settingsModel';
import { platformStatusView } from '../../src/extension/statusBarModel';
import type { RateLimit } from '../../src/registry/rateLimit';

const hub = (remaining: number): RateLimit => ({ registry: 'docker.io', limit: 100, remaining, windowSeconds: 21600, source: '203.0.113.7' });

describe('extension rateLimitModel: pull budgets in the status bar and a warning when low', () => {
  it('the platform item\'s tooltip ends with each registry\'s latest budget', () => {
    const settings = toSettings({ platform: 'linux/arm64' }, parsePlatform('linux/amd64'), {});
    const view = platformStatusView(settings, [hub(76), { registry: 'ghcr.io', limit: 5000, remaining: 4999 }]);
    assert.match(view.tooltip, /Click to select another platform\.\n\nPull budget: docker\.io: 76 of 100 pulls left in this 6 h window \(source 203\.0\.113\.7\)\.\n\nPull budget: ghcr\.io: 4999 of 5000 pulls left\.$/);
    assert.doesNotMatch(platformStatusView(settings).tooltip, /Pull budget/);
  });

  it('warns once per registry and window when fewer than 10% are left, not on every request', () => {
    let now = 0;
    const warnings = new LowBudgetWarnings(() => now);
    assert.equal(warnings.warningFor(hub(50)), undefined, 'not low');
    assert.equal(warnings.warningFor(hub(9)), 'Docker Pin: docker.io: 9 of 100 pulls left in this 6 h window (source 203.0.113.7). Signing in with "docker login" raises the limit.');
    assert.equal(warnings.warningFor(hub(8)), undefined, 'already warned in this window');
    assert.ok(warnings.warningFor({ registry: 'other.example', limit: 10, remaining: 0 }), 'another registry is warned on its own');
    now += 21600 * 1000;
    assert.ok(warnings.warningFor(hub(3)), 'a new window warns again');
  });
});
