// Which files of the workspace a compose file includes, extends a service of or builds, and how
// those readings read them: the engine's assembly (engine/buildOperands.ts, composeLinked.ts) run
// over the workspace's compose files, as Check Workspace runs it over every file (liveReadings.ts
// says which it keeps). An open included compose file is then read live as its include reads it
// (the variables of the including project, the env file that reading owns), not alone; an extended
// one and a built Dockerfile as themselves and as each project or build reads them, a line those
// readings name differently being a conflict. A compose file's builds also name the Dockerfiles
// whose build args its Pin All pins (`dockerfilesBuiltBy`). A GitLab CI file another includes, or
// that includes others, is read with the variables of its pipelines (engine/gitlabPipelines.ts).
// A Kubernetes manifest a kustomization of the workspace renders renaming an image is read as each
// built kustomization renders it (engine/kustomizeReadings.ts, as `check .` reads the tree), and a
// kustomization whose manifests are read so says nothing more of its renames. Like the rest of the
// index, only files of the workspace are read: the same in an untrusted workspace.
// Built on first need, built again when a compose, GitLab CI, env file or kustomization changes
// (reading again only the workspace files that changed on disk: composeFileCensus.ts), and when a
// folder is created, or one holding files it read is deleted: a checkout or a move brings or takes
// a folder with its files at once, and the file watcher reports the folder, never the files in it;
// and when any file is created or deleted while a GitLab wildcard include is read (it may match it).
// A file a Makefile of the workspace includes may have any name (`include rules.inc`, kind's
// `Makefile.common.in`), which no watcher glob of the extension names: each build watches the
// files the Makefiles it read include (engine/makefileIncludes.ts `includedPaths`, missing ones too),
// and a change, creation or deletion of one builds it again; `makefilesIncluding` tells the editor
// which Makefiles read a file so (services.ts follows its typed changes through them).
// `onDidChange` names the files whose reading changed.
import type { FileKind, Platform, ScanProblem } from '../core/types';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Assembly } from '../engine/assembly';
import type { GitlabPipeline } from '../core/sources/gitlabVariables';
import type { SourceOptions } from '../engine/sources';
import { dockerfilesBuilt, type DockerfileUse } from '../engine/buildArgPins';
import { type BuildOperand, withBuilds } from '../engine/buildOperands';
import { includedPaths } from '../engine/makefileIncludes';
import { ToldAlone } from '../engine/toldAlone';
import { vendoredFiles } from './vendoredFiles';
import { type KustomizeReading, kustomizeRenders } from '../engine/kustomizeReadings';
import { kustomizePasses, type Pass } from '../engine/passes';
import { ComposeFileCensus } from './composeFileCensus';
import { liveReadings, ownEnvPath } from './liveReadings';
import { readingWords } from '../engine/readings';
import { exists, workspaceFileAccess } from './workspaceFileAccess';
import { BAKE_GLOB, COMPOSE_GLOB, DEVCONTAINER_GLOB, inSkippedFolder, KUSTOMIZATION_GLOB, MAKEFILE_GLOB, PACKAGE_JSON_GLOB, SHELL_SCRIPT_GLOB } from './workspaceFiles';

/** How the workspace's includes, extending projects or builds read one file. */
export interface IncludeReading {
  /** The first reading's variables: the environment and the including project's .env (a compose file). */
  readonly environment: ReadonlyMap<string, string>;
  /** The services the first reading reads (all but those only other projects extend); undefined: all. */
  readonly services?: SourceOptions['services'];
  /** Services whose image names a build's result (through `extends`). */
  readonly builtServices?: ReadonlySet<string>;
  /** Its services' platforms in the file Compose merges with it (its main compose file, or override file). */
  readonly partnerPlatforms?: SourceOptions['partnerPlatforms'];
  /** The env file the first reading reads and pins into; null: none. */
  readonly envPath: string | null;
  /** Every reading, the first first: several when they may read the file differently (readingConflicts). */
  readonly passes: readonly Pass[];
  /** Equal for readings that read the file alike. */
  readonly key: string;
  /** A GitLab CI file: the merged variables of the pipelines that include it (or that it starts). */
  readonly gitlabPipeline?: GitlabPipeline;
  /** A GitLab CI file: problems of its local includes only the workspace's files show (`SourceOptions.includeProblems`). */
  readonly includeProblems?: SourceOptions['includeProblems'];
  /** A manifest the workspace's kustomizations render renaming an image: the way its own reading renders it (the first of `passes`). */
  readonly kustomize?: KustomizeReading;
  /** A kustomization whose manifests are read with it: its renames are read there (`SourceOptions.rendersRead`). */
  readonly rendersRead?: boolean;
  /** A kustomization: what is wrong with its `configurations:` entries (`SourceOptions.configurations`). */
  readonly configurations?: SourceOptions['configurations'];
}

