// The cache layer between the client façade and the authenticated fetcher: what a digest names
// comes from the disk cache when held there, and a tag fetched before is asked again with HEAD,
// which Docker Hub does not count as a pull, so a GET is spent only on what is new. Without a
// disk cache every call goes to the registry, as a fetcher's would. Writes to the disk cache are
// queued, never waited for: what was fetched is the answer at once (DiskCache.flush() waits).
import { isDigest } from '../core/digest';
import { DockerPinError } from '../core/errors';
import type { DiskCache } from './diskCache';
import type { HeadResult, RepositoryFetcher, Target } from './fetcher';
import type { ManifestContent } from './types';

export class CachedFetcher {
  constructor(
    private readonly fetcher: RepositoryFetcher,
    private readonly cache: DiskCache | undefined,
  ) {}

  /**
   * The manifest a tag names now. A tag this cache fetched before is asked with HEAD: when the
   * digest it answers is held, no GET is made; when it is new, one GET by that digest. A tag never
   * seen (or a registry whose HEAD names no digest) costs one GET of the tag, as without a cache.
   */
  async manifestByTag(target: Target, tag: string, signal?: AbortSignal): Promise<ManifestContent> {
    const cache = this.cache;
    if (cache === undefined) return this.fetcher.getManifest(target, tag, signal);
    const key = tagKey(target, tag);
    const known = await cache.tagDigest(key);
    let content: ManifestContent | undefined;
    if (known !== undefined) {
      const digest = (await this.headOrUndefined(target, tag, signal))?.digest;
      if (digest !== undefined && isDigest(digest)) content = (await cache.readManifest(digest)) ?? (await this.fetchAndStore(target, digest, signal));
    }
    content ??= await this.fetchAndStore(target, tag, signal);
    if (content.digest !== known) void cache.rememberTag(key, content.digest);
    return content;
  }

  /**
   * The manifest at `digest`, in the registry now: a held one is served after a HEAD says the
   * registry still has it in this repository (a pin whose manifest was deleted must read as gone);
   * 404 is NOT_FOUND. A HEAD that cannot tell (no or another digest, 405) leaves it to a GET.
   */
  async manifestInRegistry(target: Target, digest: string, signal?: AbortSignal): Promise<ManifestContent> {
    const cached = await this.cache?.readManifest(digest);
    if (cached !== undefined) {
      const head = await this.headOrUndefined(target, digest, signal);
      if (head !== undefined && (head.digest === undefined || head.digest === digest)) return cached;
    }
    return this.fetchAndStore(target, digest, signal);
  }

  /** The content at `digest`, from the cache when held (an index named it, or the user did). */
  async manifestContent(target: Target, digest: string, signal?: AbortSignal): Promise<ManifestContent> {
    return (await this.cache?.readManifest(digest)) ?? this.fetchAndStore(target, digest, signal);
  }

  /** An image config blob by digest, from the cache when held. */
  async blob(target: Target, digest: string, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
    const cached = await this.cache?.readBlob(digest);
    if (cached !== undefined) return cached;
    const blob = await this.fetcher.getBlob(target, digest, maxBytes, signal);
    void this.cache?.writeBlob(blob);
    return blob.bytes;
  }

  /**
   * HEAD, or undefined when a GET might do better: 405, missing headers, 5xx, a broken redirect.
   * Auth failures, 404, rate limits, timeouts and cancellation are final.
   */
  async headOrUndefined(target: Target, reference: string, signal?: AbortSignal): Promise<HeadResult | undefined> {
    try {
      const head = await this.fetcher.headManifest(target, reference, signal);
      return head.status >= 200 && head.status < 300 ? head : undefined;
    } catch (e) {
      if (e instanceof DockerPinError && (e.code === 'REGISTRY_ERROR' || e.code === 'TOO_MANY_REDIRECTS')) return undefined;
      throw e;
    }
  }

  private async fetchAndStore(target: Target, reference: string, signal?: AbortSignal): Promise<ManifestContent> {
    const content = await this.fetcher.getManifest(target, reference, signal);
    void this.cache?.writeManifest(content);
    return content;
  }
}

/** One tag of one repository at one registry endpoint (a mirror is an endpoint of its own). */
function tagKey(target: Target, tag: string): string {
  return `${target.endpoint.baseUrl}/v2/${target.repository}/manifests/${tag}`;
}
