import * as assert from 'node:assert/strict';
import NoAxiosProxyAgent, { NO_AXIOS_PROXY_MESSAGE } from '../../src/build/noAxiosProxyAgent';

describe("the stand-in for axios's own proxy agent in the bundles", () => {
  it('refuses to be built, pointing at docker-pin’s own proxy agents', () => {
    assert.throws(() => new NoAxiosProxyAgent(), { message: NO_AXIOS_PROXY_MESSAGE });
    assert.match(NO_AXIOS_PROXY_MESSAGE, /its own agents/);
  });
});
