import * as assert from 'node:assert/strict';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  MANIFEST_ACCEPT,
  OCI_INDEX,
  OCI_MANIFEST,
  isImageManifestMediaType,
  isIndexMediaType,
  isSchema1MediaType,
  stripParameters,
} from '../../src/registry/mediaTypes';

describe('registry/mediaTypes', () => {
  it('accepts all four manifest types on every request', () => {
    for (const t of [DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX]) assert.ok(MANIFEST_ACCEPT.split(', ').includes(t), t);
  });

  it('strips Content-Type parameters and case', () => {
    assert.equal(stripParameters('application/vnd.oci.image.index.v1+json; charset=utf-8'), OCI_INDEX);
    assert.equal(stripParameters('Application/JSON'), 'application/json');
    assert.equal(stripParameters(undefined), undefined);
    assert.equal(stripParameters(' ; x=y'), undefined);
  });

  it('tells indexes, image manifests and schema 1 apart', () => {
    assert.ok(isIndexMediaType(OCI_INDEX) && isIndexMediaType(DOCKER_MANIFEST_LIST));
    assert.ok(isImageManifestMediaType(OCI_MANIFEST) && isImageManifestMediaType(DOCKER_MANIFEST));
    assert.ok(!isIndexMediaType(OCI_MANIFEST) && !isImageManifestMediaType(OCI_INDEX));
    assert.ok(isSchema1MediaType('application/vnd.docker.distribution.manifest.v1+prettyjws'));
    assert.ok(isSchema1MediaType('application/vnd.docker.distribution.manifest.v1+json'));
    assert.ok(!isSchema1MediaType(DOCKER_MANIFEST));
  });
});
