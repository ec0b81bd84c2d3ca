import * as assert from 'node:assert/strict';
import NoFormData, { NO_FORM_DATA_MESSAGE } from '../../src/build/noFormData';

describe('the form-data stand-in in the bundles', () => {
  it('refuses to be built, saying docker-pin sends no multipart forms', () => {
    assert.throws(() => new NoFormData(), { message: NO_FORM_DATA_MESSAGE });
    assert.match(NO_FORM_DATA_MESSAGE, /does not send multipart forms/);
  });
});
