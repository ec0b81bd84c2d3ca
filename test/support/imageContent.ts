// The bytes of tiny but well-formed images: a one-file gzipped tar layer, an image config naming
// the platform, manifests and indexes in the Docker and OCI formats, and BuildKit-style
// attestation manifests. Pure functions; push.ts uploads what they build.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  inToto: 'application/vnd.in-toto+json',
} as const;

export type ImageFormat = 'oci' | 'docker';

export interface FixturePlatform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
}

export interface Blob {
  readonly mediaType: string;
  readonly digest: string;
  readonly bytes: Buffer;
}

export interface DescriptorJson {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function sha256(bytes: Buffer): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

export function blob(mediaType: string, bytes: Buffer): Blob {
  return { mediaType, digest: sha256(bytes), bytes };
}

/** `os/arch[/variant][:os.version]`, e.g. `linux/arm/v7` or `windows/amd64:10.0.20348.2113`. */
export function parseFixturePlatform(text: string): FixturePlatform {
  const colon = text.indexOf(':');
  const osVersion = colon >= 0 ? text.slice(colon + 1) : undefined;
  const [os, architecture, variant, extra] = (colon >= 0 ? text.slice(0, colon) : text).split('/');
  if (!os || !architecture || extra !== undefined) throw new Error(`fixture platform "${text}" is not os/arch[/variant][:os.version]`);
  return { os, architecture, variant, osVersion };
}

export function formatFixturePlatform(p: FixturePlatform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/') + (p.osVersion ? `:${p.osVersion}` : '');
}

/** The platform object as image indexes and configs spell it (`os.version`). */
export function platformJson(p: FixturePlatform): Record<string, string> {
  const out: Record<string, string> = { architecture: p.architecture, os: p.os };
  if (p.osVersion) out['os.version'] = p.osVersion;
  if (p.variant) out.variant = p.variant;
  return out;
}

/** A ustar archive holding one regular file (header, padded content, two zero end blocks). */
function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string): void => {
    header.write(value, offset, length, 'ascii');
  };
  const octal = (n: number, width: number): string => n.toString(8).padStart(width - 1, '0') + '\0';
  field(0, 100, name);
  field(100, 8, octal(0o644, 8));
  field(108, 8, octal(0, 8));
  field(116, 8, octal(0, 8));
  field(124, 12, octal(content.length, 12));
  field(136, 12, octal(0, 12));
  field(148, 8, '        '); // checksum is computed with its own field as spaces
  field(156, 1, '0');
  field(257, 8, 'ustar\u000000');
  let sum = 0;
  for (const b of header) sum += b;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return Buffer.concat([header, padded, Buffer.alloc(1024)]);
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function descriptor(b: Blob, platform?: FixturePlatform, annotations?: Record<string, string>): DescriptorJson {
  const d: DescriptorJson = { mediaType: b.mediaType, digest: b.digest, size: b.bytes.length };
  if (platform) d.platform = platformJson(platform);
  if (annotations) d.annotations = annotations;
  return d;
}

export interface ImageBlobs {
  readonly config: Blob;
  readonly layer: Blob;
  readonly manifest: Blob;
}

/** One platform's image. `label` goes into the layer and config so distinct images have distinct digests. */
export function imageFor(platform: FixturePlatform, format: ImageFormat, label: string): ImageBlobs {
  const tar = tarWithOneFile('docker-pin-fixture.txt', Buffer.from(`${label}\n${formatFixturePlatform(platform)}\n`));
  const layer = blob(format === 'oci' ? MEDIA.ociLayer : MEDIA.dockerLayer, gzipSync(tar));
  const config = blob(
    format === 'oci' ? MEDIA.ociConfig : MEDIA.dockerConfig,
    json({
      ...platformJson(platform),
      created: '2024-01-01T00:00:00Z',
      config: { Labels: { 'docker-pin.fixture': label } },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );
  const manifest = blob(
    format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest,
    json({ schemaVersion: 2, mediaType: format === 'oci' ? MEDIA.ociManifest : MEDIA.dockerManifest, config: descriptor(config), layers: [descriptor(layer)] }),
  );
  return { config, layer, manifest };
}

/** A BuildKit-style attestation manifest for `subject` (always OCI, as BuildKit writes them). */
export function attestationFor(subject: Blob, label: string): ImageBlobs {
  const statement = json({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
    subject: [{ name: label, digest: { sha256: subject.digest.slice('sha256:'.length) } }],
    predicate: { spdxVersion: 'SPDX-2.3', name: label },
  });
  const layer = blob(MEDIA.inToto, statement);
  const config = blob(MEDIA.ociConfig, json({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const manifest = blob(
    MEDIA.ociManifest,
    json({
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: descriptor(config),
      layers: [{ ...descriptor(layer), annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' } }],
    }),
  );
  return { config, layer, manifest };
}

/** Index entry of an attestation manifest, as BuildKit writes it. */
export function attestationDescriptor(attestation: Blob, subject: Blob): DescriptorJson {
  return descriptor(attestation, { os: 'unknown', architecture: 'unknown' }, {
    'vnd.docker.reference.digest': subject.digest,
    'vnd.docker.reference.type': 'attestation-manifest',
  });
}

export function indexOf(entries: readonly DescriptorJson[], format: ImageFormat): Blob {
  const mediaType = format === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList;
  return blob(mediaType, json({ schemaVersion: 2, mediaType, manifests: entries }));
}
