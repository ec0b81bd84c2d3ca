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

/** The kinds of file docker-pin reads images from (see FILE-KINDS in the README). */
export type FileKind = 'dockerfile' | 'compose' | 'kubernetes' | 'github-workflow' | 'github-action' | 'gitlab-ci' | 'devcontainer' | 'ko' | 'goreleaser' | 'bake' | 'makefile' | 'justfile' | 'taskfile' | 'shell-script' | 'package-scripts' | 'skaffold' | 'circleci' | 'bitbucket-pipelines' | 'drone' | 'woodpecker' | 'azure-pipelines';

/**
 * Where in its file an image is named. Dockerfile: `from`, `copy` (`COPY --from`), `mount`
 * (`RUN --mount=…,from=`), `syntax` (the `# syntax=` parser directive). GitLab CI, dev containers, actions: `image` (an `image` key, `runs.image`).
 * Workflows: `container` (a job's `container`), `service` (a job's `services`, also GitLab's),
 * `uses` (a `docker://` step). Compose: `image` (a service's `image`), `additional-context` (a
 * build's `docker-image://` context), `pre-start` (a `pre_start` hook's `image`), `image-volume` (a
 * `type: image` volume's `source`). Kubernetes: `container`, `init-container`,
 * `ephemeral-container` (the pod spec lists), `image-volume` (a pod's `volumes[].image.reference`).
 */
export type ImageSource =
  | 'from'
  | 'copy'
  | 'mount'
  | 'syntax'
  | 'image'
  | 'container'
  | 'service'
  | 'uses'
  | 'additional-context'
  | 'init-container'
  | 'ephemeral-container'
  | 'image-volume'
  | 'pre-start';

