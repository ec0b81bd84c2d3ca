import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { attestationDescriptor, attestationFor, imageFor, indexOf, MEDIA, parseFixturePlatform, sha256 } from './imageContent';

const execFileAsync = promisify(execFile);

describe('test support: image content', () => {
  it('parses os/arch/variant and a windows os.version', () => {
    assert.deepEqual(parseFixturePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm', variant: 'v7', osVersion: undefined });
    assert.deepEqual(parseFixturePlatform('windows/amd64:10.0.20348.2113'), { os: 'windows', architecture: 'amd64', variant: undefined, osVersion: '10.0.20348.2113' });
    assert.throws(() => parseFixturePlatform('linux'), /os\/arch/);
  });

  it('builds a layer that tar can list and a config naming the platform', async () => {
    const image = imageFor(parseFixturePlatform('windows/amd64:10.0.20348.2113'), 'docker', 'repo:tag');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-layer-'));
    try {
      const file = path.join(dir, 'layer.tar.gz');
      await writeFile(file, image.layer.bytes);
      const { stdout } = await execFileAsync('tar', ['-tzf', file]);
      assert.equal(stdout.trim(), 'docker-pin-fixture.txt');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const config = JSON.parse(image.config.bytes.toString()) as Record<string, unknown>;
    assert.equal(config.os, 'windows');
    assert.equal(config.architecture, 'amd64');
    assert.equal(config['os.version'], '10.0.20348.2113');
    assert.equal(image.manifest.mediaType, MEDIA.dockerManifest);
    assert.equal(image.manifest.digest, sha256(image.manifest.bytes));
  });

  it('gives different images different digests, and the same image the same', () => {
    const p = parseFixturePlatform('linux/amd64');
    assert.equal(imageFor(p, 'oci', 'a').manifest.digest, imageFor(p, 'oci', 'a').manifest.digest);
    assert.notEqual(imageFor(p, 'oci', 'a').manifest.digest, imageFor(p, 'oci', 'b').manifest.digest);
  });

  it('writes attestation entries as BuildKit does', () => {
    const image = imageFor(parseFixturePlatform('linux/amd64'), 'oci', 'x');
    const att = attestationFor(image.manifest, 'x');
    const entry = attestationDescriptor(att.manifest, image.manifest);
    assert.deepEqual(entry.platform, { architecture: 'unknown', os: 'unknown' });
    assert.equal(entry.annotations?.['vnd.docker.reference.type'], 'attestation-manifest');
    assert.equal(entry.annotations?.['vnd.docker.reference.digest'], image.manifest.digest);
    const index = JSON.parse(indexOf([entry], 'oci').bytes.toString()) as { mediaType: string };
    assert.equal(index.mediaType, MEDIA.ociIndex);
  });
});