/** Builds `ready` waits past while changes keep coming (each makes the build before it stale). */
const SETTLE_ROUNDS = 5;

/** The env file `pass` (one of `reading.passes`) reads and pins into; null: none. */
export function envPathOf(reading: IncludeReading, pass: Pass): string | null {
  return pass.envFile === undefined ? reading.envPath : (pass.envFile?.path ?? null);
}

/** What one build found: the readings, and how many of the workspace's files it read to find them. */
interface Built {
  readonly readings: ReadonlyMap<string, IncludeReading>;
  /** By compose file: the Dockerfiles its builds read whose build args take their pins (buildArgPins.ts). */
  readonly builds: ReadonlyMap<string, readonly DockerfileUse[]>;
  readonly read: number;
  readonly files: number;
  /** How long the search for the workspace's YAML files and the census took. */
  readonly took: string;
  /** What each Dockerfile read alone is told of the builds the workspace's files make (engine/toldAlone.ts). */
  readonly told: ToldAlone;
  /** By build file's real path: the messages of its own problems that index pins of its Dockerfiles settle (engine/indexSettles.ts). */
  readonly settled: Map<string, ReadonlySet<string>>;
}

export class IncludeIndex implements vscode.Disposable {
  private built: Promise<ReadonlyMap<string, IncludeReading>> | undefined;
  private current: ReadonlyMap<string, IncludeReading> | undefined;
  private currentBuilds: ReadonlyMap<string, readonly DockerfileUse[]> = new Map();
  private currentTold = new ToldAlone();
  private currentSettled: ReadonlyMap<string, ReadonlySet<string>> = new Map();
  /** The real paths of the compose and GitLab CI files the last build read: one it did not is new, and the index is built again. */
  private known: ReadonlySet<string> = new Set();
  /**
   * Each path asked about or found, by the real path it was last found to have (the index is keyed by
   * real paths, so a file is one file however a link names it): learned without blocking the
   * extension host when a file is first asked about (`ready`) and at each build; a path not learned yet is its own.
   */
  private readonly realPaths = new Map<string, string>();
  /** Files a build was made again for and did not find (no compose file on disk yet): not again until something changes. */
  private readonly asked = new Set<string>();
  /**
   * Dockerfiles and manifests a build was made again for, once each: a compose file that builds
   * one, or a kustomization that renders one, written later is found by the build its watcher
   * event makes (every open file asking again after each change would build the index again for each).
   */
  private readonly askedReadByOthers = new Set<string>();
  /** The folders holding a file the index has read or been asked about (each file's folder and theirs up): deleting one takes them. */
  private readFolders: ReadonlySet<string> = new Set();
  /**
   * Whether the last build matched a GitLab wildcard include against the workspace's files: a file
   * of any name created or deleted may change what it matches (a file GitLab refuses among them).
   */
  private listedFiles = false;
  private generation = 0;
  /** The generation of the build `current` comes from. */
  private currentGeneration = 0;
  /** By file (URI): the last build begun when it was first asked about (`ready`) since the last change. */
  private readonly firstAsked = new Map<string, number>();
  /** What each workspace file is, kept between builds. */
  private readonly census = new ComposeFileCensus();
  /** By the real path of a file a Makefile the last build read includes: the paths of those Makefiles. */
  private includedByMakefiles: ReadonlyMap<string, readonly string[]> = new Map();
  /** A watcher on each file the Makefiles the last build read include (by path): their names may be any. */
  private includeWatchers = new Map<string, vscode.Disposable>();
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<readonly string[]>();
  /** The real paths of the compose files whose reading changed with a rebuild. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly assembly: () => Assembly,
    private readonly excludes: (uri: vscode.Uri) => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Resolves once the index is built for the workspace as it is now, with the compose (or GitLab CI)
   * file at `uri` in it: one created since the last build (its watcher event may come later) has it
   * built again, and so has a Dockerfile or a manifest (`compose` false) no compose file built and
   * no kustomization rendered then, unless that build began after the file was first asked about
   * (a file just opened waits for one build).
   */
  async ready(uri: vscode.Uri, compose = true): Promise<void> {
    // Since the first question about the file (the lenses, diagnostics and hovers of a file just
    // opened each ask): a build begun after it searched the workspace as it was then, and built
    // again it would find the same.
    const key = uri.toString();
    const asking = this.firstAsked.get(key) ?? this.generation;
    this.firstAsked.set(key, asking);
    // Its real path, as readingOf looks it up, learned as the index settles (once: each build learns
    // again those of the files it reads; a known file's answer stays within this turn, never the disk's).
    const learned = uri.scheme === 'file' && !this.realPaths.has(uri.fsPath) ? this.learnRealPath(uri.fsPath) : undefined;
    await this.settled();
    await learned;
    if (uri.scheme !== 'file' || this.currentGeneration > asking) return;
    const path = this.realPath(uri.fsPath);
    const indexed = compose ? this.known.has(path) : this.current?.has(path) === true;
    const asked = compose ? this.asked : this.askedReadByOthers;
    if (indexed) return;
    if (!asked.has(path)) {
      if (this.excludes(uri) || inSkippedFolder(vscode.workspace.asRelativePath(uri, false))) return;
      asked.add(path);
      this.built = undefined;
    }
    // The build made again for the file, by this question or one asked before this one's build
    // ended (the lenses, diagnostics and hover of a file just opened): each waits for it.
    await this.settled();
  }

