import * as assert from 'node:assert/strict';
import { goVendored } from '../../src/core/vendoredModules';

describe("core goVendored: Go's vendored modules", () => {
  it('is a path in a vendor folder holding modules.txt, at any depth and with either separator; each folder asked about once', () => {
    const asked: string[] = [];
    const vendored = goVendored((path) => {
      asked.push(path);
      return path === 'vendor/modules.txt' || path === 'tools\\vendor\\modules.txt';
    });
    assert.equal(vendored('vendor/github.com/x/y/docker-compose.yml'), true);
    assert.equal(vendored('vendor/github.com/z/Dockerfile'), true);
    assert.equal(vendored('tools\\vendor\\example.com\\Dockerfile'), true);
    assert.equal(vendored('web/vendor/acme/Dockerfile'), false);
    assert.equal(vendored('vendors/Dockerfile'), false);
    assert.equal(vendored('myvendor/Dockerfile'), false);
    assert.equal(vendored('Dockerfile'), false);
    // A vendor folder inside another: each is asked about.
    assert.equal(vendored('web/vendor/acme/vendor/x/Dockerfile'), false);
    assert.deepEqual(asked, ['vendor/modules.txt', 'tools\\vendor\\modules.txt', 'web/vendor/modules.txt', 'web/vendor/acme/vendor/modules.txt']);
  });
});
