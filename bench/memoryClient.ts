// A registry client that answers from memory, for scenario 4 ("no network"): it lets the real
// engine and planner run over a huge file while measuring only scanning, analysis and planning.
import { createHash } from 'node:crypto';
import type { ImageReference } from '../src/core/types';
import type {
  ClientStats,
  ManifestContent,
  RegistryClientApi,
  Resolution,
  ResolveOptions,
} from '../src/registry/types';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export class MemoryRegistryClient implements RegistryClientApi {
  readonly stats: ClientStats = { requests: 0, manifestGets: 0, manifestHeads: 0, blobGets: 0, tokenRequests: 0, bytesRead: 0 };
  private readonly cache = new Map<string, Resolution>();

  async resolve(ref: ImageReference, options: ResolveOptions): Promise<Resolution> {
    const tag = ref.tag ?? 'latest';
    const name = `${ref.registry}/${ref.repository}`;
    const key = `${name}:${tag}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const indexDigest = fakeDigest(`index ${key}`);
    const platformDigest = fakeDigest(`platform ${key} ${options.platform.architecture}`);
    const resolution: Resolution = {
      name,
      registry: ref.registry,
      repository: ref.repository,
      tag,
      indexDigest,
      indexMediaType: OCI_INDEX,
      isIndex: true,
      platformDigest,
      platformMediaType: OCI_MANIFEST,
      platform: options.platform,
      platforms: [{ platform: options.platform, digest: platformDigest, mediaType: OCI_MANIFEST }],
    };
    this.cache.set(key, resolution);
    return resolution;
  }

  async manifest(ref: ImageReference): Promise<ManifestContent> {
    throw new Error(`the in-memory benchmark client holds no manifest for ${ref.original}`);
  }

  /** Every digest it is asked about is taken for an index it holds (the benchmark's pins are index pins). */
  async resolveDigest(ref: ImageReference): Promise<Resolution> {
    const digest = ref.digest;
    if (digest === undefined) throw new Error(`${ref.original} names no digest`);
    const name = `${ref.registry}/${ref.repository}`;
    return { name, registry: ref.registry, repository: ref.repository, ...(ref.tag ? { tag: ref.tag } : {}), indexDigest: digest, indexMediaType: OCI_INDEX, isIndex: true };
  }

  clearCache(): void {
    this.cache.clear();
  }
}

function fakeDigest(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}