/** One image reference found in a file. */
export interface ImageOccurrence {
  readonly source: ImageSource;
  /** The kind of file it was found in; undefined for a Dockerfile. */
  readonly fileKind?: FileKind;
  /** The reference text as written (may hold `$VAR`s), and where it stands. */
  readonly text: string;
  readonly range: Range;
  /**
   * `text` after expanding variables: in a Dockerfile the ARG defaults declared before the first
   * FROM, in a GitLab CI file its `variables:`, in a compose file its interpolation
   * (`${VAR:-default}`, the environment, `.env`).
   */
  readonly expanded: string;
  readonly reference: ImageReference;
  /**
   * The platform the file declares for it (`FROM --platform=<constant>`, GitLab's
   * `image:docker:platform`, a compose service's `platform:`, a pod's `nodeSelector` or required
   * node affinity on `kubernetes.io/arch` and `kubernetes.io/os`); undefined means the configured
   * platform.
   */
  readonly platform?: Platform;
  /**
   * Set when `platform` is the architecture the Dockerfile's name names (`Dockerfile.aarch64`,
   * `arm64.Dockerfile`), not the configured one: that base name, for messages. The line declares no
   * `--platform` of its own (or one from `$BUILDPLATFORM`/`$TARGETPLATFORM`, which the name sets too).
   */
  readonly platformNamedBy?: string;
  /**
   * Where a literal `@algo:hex` (with the `@`) stands inside `text`, when the digest is written on
   * this line; for an occurrence with `digestField`, where the `digest:` field's value is written.
   */
  readonly digestRange?: Range;
  /**
   * Set for a kustomization's `images:` entry: its pin is the value of the entry's `digest:` field
   * (`digestRange` when written), never text after the reference. `text` and `range` are the
   * entry's `name`; `expanded` is what kustomize makes of the image (`newName:newTag@digest`).
   */
  readonly digestField?: DigestField;
  /** Names of the variables `text` uses. */
  readonly variables: readonly string[];
  /** One-based line of the instruction (Dockerfile) or of the reference (other kinds), for messages. */
  readonly line: number;
  /**
   * True when the platform this line is built for is decided at build time: its `--platform` uses
   * `$BUILDPLATFORM`/`$TARGETPLATFORM` (or another of BuildKit's automatic platform args), or its
   * name uses one of them (`busybox-${TARGETARCH}`). A platform digest is then right for one
   * builder or target only.
   */
  readonly buildTimePlatform?: boolean;
  /**
   * Set for a Dockerfile's `ONBUILD COPY --from=` or `ONBUILD RUN --mount=…,from=` image: the build
   * of an image FROM this one reads it, not a build of this file (its named contexts do not apply).
   */
  readonly trigger?: true;
  /**
   * For a Kubernetes image: where it stands in its resource, each way the resource reaches it (an
   * alias may reach one value from several places). A kustomization's transformer configs
   * (`configurations:`) may name such a place as an image field too (core/sources/kustomizeConfig.ts).
   */
  readonly kustomizePlaces?: readonly KustomizePlace[];
  /**
   * The platform of each use of this one written reference, when its uses declare different ones:
   * a compose image written once under an anchor and merged into services with different
   * `platform:`s, a pod whose node affinity allows several architectures. `platform` is then
   * undefined; only the index digest fits every use, so the plan should pin the index.
   * Undefined when every use has the platform `platform` says.
   */
  readonly platforms?: readonly (Platform | undefined)[];
  /**
   * Why only the index digest fits this line, when its source knows a reason `platforms` alone
   * would not say: a line built for the platform of a builder the build file does not say (a
   * remote buildx driver), which `platforms` then stands for with two of them.
   */
  readonly indexOnly?: string;
  /**
   * The digest kind this place needs, whatever kind the run asks for: `index` for a Dockerfile's
   * `# syntax=` image, which BuildKit pulls for the builder's platform, not the target's. It
   * decides new pins only; a digest already written keeps the kind it was written with.
   */
  readonly digestKind?: DigestKind;
  /**
   * For a reference written as exactly one variable (`${BASE}`, `$BASE`, `${IMAGE:-nginx:1.27}`)
   * whose value is written in one place and serves only as an image: that place — a Dockerfile
   * ARG's default declared before the first FROM, a GitLab `variables:` entry, a compose inline
   * default or `.env` line. The pin goes there, not on the line: one edit for every use, and an
   * override (`--build-arg BASE=…`, the environment) then replaces tag and digest together.
   */
  readonly valueAt?: ArgValue;
  /**
   * For a reference written as exactly one variable whose value cannot take the pin: why, in words
   * (`BASE is also used on line 9`). Its pin goes on the line, where it wins over every later value
   * of the variable, which front doors must say.
   */
  readonly valueRefused?: string;
  /**
   * For a reference a build gives whole in its args (`FROM ${BASE}` in a Dockerfile a compose
   * service builds with `args: BASE: alpine:3.20`), not pinned yet: where its value is written, in
   * words (`the build arg BASE that compose.yaml:6 gives`). Its pin belongs there (the compose
   * file's `pin` writes it, engine/buildArgPins.ts); on the line it would win over every value the
   * build gives, so none is written.
   */
  readonly valueElsewhere?: string;
  /**
   * Why this image is left alone, when it is: an ignore comment (`ignore comment on line 3`,
   * `ignore comment on line 3: vendored base`) or a pattern of the repository's configuration. An
   * ignored image is never resolved, pinned or counted as a finding; it is reported as ignored,
   * with this reason. Set by the file's source (comments) or by the engine's scan (`SourceOptions.ignoreImages`).
   */
  readonly ignored?: string;
  /**
   * For a literal of a workflow job's matrix: the places that read it whole (`${{ matrix.image }}`
   * of a container or service). It is one place in the text, pinned where it is written for every
   * reader, so an ignore comment belongs there too, not at a reader.
   */
  readonly readAt?: readonly Range[];
}

/** Where the pin of a kustomization's `images:` entry goes (sources/kustomize.ts). */
export interface DigestField {
  /** The whole entry, up to where a `digest:` field would be added: every edit of its pin stays inside. */
  readonly entry: Range;
  /**
   * Where a `digest:` field is added when the entry has none: `before` + `digest: <digest>` +
   * `after`, at `position`. Undefined when the field is written.
   */
  readonly insertion?: { readonly position: Position; readonly before: string; readonly after: string };
}

