import * as assert from 'node:assert/strict';
import noFollowRedirects, { NO_FOLLOW_REDIRECTS_MESSAGE } from '../../src/build/noFollowRedirects';

describe('the follow-redirects stand-in in the bundles', () => {
  it('refuses any request, saying docker-pin follows redirects itself', () => {
    assert.throws(() => noFollowRedirects.http.request(), { message: NO_FOLLOW_REDIRECTS_MESSAGE });
    assert.throws(() => noFollowRedirects.https.request(), { message: NO_FOLLOW_REDIRECTS_MESSAGE });
    assert.match(NO_FOLLOW_REDIRECTS_MESSAGE, /its own transport layer/);
  });
});
