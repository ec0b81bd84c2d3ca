import * as assert from 'node:assert/strict';
import { manifestDigestLinks } from '../../src/extension/manifestLinks';
import { AMD64, ARM64, D } from './fixtures';

describe('extension manifestLinks: digests that open manifests', () => {
  it("links each index entry's digest where it stands in the raw text", () => {
    const text = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: AMD64, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: ARM64, size: 1, platform: { os: 'linux', architecture: 'arm64' } },
      ],
    });
    const links = manifestDigestLinks(text);
    assert.deepEqual(links.map((l) => l.digest), [AMD64, ARM64]);
    for (const link of links) assert.equal(text.slice(link.offset, link.offset + link.length), link.digest);
  });

  it('does not link config and layer digests (blobs, not manifests), but links a subject', () => {
    const text = JSON.stringify(
      {
        schemaVersion: 2,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: D('c'), size: 1 },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: D('e'), size: 1 }],
        subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: AMD64, size: 1 },
      },
      null,
      3,
    );
    assert.deepEqual(manifestDigestLinks(text).map((l) => l.digest), [AMD64]);
  });

  it('links only digests a reference can hold (a link opens name@digest)', () => {
    const odd = [`sha256:${'A'.repeat(64)}`, `sha256+b64:${'a'.repeat(64)}`, `sha256:${'a'.repeat(40)}`, `md5:${'a'.repeat(32)}`];
    const text = JSON.stringify({
      schemaVersion: 2,
      manifests: [...odd, AMD64].map((digest) => ({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 1 })),
    });
    assert.deepEqual(manifestDigestLinks(text).map((l) => l.digest), [AMD64]);
  });

  it('gives nothing for text that is not JSON', () => {
    assert.deepEqual(manifestDigestLinks('{"manifests": ['), []);
  });
});
