// What the providers and commands share, built once in `activate` and injected: the log, the
// settings, the registry client, and the per-document kind, scan and status caches.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { effectivePlatform } from '../engine/platformOf';
import { DockerPinError } from '../core/errors';
import { formatPlatform, hostPlatform } from '../core/platform';
import type { FileKind, ImageOccurrence, ScanResult } from '../core/types';
import { detectKind, giteaActionsWorkflow, includedMakefile, moduleJustfile } from '../core/sources/detect';
import { kustomizationFacts } from '../core/sources/kustomizeRender';
import { servicePlatformsWritten } from '../core/sources/compose';
import { isMergedComposeName } from '../engine/composeOverride';
import { repositoryPathOf } from '../engine/fileOptions';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/kustomizeReadings';
import { makefileIncludes } from '../engine/makefileIncludes';
import { resolveOccurrence } from '../engine/resolveOccurrence';
import { scanSource, type SourceFile, type SourceOptions } from '../engine/sources';
import type { SharedAnalyzeOptions } from '../engine/answerMemo';
import type { Analysis, ImageStatus } from '../engine/types';
import { ClientFactory } from './clientFactory';
import { DOCUMENT_FILTERS, documentKind } from './documentKinds';
import { uriText } from './fileText';
import { envPathOf, IncludeIndex, type IncludeReading } from './includeIndex';
import { KustomizeEntryNames } from './kustomizeEntryNames';
import { type LiveScan, pipelineFactsKey, readingsScan } from './liveReadings';
import { readingFree, type ReadingFreeScan } from './readingFree';
import type { Pass } from '../engine/passes';
import { UserNotifier } from './notifier';
import { ScanCache } from './scanCache';
import { SettingsStore } from './settings';
import type { Settings } from './settingsModel';
import { StatusCache, type DocumentKey } from './statusCache';
import { workspaceAssembly } from './workspaceAssembly';
import { workspaceFileAccess } from './workspaceFileAccess';

/** What lenses, quick fixes and hovers register for (documentKinds.ts decides per document). */
export const DOCUMENT_SELECTOR: vscode.DocumentFilter[] = DOCUMENT_FILTERS.map((filter) => ({ ...filter }));

const NO_IMAGES: ScanResult = { images: [], problems: [] };