/** Where the value of a variable that holds a whole image reference is written (an ARG default, …). */
export interface ArgValue {
  /** The variable's name. */
  readonly name: string;
  /** The value exactly as written (after `NAME=` for an ARG), quotes kept (`"python:3.12"`); always on one line. */
  readonly text: string;
  /** Where `text` stands: in the scanned file, or in the file `file` names. */
  readonly range: Range;
  /**
   * The platform each use of the value is resolved for, in document order (an ARG's FROM
   * `--platform`), or undefined for the configured platform. When they differ, only the index
   * digest fits them all.
   * (An occurrence copied through JSON holds null for undefined; readers use `??`.)
   */
  readonly platforms: readonly (Platform | undefined)[];
  /**
   * Set when the value is written in another file than the one scanned: `env-file` for a compose
   * project's `.env` file (`IMAGE=nginx:1.27`). `range` is then a range of that file, and the pin
   * is an edit of that file; the scanned file is never edited for it.
   */
  readonly file?: 'env-file';
}

/**
 * A place that names an image but cannot be pinned: `invalid` (not a reference, a syntax error),
 * `unresolved` (a variable with no default and no given value: the image cannot be worked out, so
 * it is counted, never passed), `skipped` (no safe place to edit), `conflict` (a place the
 * readings of one file — directly, and as each build uses it — resolve to different images: one
 * digest cannot fit them all, so it is not pinned).
 */
/** A value's place in a Kubernetes resource: the resource's `apiVersion` and `kind`, and the keys from its root (a list's items adding none). */
export interface KustomizePlace {
  readonly apiVersion: string;
  readonly kind: string;
  readonly path: readonly string[];
}

export interface ScanProblem {
  readonly kind: 'invalid' | 'unresolved' | 'skipped' | 'conflict';
  readonly range: Range;
  readonly text: string;
  readonly message: string;
  /**
   * Set on a problem about a file the line names (an include that is missing, outside the
   * repository or refused, a build's Dockerfile that cannot be read), not about a value: the
   * editor labels it as the CLI does (`unresolved`), not as a variable without a value.
   */
  readonly aboutFile?: true;
  /**
   * Set on the `unresolved` problem of a build whose Dockerfile only its runner knows (`-f
   * "$DOCKERFILE"`, a matrix's `file:`): the file's own reading reports it at its line; a Dockerfile
   * read with the builds of a file that is not read itself may be the one it builds, and is told of
   * it (engine/buildOperands.ts, `buildsOnly`).
   */
  readonly unnamedDockerfile?: UnnamedDockerfileBuild;
  /**
   * Set on a Dockerfile's `unresolved` problem that is only that these ARGs, declared before the
   * first FROM without a default, have no value: a build that gives them all reads the line with
   * them, and says what it finds there (engine/passes.ts, `mootForBuilds`).
   */
  readonly unsetArgs?: readonly string[];
}

/** `ScanProblem.unnamedDockerfile`: who builds, and the platforms the file says it builds for. */
export interface UnnamedDockerfileBuild {
  /** `the docker build command of a run step of job image`, for messages. */
  readonly by: string;
  /**
   * The platforms it is built for, over all its runs; undefined when they cannot be told either.
   * Empty: none named, the machine's own, read as the configured one.
   */
  readonly platforms?: readonly Platform[];
  /** The build's own line, when it stands in another file than the problem (`DockerfileBuild.place`). */
  readonly place?: string;
  /**
   * The end of the built Dockerfile's path, `/`-separated, when only the folder the build starts
   * from is unknown (`jq/Dockerfile` for `docker build jq` in a script run from its caller's
   * folder): a Dockerfile whose path does not end so is not the one. Undefined: any may be.
   */
  readonly pathEnd?: string;
}

/** What a scan needs to know about the build, as BuildKit would. */
export interface ScanOptions {
  /** The build's target platform (`TARGETPLATFORM`, `TARGETOS`, …): the configured platform. */
  readonly platform?: Platform;
  /** The builder's platform (`BUILDPLATFORM`, …); the target platform when not given. */
  readonly buildPlatform?: Platform;
  /** Values given for ARGs, as `docker build --build-arg NAME=VALUE` gives them. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  /** How `buildArgs` are given, for messages: `with --build-arg` when not said. */
  readonly buildArgsGiven?: string;
}

/** What a source for a file kind other than Dockerfile may be told. */
export interface SourceScanOptions {
  /**
   * Values of variables known from outside the file (the shell environment, compose's `.env`).
   * Kinds whose variables never come from the local environment (GitLab CI) do not read it.
   */
  readonly environment?: ReadonlyMap<string, string>;
}