  /**
   * Resolves once the index in use is the last one built: a build that a change (a watcher event for
   * a file just written) made stale while it ran is not used, so the one after it is waited for too.
   */
  private async settled(): Promise<void> {
    for (let round = 0; round < SETTLE_ROUNDS; round++) {
      const built = this.ensure();
      await built;
      if (this.built === built) return;
    }
  }

  /** How the readings of the file at `uri` read it; undefined when it is read alone (or the index is still being built). */
  readingOf(uri: vscode.Uri): IncludeReading | undefined {
    if (uri.scheme !== 'file') return undefined;
    if (this.built === undefined) void this.ensure();
    return this.current?.get(this.realPath(uri.fsPath));
  }

  /**
   * What the Dockerfile at `uri`, read for `platform`, is told at its top of the workspace's builds
   * that may build it for platforms its reading cannot know (engine/toldAlone.ts), as `check
   * Dockerfile` tells it; none while the index is being built.
   */
  toldOf(uri: vscode.Uri, platform: Platform | undefined): ScanProblem[] {
    if (uri.scheme !== 'file') return [];
    if (this.built === undefined) void this.ensure();
    return this.currentTold.of(this.realPath(uri.fsPath), platform);
  }

  /** The messages of the problems of the build file at `uri` that index pins of its Dockerfiles settle, as `check` leaves them unsaid (engine/indexSettles.ts). */
  settledOf(uri: vscode.Uri): ReadonlySet<string> {
    if (uri.scheme !== 'file') return NONE_SETTLED;
    if (this.built === undefined) void this.ensure();
    return this.currentSettled.get(this.realPath(uri.fsPath)) ?? NONE_SETTLED;
  }

  /** The Dockerfiles the builds of the compose file at `uri` read, whose build args its pins write (none while the index is being built). */
  dockerfilesBuiltBy(uri: vscode.Uri): readonly DockerfileUse[] {
    if (uri.scheme !== 'file') return [];
    if (this.built === undefined) void this.ensure();
    return this.currentBuilds.get(this.realPath(uri.fsPath)) ?? [];
  }

  /**
   * The Makefiles of the workspace (paths) that the last build read including the file at `uri`,
   * directly or through the files they include: its text is read as part of theirs (none while the
   * index is being built, or when none does).
   */
  makefilesIncluding(uri: vscode.Uri): readonly string[] {
    if (uri.scheme !== 'file') return [];
    if (this.built === undefined) void this.ensure();
    return this.includedByMakefiles.get(this.realPath(uri.fsPath)) ?? [];
  }