export class Services implements vscode.Disposable {
  readonly settings: SettingsStore;
  readonly clients: ClientFactory;
  readonly scans = new ScanCache();
  private readonly kinds = new Map<string, { version: number; languageId: string; kind: FileKind | undefined }>();
  /** The environment compose files are interpolated with: the extension host's, as it was at start. */
  readonly environment: ReadonlyMap<string, string> = new Map(
    Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  readonly statuses: StatusCache;
  readonly notifier: UserNotifier;
  /** How the workspace's compose includes read the compose files they include. */
  readonly includes: IncludeIndex;
  /** The names the workspace's kustomizations' `images:` entries name: a manifest's other lines are drawn before the index is known. */
  private readonly kustomizeNames = new KustomizeEntryNames();
  /** An included file's scan with its readings' conflicts, per document version and scan. */
  private readonly conflictScans = new Map<string, { base: ScanResult; reading: IncludeReading; envText: string | undefined; result: LiveScan }>();
  /** By document: a Dockerfile's scan with what builds tell it at its top (`scan`), kept while both stay the same. */
  private readonly toldScans = new Map<string, { scan: LiveScan; key: string; result: LiveScan }>();
  private readonly settledScans = new Map<string, { scan: LiveScan; settled: ReadonlySet<string>; result: LiveScan }>();
  /**
   * Fires when cached answers were thrown away (settings, client, Clear Cache), or when a compose
   * project's `.env` changed (its open compose files then name other images in the same version).
   */
  private readonly reset = new vscode.EventEmitter<void>();
  readonly onDidReset = this.reset.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly log: vscode.LogOutputChannel,
    cacheDirectory?: string,
  ) {
    this.settings = new SettingsStore(log);
    this.clients = new ClientFactory(this.settings, log, cacheDirectory);
    this.notifier = new UserNotifier(() => this.clients.trusted);
    this.statuses = new StatusCache((occurrence, signal, uri) => this.resolve(occurrence, signal, uri), {
      lifetimeMs: this.settings.current.cacheLifetimeMs,
    });
    this.includes = new IncludeIndex(() => workspaceAssembly(this), (uri) => this.settings.excludes(uri), log);
    const envWatcher = vscode.workspace.createFileSystemWatcher('**/.env');
    // What an include reads: the compose files (any YAML may be one) and env files (`env_file:` names
    // any); the kustomizations and manifests they render (a `Kustomization` has no extension); and
    // the files that build Dockerfiles (workflows, actions, dev container configurations, Bake files, Makefiles, shell scripts, package.json files, Skaffold configs).
    const includeWatcher = vscode.workspace.createFileSystemWatcher(
      '**/{*.yml,*.yaml,.env,*.env,Kustomization,.devcontainer.json,devcontainer.json,docker-bake.hcl,docker-bake.json,docker-bake.override.hcl,docker-bake.override.json,Makefile,makefile,GNUmakefile,Makefile.*,makefile.*,GNUmakefile.*,*.mk,*.sh,*.bash,package.json}',
    );
    // A checkout or a move brings or takes a folder with its files at once: the watcher reports the folder only.
    const folderWatcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    const includeLinks = new Map<string, string>();
    this.subscriptions.push(
      this.settings,
      this.clients,
      this.reset,
      // Platform, kind and client all shape the answers: start over on any dockerPin change.
      this.settings.onDidChange(() => this.clearCaches(false)),
      this.clients.onDidChange(() => this.clearCaches(false)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri.toString())),
      // A `.env` typed in (its open text is what compose files read) or changed on disk.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isEnvFile(event.document.uri)) this.reset.fire();
      }),
      envWatcher,
      envWatcher.onDidChange(() => this.reset.fire()),
      envWatcher.onDidCreate(() => this.reset.fire()),
      envWatcher.onDidDelete(() => this.reset.fire()),
      this.includes,
      includeWatcher,
      includeWatcher.onDidChange((uri) => this.includeFileChanged(uri)),
      includeWatcher.onDidCreate((uri) => this.includeFileChanged(uri)),
      includeWatcher.onDidDelete((uri) => this.includeFileChanged(uri)),
      folderWatcher,
      folderWatcher.onDidCreate((uri) => {
        void this.includes.created(uri);
        void this.kustomizeNames.created(uri);
      }),
      folderWatcher.onDidDelete((uri) => {
        this.includes.deleted(uri);
        // A folder taken may take kustomizations with it (its files' events may never come).
        this.kustomizeNames.invalidate();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => void this.typedIn(event, includeLinks)),
      // Includes now read an open compose file another way (or a YAML file is found to be a GitLab
      // file a pipeline includes): its lenses and diagnostics are read again.
      this.includes.onDidChange(() => {
        this.kinds.clear();
        this.scans.clear();
        this.conflictScans.clear();
        this.toldScans.clear();
        this.settledScans.clear();
        this.reset.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // In-flight work for the old version is aborted; its settled answers may carry over to
        // lines of the new version that ask the same question (statusCarry.ts).
        if (event.contentChanges.length > 0) this.statuses.advance(Services.key(event.document));
      }),
    );
  }

  /**
   * The kind of a document the extension reads images from, or undefined: not a `git:` original,
   * a diff's other side or another extension's virtual document (they share the language but must
   * not be resolved or pinned), nor a YAML file that names no image. Decided once per version.
   */
  kindOf(document: vscode.TextDocument): FileKind | undefined {
    const uri = document.uri.toString();
    const known = this.kinds.get(uri);
    if (known && known.version === document.version && known.languageId === document.languageId) return known.kind;
    // A file its repository config leaves out (`ignore.paths`) is not read, as the CLI does not read it.
    const kind = this.settings.excludes(document.uri)
      ? undefined
      : (documentKind({ path: document.uri.path, languageId: document.languageId, scheme: document.uri.scheme }, () => document.getText()) ?? this.includedKind(document));
    this.kinds.set(uri, { version: document.version, languageId: document.languageId, kind });
    return kind;
  }

  /**
   * A YAML file no name or content claims, that a GitLab pipeline of the workspace includes
   * (`include: local` names files of any name): a GitLab CI file, as the CLI reads it. Known once
   * the include index is built (asking starts the build; its change reads the document again).
   */
  private includedKind(document: vscode.TextDocument): FileKind | undefined {
    if (document.languageId !== 'yaml' || document.uri.scheme !== 'file') return undefined;
    const reading = this.includes.readingOf(document.uri);
    // A file the index has not read (its watcher event may come late, or never) has it built again, once.
    if (reading === undefined) void this.includes.ready(document.uri).catch(() => undefined);
    return reading?.gitlabPipeline === undefined ? undefined : 'gitlab-ci';
  }

  /** Whether the extension reads images from this document. */
  reads(document: vscode.TextDocument): boolean {
    return this.kindOf(document) !== undefined;
  }

  /** A file an include or a kustomization may read changed on disk: the index is built again, and a kustomization's entry names read again. */
  private includeFileChanged(uri: vscode.Uri): void {
    this.includes.invalidate();
    if (isKustomization(uri)) this.kustomizeNames.invalidate();
  }

  static key(document: vscode.TextDocument): DocumentKey {
    return { uri: document.uri.toString(), version: document.version };
  }

  /**
   * A compose or GitLab file typed in: the index is built again only when what it includes changed,
   * not on every keystroke; a GitLab file, when what its pipeline reads of it changed (its includes
   * and variables, the variables its images are written as, its other uses of them); a
   * kustomization, when what it renders or its images: entries changed; a file that builds (a workflow,
   * GoReleaser config, action, dev container, Bake file, Makefile, shell script or Skaffold config), when the Dockerfiles it builds, or how it
   * builds them, changed (a workflow's, too, when the actions of the repository its steps use, or their runners, changed);
   * a file Makefiles of the workspace include, whatever its name or kind (`include rules.inc`), when the
   * builds of those Makefiles, read with its text as the editor holds it, changed.
   */
  private async typedIn(event: vscode.TextDocumentChangeEvent, includeLinks: Map<string, string>): Promise<void> {
    const document = event.document;
    if (event.contentChanges.length === 0 || document.uri.scheme !== 'file') return;
    if (document.uri.path.endsWith('.env')) return this.includes.invalidate();
    // Its entries are read from the editor's text: read again when next asked, whatever its kind is now.
    if (isKustomization(document.uri)) this.kustomizeNames.invalidate();
    const kind = this.kindOf(document) ?? this.buildsOnlyKind(document);
    const kustomization = kind === 'kubernetes' && isKustomization(document.uri);
    const builder = isBuilderKind(kind);
    const includers = this.includes.makefilesIncluding(document.uri);
    if (kind !== 'compose' && kind !== 'gitlab-ci' && !kustomization && !builder && includers.length === 0) return;
    const version = document.version;
    const own = kustomization
      ? JSON.stringify(kustomizationFacts(document.getText()))
      : kind === 'compose'
        ? // Its services' platforms too: the file Compose merges with it reads them.
          JSON.stringify([(await this.scan(document)).linked ?? [], isMergedComposeName(basename(document.uri.path)) ? [...servicePlatformsWritten(document.getText())] : []])
        : builder
          ? buildsKey(kind, document.getText(), await this.builderOptions(document.uri, kind))
          : kind === 'gitlab-ci'
            ? pipelineFactsKey(document.getText())
            : null;
    // Read as part of the Makefiles that include it: what they build with its text.
    const links = includers.length === 0 ? (own ?? '') : JSON.stringify([own, await Promise.all(includers.map((path) => this.makefileBuildsKey(path)))]);
    // Typed in again meanwhile: that change's event says what it links.
    if (document.version !== version) return;
    const uri = document.uri.toString();
    const before = includeLinks.get(uri);
    includeLinks.set(uri, links);
    if (before !== links) this.includes.invalidate();
  }

  /**
   * A Makefile, shell script, package.json with build scripts or Skaffold config the index reads (not
   * one its repository config leaves out): no document the extension reads images from (it names none
   * to pin, and gets no lenses), but typed in, the builds of its recipes, commands or artifacts change.
   */
  private buildsOnlyKind(document: vscode.TextDocument): 'makefile' | 'justfile' | 'taskfile' | 'shell-script' | 'package-scripts' | 'skaffold' | undefined {
    // A Skaffold config may have any YAML name (`apiVersion: skaffold/…`); a package.json is one by its scripts.
    const byText = document.languageId === 'yaml' || basename(document.uri.path) === 'package.json';
    const kind = detectKind(document.uri.path, byText ? document.getText() : undefined);
    return (kind === 'makefile' || kind === 'justfile' || kind === 'taskfile' || kind === 'shell-script' || kind === 'package-scripts' || kind === 'skaffold') && !this.settings.excludes(document.uri) ? kind : undefined;
  }

  /** `buildsKey` of the Makefile at `path` as the workspace holds it (open editors' texts first); null when it cannot be read. */
  private async makefileBuildsKey(path: string): Promise<string | null> {
    const text = await workspaceFileAccess.readText(path).catch(() => undefined);
    return text === undefined ? null : buildsKey('makefile', text, await this.builderOptions(vscode.Uri.file(path), 'makefile'));
  }

  /**
   * What a builder's own scan needs of where it is, as the engine reads it (engine/fileOptions.ts): a
   * shell script's path from its repository's root; whether a workflow is Gitea's or Forgejo's;
   * whether a makefile is one Makefiles include, and
   * the files a Makefile includes, read as the engine reads them for the CLI (engine/makefileIncludes.ts)
   * through the workspace's files (open editors' texts first).
   */
  private async builderOptions(uri: vscode.Uri, kind: BuilderKind): Promise<SourceOptions> {
    if (kind === 'makefile') {
      const read = await makefileIncludes(uri.fsPath, workspaceAssembly(this)).catch(() => undefined);
      return { ...(includedMakefile(uri.path) ? { includedMakefile: true } : {}), ...(read === undefined ? {} : { makefileIncludes: read.includes }) };
    }
    if (kind === 'github-workflow') return giteaActionsWorkflow(uri.path) ? { giteaActions: true } : {};
    if (kind === 'justfile') return moduleJustfile(uri.path) ? { justfileModule: true } : {};
    if (kind !== 'shell-script') return {};
    const assembly = workspaceAssembly(this);
    const repositoryPath = await repositoryPathOf(uri.fsPath, (path) => assembly.repositoryRoot(path));
    return repositoryPath === undefined ? {} : { repositoryPath };
  }

  /**
   * The document's images for the build its settings describe (BuildKit's `$TARGETARCH` and the
   * rest, build args, a compose file's `.env`), and for a Dockerfile what the workspace's builds
   * that may build it for platforms its reading cannot know tell it at its top, as `check
   * Dockerfile` says them (engine/toldAlone.ts).
   */
  async scan(document: vscode.TextDocument): Promise<LiveScan> {
    const scan = await this.readingsScan(document);
    if (this.kindOf(document) !== 'dockerfile') return this.withoutSettled(document, scan);
    const told = this.includes.toldOf(document.uri, this.settings.for(document.uri).platform);
    if (told.length === 0) return scan;
    const uri = document.uri.toString();
    const key = JSON.stringify(told);
    const known = this.toldScans.get(uri);
    if (known?.scan === scan && known.key === key) return known.result;
    const result: LiveScan = { ...scan, problems: [...told, ...scan.problems] };
    this.toldScans.set(uri, { scan, key, result });
    return result;
  }

  /** `scan` without the problems index pins of the Dockerfiles its builds build settle, as `check` leaves them unsaid (engine/indexSettles.ts). */
  private withoutSettled(document: vscode.TextDocument, scan: LiveScan): LiveScan {
    const settled = this.includes.settledOf(document.uri);
    if (settled.size === 0 || !scan.problems.some((problem) => settled.has(problem.message))) return scan;
    const uri = document.uri.toString();
    const known = this.settledScans.get(uri);
    if (known?.scan === scan && known.settled === settled) return known.result;
    const result: LiveScan = { ...scan, problems: scan.problems.filter((problem) => !settled.has(problem.message)) };
    this.settledScans.set(uri, { scan, settled, result });
    return result;
  }

  private async readingsScan(document: vscode.TextDocument): Promise<LiveScan> {
    const kind = this.kindOf(document);
    if (kind === undefined) return NO_IMAGES;
    const envRead = kind === 'compose' ? await this.envText(document.uri, this.includes.readingOf(document.uri)) : undefined;
    // The reading and text as they are once the env file is read.
    const reading = readLinked(kind) ? this.includes.readingOf(document.uri) : undefined;
    const envText = kind === 'compose' ? () => envRead : undefined;
    const uri = document.uri.toString();
    const base = this.scans.scan(uri, document.version, { kind, text: () => document.getText(), envText }, this.scanOptions(document.uri, kind));
    if (reading === undefined || reading.passes.length < 2) return base;
    // Includes, extending projects or builds read it several ways: a line they name differently is the engine's conflict, never pinned.
    const text = envRead;
    const known = this.conflictScans.get(uri);
    if (known?.base === base && known.reading === reading && known.envText === text) return known.result;
    const file: SourceFile = { kind, text: document.getText(), ...(text === undefined ? {} : { envFile: { text } }) };
    const result = readingsScan(file, base, reading.passes);
    this.conflictScans.set(uri, { base, reading, envText: text, result });
    return result;
  }

  /**
   * Resolves once the document's reading is known: for a compose file or Dockerfile on disk, whether
   * and how compose files of the workspace include, extend or build it. Whatever scans a document
   * for the user waits for this first.
   */
  async ready(document: vscode.TextDocument): Promise<void> {
    const kind = this.kindOf(document);
    // A Dockerfile or a manifest is in the index only when a compose build or a kustomization reads it.
    if (document.uri.scheme === 'file' && readLinked(kind)) await this.includes.ready(document.uri, kind !== 'dockerfile' && kind !== 'kubernetes');
  }

  /**
   * The part of the document's scan no reading the include index finds can change (readingFree.ts),
   * drawn while `ready` still waits; undefined when all of it waits.
   */
  async readingFreeScan(document: vscode.TextDocument): Promise<ReadingFreeScan | undefined> {
    const kind = this.kindOf(document);
    if (kind === undefined) return undefined;
    if (kind !== 'kubernetes' || isKustomization(document.uri)) return readingFree(kind, await this.scan(document));
    // A manifest (a kustomization waits whole: the manifests it renders say what its entries do),
    // with the names the kustomizations' entries give, unless the index is known first: then nothing need be drawn early.
    const known = this.ready(document).then(
      () => undefined,
      () => undefined,
    );
    const entryNames = await Promise.race([this.kustomizeNames.get(), known]);
    return entryNames === undefined ? undefined : readingFree(kind, await this.scan(document), entryNames);
  }

  /** The document as the engine reads it (its `rewrite` and re-read check take this). */
  async sourceFile(document: vscode.TextDocument): Promise<SourceFile | undefined> {
    const kind = this.kindOf(document);
    if (kind === undefined) return undefined;
    const envText = kind === 'compose' ? await this.envText(document.uri, this.includes.readingOf(document.uri)) : undefined;
    return { kind, text: document.getText(), ...(envText === undefined ? {} : { envFile: { text: envText } }) };
  }

  /**
   * The env file a compose document is read with, and its pins go into: the one its include's
   * reading owns when a compose file of the workspace includes it (none: undefined), else the `.env` beside it.
   */
  envFileOf(document: vscode.TextDocument): vscode.Uri | undefined {
    const reading = this.kindOf(document) === 'compose' ? this.includes.readingOf(document.uri) : undefined;
    if (reading === undefined) return envFileUri(document.uri);
    return reading.envPath === null ? undefined : vscode.Uri.file(reading.envPath);
  }

  /**
   * Every env file a compose document's pins go into: the one `envFileOf` names, and each further
   * include reading's own (a value each reads from its env file is pinned in each); none for any other document.
   */
  envFilesOf(document: vscode.TextDocument): vscode.Uri[] {
    if (this.kindOf(document) !== 'compose') return [];
    const reading = this.includes.readingOf(document.uri);
    const first = this.envFileOf(document);
    if (reading === undefined) return first === undefined ? [] : [first];
    const paths = [reading.envPath, ...reading.passes.filter((pass) => !pass.main).map((pass) => envPathOf(reading, pass))];
    return [...new Set(paths.filter((path): path is string => path !== null))].map((path) => vscode.Uri.file(path));
  }

  /**
   * The env files of a compose document (`envFilesOf`) as the user is shown them: each by its name
   * when it sits beside the document, else by its workspace-relative path; undefined for any other document.
   */
  envFileNames(document: vscode.TextDocument): string[] | undefined {
    if (this.kindOf(document) !== 'compose') return undefined;
    const folder = vscode.Uri.joinPath(document.uri, '..').toString();
    return this.envFilesOf(document).map((envFile) =>
      vscode.Uri.joinPath(envFile, '..').toString() === folder ? envFile.path.slice(envFile.path.lastIndexOf('/') + 1) : vscode.workspace.asRelativePath(envFile, false),
    );
  }

  /** A file's text as pins are planned on it: an open editor's when it is open, else the file's; undefined when there is none. */
  fileText(uri: vscode.Uri): Promise<string | undefined> {
    return uriText(uri);
  }

  private envText(uri: vscode.Uri, reading: IncludeReading | undefined): Promise<string | undefined> {
    if (reading === undefined) return envFileText(uri);
    return reading.envPath === null ? Promise.resolve(undefined) : uriText(vscode.Uri.file(reading.envPath));
  }

  /**
   * What a scan of this document must know of the build, as the CLI's `--platform` and
   * `--build-arg` give it; a compose file also reads the environment VS Code runs in, as
   * `docker compose` and the CLI read the shell's.
   */
  scanOptions(uri: vscode.Uri | string, kind: FileKind): SourceOptions {
    const own = this.ownScanOptions(uri, kind);
    if (kind !== 'compose' && kind !== 'gitlab-ci' && kind !== 'kubernetes') return own;
    // Included by a compose file of the workspace: read with that include's variables.
    const reading = this.includes.readingOf(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
    if (reading === undefined) return own;
    // A manifest as the workspace's kustomizations render it (the first way, when they differ); a kustomization read with its manifests.
    if (kind === 'kubernetes') {
      return {
        ...own,
        ...(reading.kustomize === undefined ? {} : { kustomize: reading.kustomize }),
        ...(reading.rendersRead === true ? { rendersRead: true } : {}),
        ...(reading.configurations === undefined ? {} : { configurations: reading.configurations }),
      };
    }
    // A GitLab file of a pipeline of several files: with the pipeline's variables, as the CLI reads it.
    // And with what only the workspace's files show of its includes (a wildcard match GitLab refuses).
    if (kind === 'gitlab-ci') {
      return {
        ...own,
        ...(reading.gitlabPipeline === undefined ? {} : { gitlabPipeline: reading.gitlabPipeline }),
        ...(reading.includeProblems === undefined ? {} : { includeProblems: reading.includeProblems }),
      };
    }
    return {
      ...own,
      environment: reading.environment,
      ...(reading.builtServices === undefined ? {} : { builtServices: reading.builtServices }),
      ...(reading.partnerPlatforms === undefined ? {} : { partnerPlatforms: reading.partnerPlatforms }),
      ...(reading.services === undefined ? {} : { services: reading.services }),
    };
  }

  /**
   * `scanOptions` for one further reading of the file at `uri` (one of `IncludeReading.passes`): an
   * include's or extending project's variables and services, a build's args and platforms, or the
   * way a kustomization renders a manifest.
   */
  passScanOptions(uri: vscode.Uri, kind: FileKind, pass: Pass): SourceOptions {
    const own = this.ownScanOptions(uri, kind);
    if (pass.via === 'kustomize') return pass.options.kustomize === undefined ? own : { ...own, kustomize: pass.options.kustomize };
    if (pass.via === 'build') return { ...pass.options, platform: own.platform, fileName: own.fileName, ...(own.ignoreImages === undefined ? {} : { ignoreImages: own.ignoreImages }) };
    const { builtServices, partnerPlatforms, services, composeRunner } = pass.options;
    return {
      ...own,
      environment: pass.options.environment ?? this.environment,
      ...(builtServices === undefined ? {} : { builtServices }),
      ...(partnerPlatforms === undefined ? {} : { partnerPlatforms }),
      ...(services === undefined ? {} : { services }),
      // A CI step's runner that runs the project with docker compose (engine/composeRuns.ts).
      ...(composeRunner === undefined ? {} : { composeRunner }),
    };
  }

  /** `scanOptions` for the file read as itself, whoever includes it (what the engine's assembly starts from). */
  private ownScanOptions(uri: vscode.Uri | string, kind: FileKind): SourceOptions {
    const settings = this.settings.for(uri);
    return {
      platform: settings.platform,
      buildArgs: settings.buildArgs,
      // A Dockerfile whose name names an architecture is read as built for it (engine/namedPlatform.ts).
      fileName: typeof uri === 'string' ? vscode.Uri.parse(uri).path : uri.path,
      ...(settings.ignoreImages === undefined ? {} : { ignoreImages: settings.ignoreImages }),
      // Compose interpolates with the environment; Bake takes variables from it.
      ...(kind === 'compose' || kind === 'bake' ? { environment: this.environment } : {}),
      // A makefile Makefiles include runs its recipes in their folder, not its own (engine/fileOptions.ts).
      ...(kind === 'makefile' && includedMakefile(typeof uri === 'string' ? vscode.Uri.parse(uri).path : uri.path) ? { includedMakefile: true } : {}),
      // A *.just file read alone runs its recipes in a folder it does not say (engine/fileOptions.ts).
      ...(kind === 'justfile' && moduleJustfile(typeof uri === 'string' ? vscode.Uri.parse(uri).path : uri.path) ? { justfileModule: true } : {}),
      // Gitea and Forgejo Actions' runners say nothing certain of their architecture.
      ...(kind === 'github-workflow' && giteaActionsWorkflow(typeof uri === 'string' ? vscode.Uri.parse(uri).path : uri.path) ? { giteaActions: true } : {}),
    };
  }

  /** A file that is not open (Check Workspace): scanned and resolved as an open one would be. */
  analyzeFile(file: SourceFile, uri: vscode.Uri, signal: AbortSignal): Promise<Analysis> {
    return this.analyzeWith(file, uri, this.ownScanOptions(uri, file.kind), signal);
  }

  /**
   * A file that is not open, read with `options` (one of its readings: directly, or as a build
   * uses it), each image answered with the settings of the file at `uri`.
   */
  async analyzeWith(file: SourceFile, uri: vscode.Uri, options: SourceOptions, signal: AbortSignal): Promise<Analysis> {
    const settings = this.settings.for(uri);
    const scan = scanSource(file, options);
    const statuses = await Promise.all(scan.images.map((occurrence) => this.answer(occurrence, settings, signal)));
    return { statuses, problems: scan.problems };
  }

  /**
   * The options the engine reads the file at `uri` with when it puts the workspace's files
   * together (Check Workspace), as the CLI's per-file options: the settings (with the repository
   * config), and the environment compose files are interpolated with. With no valid platform in
   * effect the host's stands in for the scan alone; every answer is then that error (`answer`).
   */
  fileOptions(uri: vscode.Uri): SharedAnalyzeOptions {
    const settings = this.settings.for(uri);
    return { ...this.ownScanOptions(uri, 'compose'), platform: settings.platform ?? hostPlatform(), kind: settings.digestKind };
  }

  /** The shared status of one occurrence; `wait` only stops this caller from waiting. */
  status(document: vscode.TextDocument, occurrence: ImageOccurrence, wait?: AbortSignal): Promise<ImageStatus> {
    return this.statuses.status(Services.key(document), occurrence, wait);
  }

  /**
   * Clear Cache: a new registry client too (a fresh docker config read, after `docker login`, and
   * no cached tokens or answers), and user errors are shown again. Rebuilding the client comes
   * back here through `clients.onDidChange` with `includeClient` false.
   */
  clearCaches(includeClient: boolean): void {
    if (includeClient) {
      this.notifier.reset();
      this.clients.rebuild('cache cleared');
      return;
    }
    this.statuses.reset((occurrence, signal, uri) => this.resolve(occurrence, signal, uri), this.settings.current.cacheLifetimeMs);
    // A repository config may leave other files out or ignore other images in the same versions.
    this.kinds.clear();
    this.scans.clear();
    this.conflictScans.clear();
    this.toldScans.clear();
    this.includes.invalidate();
    this.kustomizeNames.invalidate();
    this.reset.fire();
  }

  private forget(uri: string): void {
    this.statuses.forget(uri);
    this.scans.forget(uri);
    this.conflictScans.delete(uri);
    this.toldScans.delete(uri);
    this.kinds.delete(uri);
  }

  /**
   * The engine's answer for one occurrence; with an invalid platform in effect, that error for
   * every line (as the CLI refuses to run), never an answer for another platform.
   */
  private answer(occurrence: ImageOccurrence, settings: Settings, signal: AbortSignal): Promise<ImageStatus> {
    const platform = settings.platform;
    if (platform === undefined) {
      const code = settings.platformSource === '.docker-pin.yaml' ? 'INVALID_CONFIG' : 'INVALID_PLATFORM';
      const error = new DockerPinError(code, settings.platformProblem ?? 'no valid platform is configured');
      return Promise.resolve({ occurrence, platform: effectivePlatform(occurrence, hostPlatform()), state: 'error', kind: settings.digestKind, error });
    }
    return resolveOccurrence(occurrence, this.clients.current, { platform, kind: settings.digestKind, signal });
  }

  private async resolve(occurrence: ImageOccurrence, signal: AbortSignal, uri: string): Promise<ImageStatus> {
    const settings = this.settings.for(uri);
    const where = `${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}:${occurrence.line}`;
    const platform = effectivePlatform(occurrence, settings.platform);
    this.log.trace(`${where}: resolving ${occurrence.expanded} for ${platform ? formatPlatform(platform) : 'no valid platform'} (${settings.digestKind})`);
    const status = await this.answer(occurrence, settings, signal);
    if (status.state === 'error' && status.error) {
      if (status.error.code === 'CANCELLED') this.log.trace(`${where}: ${status.error.message}`);
      else {
        this.log.warn(`${where}: ${status.error.message}`);
        this.notifier.report(status.error, occurrence.reference.registry);
      }
    } else {
      this.log.debug(`${where}: ${occurrence.expanded} is ${status.state}${status.targetDigest ? ` (${status.targetDigest})` : ''}`);
    }
    return status;
  }

  dispose(): void {
    this.statuses.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/**
 * The text of the `.env` file beside a compose file (the project directory `docker compose` reads
 * it from when run there): an open editor's text when it is open, else the file's; undefined when
 * there is none.
 */
function envFileText(uri: vscode.Uri): Promise<string | undefined> {
  if (uri.scheme !== 'file') return Promise.resolve(undefined);
  return uriText(envFileUri(uri));
}

/**
 * Kinds other files read with their own variables or args: a compose file (includes, extends), a
 * Dockerfile (builds), a GitLab CI file (its pipelines) and a Kubernetes manifest (the
 * kustomizations that render it).
 */
function readLinked(kind: FileKind | undefined): boolean {
  return kind === 'compose' || kind === 'dockerfile' || kind === 'gitlab-ci' || kind === 'kubernetes';
}

function isKustomization(uri: vscode.Uri): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(uri.path.slice(uri.path.lastIndexOf('/') + 1));
}

function isEnvFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith('/.env');
}

