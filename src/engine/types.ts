// The engine's answers: what each image in a Dockerfile resolves to and whether its pin is current.
import type { BuildScan } from '../core/buildScan';
import type { DockerPinError } from '../core/errors';
import type { DigestKind, ImageOccurrence, Platform, ScanProblem } from '../core/types';
import type { Resolution } from '../registry/types';
import type { SourceOptions } from './sources';

export type PinState =
  /** No digest yet: `targetDigest` is what a pin would write. */
  | 'unpinned'
  /** The written digest is what the tag resolves to now (for the pin's kind). */
  | 'current'
  /** The tag now resolves elsewhere: `targetDigest` is the update. */
  | 'stale'
  /** A digest without a tag: nothing to compare with, taken as current without a request. */
  | 'digest-only'
  /**
   * The tag has moved on and the pinned manifest is no longer in the registry (deleted,
   * garbage-collected): nothing says which platform or kind it was made for. `targetDigest` is set
   * only when the user chose (`AnalyzeOptions.platformGiven`, or the index kind); `kind` and
   * `platform` then say what it would write, and without a choice they mean nothing.
   */
  | 'gone'
  /** Resolution failed: `error` says why. */
  | 'error'
  /**
   * Left alone, as `occurrence.ignored` says why (an ignore comment, the repository
   * configuration): never resolved (no request), never edited, never a finding.
   */
  | 'ignored';

export interface ImageStatus {
  readonly occurrence: ImageOccurrence;
  /**
   * The platform this line resolves for (its `--platform`, else the configured one) — except for a
   * platform pin (state `current`/`stale`, kind `platform`): then the platform of the pinned
   * manifest, which may differ from the configured one (a pin made on amd64 stays an amd64 pin
   * when checked on arm64), and `resolution.platformDigest` is that platform's manifest.
   */
  readonly platform: Platform;
  readonly state: PinState;
  /** Kind of the pin written (pinned lines) or to write (unpinned lines). */
  readonly kind: DigestKind;
  readonly resolution?: Resolution;
  /** The digest a pin or update writes, for `kind`. */
  readonly targetDigest?: string;
  readonly error?: DockerPinError;
  /**
   * Why only the index digest fits this line, when that is so: it is pinned through an ARG default
   * that also serves lines built for other platforms. It then resolves as an index pin whatever kind
   * was asked, and no platform pin is offered.
   */
  readonly indexOnly?: string;
  /**
   * For a stale platform pin made for an architecture that cannot run where the Dockerfile's name
   * says the file is built (an amd64 digest in `Dockerfile.aarch64`): the platform it was made for.
   * The tag need not have moved; `targetDigest` is the named platform's digest.
   */
  readonly pinnedFor?: Platform;
}

/** What a run is asked for; it is also the scan's `SourceOptions`, so a re-read sees the build as the first read did. */
export interface AnalyzeOptions {
  /** The configured platform: the build's target (`$TARGETPLATFORM`, `$TARGETARCH`, …) and what lines without `--platform` resolve for. */
  readonly platform: Platform;
  /** The builder's platform (`$BUILDPLATFORM`, `$BUILDARCH`, …); the configured platform when not given. */
  readonly buildPlatform?: Platform;
  /** Values for ARGs, as `docker build --build-arg NAME=VALUE` gives them. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  /** The environment compose files are interpolated with (it wins over their `.env`); no variable when not given. */
  readonly environment?: ReadonlyMap<string, string>;
  /** For a Dockerfile read as one build uses it: what that build decides (`buildArgs` are then its args). */
  readonly build?: BuildScan;
  /** Kind for unpinned lines. Pinned lines keep their own kind. */
  readonly kind: DigestKind;
  /**
   * The user named the platform for this run (the CLI's `--platform`), rather than it being a
   * default: only then does a `gone` pin get the tag's digest for it.
   */
  readonly platformGiven?: boolean;
  /** Images to leave alone beyond those ignored by comments (see `SourceOptions.ignoreImages`). */
  readonly ignoreImages?: SourceOptions['ignoreImages'];
  /** For a compose file: services whose image names a build's result (see `SourceOptions.builtServices`). */
  readonly builtServices?: SourceOptions['builtServices'];
  /** For a compose file: its services' platforms in the file Compose merges with it (see `SourceOptions.partnerPlatforms`). */
  readonly partnerPlatforms?: SourceOptions['partnerPlatforms'];
  /** For a compose file: which of its services are read (see `SourceOptions.services`). */
  readonly services?: SourceOptions['services'];
  /** For an action read as itself: the steps of the files read that use it (see `SourceOptions.actionCallers`). */
  readonly actionCallers?: SourceOptions['actionCallers'];
  /** For a compose file a CI step runs docker compose on: that runner (see `SourceOptions.composeRunner`). */
  readonly composeRunner?: SourceOptions['composeRunner'];
  /** For a GitLab CI file read in a pipeline of several files: its merged variables (see `SourceOptions.gitlabPipeline`). */
  readonly gitlabPipeline?: SourceOptions['gitlabPipeline'];
  /** For a GitLab CI file: problems of its local includes only the repository's files show (see `SourceOptions.includeProblems`). */
  readonly includeProblems?: SourceOptions['includeProblems'];
  /** For a manifest a kustomization renders: how (see `SourceOptions.kustomize`). */
  readonly kustomize?: SourceOptions['kustomize'];
  /** For a kustomization whose manifests are read with it (see `SourceOptions.rendersRead`). */
  readonly rendersRead?: boolean;
  /** The file read (see `SourceOptions.fileName`): a Dockerfile whose name names an architecture is read as built for it. */
  readonly fileName?: string;
  /** For a shell script: its path from its repository's root (see `SourceOptions.repositoryPath`). */
  readonly repositoryPath?: string;
  /** For a Makefile: the files it includes, as read (see `SourceOptions.makefileIncludes`). */
  readonly makefileIncludes?: SourceOptions['makefileIncludes'];
  /** For a makefile a Makefile read includes: that Makefile, whose reading reads it (see `SourceOptions.makefileReadBy`). */
  readonly makefileReadBy?: string;
  /** For a kustomization: what is wrong with its `configurations:` entries (see `SourceOptions.configurations`). */
  readonly configurations?: SourceOptions['configurations'];
  readonly signal?: AbortSignal;
}

export interface Analysis {
  readonly statuses: readonly ImageStatus[];
  readonly problems: readonly ScanProblem[];
}
