// The registry client façade: resolves tags to index and platform digests, fetches manifests,
// and keeps the work minimal (shared in-flight work, tag cache, content cache by digest, and
// below them the disk cache layer).
import { LRUCache } from 'lru-cache';
import { isDigest } from '../core/digest';
import { DockerPinError } from '../core/errors';
import { formatPlatform, isAttestation, rankPlatform, selectDescriptor } from '../core/platform';
import { fullName } from '../core/reference';
import type { Descriptor, ImageReference, Platform } from '../core/types';
import { CachedFetcher } from './cachedFetcher';
import { DiskCache } from './diskCache';
import { resolveEndpoint, type Endpoint } from './endpoint';
import { CONFIG_LIMIT, RepositoryFetcher, describe, type Target } from './fetcher';
import { composeTransport, type RegistryTransport } from './transport/compose';
import { systemClock, type Clock } from './transport/clock';
import { DEFAULT_MAX_CONCURRENCY_PER_HOST } from './transport/hostPolicy';
import { parseConfigPlatform, parseManifest, schema1Error, type ParsedManifest } from './manifest';
import { isImageManifestMediaType, isIndexMediaType, isSchema1MediaType } from './mediaTypes';
import { checkSinglePlatform, chooseEntry, listPlatforms } from './selection';
import { SharedWork } from './shared';
import type { ClientStats, ManifestContent, RateLimit, RegistryClientApi, RegistryClientOptions, Resolution, ResolveOptions } from './types';

const MAX_INDEX_DEPTH = 4;
/**
 * Requests in flight per registry host (token servers are limited by their own host). With the
 * challenge shared per registry, each image costs a token and a manifest request, so 8 keeps four
 * images moving at once while staying polite.
 */
export const DEFAULT_MAX_CONCURRENCY_PER_REGISTRY = DEFAULT_MAX_CONCURRENCY_PER_HOST;
const CONTENT_CACHE_ENTRIES = 500;

type IndexManifest = ParsedManifest & { kind: 'index' };

export class RegistryClient implements RegistryClientApi {
  private readonly transport: RegistryTransport;
  private readonly fetcher: CachedFetcher;
  private readonly disk: DiskCache | undefined;
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly resolving = new SharedWork<Resolution>();
  private readonly tagCache: LRUCache<string, Resolution> | undefined;
  /** Content at a digest never changes, so these live until evicted or cleared. */
  private readonly manifests = new LRUCache<string, ManifestContent>({ max: CONTENT_CACHE_ENTRIES });
  private readonly configPlatforms = new LRUCache<string, Platform>({ max: CONTENT_CACHE_ENTRIES });
  private readonly latestRateLimits = new Map<string, RateLimit>();

