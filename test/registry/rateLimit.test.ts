import * as assert from 'node:assert/strict';
import { describeRateLimit, isLow, parseRateLimit } from '../../src/registry/rateLimit';

describe('registry/rateLimit: the pull budget Docker Hub reports', () => {
  it('reads ratelimit-limit, ratelimit-remaining (N;w=SECONDS) and docker-ratelimit-source', () => {
    const rate = parseRateLimit('docker.io', { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600', 'docker-ratelimit-source': '1.2.3.4' });
    assert.deepEqual(rate, { registry: 'docker.io', limit: 100, remaining: 76, windowSeconds: 21600, source: '1.2.3.4' });
    assert.equal(describeRateLimit(rate), 'docker.io: 76 of 100 pulls left in this 6 h window (source 1.2.3.4)');
  });

  it('takes a figure without a window or source, and the first of several policies', () => {
    const rate = parseRateLimit('reg.lan', { 'ratelimit-limit': '10, 100;w=3600', 'ratelimit-remaining': '3' });
    assert.deepEqual(rate, { registry: 'reg.lan', limit: 10, remaining: 3 });
    assert.equal(describeRateLimit(rate), 'reg.lan: 3 of 10 pulls left');
    assert.equal(describeRateLimit({ registry: 'r', limit: 10, remaining: 1, windowSeconds: 90 }), 'r: 1 of 10 pulls left in this 90 s window');
  });

  it('reads nothing from absent or unreadable headers', () => {
    assert.equal(parseRateLimit('docker.io', {}), undefined);
    assert.equal(parseRateLimit('docker.io', { 'ratelimit-limit': '100;w=21600' }), undefined);
    assert.equal(parseRateLimit('docker.io', { 'ratelimit-limit': 'many', 'ratelimit-remaining': '1' }), undefined);
  });

  it('is low below 10% of the limit', () => {
    assert.equal(isLow({ registry: 'docker.io', limit: 100, remaining: 9 }), true);
    assert.equal(isLow({ registry: 'docker.io', limit: 100, remaining: 10 }), false);
    assert.equal(isLow({ registry: 'docker.io', limit: 10, remaining: 0 }), true);
  });
});