export interface ScanResult {
  readonly images: readonly ImageOccurrence[];
  readonly problems: readonly ScanProblem[];
  /**
   * Dockerfiles the file builds images from (a dev container's `build`, an action's
   * `runs.image: Dockerfile`), for the engine to read and scan with the build's values: the images
   * that build really uses are reported at the Dockerfile's lines. A source never reads them itself.
   */
  readonly builds?: readonly DockerfileBuild[];
  /**
   * Other files this one names that may name images too (GitLab local `include:`s, a dev
   * container's `dockerComposeFile`), for the engine to follow. A source never reads them itself.
   */
  readonly linked?: readonly LinkedFile[];
  /**
   * For a Dockerfile read as a build uses it: the places that build reads as no image to pin (one
   * of its named contexts, an image its project builds), with why in words. Any other reading of the
   * file leaves them alone too: a digest there would stop that build from using them.
   */
  readonly builtLocally?: readonly BuiltLocally[];
  /**
   * A workflow's steps that use an action of the repository (`uses: ./.github/actions/image`) on
   * runners of a known architecture: what that action builds for no platform of its own is built
   * for theirs. The engine reads the action; a source never reads it itself.
   */
  readonly localActions?: readonly LocalActionUse[];
}

/**
 * A step using an action of the repository, or running make on one of its Makefiles or running one
 * of its scripts (`ScanResult.localActions`), on runners of known architecture.
 */
export interface LocalActionUse {
  /** The action's folder (or the folder make runs in) from the repository's root, as written after `./` (`.` for the root). */
  readonly folder: string;
  /**
   * For a run step's `make` (core/sources/runStepCalls.ts): the makefile `-f` names in `folder`, ''
   * for make's own search (GNUmakefile, makefile, Makefile). Undefined: an action.
   */
  readonly makefile?: string;
  /**
   * For a run step's `make`: the goals it names (`make lint test`), whose recipes alone it runs;
   * undefined: make's default goal, or goals only the run knows (every recipe is read).
   */
  readonly goals?: readonly string[];
  /**
   * For a run step's `just` (core/sources/taskRunnerRun.ts): the justfile's path from the
   * repository's root, `folder` being the one just runs its recipes in (`-d`, else the justfile's);
   * '' for just's own search, upward from `folder` (justfile, .justfile), its recipes run in the
   * folder of the justfile found. Undefined: no just.
   */
  readonly justfile?: string;
  /**
   * For a run step's `task` (go-task, core/sources/taskRunnerRun.ts): the Taskfile's path from the
   * repository's root; '' for task's own search, upward from `folder` (Taskfile.yml, …). Its tasks
   * run in the Taskfile's folder. Undefined: no task.
   */
  readonly taskfile?: string;
  /**
   * For a script a run step runs (core/sources/runStepCalls.ts): its path from the repository's
   * root; `folder` is the one it starts in. Undefined: an action, or a make.
   */
  readonly script?: string;
  /**
   * For a script of a package.json a run step runs (`npm run build`, core/sources/packageRun.ts): its
   * name; `folder` is the one holding the package.json. Undefined: an action, a make or a script.
   */
  readonly packageScript?: string;
  /**
   * For a package.json script a run step runs in packages of a workspace (`npm run -w web build`,
   * `pnpm -r build`, core/sources/packageRun.ts): which; `folder` is the workspace's root.
   */
  readonly workspaces?: readonly WorkspacePick[];
  /**
   * For a run step's docker compose (core/sources/composeRun.ts): the compose files it runs, and
   * whether it builds; `folder` is the one it runs in. Undefined: an action, a make or a script.
   */
  readonly compose?: ComposeRunUse;
  /**
   * make or a shell script run where only the run knows which (`make -C "$DIR"`, `bash "$SCRIPT"`,
   * core/sources/runStepCalls.ts): it may run any of the repository's. `folder` is then `.`.
   */
  readonly hidden?: HiddenCall;
  /**
   * For a step using an action (`uses: ./path`): the inputs its `with:` gives the action, by name in
   * lower case (the runner matches them in any case), each worked out for the runs of this use, or
   * `{ unknown }` naming the expression only the run knows (core/sources/actionInputs.ts).
   */
  readonly inputs?: ActionInputs;
  /**
   * The architectures of the runners the step runs on (a matrix's several). Empty, for a step using
   * an action: a runner the file does not name for sure, whose builds are the configured platform's.
   */
  readonly platforms: readonly Platform[];
  /**
   * Why the step's builds run on a builder off the runner, when they do (a remote buildx driver the
   * job sets up): their builder is then of a platform the file does not say, whatever `platforms`.
   */
  readonly offRunner?: string;
  /** `a step of job image`, for messages. */
  readonly by: string;
  /** Where the step names the action (its `uses:` value), or its `run:` script. */
  readonly range: Range;
  readonly line: number;
}

