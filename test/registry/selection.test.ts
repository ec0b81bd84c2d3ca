import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import type { Descriptor } from '../../src/core/types';
import { parseManifest } from '../../src/registry/manifest';
import { OCI_INDEX, OCI_MANIFEST } from '../../src/registry/mediaTypes';
import { checkSinglePlatform, chooseEntry, listPlatforms } from '../../src/registry/selection';

const d = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

/** Entries as a registry serves them, run through the same parsing the client uses. */
function indexOf(entries: Array<Record<string, unknown>>): readonly Descriptor[] {
  const parsed = parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries })), OCI_INDEX, 'x');
  assert.equal(parsed.kind, 'index');
  return parsed.kind === 'index' ? parsed.manifests : [];
}

const entry = (n: number, platform: Record<string, string>, annotations?: Record<string, string>): Record<string, unknown> => ({
  mediaType: OCI_MANIFEST,
  digest: d(n),
  size: 100 + n,
  platform,
  ...(annotations ? { annotations } : {}),
});

describe('registry/selection', () => {
  const multi = indexOf([
    entry(1, { os: 'linux', architecture: 'amd64' }),
    entry(2, { os: 'linux', architecture: 'arm', variant: 'v6' }),
    entry(3, { os: 'linux', architecture: 'arm', variant: 'v7' }),
    entry(4, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
    entry(5, { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': d(1) }),
    entry(6, { os: 'linux', architecture: '386' }),
  ]);

  const cases: Array<[string, Record<string, string>, number]> = [
    ['exact amd64', { os: 'linux', architecture: 'amd64' }, 1],
    ['arm64 with default variant', { os: 'linux', architecture: 'arm64' }, 4],
    ['arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }, 3],
    ['arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }, 2],
    ['386', { os: 'linux', architecture: '386' }, 6],
  ];
  for (const [name, wanted, want] of cases) {
    it(`chooses ${name}`, () => {
      assert.equal(chooseEntry(multi, wanted as never, 'x').digest, d(want));
    });
  }

  it('falls back along containerd ranking: arm/v8 wants v7 when there is no v8', () => {
    assert.equal(chooseEntry(multi, { os: 'linux', architecture: 'arm', variant: 'v8' }, 'x').digest, d(3));
  });

  it('lets arm64 run arm/v7 when that is all there is', () => {
    const armOnly = indexOf([entry(1, { os: 'linux', architecture: 'arm', variant: 'v7' })]);
    assert.equal(chooseEntry(armOnly, { os: 'linux', architecture: 'arm64' }, 'x').digest, d(1));
  });

  it('never picks an attestation, even when it is the only entry', () => {
    const onlyAttestation = indexOf([entry(5, { os: 'unknown', architecture: 'unknown' }, { 'vnd.docker.reference.type': 'attestation-manifest' })]);
    assert.throws(() => chooseEntry(onlyAttestation, { os: 'unknown', architecture: 'unknown' }, 'x'), (e: unknown) => isDockerPinError(e) && e.code === 'NO_MATCHING_PLATFORM');
  });

  it('keeps index order between equal entries', () => {
    const twice = indexOf([entry(7, { os: 'linux', architecture: 'amd64' }), entry(8, { os: 'linux', architecture: 'amd64' })]);
    assert.equal(chooseEntry(twice, { os: 'linux', architecture: 'amd64' }, 'x').digest, d(7));
  });

  it('says what is available when nothing matches', () => {
    assert.throws(
      () => chooseEntry(multi, { os: 'linux', architecture: 's390x' }, 'docker.io/library/alpine:3.20'),
      (e: unknown) =>
        isDockerPinError(e) &&
        e.code === 'NO_MATCHING_PLATFORM' &&
        e.message.includes('docker.io/library/alpine:3.20') &&
        e.message.includes('linux/s390x') &&
        e.message.includes('linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64, linux/386') &&
        !e.message.includes('unknown'),
    );
  });

  it('matches windows by os.version build when one is wanted', () => {
    const win = indexOf([
      entry(1, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.5329' }),
      entry(2, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2227' }),
    ]);
    assert.equal(chooseEntry(win, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1' }, 'x').digest, d(2));
  });

  it('lists platforms without attestations', () => {
    const listed = listPlatforms(multi);
    assert.equal(listed.length, 5);
    assert.deepEqual(listed[3], { platform: { os: 'linux', architecture: 'arm64' }, digest: d(4), mediaType: OCI_MANIFEST, size: 104 });
  });

  it('checks a single-platform image against the wanted platform', () => {
    assert.doesNotThrow(() => checkSinglePlatform({ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'amd64' }, 'x'));
    assert.throws(
      () => checkSinglePlatform({ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64' }, 'ghcr.io/o/app:1'),
      (e: unknown) => isDockerPinError(e) && e.code === 'NO_MATCHING_PLATFORM' && e.message.includes('available: linux/amd64'),
    );
  });
});
