// One table: each file kind and the source that reads it. Every front door scans through here, so a
// file is read the same way for its analysis, its look-ahead and the re-read of its rewrite.
import { type BuildScan, scanBuild } from '../core/buildScan';
import { scanDockerfile } from '../core/dockerfile';
import { applyIgnoreComments } from '../core/ignoreComments';
import { imageName } from '../core/reference';
import { composeBuilds, composeEnvironment, type ComposeScanOptions, type ComposeServices, type PartnerPlatforms, scanCompose } from '../core/sources/compose';
import { scanKoConfig } from '../core/sources/koConfig';
import { scanGoreleaser } from '../core/sources/goreleaser';
import { scanBake } from '../core/sources/bake';
import { scanJustfile } from '../core/sources/justfile';
import { scanMakefile } from '../core/sources/makefile';
import type { MakefileInclude } from '../core/sources/makefileInclude';
import { scanShellScript } from '../core/sources/shellScript';
import { scanTaskfile } from '../core/sources/taskfile';
import { scanPackageScripts } from '../core/sources/packageScripts';
import { scanSkaffold } from '../core/sources/skaffold';
import { scanCircleci } from '../core/sources/circleci';
import { scanBitbucketPipelines } from '../core/sources/bitbucketPipelines';
import { scanDrone, scanWoodpecker } from '../core/sources/droneWoodpecker';
import { scanAzurePipelines } from '../core/sources/azurePipelines';
import { scanDevcontainer } from '../core/sources/devcontainer';
import { parseDotEnv } from '../core/sources/dotenv';
import { scanGithubAction } from '../core/sources/githubAction';
import { scanGithubWorkflow } from '../core/sources/githubWorkflow';
import { scanGitlabCi } from '../core/sources/gitlabCi';
import type { GitlabPipeline } from '../core/sources/gitlabVariables';
import { scanKubernetes } from '../core/sources/kubernetes';
import type { ConfigurationProblem } from '../core/sources/kustomizeConfig';
import { type KustomizeStep, renderedScan } from '../core/sources/kustomizeRender';
import { namedPlatformOf, scanOptionsFor, withNamedPlatform } from './namedPlatform';
import type { ReadingUses } from './readings';
import type { ActionCaller, ActionInputs, ArgValuePlace, BuildHidden, FileKind, ImageOccurrence, Platform, Range, ScanOptions, ScanProblem, ScanResult } from '../core/types';

/** A file to read for images: its kind and text, and what its kind reads beside it. */
export interface SourceFile {
  readonly kind: FileKind;
  readonly text: string;
  /**
   * A compose project's `.env` file (next to the compose file), when it has one: the values it
   * writes are interpolated, and an image written as one variable whose value is there takes its
   * pin there. Read for compose files only.
   */
  readonly envFile?: { readonly text: string };
}