  constructor(private readonly options: RegistryClientOptions = {}) {
    const clock: Clock = options.clock ?? (options.now ? { now: options.now, sleep: systemClock.sleep } : systemClock);
    const now = options.now ?? (() => clock.now());
    this.transport = composeTransport({
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      maxConcurrencyPerHost: options.maxConcurrencyPerRegistry ?? DEFAULT_MAX_CONCURRENCY_PER_REGISTRY,
      ...(options.insecureRegistries ? { insecureRegistries: options.insecureRegistries } : {}),
      ...(options.insecureRegistryHint ? { insecureRegistryHint: options.insecureRegistryHint } : {}),
      ...(options.certsDirs ? { certsDirs: options.certsDirs } : {}),
      ...(options.clientCertificates !== undefined ? { clientCertificates: options.clientCertificates } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      clock,
      onRateLimit: (rate) => {
        this.latestRateLimits.set(rate.registry, rate);
        options.onRateLimit?.(rate);
      },
    });
    this.disk = options.cacheDirectory !== undefined ? new DiskCache({ directory: options.cacheDirectory, ...(options.logger ? { logger: options.logger } : {}) }) : undefined;
    this.fetcher = new CachedFetcher(new RepositoryFetcher(this.transport.send), this.disk);
    const ttl = options.tagCacheTtlMs ?? 5 * 60_000;
    // lru-cache treats ttl 0 as "forever"; here 0 means "do not cache tags".
    this.tagCache = ttl > 0 ? new LRUCache<string, Resolution>({ max: 2000, ttl, ttlResolution: 0, perf: { now } }) : undefined;
  }

  get stats(): Readonly<ClientStats> {
    return this.transport.stats;
  }

  /** The latest pull budget each registry reported, in the order they were first heard from. */
  rateLimits(): RateLimit[] {
    return [...this.latestRateLimits.values()];
  }

  // async so that a refused endpoint (e.g. INSECURE_CONNECTION) rejects the promise, never throws.
  async resolve(ref: ImageReference, options: ResolveOptions): Promise<Resolution> {
    const target = this.target(ref);
    const tag = ref.tag ?? 'latest';
    const wanted = options.kind === 'platform' ? platformKey(options.platform) : '';
    const allowNoMatch = options.kind === 'platform' && options.allowNoMatch === true;
    const key = JSON.stringify([target.name, tag, options.kind, wanted, allowNoMatch]);
    const cached = this.tagCache?.get(key);
    if (cached) return cached;
    return this.resolving.run(key, options.signal, async (signal) => {
      const resolution = options.kind === 'index'
        ? await this.resolveIndex(target, tag, signal)
        : await this.resolvePlatform(target, tag, options.platform, allowNoMatch, signal);
      this.tagCache?.set(key, resolution);
      return resolution;
    });
  }

  /**
   * Not through the tag cache: what lives at a digest never changes, and the content cache already
   * keeps its manifest and config, so asking again costs no request.
   */
  async resolveDigest(ref: ImageReference, options: ResolveOptions): Promise<Resolution> {
    const target = this.target(ref);
    const digest = ref.digest;
    if (digest === undefined) throw new DockerPinError('INVALID_REFERENCE', `${ref.original} names no digest to resolve`);
    const wanted = options.kind === 'platform' ? platformKey(options.platform) : '';
    const allowNoMatch = options.kind === 'platform' && options.allowNoMatch === true;
    const key = JSON.stringify([target.name, `@${digest}`, options.kind, wanted, allowNoMatch]);
    return this.resolving.run(key, options.signal, async (signal) => {
      // Verified against the digest asked for: a GET, or the disk cache's verified copy once a HEAD
      // says the registry still has it (whether it does is the question here).
      const content = await this.manifestByDigest(target, digest, signal, 'in-registry');
      const base = this.base(target, ref.tag);
      const what = describe(target, digest);
      if (options.kind === 'platform') return this.choosePlatform(target, content, what, base, options.platform, allowNoMatch, signal);
      const parsed = parseManifest(content.bytes, content.mediaType, what);
      return { ...base, indexDigest: content.digest, indexMediaType: parsed.mediaType, isIndex: parsed.kind === 'index' };
    });
  }

  async manifest(ref: ImageReference, options: { platform?: Platform; signal?: AbortSignal }): Promise<ManifestContent> {
    const target = this.target(ref);
    const reference = ref.digest ?? ref.tag ?? 'latest';
    // By digest: the disk cache's copy once a HEAD says the registry still has it (no pull counted).
    const content = ref.digest
      ? await this.manifestByDigest(target, ref.digest, options.signal, 'in-registry')
      : await this.manifestByTag(target, reference, options.signal);
    if (!options.platform) return content;
    const what = describe(target, reference);
    const parsed = parseManifest(content.bytes, content.mediaType, what);
    if (parsed.kind !== 'index') {
      // A single manifest is only the answer when it runs on the platform asked for, as in resolve().
      checkSinglePlatform(await this.configPlatform(target, parsed.config, options.signal), options.platform, what);
      return content;
    }
    const entries = await this.flatten(target, parsed, what, 0, options.signal);
    const chosen = chooseEntry(entries, options.platform, what);
    return this.manifestByDigest(target, chosen.digest, options.signal);
  }

  clearCache(): void {
    this.tagCache?.clear();
    this.manifests.clear();
    this.configPlatforms.clear();
    // Clearing is what a user does to say "ask again now": tokens, challenges and unreachable hosts too.
    this.transport.auth.clear();
    this.transport.forgetFailures();
  }

  /** Settles once everything queued for the disk cache is written (a CLI waits for it before exiting). */
  flush(): Promise<void> {
    return this.disk?.flush() ?? Promise.resolve();
  }

  /** Closes idle keep-alive connections (a CLI calls this before exiting). */
  dispose(): void {
    this.transport.destroy();
  }

  private target(ref: ImageReference): Target {
    let endpoint = this.endpoints.get(ref.registry);
    if (!endpoint) {
      endpoint = resolveEndpoint(ref.registry, {
        ...(this.options.mirrors ? { mirrors: this.options.mirrors } : {}),
        ...(this.options.insecureRegistries ? { insecureRegistries: this.options.insecureRegistries } : {}),
        ...(this.options.insecureRegistryHint ? { insecureRegistryHint: this.options.insecureRegistryHint } : {}),
      });
      this.endpoints.set(ref.registry, endpoint);
    }
    return { endpoint, repository: ref.repository, name: fullName(ref) };
  }

  private base(target: Target, tag: string | undefined): Pick<Resolution, 'name' | 'registry' | 'repository' | 'tag'> {
    return { name: target.name, registry: target.endpoint.registry, repository: target.repository, ...(tag !== undefined ? { tag } : {}) };
  }

  /** HEAD first: it gives the digest without a body and does not count against Docker Hub's pull limit. */
  private async resolveIndex(target: Target, tag: string, signal: AbortSignal): Promise<Resolution> {
    const head = await this.fetcher.headOrUndefined(target, tag, signal);
    if (head?.mediaType !== undefined && isSchema1MediaType(head.mediaType)) throw schema1Error(describe(target, tag));
    const mediaType = head?.mediaType;
    const digest = head?.digest;
    if (digest !== undefined && isDigest(digest) && mediaType !== undefined && (isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType))) {
      // Without a body the digest cannot be checked; the registry's word is all HEAD offers.
      return { ...this.base(target, tag), indexDigest: digest, indexMediaType: mediaType, isIndex: isIndexMediaType(mediaType) };
    }
    const content = await this.manifestByTag(target, tag, signal);
    const parsed = parseManifest(content.bytes, content.mediaType, describe(target, tag));
    return { ...this.base(target, tag), indexDigest: content.digest, indexMediaType: parsed.mediaType, isIndex: parsed.kind === 'index' };
  }