  /** A compose or env file changed: built again (soon, or when next needed), never before it was first needed. */
  invalidate(): void {
    if (!this.inUse()) return;
    this.asked.clear();
    this.firstAsked.clear();
    this.built = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.ensure();
    }, 100);
  }

  /** Something was created in the workspace: a folder may bring files no watcher event names; a file, one a wildcard include matches. */
  async created(uri: vscode.Uri): Promise<void> {
    if (!this.inUse() || uri.scheme !== 'file' || inSkippedFolder(`${vscode.workspace.asRelativePath(uri, false)}/`)) return;
    if (this.listedFiles || (await stat(uri.fsPath).then((s) => s.isDirectory(), () => false))) this.invalidate();
  }

  /** Something in the workspace was deleted: a folder holding files the index read takes them with it; a file may be one a wildcard include matched. */
  deleted(uri: vscode.Uri): void {
    if (uri.scheme === 'file' && (this.listedFiles || this.readFolders.has(uri.fsPath))) this.invalidate();
  }

  private inUse(): boolean {
    return this.built !== undefined || this.current !== undefined;
  }

  private ensure(): Promise<ReadonlyMap<string, IncludeReading>> {
    if (this.built !== undefined) return this.built;
    const generation = ++this.generation;
    const built = this.build().catch((error: unknown): Built => {
      this.log.warn(`compose includes: ${(error as Error).message}`);
      return { readings: new Map<string, IncludeReading>(), builds: new Map(), read: 0, files: 0, took: 'failed', told: new ToldAlone(), settled: new Map() };
    });
    this.built = built.then(({ readings: map, builds, read, files, took, told, settled }) => {
      if (generation !== this.generation) return map;
      const before = this.current ?? new Map<string, IncludeReading>();
      this.current = map;
      this.currentGeneration = generation;
      this.currentBuilds = builds;
      const toldBefore = this.currentTold.key();
      this.currentTold = told;
      const settledBefore = settledKey(this.currentSettled);
      this.currentSettled = settled;
      this.readFolders = foldersOf(this.realPaths);
      const differ = [...new Set([...before.keys(), ...map.keys()])].filter((path) => before.get(path)?.key !== map.get(path)?.key);
      this.log.debug(
        `compose includes: ${map.size} file(s) in the workspace read through an include, extends or build, ${differ.length} read another way than before; ${read} of ${files} workspace file(s) read from disk, the others open or unchanged since they were last read (${took})`,
      );
      // An open Dockerfile a build tells something new (it may be any of them: a build that does not name its Dockerfile) is read again too.
      if (differ.length > 0 || told.key() !== toldBefore || settledKey(settled) !== settledBefore) this.changed.fire(differ);
      return map;
    });
    return this.built;
  }

  private async build(): Promise<Built> {
    // In path order, as the CLI walks a tree: findFiles gives no order, and the first include's
    // reading of a file (and the order a conflict names its readings in) must not depend on it.
    const started = Date.now();
    const vendored = vendoredFiles();
    const [yaml, devcontainers, bakeFiles, makefiles, scripts, packages, kustomizations] = await Promise.all(
      [COMPOSE_GLOB, DEVCONTAINER_GLOB, BAKE_GLOB, MAKEFILE_GLOB, SHELL_SCRIPT_GLOB, PACKAGE_JSON_GLOB, KUSTOMIZATION_GLOB].map(async (glob) =>
        (await vscode.workspace.findFiles(glob)).filter((uri) => this.reads(uri) && !vendored(uri)).sort(byPath),
      ),
    );
    const found = [...yaml, ...devcontainers, ...bakeFiles, ...makefiles, ...scripts, ...packages];
    // Which are compose files, and whether any includes another: only the files that changed on disk
    // since the last build are read (a large workspace has thousands of YAML files, and a compose
    // file's first lens waits).
    const searched = Date.now();
    const census = await this.census.of(found);
    const took = `searched in ${searched - started} ms, told apart in ${Date.now() - searched} ms`;
    const files = [
      ...census.composeFiles.map((uri) => ({ uri, kind: 'compose' as FileKind })),
      ...census.gitlabFiles.map((uri) => ({ uri, kind: 'gitlab-ci' as FileKind })),
      ...census.builderFiles,
    ]
      .sort((a, b) => byPath(a.uri, b.uri))
      .map(({ uri, kind }) => ({ path: uri.fsPath, kind }));
    const known = new Set(await Promise.all(files.map((file) => this.learnRealPath(file.path))));
    this.known = known;
    const map = new Map<string, IncludeReading>();
    const builds = new Map<string, readonly DockerfileUse[]>();
    const told = new ToldAlone();
    const built: Built = { readings: map, builds, read: census.read, files: found.length, took, told, settled: new Map() };
    await this.withKustomizations(kustomizations, map);
    if (!census.links) {
      // No file links another, so no wildcard include is read: a file created or deleted changes nothing.
      this.listedFiles = false;
      await this.watchMakefileIncludes([]);
      return built;
    }
    const assembly = this.assembly();
    let listed = false;
    const operands = await withBuilds(
      files,
      {
        ...assembly,
        repositoryFiles: (root) => {
          listed = true;
          return assembly.repositoryFiles(root);
        },
      },
      [],
      told,
    );
    this.listedFiles = listed;
    await Promise.all(operands.map((operand) => this.learnRealPath(operand.path)));
    for (const operand of operands) if (operand.settled !== undefined) built.settled.set(this.realPath(operand.path), operand.settled);
    for (const [builder, uses] of dockerfilesBuilt(operands)) builds.set(await this.learnRealPath(builder.path), uses);
    await this.watchMakefileIncludes(operands);
    for (const operand of operands) {
      if (operand.kind === 'gitlab-ci') {
        // A file the includes reach, whatever its name.
        known.add(this.realPath(operand.path));
        const reading = pipelineReading(operand);
        if (reading === undefined) continue;
        if (reading.gitlabPipeline !== undefined) this.log.debug(`${vscode.workspace.asRelativePath(operand.path, false)}: read with the variables of ${reading.gitlabPipeline.files}`);
        map.set(this.realPath(operand.path), reading);
        continue;
      }
      // A compose file read alone but merged with another that gives its services platforms: as merged.
      const partnerPlatforms = operand.kind === 'compose' ? operand.options.partnerPlatforms : undefined;
      const passes = liveReadings(operand) ?? (partnerPlatforms === undefined ? undefined : [{ options: operand.options, main: true }]);
      if (passes === undefined) continue;
      const environment = operand.options.environment ?? new Map<string, string>();
      const envPath = await ownEnvPath(operand, exists);
      const services = operand.options.services;
      const key = JSON.stringify([
        envPath,
        sorted(environment),
        [...(operand.builtServices ?? [])],
        partnerPlatforms === undefined ? null : [[...partnerPlatforms.platforms], partnerPlatforms.wins],
        scopeKey(services),
        passes.map((pass) => [pass.by ?? null, pass.envFile ?? null, sorted(pass.options.environment), sorted(pass.options.buildArgs), scopeKey(pass.options.services)]),
      ]);
      this.log.debug(`${vscode.workspace.asRelativePath(operand.path, false)}: read as ${passes.map((pass) => (pass.by === undefined ? 'itself' : readingWords(pass))).join(', ')}`);
      map.set(this.realPath(operand.path), {
        environment,
        ...(services === undefined ? {} : { services }),
        ...(operand.builtServices === undefined ? {} : { builtServices: operand.builtServices }),
        ...(partnerPlatforms === undefined ? {} : { partnerPlatforms }),
        envPath,
        passes,
        key,
      });
    }
    return built;
  }

  /**
   * Learns which files the Makefiles among `operands` include (`makefilesIncluding`), and watches
   * each of them inside the workspace: a change, creation or deletion builds the index again.
   */
  private async watchMakefileIncludes(operands: readonly BuildOperand[]): Promise<void> {
    const including = new Map<string, string[]>();
    const paths = new Set<string>();
    for (const operand of operands) {
      const includes = operand.options.makefileIncludes;
      if (includes === undefined) continue;
      for (const path of includedPaths(operand.path, includes)) {
        paths.add(path);
        const real = await this.learnRealPath(path);
        including.set(real, [...(including.get(real) ?? []), operand.path]);
      }
    }
    this.includedByMakefiles = including;
    const watched = new Map<string, vscode.Disposable>();
    for (const path of paths) {
      const known = this.includeWatchers.get(path);
      if (known !== undefined) {
        watched.set(path, known);
        this.includeWatchers.delete(path);
        continue;
      }
      if (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path)) === undefined) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(path)), basename(path)));
      const changed = () => this.invalidate();
      watched.set(path, vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)));
    }
    // Those no Makefile includes any more.
    for (const watcher of this.includeWatchers.values()) watcher.dispose();
    this.includeWatchers = watched;
  }

  /** Whether the index reads the workspace file at `uri`: not one the settings leave out, nor in a dependency or build folder. */
  private reads(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)) && !this.excludes(uri);
  }

  /**
   * The readings of the manifests `kustomizations` render renaming an image, and of the
   * kustomizations whose manifests are read with them, added to `map` by real path: the engine's,
   * as `check .` reads the workspace's files (each manifest it reads, the readings of its operand).
   */
  private async withKustomizations(kustomizations: readonly vscode.Uri[], map: Map<string, IncludeReading>): Promise<void> {
    if (kustomizations.length === 0) return;
    const assembly = this.assembly();
    const renders = await kustomizeRenders(
      kustomizations.map((uri) => uri.fsPath),
      assembly,
      (manifest) => this.reads(vscode.Uri.file(manifest)),
    );
    for (const path of new Set([...renders.rendersRead, ...renders.configurations.keys()])) {
      const rendersRead = renders.rendersRead.has(path);
      const configurations = renders.configurations.get(path);
      const options = { ...(await assembly.fileOptions.of(path)), ...(rendersRead ? { rendersRead } : {}), ...(configurations === undefined ? {} : { configurations }) };
      map.set(path, {
        environment: new Map(),
        envPath: null,
        passes: [{ options, main: true }],
        key: JSON.stringify(['kustomization', rendersRead, configurations ?? []]),
        ...(rendersRead ? { rendersRead } : {}),
        ...(configurations === undefined ? {} : { configurations }),
      });
    }
    for (const [manifest, readings] of renders.readings) {
      // A kustomization whose inline patches it renders itself keeps what was said of it above.
      const own = map.get(manifest);
      const passes = kustomizePasses(own?.passes[0].options ?? (await assembly.fileOptions.of(manifest)), readings);
      this.log.debug(`${vscode.workspace.asRelativePath(manifest, false)}: read as ${passes.map((pass) => readingWords(pass)).join(', ')}`);
      map.set(manifest, {
        ...own,
        environment: new Map(),
        envPath: null,
        passes,
        key: JSON.stringify(['kustomize', readings, own?.key ?? null]),
        kustomize: readings[0],
      });
    }
  }

  /** The real path of `path` as it is now (its own when it has none: gone, or not readable), learned for `realPath`. */
  private async learnRealPath(path: string): Promise<string> {
    const real = await workspaceFileAccess.realpath(path).catch(() => path);
    this.realPaths.set(path, real);
    return real;
  }

  /** The real path `path` was last found to have; its own when not learned yet. */
  private realPath(path: string): string {
    return this.realPaths.get(path) ?? path;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const watcher of this.includeWatchers.values()) watcher.dispose();
    this.changed.dispose();
  }
}