/** The `.env` file of a compose file's project: beside it. */
export function envFileUri(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..', '.env');
}

/** The kinds besides compose whose builds the include index reads (liveReadings.ts). */
type BuilderKind =
  | 'github-workflow'
  | 'goreleaser'
  | 'github-action'
  | 'devcontainer'
  | 'bake'
  | 'makefile'
  | 'justfile'
  | 'taskfile'
  | 'shell-script'
  | 'package-scripts'
  | 'skaffold'
  | 'circleci'
  | 'bitbucket-pipelines'
  | 'azure-pipelines'
  | 'drone'
  | 'woodpecker';

function isBuilderKind(kind: FileKind | undefined): kind is BuilderKind {
  return (
    kind === 'github-workflow' ||
    kind === 'goreleaser' ||
    kind === 'github-action' ||
    kind === 'devcontainer' ||
    kind === 'bake' ||
    kind === 'makefile' ||
    kind === 'justfile' ||
    kind === 'taskfile' ||
    kind === 'shell-script' ||
    kind === 'package-scripts' ||
    kind === 'skaffold' ||
    kind === 'circleci' ||
    kind === 'bitbucket-pipelines' ||
    kind === 'azure-pipelines' ||
    kind === 'drone' ||
    kind === 'woodpecker'
  );
}

/**
 * What a workflow's, GoReleaser config's, action's, dev container's, Bake file's, Makefile's, shell script's or Skaffold config's builds read of the
 * Dockerfiles they build, and the actions of the repository a workflow's steps use on which runners: the index is built again when it changes.
 */
function buildsKey(kind: BuilderKind, text: string, options: SourceOptions): string {
  const scan = scanSource({ kind, text }, options);
  const builds = (scan.builds ?? []).map((b) => [b.dockerfile, b.context, b.platforms, b.platform ?? null, b.builder ?? null, b.builderUnknown ?? null, b.target ?? null, [...b.buildArgs], [...b.unknownArgs.keys()]]);
  // A dev container's compose files too: the index reads them as it links them.
  const actions = (scan.localActions ?? []).map((use) => [use.folder, use.makefile ?? null, use.script ?? null, use.packageScript ?? null, use.workspaces ?? null, use.compose ?? null, use.platforms.map(formatPlatform), use.offRunner ?? null]);
  return JSON.stringify([builds, (scan.linked ?? []).map((link) => link.path), actions]);
}