/** What a scan is told about the world outside the file. */
export interface SourceOptions extends ScanOptions {
  /**
   * The environment compose interpolates with (it wins over `.env`, as in Compose), and whose
   * variables replace a bake file's variable defaults (as in Bake). Dockerfiles, workflows and
   * GitLab files never read it: their variables come from the file or the build.
   */
  readonly environment?: ReadonlyMap<string, string>;
  /**
   * For a Dockerfile read as one build uses it (a compose service's `build:`, a dev container's
   * `build`, an action's Dockerfile): its target, platforms and unknowable args. `buildArgs` are
   * then the build's args.
   */
  readonly build?: BuildScan;
  /**
   * Images to leave alone beyond those the file's own comments ignore (the repository
   * configuration's image patterns): the reason an occurrence is ignored (`occurrence.ignored`), or
   * undefined to keep it. Applied here, so every front door ignores the same images.
   */
  readonly ignoreImages?: (occurrence: ImageOccurrence) => string | undefined;
  /**
   * The platforms a place is used on across the readings of its file, when they differ (a
   * Dockerfile read directly, for the configured platform, and as a compose service with
   * `platform: linux/arm64` builds it): set as the occurrence's `platforms`, so only the index
   * digest fits it (engine/readings.ts). Undefined: the place's own platform.
   */
  readonly readingPlatforms?: (occurrence: ImageOccurrence) => ReadingUses | undefined;
  /** For a compose file: services whose image a build names (one extending them builds, or the one they extend does). */
  readonly builtServices?: ReadonlySet<string>;
  /** For a compose file: its services' `platform:` in the file Compose merges with it (engine/composeOverride.ts). */
  readonly partnerPlatforms?: PartnerPlatforms;
  /** For a compose file: which of its services are read (an extends reading: the extended ones); all when not given. */
  readonly services?: ComposeServices;
  /**
   * For a compose file a CI step runs docker compose on (engine/composeRuns.ts): the runner's
   * platform, which its services without `platform:` run and are built for, and whether the step
   * builds them (`pull` does not: its builds are not followed).
   */
  readonly composeRunner?: { readonly platform: Platform; readonly builds: boolean };
  /** For a GitLab CI file another includes or that includes others: the pipeline's merged variables (engine/gitlabPipelines.ts). */
  readonly gitlabPipeline?: GitlabPipeline;
  /**
   * For a GitLab CI file: problems of its local includes that only the repository's files show (a
   * wildcard pattern matching a file GitLab refuses to include, engine/linkedOperand.ts), reported
   * with the file's own, at the include, by every reading of it.
   */
  readonly includeProblems?: readonly ScanProblem[];
  /** For a manifest a kustomization renders: who, and the `images:` entries that act on it (engine/kustomizeReadings.ts). */
  readonly kustomize?: { readonly by: string; readonly steps: readonly KustomizeStep[] };
  /** For a kustomization: the manifests it renders are read with it (`KubernetesScanOptions.rendersRead`). */
  readonly rendersRead?: boolean;
  /**
   * The path (or base name) of the file read. A Dockerfile whose name names an architecture other
   * than `platform`'s (`Dockerfile.aarch64`) is read as built for that one (engine/namedPlatform.ts).
   */
  readonly fileName?: string;
  /** For a workflow: one Gitea or Forgejo Actions runs (`WorkflowScanOptions.giteaActions`, core/sources/detect.ts `giteaActionsWorkflow`). */
  readonly giteaActions?: boolean;
  /** A shell script's path from its repository's root: the folder `$(dirname "$0")` names (core/sources/shellScript.ts). */
  readonly repositoryPath?: string;
  /** For a shell script a workflow's run step runs: the folder it starts in, from the repository's root (`ShellScriptScanOptions.start`). */
  readonly scriptStart?: string;
  /** For a package.json a CI step runs one script of (`npm run build`): that script, read alone with those it runs (`PackageScriptsScanOptions.script`). */
  readonly packageScript?: string;
  /** A file a justfile imports or loads as a module (`*.just`), read alone: its recipes' folder is not known (core/sources/justfile.ts). */
  readonly justfileModule?: boolean;
  /** A makefile other Makefiles include, named so (`*.mk`, `Makefile.common`): its recipes' folder is not known (core/sources/makefile.ts). */
  readonly includedMakefile?: boolean;
  /** For a Makefile: the files its include directives name, as read (`MakefileScanOptions.includes`, engine/makefileIncludes.ts). */
  readonly makefileIncludes?: ReadonlyMap<string, MakefileInclude>;
  /** For a Makefile a CI step runs make on: the goals it names (`MakefileScanOptions.goals`). */
  readonly makefileGoals?: readonly string[];
  /**
   * For a makefile a Makefile among the files read includes: that Makefile, as messages name it. Its
   * recipes are read as part of that Makefile's reading, with its variables and folder, and not
   * alone too: its own reading finds nothing (engine/makefileIncludes.ts).
   */
  readonly makefileReadBy?: string;
  /** For a kustomization: what is wrong with its `configurations:` entries (`KubernetesScanOptions.configurations`). */
  readonly configurations?: readonly ConfigurationProblem[];
  /** For an action a workflow's step uses (`uses: ./path`): the inputs that step gives it (`ActionScanOptions.call`). */
  readonly actionCall?: ActionInputs;
  /** For an action read as itself: the steps of the files read that use it (`ActionScanOptions.callers`, engine/actionCallers.ts). */
  readonly actionCallers?: readonly ActionCaller[];
}

type Scan = (file: SourceFile, options: SourceOptions) => ScanResult;

