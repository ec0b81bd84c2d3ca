// The registry client's contract: what the engine, the CLI and the extension may rely on.
import type { Descriptor, DigestKind, ImageReference, Logger, Platform } from '../core/types';
import type { RateLimit } from './rateLimit';
import type { Clock } from './transport/clock';

export type { Clock, RateLimit };

/** A manifest fetched from a registry: the exact bytes received, verified against `digest`. */
export interface ManifestContent {
  readonly bytes: Buffer;
  /** Content-Type without parameters, or the body's `mediaType` when the header is missing. */
  readonly mediaType: string;
  /** `sha256:` over `bytes`. */
  readonly digest: string;
}

/** A blob fetched from a registry: the exact bytes received, verified against `digest`. */
export interface BlobContent {
  readonly bytes: Buffer;
  /** `sha256:` over `bytes`. */
  readonly digest: string;
}

/** One platform a tag offers (attestation and unknown/unknown entries are never listed). */
export interface PlatformEntry {
  readonly platform: Platform;
  readonly digest: string;
  readonly mediaType: string;
  readonly size?: number;
}

/** What a tag resolves to. */
export interface Resolution {
  /** Fully qualified name without tag or digest, e.g. `docker.io/library/alpine`. */
  readonly name: string;
  readonly registry: string;
  readonly repository: string;
  /**
   * The tag that was resolved (`latest` when the reference had none). From `resolveDigest`, the
   * reference's tag as written, kept for people to read (absent when it had none).
   */
  readonly tag?: string;
  /**
   * What the tag points to (from `resolveDigest`: the digest asked for): an index/list digest, or a
   * manifest digest for single-platform tags.
   */
  readonly indexDigest: string;
  readonly indexMediaType: string;
  /** True when the tag points to an index or manifest list. */
  readonly isIndex: boolean;
  /**
   * The manifest chosen for the wanted platform (equal to `indexDigest` for a single-platform
   * tag). Absent when only the index digest was asked for and no body was fetched, or when
   * `allowNoMatch` was given and the tag has no image for the wanted platform.
   */
  readonly platformDigest?: string;
  readonly platformMediaType?: string;
  /** Platform of the chosen manifest. */
  readonly platform?: Platform;
  /** Every platform offered; absent when no body was fetched. */
  readonly platforms?: readonly PlatformEntry[];
}

export interface ResolveOptions {
  /** The wanted platform; required when `kind` is `platform`. */
  readonly platform: Platform;
  /**
   * `index`: only the tag's digest is needed (a HEAD request when the registry allows).
   * `platform`: the platform manifest is chosen (the index body is fetched).
   */
  readonly kind: DigestKind;
  /**
   * With kind `platform`: a tag without an image for the wanted platform is not an error; the
   * resolution then has no `platformDigest`/`platformMediaType`/`platform`, but still lists
   * `platforms` (for a single-manifest tag, the platform of its config). Used to compare pins
   * made on another architecture, and by `resolve --index`.
   */
  readonly allowNoMatch?: boolean;
  readonly signal?: AbortSignal;
}

/** Credentials for one registry. */
export type Credential =
  | { readonly username: string; readonly password: string }
  | { readonly identityToken: string; readonly username?: string };

/** Where credentials come from. The CLI and a trusted workspace pass the docker config; an untrusted one passes none. */
export interface CredentialSource {
  /** `registry` is host[:port] as in a reference (`docker.io` for Docker Hub). Undefined means anonymous. */
  get(registry: string): Promise<Credential | undefined>;
}

export interface RegistryClientOptions {
  readonly logger?: Logger;
  readonly credentials?: CredentialSource;
  /** Registry (as in references, e.g. `docker.io`) to base URL, e.g. `http://127.0.0.1:5000`. */
  readonly mirrors?: Readonly<Record<string, string>>;
  /**
   * host[:port] of insecure registries, as docker's `insecure-registries`: asked over https
   * without a certificate check first, then over plain http when no https answer comes;
   * credentials are sent there either way. Loopback hosts not listed are asked over plain http.
   */
  readonly insecureRegistries?: readonly string[];
  /** How the user lists a host as insecure, completing "add …" in messages, e.g. `--insecure-registry reg.lan:5000`. */
  readonly insecureRegistryHint?: (host: string) => string;
  /**
   * docker's certificate directories (`dockerCertsDirs()` for this machine's): in
   * `<dir>/<host[:port]>/`, every `*.crt` is a CA trusted for that host in addition to the
   * default trust, and a `<name>.cert` + `<name>.key` pair a client certificate. None when absent.
   */
  readonly certsDirs?: readonly string[];
  /** Whether client certificates from `certsDirs` are presented (an untrusted workspace does not). Default true. */
  readonly clientCertificates?: boolean;
  /** Per request, in milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
  /**
   * Where manifests and image configs are kept by digest between runs (see diskCache.ts), so a tag
   * fetched before costs a HEAD, not a GET, while it names the same digest. None: every run asks
   * the registry as if for the first time.
   */
  readonly cacheDirectory?: string;
  /** How long a tag's resolution is reused, in milliseconds. Default 5 minutes. */
  readonly tagCacheTtlMs?: number;
  /** Concurrent requests per registry host. Default 15 (npm's `maxsockets`). */
  readonly maxConcurrencyPerRegistry?: number;
  /** Retries for 429/502/503/504 and connection resets. Default 3. */
  readonly maxRetries?: number;
  /** Clock for caches; tests pass their own. Default `clock.now`. */
  readonly now?: () => number;
  /** Time for retries, request deadlines and the memory of failed hosts; tests pass their own. Default the system clock (with `now` when given). */
  readonly clock?: Clock;
  /** Told the pull budget each manifest answer reports (Docker Hub's `ratelimit-*` headers); `rateLimits()` keeps the latest per registry. */
  readonly onRateLimit?: (rate: RateLimit) => void;
}

/** Counters a benchmark or the log can read. */
export interface ClientStats {
  requests: number;
  manifestGets: number;
  manifestHeads: number;
  blobGets: number;
  tokenRequests: number;
  bytesRead: number;
}

export interface RegistryClientApi {
  /** Resolves a reference's tag (`latest` if none); a digest in the reference is ignored (see `resolveDigest`). */
  resolve(ref: ImageReference, options: ResolveOptions): Promise<Resolution>;
  /**
   * Answers for the manifest at `ref.digest` as `resolve` answers for a tag: the digest wins over
   * any tag, as in `docker pull`. With kind `platform`, an index's image for the wanted platform
   * (nested indexes followed) or a single manifest checked against it (`allowNoMatch` as for
   * `resolve`); with kind `index`, the manifest itself, no platform chosen. Always fetched by
   * digest and verified against it (no HEAD: existence is the question); content is cached forever.
   * Rejects with NOT_FOUND when the registry does not have it, INVALID_REFERENCE when `ref` has no
   * digest.
   */
  resolveDigest(ref: ImageReference, options: ResolveOptions): Promise<Resolution>;
  /**
   * The raw manifest: by the reference's digest if it has one, else its tag. With `platform`, an
   * index is followed to that platform's manifest.
   */
  manifest(ref: ImageReference, options: { platform?: Platform; signal?: AbortSignal }): Promise<ManifestContent>;
  clearCache(): void;
  readonly stats: Readonly<ClientStats>;
}

export type { Descriptor };