/**
 * Packages of a workspace a command runs a script in: the one of that `name` (a `*` in it matching
 * any run of characters), those at or below a `folder` (from the workspace's root), every package
 * below the root, or the root's own package.
 */
export type WorkspacePick = { readonly name: string } | { readonly folder: string } | { readonly every: true } | { readonly root: true };
/** The inputs a step's `with:` gives a local action (`LocalActionUse.inputs`): each name's value, or the expression only the run knows. */
export type ActionInputs = ReadonlyMap<string, string | { readonly unknown: string }>;

/** A step of the files read that uses a local action, as the action's own reading is told of it (core/sources/actionCallers.ts). */
export interface ActionCaller {
  /** `a step of job build in .github/workflows/release.yml`, for messages. */
  readonly by: string;
  readonly inputs: ActionInputs;
}

/** make or a script a run step runs where a word only the run knows hides which (`LocalActionUse.hidden`). */
export interface HiddenCall {
  /** `make`, `bash`, `source`, `a script`: what runs it, for messages. */
  readonly command: string;
  /** What hides it: `its -C folder`, `its -f makefile`, `the script's path`, `the folder it runs in`. */
  readonly what: string;
}

/** The compose project a run step runs docker compose on (`LocalActionUse.compose`). */
export interface ComposeRunUse {
  /** `docker compose up`, for messages. */
  readonly command: string;
  /** The compose files from the repository's root, in the order Compose merges them; empty: Compose's default names in the step's folder (or `hidden`). */
  readonly files: readonly string[];
  /** It builds the images of the services that build (`up`, `build`, `run`, `create`), not only pulls them. */
  readonly builds: boolean;
  /** What hides the files, when only the run knows them (`its -f value`, `COMPOSE_FILE`, `the folder it runs in`). */
  readonly hidden?: string;
}

/** A place a build reads as no registry image (`ScanResult.builtLocally`): where it stands, as written, and why (`its named context base (additional_contexts)`). */
export interface BuiltLocally {
  readonly range: Range;
  readonly text: string;
  readonly why: string;
}