const SOURCES: Readonly<Record<FileKind, Scan>> = {
  dockerfile: (file, options) => {
    const named = namedPlatformOf(options.fileName, options);
    const scanOptions = named === undefined ? options : scanOptionsFor(options, named);
    const scan = options.build === undefined ? scanDockerfile(file.text, scanOptions) : scanBuild(file.text, scanOptions, options.build);
    return named === undefined || options.fileName === undefined ? scan : withNamedPlatform(scan, options.fileName, named);
  },
  compose: (file, options) =>
    scanCompose(file.text, { env: composeEnv(file, options), ...(options.builtServices ? { builtServices: options.builtServices } : {}), ...composeShape(options) }),
  kubernetes: (file, options) => {
    const scan = scanKubernetes(file.text, {
      platform: options.platform,
      ...(options.rendersRead === true ? { rendersRead: true } : {}),
      ...(options.configurations === undefined ? {} : { configurations: options.configurations }),
    });
    return options.kustomize === undefined ? scan : renderedScan(scan, options.kustomize.steps, options.kustomize.by);
  },
  'github-workflow': (file, options) => scanGithubWorkflow(file.text, options.giteaActions === true ? { giteaActions: true } : {}),
  'github-action': (file, options) =>
    scanGithubAction(file.text, { ...(options.actionCall === undefined ? {} : { call: options.actionCall }), ...(options.actionCallers === undefined ? {} : { callers: options.actionCallers }) }),
  'gitlab-ci': (file, options) => {
    const scan = scanGitlabCi(file.text, options.gitlabPipeline === undefined ? {} : { pipeline: options.gitlabPipeline });
    return options.includeProblems === undefined ? scan : { ...scan, problems: [...scan.problems, ...options.includeProblems] };
  },
  devcontainer: (file) => scanDevcontainer(file.text),
  ko: (file) => scanKoConfig(file.text),
  goreleaser: (file) => scanGoreleaser(file.text),
  // Bake, as Compose, takes a variable's value from the environment it runs in.
  bake: (file, options) => scanBake(file.text, options.environment === undefined ? {} : { environment: options.environment }),
  makefile: (file, options) =>
    options.makefileReadBy !== undefined
      ? { images: [], problems: [], builds: [] }
      : scanMakefile(file.text, { ...(options.includedMakefile === true ? { included: true } : {}), ...(options.makefileIncludes === undefined ? {} : { includes: options.makefileIncludes }), ...(options.makefileGoals === undefined ? {} : { goals: options.makefileGoals }) }),
  justfile: (file, options) => scanJustfile(file.text, options.justfileModule === true ? { module: true } : {}),
  taskfile: (file) => scanTaskfile(file.text),
  'shell-script': (file, options) =>
    scanShellScript(file.text, { ...(options.repositoryPath === undefined ? {} : { repositoryPath: options.repositoryPath }), ...(options.scriptStart === undefined ? {} : { start: options.scriptStart }) }),
  'package-scripts': (file, options) => scanPackageScripts(file.text, options.packageScript === undefined ? {} : { script: options.packageScript }),
  skaffold: (file) => scanSkaffold(file.text),
  circleci: (file) => scanCircleci(file.text),
  'bitbucket-pipelines': (file) => scanBitbucketPipelines(file.text),
  drone: (file) => scanDrone(file.text),
  woodpecker: (file) => scanWoodpecker(file.text),
  'azure-pipelines': (file) => scanAzurePipelines(file.text),
};

/** The images `file` names, read by its kind's source with `options`. */
export function scanSource(file: SourceFile, options: SourceOptions): ScanResult {
  // Ignore comments are read here, for every kind, so every front door ignores the same images.
  const scan = applyIgnoreComments(file, SOURCES[file.kind](file, options));
  const { ignoreImages: ignore, readingPlatforms } = options;
  if (ignore === undefined && readingPlatforms === undefined) return scan;
  const images = scan.images.map((occurrence) => {
    const uses = readingPlatforms?.(occurrence);
    const used = uses === undefined ? occurrence : onPlatforms(occurrence, uses);
    // An ignore comment's reason wins: it names the line the user wrote.
    if (used.ignored !== undefined || ignore === undefined) return used;
    const reason = ignore(used);
    return reason === undefined ? used : { ...used, ignored: reason };
  });
  return { ...scan, images };
}

/** `occurrence` used on each of the platforms its readings use it on: no one platform is its own (`ImageOccurrence.platforms`). */
export function onPlatforms(occurrence: ImageOccurrence, uses: ReadingUses): ImageOccurrence {
  return { ...occurrence, platform: undefined, platforms: uses.platforms, ...(uses.indexOnly === undefined ? {} : { indexOnly: uses.indexOnly }) };
}