/**
 * How the live path reads a GitLab CI file of a pipeline of several files (with the pipeline's
 * variables), or one whose wildcard include matches a file GitLab refuses (with that problem); undefined: alone.
 */
function pipelineReading(operand: BuildOperand): IncludeReading | undefined {
  const { gitlabPipeline: pipeline, includeProblems } = operand.options;
  if (pipeline === undefined && includeProblems === undefined) return undefined;
  return {
    environment: new Map(),
    envPath: null,
    passes: [{ options: operand.options, main: true }],
    key: JSON.stringify(['gitlab', pipeline?.files ?? null, [...(pipeline?.variables ?? [])], includeProblems ?? []]),
    ...(pipeline === undefined ? {} : { gitlabPipeline: pipeline }),
    ...(includeProblems === undefined ? {} : { includeProblems }),
  };
}

/** Every folder holding one of the paths (the keys and the real paths they name), from each path's own up to the root. */
function foldersOf(paths: ReadonlyMap<string, string>): Set<string> {
  const folders = new Set<string>();
  for (const path of new Set([...paths.keys(), ...paths.values()])) {
    for (let folder = dirname(path); !folders.has(folder); folder = dirname(folder)) {
      folders.add(folder);
      if (dirname(folder) === folder) break;
    }
  }
  return folders;
}

function byPath(a: vscode.Uri, b: vscode.Uri): number {
  return a.fsPath < b.fsPath ? -1 : a.fsPath > b.fsPath ? 1 : 0;
}

function sorted(map: ReadonlyMap<string, string> | undefined): [string, string][] {
  return [...(map ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function scopeKey(services: SourceOptions['services']): [string[] | null, string[] | null] {
  return [services?.only === undefined ? null : [...services.only].sort(), services?.except === undefined ? null : [...services.except].sort()];
}

const NONE_SETTLED: ReadonlySet<string> = new Set();

/** The settled problems of every build file, as one comparable string. */
function settledKey(settled: ReadonlyMap<string, ReadonlySet<string>>): string {
  return JSON.stringify([...settled].map(([path, messages]) => [path, [...messages]]).sort());
}