/** A Dockerfile that a file builds from, with the values of that build. */
export interface DockerfileBuild {
  /** The Dockerfile's path as written, relative to the folder of the file that names it. */
  readonly dockerfile: string;
  /** The build context as written, relative to the folder of the file that names it. */
  readonly context: string;
  /** Values given to the Dockerfile's ARGs (`build.args`), as `docker build --build-arg` gives them. */
  readonly buildArgs: ReadonlyMap<string, string>;
  /**
   * ARGs given a value that cannot be known here (a dev container's `${localEnv:…}`), with the
   * reason: an image built from one of them is unresolved, never taken from the ARG's default.
   */
  readonly unknownArgs: ReadonlyMap<string, string>;
  /** The one-based line of the naming file where each of `buildArgs` (and `unknownArgs`) is given, when the source knows it. */
  readonly argLines?: ReadonlyMap<string, number>;
  /** Where a pin of each of `buildArgs` is written, for a value that can take one (`ArgValuePlace`). */
  readonly argValues?: ReadonlyMap<string, ArgValuePlace>;
  /** The stage built (`build.target`); undefined for the last one. */
  readonly target?: string;
  /** The platforms the build is for (`--platform` in a dev container's `build.options`); empty for `platform`. */
  readonly platforms: readonly Platform[];
  /** The platform the build is for when it names no `platforms` (a workflow runner's own); undefined for the configured one. */
  readonly platform?: Platform;
  /**
   * The platform of the machine the build runs on, when the file says it (a workflow job's runner,
   * `runs-on: ubuntu-24.04-arm`): `$BUILDPLATFORM` and the other builder args, whatever platforms
   * the build targets. Undefined: the configured platform.
   */
  readonly builder?: Platform;
  /**
   * Why the machine the build runs on is none the file says, when it is not (a builder set up off
   * the runner: a remote buildx driver). `builder` is then undefined, and a line built for the
   * builder's platform takes the index digest, which fits any.
   */
  readonly builderUnknown?: string;
  /** Who builds, for messages (`the docker/build-push-action step of job image`), when the file's kind does not say it alone. */
  readonly by?: string;
  /** The names of the build's named contexts (`BuildScan.namedContexts`), and the field that gives them, for messages. */
  readonly namedContexts?: ReadonlySet<string>;
  readonly namedContextsField?: string;
  /** `dockerfile` and `context` are paths from the repository's root (a GitLab job's script runs there), not from the file's folder. */
  readonly fromRepositoryRoot?: true;
  /**
   * `dockerfile` and `context` are paths from the folder the build runs in, which the file does not
   * say: its own, or one above it naming it (`docker buildx bake -f docker/docker-bake.hcl` from the
   * repository's root). The engine reads the one of those folders the Dockerfile is found from (engine/runFolder.ts).
   */
  readonly fromRunFolder?: true;
  /** Where the file names the Dockerfile: a missing Dockerfile is reported here. */
  readonly range: Range;
  /** One-based line of `range`. */
  readonly line: number;
  /**
   * The build's own line, as messages name it, when it stands in another file than `range`'s: a
   * recipe of a file a Makefile includes (`images/Makefile.common.in:36`), whose build the Makefile's
   * reading finds at its include line (`range`). Undefined: the naming file's `line`.
   */
  readonly place?: string;
  /**
   * What of the build only its runner knows, as the build's `unresolved` problem (at its line) says
   * it: its platforms (`platforms` is then empty, and the build is not read for them) or a word that
   * may add some (it is read for those written). The naming file's own reading reports it; a
   * Dockerfile read with the builds of a file that is not read itself is told of it instead
   * (engine/buildOperands.ts, `buildsOnly`).
   */
  readonly hidden?: BuildHidden;
}

/** `DockerfileBuild.hidden`. */
export interface BuildHidden {
  readonly message: string;
  /** The platforms are all unknown, not only some that a word may add. */
  readonly platforms: boolean;
}

/**
 * Where a build arg's value is written, for its pin: `at` is where `@digest` goes (the end of the
 * value, inside a closing quote), in the naming file or (`file: 'env-file'`) the compose project's
 * `.env` file the value is read from.
 */
export interface ArgValuePlace {
  readonly at: Position;
  readonly file?: 'env-file';
}

/** A file named by another one, for the engine to follow. */
export interface LinkedFile {
  /** The path as written; it may hold wildcards (GitLab accepts `*` and `**` in a local include). */
  readonly path: string;
  /**
   * What `path` is relative to: the naming file's folder, the repository root (GitLab's
   * `include:local`), or the naming compose file's project directory (its folder, unless an
   * include gave it another one).
   */
  readonly relativeTo: 'file' | 'repository' | 'project';
  /** What kind of file it is expected to be. */
  readonly kind: FileKind;
  readonly range: Range;
  /** One-based line of `range`. */
  readonly line: number;
  /** For a compose file's `include` or a service's `extends.file`: how Compose reads the file. */
  readonly compose?: ComposeLink;
}

/** How Compose reads a compose file another one names. */
export interface ComposeLink {
  /**
   * `include`: the file is a project of its own (its relative paths from its project directory,
   * its variables from its env files, the including project's environment winning). `extends`:
   * it is read as part of the naming file's project (the same variables).
   */
  readonly via: 'include' | 'extends';
  /** include: the project directory as written (`project_directory`, else the first path's folder), relative to the naming project's. */
  readonly projectDirectory?: string;
  /** include: the env files as written (`env_file`), relative to the naming project's directory; none: `.env` in the project directory. */
  readonly envFiles?: readonly string[];
  /** extends: the naming service, the service of that file it extends, and whether the naming service itself has `build:`. */
  readonly extender?: string;
  readonly service?: string;
  readonly extenderBuilds?: boolean;
}

/** A replacement of `range` in a document by `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** `T` with its properties assignable: for building a value whose optional keys are set only when they have one. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };
