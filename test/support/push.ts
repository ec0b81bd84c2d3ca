// Pushes fixture images into a test registry through its HTTP API, as `docker push` does:
// monolithic blob uploads (POST, then PUT with the digest), child manifests by digest, then the
// index (or single manifest) by tag.
import {
  attestationDescriptor,
  attestationFor,
  descriptor,
  formatFixturePlatform,
  imageFor,
  indexOf,
  parseFixturePlatform,
  sha256,
  type Blob,
  type DescriptorJson,
  type FixturePlatform,
  type ImageBlobs,
  type ImageFormat,
} from './imageContent';
import type { TestRegistry } from './registry';
import { expectStatus, registryFetch } from './registryHttp';

export interface PushedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Buffer;
  readonly platform?: { os: string; architecture: string; variant?: string; osVersion?: string };
}

export interface PushImageOptions {
  /** `os/arch[/variant][:os.version]` per child, in index order. */
  readonly platforms: readonly string[];
  /** Default `oci`. */
  readonly format?: ImageFormat;
  /** Adds a BuildKit attestation manifest (`unknown/unknown`) after each child. */
  readonly attestations?: boolean;
  /** Puts every child but the first (or the only one) in an inner index the outer one names. */
  readonly nested?: boolean;
  /** Changes every digest; re-pushing a tag with a new salt moves it (a stale pin). */
  readonly salt?: string;
}

export interface PushedImage {
  readonly index: PushedManifest;
  /** The platform manifests, in the order of `platforms`. */
  readonly children: PushedManifest[];
  readonly attestations: PushedManifest[];
  /** With `nested`: the inner index. */
  readonly inner?: PushedManifest;
}

function pushed(b: Blob, platform?: FixturePlatform): PushedManifest {
  const p = platform ? { os: platform.os, architecture: platform.architecture, variant: platform.variant, osVersion: platform.osVersion } : undefined;
  return { digest: b.digest, mediaType: b.mediaType, bytes: b.bytes, platform: p };
}

async function pushBlob(reg: TestRegistry, repository: string, b: Blob): Promise<void> {
  const exists = await registryFetch(reg, repository, `/v2/${repository}/blobs/${b.digest}`, { method: 'HEAD' });
  await exists.arrayBuffer();
  if (exists.status === 200) return;
  const start = await registryFetch(reg, repository, `/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await expectStatus(start, 202, `starting a blob upload to ${reg.host}/${repository}`);
  await start.arrayBuffer();
  const location = new URL(start.headers.get('location') ?? '', reg.url);
  location.searchParams.set('digest', b.digest);
  const put = await registryFetch(reg, repository, location.toString(), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: b.bytes,
  });
  await expectStatus(put, 201, `uploading blob ${b.digest} to ${reg.host}/${repository}`);
  await put.arrayBuffer();
}

/**
 * Puts a manifest body at `reference` (tag or digest) and returns the registry's digest for it.
 * Any media type and body the registry accepts: schema1 and odd bodies included.
 */
export async function pushRaw(reg: TestRegistry, repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
  const res = await registryFetch(reg, repository, `/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    headers: { 'Content-Type': mediaType },
    body,
  });
  await expectStatus(res, 201, `putting manifest ${reference} (${mediaType}) to ${reg.host}/${repository}`);
  await res.arrayBuffer();
  return res.headers.get('docker-content-digest') ?? sha256(body);
}

/**
 * Deletes the manifest at `digest`, as a registry's clean-up does (the registry must be started
 * with `deletes`); tags pointing to it go with it. GETs of it then answer 404 MANIFEST_UNKNOWN.
 */
export async function deleteManifest(reg: TestRegistry, repository: string, digest: string): Promise<void> {
  const res = await registryFetch(reg, repository, `/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
  await expectStatus(res, 202, `deleting manifest ${digest} from ${reg.host}/${repository}`);
  await res.arrayBuffer();
}

async function pushImageBlobs(reg: TestRegistry, repository: string, image: ImageBlobs): Promise<void> {
  await pushBlob(reg, repository, image.config);
  await pushBlob(reg, repository, image.layer);
  await pushRaw(reg, repository, image.manifest.digest, image.manifest.mediaType, image.manifest.bytes);
}

function label(repository: string, tag: string, salt: string | undefined): string {
  return `${repository}:${tag}${salt ? ` salt=${salt}` : ''}`;
}

/** Pushes a multi-platform image and tags its index (or manifest list for `docker`). */
export async function pushImage(reg: TestRegistry, repository: string, tag: string, options: PushImageOptions): Promise<PushedImage> {
  const format = options.format ?? 'oci';
  const text = label(repository, tag, options.salt);
  const platforms = options.platforms.map(parseFixturePlatform);
  // Platforms upload in parallel (a registry takes concurrent pushes); order is kept by index.
  const groups = await Promise.all(
    platforms.map(async (platform) => {
      const image = imageFor(platform, format, text);
      await pushImageBlobs(reg, repository, image);
      const entries = [descriptor(image.manifest, platform)];
      let attestation: PushedManifest | undefined;
      if (options.attestations) {
        const att = attestationFor(image.manifest, `${text} ${formatFixturePlatform(platform)}`);
        await pushImageBlobs(reg, repository, att);
        attestation = pushed(att.manifest);
        // The child, then its attestation, as BuildKit orders them.
        entries.push(attestationDescriptor(att.manifest, image.manifest));
      }
      return { child: pushed(image.manifest, platform), attestation, entries };
    }),
  );
  const children = groups.map((g) => g.child);
  const attestations = groups.flatMap((g) => (g.attestation ? [g.attestation] : []));
  const entries: DescriptorJson[][] = groups.map((g) => g.entries);
  let outerEntries = entries.flat();
  let inner: PushedManifest | undefined;
  if (options.nested) {
    const innerFrom = entries.length > 1 ? 1 : 0;
    const innerIndex = indexOf(entries.slice(innerFrom).flat(), format);
    await pushRaw(reg, repository, innerIndex.digest, innerIndex.mediaType, innerIndex.bytes);
    inner = pushed(innerIndex);
    outerEntries = [...entries.slice(0, innerFrom).flat(), descriptor(innerIndex)];
  }
  const index = indexOf(outerEntries, format);
  await pushRaw(reg, repository, tag, index.mediaType, index.bytes);
  return { index: pushed(index), children, attestations, inner };
}

/** Pushes one platform's image and tags the manifest itself (a single-platform tag). */
export async function pushSingle(
  reg: TestRegistry,
  repository: string,
  tag: string,
  platform: string,
  options: { format?: ImageFormat; salt?: string } = {},
): Promise<PushedManifest> {
  const p = parseFixturePlatform(platform);
  const image = imageFor(p, options.format ?? 'oci', label(repository, tag, options.salt));
  await pushImageBlobs(reg, repository, image);
  await pushRaw(reg, repository, tag, image.manifest.mediaType, image.manifest.bytes);
  return pushed(image.manifest, p);
}