/** The options of a compose reading that shape its services' platforms and which it reads: the merged file's platforms, the services read, the runner docker compose runs them on. */
function composeShape(options: SourceOptions): Pick<ComposeScanOptions, 'partnerPlatforms' | 'services' | 'runner'> {
  return {
    ...(options.partnerPlatforms ? { partnerPlatforms: options.partnerPlatforms } : {}),
    ...(options.services ? { services: options.services } : {}),
    ...(options.composeRunner ? { runner: options.composeRunner.platform } : {}),
  };
}

function composeEnv(file: SourceFile, options: SourceOptions): ReturnType<typeof composeEnvironment> {
  const environment = options.environment ?? new Map<string, string>();
  const dotEnv = file.envFile === undefined ? undefined : parseDotEnv(file.envFile.text, environment);
  return composeEnvironment(environment, dotEnv);
}

/** A build a file describes: the Dockerfile it reads (or its inline text) and that build's values. */
export interface FileBuild extends BuildScan {
  /** The Dockerfile's path as written, relative to the naming file's folder; undefined for an inline one. */
  readonly dockerfile?: string;
  /** A compose `dockerfile_inline`: its text, and where it stands in the naming file. */
  readonly inline?: { readonly text: string; readonly range: Range };
  readonly buildArgs: ReadonlyMap<string, string>;
  /** The one-based line of the naming file where each arg is given, when known (`DockerfileBuild.argLines`). */
  readonly argLines?: ReadonlyMap<string, number>;
  /** Where a pin of each arg is written, for a value that can take one (`DockerfileBuild.argValues`). */
  readonly argValues?: ReadonlyMap<string, ArgValuePlace>;
  /** Where the naming file names the Dockerfile (or the build). */
  readonly range: Range;
  /** The build's own line when it stands in another file than `range`'s (`DockerfileBuild.place`): `images/Makefile.common.in:36`. */
  readonly place?: string;
  /** Who builds, for messages: `service web`, `the dev container`, `the action`. */
  readonly by: string;
  readonly platform?: Platform;
  /** The Dockerfile's path is from the repository's root, not the naming file's folder (`DockerfileBuild.fromRepositoryRoot`). */
  readonly fromRepositoryRoot?: true;
  /** The Dockerfile's path is from the folder the build runs in (`DockerfileBuild.fromRunFolder`). */
  readonly fromRunFolder?: true;
  /** What of the build only its runner knows (`DockerfileBuild.hidden`). */
  readonly hidden?: BuildHidden;
  /** Its platforms only its run knows, read for a Dockerfile pinned to index digests (`BuildScan.platformsUnknown`): why. */
  readonly platformsUnknown?: string;
}

/**
 * The builds `file` describes, whose Dockerfiles the front door reads and scans with `scanSource`
 * and `build`. `scan` gives the file's `scanSource` reading with `options`, for a caller that reads
 * it for more than its builds: the file is scanned once.
 */
export function buildsOf(file: SourceFile, options: SourceOptions, scan: () => ScanResult = () => scanSource(file, options)): FileBuild[] {
  switch (file.kind) {
    case 'compose': {
      const builds = composeBuilds(file.text, { env: composeEnv(file, options), ...composeShape(options) }).builds;
      return builds.map((b) => {
        // What the other services build is a local image to this build (its own name is not: a
        // build tagged as the image it starts from still pulls that image).
        const localImages = new Set(builds.flatMap((other) => (other !== b && other.image !== undefined ? [imageName(other.image)] : [])));
        return {
          ...b,
          ...(b.dockerfileInline === undefined ? {} : { inline: b.dockerfileInline }),
          ...(localImages.size > 0 ? { localImages } : {}),
          by: `service ${b.service}`,
        };
      });
    }
    case 'devcontainer':
    case 'github-action':
    case 'github-workflow':
    case 'gitlab-ci':
    case 'goreleaser':
    case 'bake':
    case 'makefile':
    case 'justfile':
    case 'taskfile':
    case 'shell-script':
    case 'package-scripts':
    case 'skaffold':
    case 'circleci':
    case 'bitbucket-pipelines':
    case 'azure-pipelines':
    case 'drone':
    case 'woodpecker':
      return (scan().builds ?? []).map((b) => ({ ...b, by: b.by ?? (file.kind === 'devcontainer' ? 'the dev container' : 'the action') }));
    default:
      return [];
  }
}