  /**
   * One GET of the tag (or a HEAD, when the disk cache holds what it names); for an index, the
   * platform is chosen from its entries without fetching the child. With `allowNoMatch`, a missing
   * platform leaves the choice out instead of failing.
   */
  private async resolvePlatform(target: Target, tag: string, wanted: Platform, allowNoMatch: boolean, signal: AbortSignal): Promise<Resolution> {
    const content = await this.manifestByTag(target, tag, signal);
    return this.choosePlatform(target, content, describe(target, tag), this.base(target, tag), wanted, allowNoMatch, signal);
  }

  /** The image in `content` (an index or a single manifest, fetched by tag or digest) for `wanted`. */
  private async choosePlatform(
    target: Target,
    content: ManifestContent,
    what: string,
    named: Pick<Resolution, 'name' | 'registry' | 'repository' | 'tag'>,
    wanted: Platform,
    allowNoMatch: boolean,
    signal: AbortSignal,
  ): Promise<Resolution> {
    const parsed = parseManifest(content.bytes, content.mediaType, what);
    const base = { ...named, indexDigest: content.digest, indexMediaType: parsed.mediaType };
    if (parsed.kind === 'index') {
      const entries = await this.flatten(target, parsed, what, 0, signal);
      const platforms = listPlatforms(entries);
      const chosen = allowNoMatch ? selectDescriptor(entries, wanted) : chooseEntry(entries, wanted, what);
      if (!chosen) return { ...base, isIndex: true, platforms };
      return {
        ...base,
        isIndex: true,
        platformDigest: chosen.digest,
        platformMediaType: chosen.mediaType,
        ...(chosen.platform ? { platform: chosen.platform } : {}),
        platforms,
      };
    }
    const actual = await this.configPlatform(target, parsed.config, signal);
    const platforms = [{ platform: actual, digest: content.digest, mediaType: parsed.mediaType, size: content.bytes.length }];
    if (allowNoMatch && rankPlatform(wanted, actual) < 0) return { ...base, isIndex: false, platforms };
    checkSinglePlatform(actual, wanted, what);
    return {
      ...base,
      isIndex: false,
      platformDigest: content.digest,
      platformMediaType: parsed.mediaType,
      platform: actual,
      platforms,
    };
  }

