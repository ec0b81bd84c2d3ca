import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { detectMediaType, parseConfigPlatform, parseManifest, toPlatform } from '../../src/registry/manifest';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from '../../src/registry/mediaTypes';

const d = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

describe('registry/manifest', () => {
  it('prefers the Content-Type (without parameters) over the body', () => {
    assert.equal(detectMediaType(`${OCI_INDEX}; charset=utf-8`, { mediaType: DOCKER_MANIFEST }), OCI_INDEX);
  });

  it('uses the body mediaType when the header is missing or generic', () => {
    assert.equal(detectMediaType(undefined, { mediaType: DOCKER_MANIFEST_LIST }), DOCKER_MANIFEST_LIST);
    assert.equal(detectMediaType('application/json', { mediaType: OCI_MANIFEST }), OCI_MANIFEST);
  });

  it('infers OCI types from the shape when nothing names them', () => {
    assert.equal(detectMediaType(undefined, { schemaVersion: 2, manifests: [] }), OCI_INDEX);
    assert.equal(detectMediaType(undefined, { schemaVersion: 2, config: {} }), OCI_MANIFEST);
  });

  it('parses an index with normalized platforms and annotations', () => {
    const parsed = parseManifest(
      json({
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [
          { mediaType: OCI_MANIFEST, digest: d(1), size: 10, platform: { os: 'linux', architecture: 'x86_64' } },
          { mediaType: OCI_MANIFEST, digest: d(2), size: 11, platform: { os: 'linux', architecture: 'aarch64', variant: 'v8' } },
          { mediaType: OCI_MANIFEST, digest: d(3), size: 12, platform: { os: 'linux', architecture: 'arm' } },
          { mediaType: OCI_MANIFEST, digest: d(4), size: 13, platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2113' } },
          { mediaType: OCI_MANIFEST, digest: d(5), size: 14, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
          { mediaType: OCI_MANIFEST, digest: 'not-a-digest', size: 1 },
        ],
      }),
      OCI_INDEX,
      'x',
    );
    assert.equal(parsed.kind, 'index');
    if (parsed.kind !== 'index') return;
    assert.equal(parsed.manifests.length, 5, 'the entry without a valid digest is dropped');
    assert.deepEqual(parsed.manifests[0].platform, { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(parsed.manifests[1].platform, { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(parsed.manifests[2].platform, { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.equal(parsed.manifests[3].platform?.osVersion, '10.0.20348.2113');
    assert.equal(parsed.manifests[4].annotations?.['vnd.docker.reference.type'], 'attestation-manifest');
  });

  it('parses an image manifest with its config descriptor', () => {
    const parsed = parseManifest(json({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d(9), size: 100 }, layers: [] }), undefined, 'x');
    assert.equal(parsed.kind, 'manifest');
    if (parsed.kind === 'manifest') assert.equal(parsed.config.digest, d(9));
  });

  for (const [name, body, type] of [
    ['schema1 by media type', { schemaVersion: 1, name: 'x' }, 'application/vnd.docker.distribution.manifest.v1+prettyjws'],
    ['schema1 without a header', { schemaVersion: 1, name: 'x', fsLayers: [] }, undefined],
  ] as const) {
    it(`rejects ${name} as UNSUPPORTED_MANIFEST with a clear message`, () => {
      assert.throws(() => parseManifest(json(body), type, 'docker.io/library/old:1'), (e: unknown) => isDockerPinError(e) && e.code === 'UNSUPPORTED_MANIFEST' && /schema 1/.test(e.message) && e.message.includes('docker.io/library/old:1'));
    });
  }

  it('rejects unknown media types and bodies that are not JSON objects', () => {
    assert.throws(() => parseManifest(json({ schemaVersion: 2 }), 'application/vnd.example.thing', 'x'), (e: unknown) => isDockerPinError(e) && e.code === 'UNSUPPORTED_MANIFEST');
    assert.throws(() => parseManifest(Buffer.from('<html>'), OCI_INDEX, 'x'), (e: unknown) => isDockerPinError(e) && e.code === 'REGISTRY_ERROR');
    assert.throws(() => parseManifest(Buffer.from('[]'), OCI_INDEX, 'x'), (e: unknown) => isDockerPinError(e) && e.code === 'REGISTRY_ERROR');
  });

  it('reads the platform of an image config', () => {
    assert.deepEqual(parseConfigPlatform(json({ architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: {} }), 'x'), { os: 'linux', architecture: 'arm64' });
    assert.throws(() => parseConfigPlatform(json({ rootfs: {} }), 'x'), (e: unknown) => isDockerPinError(e) && e.code === 'REGISTRY_ERROR');
  });

  it('ignores platforms without os or architecture', () => {
    assert.equal(toPlatform({ os: 'linux' }), undefined);
    assert.equal(toPlatform(null), undefined);
  });
});
