import * as assert from 'node:assert/strict';
import noFetchAdapter, { getFetch } from '../../src/build/noFetchAdapter';

describe("the stand-in for axios's fetch adapter in the bundles", () => {
  it('tells axios the fetch adapter is not available, so axios names the reason if asked for it', () => {
    assert.equal(getFetch(), false);
    assert.equal(noFetchAdapter, false);
  });
});