  /**
   * The image manifests an index offers, nested indexes followed by digest (verified, at most
   * four levels). Entries of unknown media type (artifacts, signatures) are skipped.
   */
  private async flatten(target: Target, index: IndexManifest, what: string, depth: number, signal?: AbortSignal): Promise<Descriptor[]> {
    const out: Descriptor[] = [];
    for (const entry of index.manifests) {
      if (isImageManifestMediaType(entry.mediaType)) {
        out.push(entry);
      } else if (isIndexMediaType(entry.mediaType) && !isAttestation(entry)) {
        if (depth + 1 > MAX_INDEX_DEPTH) {
          throw new DockerPinError('UNSUPPORTED_MANIFEST', `${what}: indexes nested more than ${MAX_INDEX_DEPTH} levels deep`);
        }
        const child = await this.manifestByDigest(target, entry.digest, signal);
        const parsed = parseManifest(child.bytes, child.mediaType, describe(target, entry.digest));
        if (parsed.kind === 'index') out.push(...(await this.flatten(target, parsed, what, depth + 1, signal)));
      }
    }
    return out;
  }

  private async manifestByTag(target: Target, tag: string, signal?: AbortSignal): Promise<ManifestContent> {
    const content = await this.fetcher.manifestByTag(target, tag, signal);
    this.manifests.set(`${target.name}@${content.digest}`, content);
    return content;
  }

  /**
   * `content`: what the digest names, when an index of this repository named it (the registry
   * then holds it). `in-registry`: the same, once the registry says it still has it.
   */
  private async manifestByDigest(target: Target, digest: string, signal?: AbortSignal, need: 'content' | 'in-registry' = 'content'): Promise<ManifestContent> {
    requireDigest(digest, target);
    const key = `${target.name}@${digest}`;
    const cached = this.manifests.get(key);
    if (cached) return cached;
    const content = need === 'in-registry' ? await this.fetcher.manifestInRegistry(target, digest, signal) : await this.fetcher.manifestContent(target, digest, signal);
    this.manifests.set(key, content);
    return content;
  }

  private async configPlatform(target: Target, config: Descriptor, signal?: AbortSignal): Promise<Platform> {
    const key = `${target.name}@${config.digest}`;
    const cached = this.configPlatforms.get(key);
    if (cached) return cached;
    const bytes = await this.fetcher.blob(target, config.digest, CONFIG_LIMIT, signal);
    const platform = parseConfigPlatform(bytes, `config blob ${config.digest} of ${target.name}`);
    this.configPlatforms.set(key, platform);
    return platform;
  }
}

function platformKey(p: Platform): string {
  return `${formatPlatform(p)}${p.osVersion ? `:${p.osVersion}` : ''}`;
}

function requireDigest(digest: string, target: Target): void {
  if (!isDigest(digest)) {
    throw new DockerPinError('INVALID_REFERENCE', `"${digest.slice(0, 80)}" is not a valid digest (for ${target.name})`);
  }
}
