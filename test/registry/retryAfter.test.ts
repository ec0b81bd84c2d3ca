import * as assert from 'node:assert/strict';
import { parseRetryAfter } from '../../src/registry/retryAfter';

describe('registry/retryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const cases: Array<[string | undefined, number | undefined]> = [
    ['0', 0],
    ['7', 7],
    [' 120 ', 120],
    ['Wed, 01 May 2024 12:00:30 GMT', 30],
    ['Wed, 01 May 2024 11:59:00 GMT', 0], // a date in the past means "now"
    ['Wed, 01 May 2024 12:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
  ];
  for (const [value, want] of cases) {
    it(`${JSON.stringify(value)} → ${want}`, () => {
      assert.equal(parseRetryAfter(value, now), want);
    });
  }
});
