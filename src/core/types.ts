// Small value types shared by every room. No I/O, no VS Code.

/** Zero-based line and UTF-16 character, as in the Language Server Protocol and VS Code. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A parsed, normalized image reference (distribution/reference rules). */
export interface ImageReference {
  /** The text that was parsed. */
  readonly original: string;
  /** Registry host[:port] as written; `docker.io` for Docker Hub (also for `index.docker.io`). */
  readonly registry: string;
  /** Repository path; `library/alpine` for official Docker Hub images. */
  readonly repository: string;
  /** Tag as written, if any (no default is filled in here). */
  readonly tag?: string;
  /** `algo:hex` digest as written, if any. */
  readonly digest?: string;
}

/** An OCI platform, always kept normalized (containerd/platforms rules). */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
}

/** A manifest or index descriptor as found in an index's `manifests` array. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Which digest a pin records: the platform-specific manifest or the multi-arch index. */
export type DigestKind = 'platform' | 'index';

/** The logger every room may take. VS Code's LogOutputChannel satisfies it. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Where in a Dockerfile an image is named. */
export type ImageSource = 'from' | 'copy' | 'mount';

/** One image reference found in a Dockerfile. */
export interface ImageOccurrence {
  readonly source: ImageSource;
  /** The reference text as written (may hold `$VAR`s), and where it stands. */
  readonly text: string;
  readonly range: Range;
  /** `text` after expanding the ARG defaults declared before the first FROM. */
  readonly expanded: string;
  readonly reference: ImageReference;
  /** From `FROM --platform=<constant>`; undefined means the configured platform. */
  readonly platform?: Platform;
  /** Where a literal `@algo:hex` (with the `@`) stands inside `text`, when the digest is written on this line. */
  readonly digestRange?: Range;
  /** Names of the variables `text` uses. */
  readonly variables: readonly string[];
  /** One-based instruction line, for messages. */
  readonly line: number;
  /**
   * True when the platform this line is built for is decided at build time: its `--platform` uses
   * `$BUILDPLATFORM`/`$TARGETPLATFORM` (or another of BuildKit's automatic platform args), or its
   * name uses one of them (`busybox-${TARGETARCH}`). A platform digest is then right for one
   * builder or target only.
   */
  readonly buildTimePlatform?: boolean;
}

/**
 * A place that names an image but cannot be pinned: `invalid` (not a reference, a syntax error),
 * `unresolved` (a variable with no default and no given value: the image cannot be worked out, so
 * it is counted, never passed), `skipped` (no safe place to edit).
 */
export interface ScanProblem {
  readonly kind: 'invalid' | 'unresolved' | 'skipped';
  readonly range: Range;
  readonly text: string;
  readonly message: string;
}

/** What a scan needs to know about the build, as BuildKit would. */
export interface ScanOptions {
  /** The build's target platform (`TARGETPLATFORM`, `TARGETOS`, …): the configured platform. */
  readonly platform?: Platform;
  /** The builder's platform (`BUILDPLATFORM`, …); the target platform when not given. */
  readonly buildPlatform?: Platform;
  /** Values given for ARGs, as `docker build --build-arg NAME=VALUE` gives them. */
  readonly buildArgs?: ReadonlyMap<string, string>;
}

export interface ScanResult {
  readonly images: readonly ImageOccurrence[];
  readonly problems: readonly ScanProblem[];
}

/** A replacement of `range` in a document by `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}
