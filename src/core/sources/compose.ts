// The images of a Compose file (the Compose Specification): each service's `image`, the
// `docker-image://` values of a build's `additional_contexts`, its `pre_start` hooks' `image` and
// its `type: image` volumes' `source`. A service's `platform:` fixes the platform its own image
// resolves for; a build's `platforms:` those of its contexts; hooks and volumes are pulled for the
// default platform.
//
// What is not pinned: a service's `image` beside `build:` names the image the build produces
// (whatever `pull_policy` says — `missing`, the default, pulls that name before building, `build`
// and `never` never pull it — the build tags its result with that name, and a tag cannot hold a
// digest), and so does any other service's `image` naming the same thing. Those give no record;
// `composeBuilds` gives what the engine needs to check the Dockerfile that build really uses; a
// build whose context or Dockerfile cannot be worked out is unresolved at its line, marked with the
// platforms it is built for (`ScanProblem.unnamedDockerfile`).
//
// Values are interpolated as Compose does (interpolate.ts) from `options.env`: the environment
// merged with the project's `.env` file (`composeEnvironment`). An image written as exactly one
// variable records where its value is written (`valueAt`): the inline default of
// `${IMAGE:-nginx:1.27}`, or the `.env` line — there, not on the line, is where a pin belongs.
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node, Scalar, YAMLMap } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform } from '../platform';
import { imageName } from '../reference';
import type { ArgValue, ArgValuePlace, ComposeLink, DockerfileBuild, ImageOccurrence, ImageSource, LinkedFile, Platform, Range, ScanProblem, ScanResult, SourceScanOptions, UnnamedDockerfileBuild } from '../types';
import type { DotEnv, DotEnvEntry } from './dotenv';
import { interpolate } from './interpolate';
import type { Interpolation, Lookup } from './interpolate';
import { topLevelServiceMessage, topLevelServices } from './composeTopLevel';
import { afterPrefix, wholeScalar } from './findings';
import type { Place } from './findings';
import { scalarText, writtenString, YamlFile, YamlScan } from './yamlFile';
import type { Entry, YamlDocument } from './yamlFile';

/** The value of one variable Compose interpolates from. */
export interface ComposeValue {
  /** The value; undefined when it cannot be worked out (`unresolved` says why). */
  readonly value?: string;
  readonly unresolved?: string;
  /** The shell environment, or the project's `.env` file (the environment wins, as in Compose). */
  readonly from: 'environment' | 'env-file';
  /** For a value from the `.env` file: its entry there (where it is written). */
  readonly entry?: DotEnvEntry;
}

export interface ComposeScanOptions extends SourceScanOptions {
  /**
   * The variables interpolation reads: the environment merged with the project's `.env` file
   * (`composeEnvironment` builds it). A plain string is a value from the environment. When not
   * given, `environment` is read (values from the environment only).
   */
  readonly env?: ReadonlyMap<string, string | ComposeValue>;
  /**
   * Services of this file that a service of another file extends while building its own image
   * (`extends: {file: this, service: web}` beside `build:`): their `image` names that build's
   * result there, and is not pinned.
   */
  readonly builtServices?: ReadonlySet<string>;
  /**
   * The `platform:` each service has in the file Compose merges with this one (its main compose
   * file, or its override file), as written; `wins`: that file is the override, whose value wins.
   */
  readonly partnerPlatforms?: PartnerPlatforms;
  /** Which of the file's services are read (`ComposeServices`); all when not given. */
  readonly services?: ComposeServices;
  /**
   * The machine docker compose runs the project on, when a CI step's runner of known architecture
   * does (engine/composeRuns.ts): a service without `platform:` pulls (and builds) its image for
   * that platform, and the runner builds every service's image (`$BUILDPLATFORM`).
   */
  readonly runner?: Platform;
}

/**
 * Which services of a compose file a reading reads. A project that extends a service of another
 * file takes that service alone from it, with the services it extends in turn, and none of the
 * file's includes (compose-go loader/extends.go, getExtendsBaseFromFile: SkipInclude, and only
 * `services[ref]` is merged): such a reading reads `only` those. `except`: every service but these.
 */
export interface ComposeServices {
  readonly only?: ReadonlySet<string>;
  readonly except?: ReadonlySet<string>;
}

/**
 * The variables Compose interpolates a project's files with: the `.env` file's entries, each
 * replaced by the environment's value when the environment has one.
 */
export function composeEnvironment(
  environment: ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>,
  dotEnv?: DotEnv,
): Map<string, ComposeValue> {
  const env = new Map<string, ComposeValue>();
  for (const [name, entry] of dotEnv?.entries ?? []) {
    env.set(name, { from: 'env-file', entry, ...(entry.value !== undefined ? { value: entry.value } : { unresolved: entry.unresolved }) });
  }
  const pairs = environment instanceof Map ? [...environment] : Object.entries(environment);
  for (const [name, value] of pairs) if (typeof value === 'string') env.set(name, { value, from: 'environment' });
  return env;
}

/**
 * A service that builds its image, with what the engine needs to check that build's Dockerfile:
 * the fields of a `DockerfileBuild` (paths relative to the compose file's folder), and what only
 * compose has.
 */
export interface ComposeBuild extends Omit<DockerfileBuild, 'dockerfile'> {
  /** The service's name. */
  readonly service: string;
  /**
   * The Dockerfile: `build.dockerfile` (else `Dockerfile`) in the context, relative to the compose
   * file's folder (`./web/docker/Dockerfile.web`); an absolute one as written. Undefined for a
   * `dockerfile_inline` build. `range` is where it is named (`build.dockerfile`, else the `build`
   * key): a missing Dockerfile is reported there.
   */
  readonly dockerfile?: string;
  /** `build.dockerfile_inline`: the Dockerfile's text, and where the value stands in the compose file. */
  readonly dockerfileInline?: { readonly text: string; readonly range: Range };
  /** The `build` key. */
  readonly buildRange: Range;
  /** The service's `platform:`: the platform the built image runs on (and is built for, without `platforms`). */
  readonly platform?: Platform;
  /** The service's `image`: the name the build gives its result, never pinned. */
  readonly image?: string;
  /** The service's `pull_policy`, as written. */
  readonly pullPolicy?: string;
  /** The names `build.additional_contexts` gives (`BuildScan.namedContexts`). */
  readonly namedContexts?: ReadonlySet<string>;
}

export interface ComposeBuilds {
  readonly builds: readonly ComposeBuild[];
  readonly problems: readonly ScanProblem[];
}

/** Every image the compose file pulls, and the places that name one but cannot be pinned. Never throws. */
export function scanCompose(text: string, options: ComposeScanOptions = {}): ScanResult {
  const read = new ComposeReader(text, options);
  const images = read.images();
  return { images, problems: read.problems, ...(read.linked.length > 0 ? { linked: read.linked } : {}) };
}

/** The names of the services of the compose file that have `build:`. Never throws. */
export function servicesBuilding(text: string): Set<string> {
  return new Set(new ComposeReader(text, {}).building);
}

/** The services' `platform:` as written in another file Compose merges with this one (`ComposeScanOptions.partnerPlatforms`). */
export interface PartnerPlatforms {
  readonly platforms: ReadonlyMap<string, string>;
  readonly wins: boolean;
}

/** Each service's `platform:` in the compose file, as written (a string only). Never throws. */
export function servicePlatformsWritten(text: string): Map<string, string> {
  return new ComposeReader(text, {}).platformsWritten;
}

/** The services of the compose file that build their image, with their build's values. Never throws. */
export function composeBuilds(text: string, options: ComposeScanOptions = {}): ComposeBuilds {
  const read = new ComposeReader(text, options);
  return { builds: read.builds, problems: read.problems };
}

/** One service's use of a written image. */
interface Use {
  readonly platform?: Platform;
  /** Why the platform cannot be worked out, when it cannot. */
  readonly platformProblem?: string;
}

/** A scalar that names an image, with every service that uses it. */
interface Site {
  readonly document: YamlDocument;
  readonly node: Scalar;
  readonly source: ImageSource;
  /** For `additional_contexts`: characters of the value before the reference (`name=docker-image://`). */
  readonly prefix: number;
  readonly uses: Use[];
}

const DOCKER_IMAGE = 'docker-image://';

class ComposeReader extends YamlScan {
  readonly builds: ComposeBuild[] = [];
  /** The files `include` and `extends.file` name, for the front door to read. */
  readonly linked: LinkedFile[] = [];
  /** Services with `build:`. */
  readonly building: string[] = [];
  /** Each service's own `platform:`, as written (`servicePlatformsWritten`). */
  readonly platformsWritten = new Map<string, string>();
  private readonly lookup: Lookup;
  private readonly sites = new Map<Scalar, Site>();
  /** Image scalars some service builds: the name of a build's result, never an image to pull. */
  private readonly builtNodes = new Set<Scalar>();
  /** The names builds produce, interpolated. */
  private readonly builtNames = new Set<string>();

  constructor(
    text: string,
    private readonly options: ComposeScanOptions,
  ) {
    super(new YamlFile(text), 'compose');
    const env = options.env ?? options.environment;
    this.lookup = (name) => {
      const found = env?.get(name);
      if (found === undefined || typeof found === 'string') return found;
      return found.value ?? { unknown: `${name} is set from a value that cannot be worked out (${found.unresolved ?? 'unknown'})` };
    };
    this.readDocuments((document) => this.readDocument(document));
  }

  private readDocument(document: YamlDocument): void {
    const root = document.root();
    if (!isMap(root)) return;
    const top = this.entries(document, root);
    const scope = this.options.services;
    if (scope?.only === undefined) this.readIncludes(document, top.get('include'));
    if (scope?.only === undefined) this.reportTopLevelServices(document, top);
    const services = top.get('services')?.value;
    if (!isMap(services)) return;
    const all = this.entries(document, services);
    const read = scope?.only === undefined ? undefined : extendedClosure(document, all, scope.only);
    for (const [name, entry] of all) {
      if (read !== undefined && !read.has(name)) continue;
      if (scope?.except?.has(name) === true) continue;
      if (isMap(entry.value)) this.readService(document, name, entry.value, all);
    }
  }

  private reportTopLevelServices(document: YamlDocument, top: ReadonlyMap<string, Entry>): void {
    for (const entry of topLevelServices(top, (map) => this.entries(document, map))) {
      const [start, end] = entry.keyNode.range ?? [0, 0];
      this.report(this.file.problem('invalid', start, end, topLevelServiceMessage(entry.key)));
    }
  }

  private readService(document: YamlDocument, name: string, service: YAMLMap, services: ReadonlyMap<string, Entry>): void {
    const entries = this.entries(document, service);
    const own = entries.get('platform');
    const ownText = own === undefined || own.value === null ? undefined : scalarText(document, own.value);
    if (ownText !== undefined) this.platformsWritten.set(name, ownText);
    // Compose merges the override over the main file: the override's platform wins, the other file's fills in.
    const partner = this.options.partnerPlatforms;
    const merged = partner?.platforms.get(name);
    const declared = merged !== undefined && (partner?.wins === true || own === undefined || own.value === null) ? this.mergedPlatform(name, merged) : this.servicePlatform(document, own);
    // Run by docker compose on a runner: a service that names no platform runs the runner's.
    const runner = this.options.runner;
    const use = declared.platform === undefined && declared.platformProblem === undefined && runner !== undefined ? { platform: runner } : declared;
    this.readHooks(document, name, entries.get('pre_start'));
    this.readImageVolumes(document, entries.get('volumes'), services);
    const build = entries.get('build');
    const image = entries.get('image');
    const builds = build !== undefined && build.value !== null;
    if (builds) this.building.push(name);
    this.readExtends(document, name, entries.get('extends'), builds);
    const imageNode = image?.value ?? null;
    if (imageNode !== null && !isScalar(imageNode)) {
      const [start, end] = imageNode.range ?? [0, 0];
      this.report(this.file.problem('invalid', start, end, `the image of service ${name} is not a string`));
    }
    const imageScalar = isScalar(imageNode) && imageNode.value !== null ? imageNode : undefined;
    if ((build !== undefined && build.value !== null) || (imageScalar && this.options.builtServices?.has(name))) {
      if (imageScalar) {
        this.builtNodes.add(imageScalar);
        const produced = this.expandQuietly(imageScalar);
        if (produced !== undefined) this.builtNames.add(imageName(produced));
      }
      if (build !== undefined && build.value !== null) this.readBuild(document, name, build, entries, use, imageScalar);
      return;
    }
    if (imageScalar) this.addUse(document, imageScalar, 'image', 0, use);
  }

  /**
   * The images of `pre_start` hooks (Compose 5.4): each runs in a container of its own, pulled for
   * the default platform, not the service's. A hook without `image` runs the service's image.
   */
  private readHooks(document: YamlDocument, service: string, entry: Entry | undefined): void {
    if (!isSeq(entry?.value)) return;
    for (const item of entry.value.items) {
      const hook = this.followed(document, item);
      const image = isMap(hook) ? this.entries(document, hook).get('image')?.value : undefined;
      if (image === undefined || image === null) continue;
      if (isScalar(image) && typeof image.value === 'string') this.addUse(document, image, 'pre-start', 0, {});
      else {
        const [start, end] = image.range ?? [0, 0];
        this.report(this.file.problem('invalid', start, end, `the image of a pre_start hook of service ${service} is not a string`));
      }
    }
  }

  /**
   * The `source` of a `type: image` volume (Compose 2.35): an image Compose pulls and mounts, for
   * the default platform; unless it names a service, whose image it mounts.
   */
  private readImageVolumes(document: YamlDocument, entry: Entry | undefined, services: ReadonlyMap<string, Entry>): void {
    if (!isSeq(entry?.value)) return;
    for (const item of entry.value.items) {
      const volume = this.followed(document, item);
      if (!isMap(volume)) continue;
      const fields = this.entries(document, volume);
      const type = fields.get('type')?.value;
      const source = fields.get('source')?.value;
      if (!isScalar(type) || this.expandQuietly(type) !== 'image' || !isScalar(source) || typeof source.value !== 'string') continue;
      const named = this.expandQuietly(source);
      if (named !== undefined && services.has(named)) continue;
      this.addUse(document, source, 'image-volume', 0, {});
    }
  }

  /**
   * `include:` entries (Compose 2.20): a path, or `path` (one or a list: the first is the
   * project, the others merged over it) with `project_directory` and `env_file`. Each local file
   * is linked; a remote one (git, OCI) is reported, not fetched.
   */
  private readIncludes(document: YamlDocument, entry: Entry | undefined): void {
    if (entry === undefined || entry.value === null) return;
    if (!isSeq(entry.value)) {
      const [start, end] = entry.value.range ?? [0, 0];
      this.report(this.file.problem('invalid', start, end, 'include must be a list of compose files: the files it names cannot be read'));
      return;
    }
    for (const item of entry.value.items) {
      const node = this.followed(document, item);
      if (node === null) continue;
      const fields = isMap(node) ? this.entries(document, node) : undefined;
      const pathNodes = fields === undefined ? [node] : listNodes(fields.get('path')?.value ?? null);
      if (pathNodes.length === 0) {
        const [start, end] = node.range ?? [0, 0];
        this.report(this.file.problem('invalid', start, end, 'this include names no path: Compose refuses it'));
        continue;
      }
      const paths = pathNodes.map((p) => this.linkPath(document, p, 'include'));
      if (paths.some((p) => p === undefined)) continue;
      const projectNode = fields?.get('project_directory')?.value ?? null;
      const project = projectNode === null ? undefined : this.linkPath(document, projectNode, 'include.project_directory');
      if (projectNode !== null && project === undefined) continue;
      const envNodes = listNodes(fields?.get('env_file')?.value ?? null);
      const envFiles = envNodes.map((e) => this.linkPath(document, e, 'include.env_file'));
      if (envFiles.some((e) => e === undefined)) continue;
      const first = (paths[0] as { path: string }).path;
      const projectDirectory = project?.path ?? folderOf(first);
      paths.forEach((p) => {
        const { path, node: at } = p as { path: string; node: Node };
        if (isRemote(path)) {
          const [start, end] = at.range ?? [0, 0];
          this.report(this.file.problem('skipped', start, end, `${path} is a remote compose file (git or OCI), which docker-pin does not fetch: the images it names are not checked; check that project on its own`));
          return;
        }
        this.link(at, path, { via: 'include', projectDirectory, ...(envFiles.length > 0 ? { envFiles: envFiles.map((e) => (e as { path: string }).path) } : {}) });
      });
    }
  }

  /** A service's `extends`: with `file`, that file is linked, read as part of this project. */
  private readExtends(document: YamlDocument, service: string, entry: Entry | undefined, builds: boolean): void {
    if (entry === undefined || entry.value === null || !isMap(entry.value)) return;
    const fields = this.entries(document, entry.value);
    const fileNode = fields.get('file')?.value ?? null;
    if (fileNode === null) return;
    const file = this.linkPath(document, fileNode, `extends.file of service ${service}`);
    if (file === undefined) return;
    const target = fields.get('service')?.value;
    const targetName = target ? scalarText(document, target) : undefined;
    if (isRemote(file.path)) {
      const [start, end] = fileNode.range ?? [0, 0];
      this.report(this.file.problem('skipped', start, end, `${file.path} is a remote compose file, which docker-pin does not fetch: the images it names are not checked`));
      return;
    }
    this.link(fileNode, file.path, { via: 'extends', extender: service, ...(targetName !== undefined ? { service: targetName } : {}), extenderBuilds: builds });
  }

  /** A path an include or extends names, interpolated; undefined (reported) when it cannot be worked out. */
  private linkPath(document: YamlDocument, node: Node, what: string): { path: string; node: Node } | undefined {
    const written = scalarText(document, node);
    const [start, end] = node.range ?? [0, 0];
    if (written === undefined) {
      this.report(this.file.problem('invalid', start, end, `${what} is not a string`));
      return undefined;
    }
    const expanded = interpolate(written, this.lookup);
    if (expanded.value === undefined) {
      this.report(this.file.problem(expanded.invalid ? 'invalid' : 'unresolved', start, end, `${what} cannot be worked out: ${expanded.invalid ?? expanded.unresolved?.message}: the images of the file it names cannot be checked`));
      return undefined;
    }
    return { path: expanded.value, node };
  }

  private link(node: Node, path: string, compose: ComposeLink): void {
    const [start, end] = node.range ?? [0, 0];
    this.linked.push({ path, relativeTo: 'project', kind: 'compose', range: this.file.range(start, end), line: this.file.line(start), compose });
  }

  /** The platform the file Compose merges with this one gives service `name` (`platform` as written there). */
  private mergedPlatform(name: string, written: string): Use {
    return this.platformOf(written, (value) => `the platform ${JSON.stringify(value)} the file merged with this one gives service ${name} is not a platform`);
  }

  /** The platform a service's `platform:` declares; empty (`${DOCKER_PLATFORM:-}`) means none. */
  private servicePlatform(document: YamlDocument, entry: Entry | undefined): Use {
    if (entry === undefined || entry.value === null) return {};
    const written = scalarText(document, entry.value);
    if (written === undefined) return { platformProblem: 'its platform is not a string' };
    const node = entry.value;
    return this.platformOf(written, (value, message) => {
      const [start, end] = node.range ?? [0, 0];
      this.report(this.file.problem('invalid', start, end, message));
      return `its platform ${JSON.stringify(value)} is not a platform`;
    });
  }

  /** `written` interpolated and read as a platform; `notPlatform` says why a value is none (and may report it). */
  private platformOf(written: string, notPlatform: (value: string, message: string) => string): Use {
    const expanded = interpolate(written, this.lookup);
    if (expanded.value === undefined) return { platformProblem: expanded.unresolved?.message ?? expanded.invalid };
    if (expanded.value.trim() === '') return {};
    try {
      return { platform: parsePlatform(expanded.value) };
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      return { platformProblem: notPlatform(expanded.value, e.message) };
    }
  }

  private addUse(document: YamlDocument, node: Scalar, source: ImageSource, prefix: number, use: Use): void {
    const site = this.sites.get(node);
    if (site !== undefined) site.uses.push(use);
    else this.sites.set(node, { document, node, source, prefix, uses: [use] });
  }

  /** `node`'s interpolated value, or undefined when it cannot be worked out. */
  private expandQuietly(node: Scalar): string | undefined {
    return typeof node.value === 'string' ? interpolate(node.value, this.lookup).value : undefined;
  }

  private readBuild(document: YamlDocument, service: string, build: Entry, entries: Map<string, Entry>, use: Use, image: Scalar | undefined): void {
    const [start, end] = build.keyNode.range ?? [0, 0];
    const range = this.file.range(start, end);
    const fields = isMap(build.value) ? this.entries(document, build.value) : new Map<string, Entry>();
    const platforms = this.buildPlatforms(document, service, fields.get('platforms'));
    // A context or Dockerfile it does not say: a Dockerfile read with this file's builds alone may be the one, and is told of it, with the build's platforms.
    const builtFor = platforms.length > 0 ? platforms : use.platform !== undefined ? [use.platform] : use.platformProblem !== undefined ? undefined : [];
    const unnamed: UnnamedDockerfileBuild = { by: `service ${service}`, ...(builtFor === undefined ? {} : { platforms: builtFor }) };
    const text = (entry: Entry | undefined, what: string, hides?: UnnamedDockerfileBuild): { value?: string; failed?: boolean } => {
      if (entry === undefined || entry.value === null) return {};
      const written = scalarText(document, entry.value);
      const [s, e] = entry.value.range ?? [0, 0];
      if (written === undefined) {
        this.report(this.file.problem('invalid', s, e, `${what} of service ${service} is not a string`));
        return { failed: true };
      }
      const expanded = interpolate(written, this.lookup);
      if (expanded.value === undefined) {
        const problem = this.file.problem(expanded.invalid ? 'invalid' : 'unresolved', s, e, `${what} of service ${service} cannot be worked out: ${expanded.invalid ?? expanded.unresolved?.message}`);
        this.report(hides === undefined || expanded.invalid !== undefined ? problem : { ...problem, unnamedDockerfile: hides });
        return { failed: true };
      }
      return { value: expanded.value };
    };
    const context = isScalar(build.value) ? text(build, 'the build context', unnamed) : text(fields.get('context'), 'the build context', unnamed);
    const dockerfile = text(fields.get('dockerfile'), 'build.dockerfile', unnamed);
    const target = text(fields.get('target'), 'build.target');
    this.readContexts(document, fields.get('additional_contexts'), platforms.length > 0 ? platforms.map((p) => ({ platform: p })) : [use]);
    if (context.failed || dockerfile.failed || target.failed) return;
    const contextPath = context.value ?? '.';
    if (/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(contextPath)) {
      this.report(this.file.problem('skipped', start, end, `service ${service} builds from ${contextPath}, a remote context: its Dockerfile is not read here`));
      return;
    }
    const inline = fields.get('dockerfile_inline');
    const inlineText = inline?.value ? scalarText(document, inline.value) : undefined;
    const dockerfileNode = fields.get('dockerfile')?.value;
    const { buildArgs, unknownArgs, argLines, argValues } = this.buildArgs(document, fields.get('args'));
    const pullPolicy = entries.get('pull_policy');
    const namedContexts = this.contextNames(document, fields.get('additional_contexts'));
    this.builds.push({
      service,
      range: dockerfileNode ? this.nodeRange(dockerfileNode) : range,
      line: this.file.line(dockerfileNode?.range?.[0] ?? start),
      buildRange: range,
      context: contextPath,
      ...(inline?.value && inlineText !== undefined
        ? { dockerfileInline: { text: inlineText, range: this.nodeRange(inline.value) } }
        : { dockerfile: inContext(contextPath, dockerfile.value ?? 'Dockerfile') }),
      buildArgs,
      unknownArgs,
      ...(argLines.size > 0 ? { argLines } : {}),
      ...(argValues.size > 0 ? { argValues } : {}),
      ...(target.value !== undefined ? { target: target.value } : {}),
      platforms,
      ...(use.platform ? { platform: use.platform } : {}),
      ...(this.options.runner === undefined ? {} : { builder: this.options.runner }),
      ...(image && this.expandQuietly(image) !== undefined ? { image: this.expandQuietly(image) } : {}),
      ...(pullPolicy?.value ? { pullPolicy: scalarText(document, pullPolicy.value) } : {}),
      ...(namedContexts.size > 0 ? { namedContexts } : {}),
    });
  }

  /** The names of `additional_contexts` (map keys, or the `name` of `name=value` list items). */
  private contextNames(document: YamlDocument, entry: Entry | undefined): Set<string> {
    const value = entry?.value;
    if (isMap(value)) return new Set(this.entries(document, value).keys());
    const names = new Set<string>();
    if (!isSeq(value)) return names;
    for (const item of value.items) {
      const node = this.followed(document, item);
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('=')) names.add(node.value.slice(0, node.value.indexOf('=')));
    }
    return names;
  }

  private nodeRange(node: Node | null | undefined): Range {
    const [start, end] = node?.range ?? [0, 0];
    return this.file.range(start, end);
  }

  private buildPlatforms(document: YamlDocument, service: string, entry: Entry | undefined): Platform[] {
    if (!isSeq(entry?.value)) return [];
    const platforms: Platform[] = [];
    for (const item of entry.value.items) {
      const written = scalarText(document, item);
      const [start, end] = (item as Node).range ?? [0, 0];
      const expanded = written === undefined ? undefined : interpolate(written, this.lookup).value;
      try {
        if (expanded === undefined) throw new Error('it cannot be worked out');
        platforms.push(parsePlatform(expanded));
      } catch (e) {
        this.report(this.file.problem('invalid', start, end, `a build platform of service ${service} is not a platform: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
    return platforms;
  }

  /**
   * `args` as a map (`KEY: value`, `KEY:`) or a list (`KEY=value`, `KEY`), with the line each is
   * given on and, for a value that can take a pin, where the pin goes (`ArgValuePlace`).
   */
  private buildArgs(
    document: YamlDocument,
    entry: Entry | undefined,
  ): { buildArgs: Map<string, string>; unknownArgs: Map<string, string>; argLines: Map<string, number>; argValues: Map<string, ArgValuePlace> } {
    const buildArgs = new Map<string, string>();
    const unknownArgs = new Map<string, string>();
    const argLines = new Map<string, number>();
    const argValues = new Map<string, ArgValuePlace>();
    const give = (name: string, written: string | undefined, node: Node | null, valueStart?: number) => {
      // A name given twice: the last value wins, as in Compose.
      argLines.set(name, this.file.line(node?.range?.[0] ?? 0));
      argValues.delete(name);
      if (written === undefined) {
        // A bare name takes the project environment's value, as `${NAME}` would (the .env line
        // is then where its pin goes); without one the Dockerfile's default stays.
        const inherited = this.lookup(name);
        if (typeof inherited === 'string') buildArgs.set(name, inherited);
        else if (inherited !== undefined) unknownArgs.set(name, inherited.unknown);
        const place = typeof inherited === 'string' ? this.envFilePlace(name) : undefined;
        if (place !== undefined) argValues.set(name, place);
        return;
      }
      const expanded = interpolate(written, this.lookup);
      if (expanded.value !== undefined) buildArgs.set(name, expanded.value);
      else unknownArgs.set(name, expanded.unresolved?.message ?? expanded.invalid ?? 'it cannot be worked out');
      const place = valueStart === undefined ? undefined : this.argValuePlace(written, valueStart);
      if (place !== undefined) argValues.set(name, place);
    };
    const value = entry?.value;
    if (isMap(value)) {
      for (const [name, arg] of this.entries(document, value)) {
        const written = arg.value === null ? undefined : scalarText(document, arg.value);
        give(name, written, arg.value ?? arg.keyNode, written === undefined ? undefined : this.writtenStart(arg.value, written));
      }
    } else if (isSeq(value)) {
      for (const item of value.items) {
        const written = scalarText(document, item);
        if (written === undefined) continue;
        const eq = written.indexOf('=');
        const start = eq < 0 ? undefined : this.writtenStart(item as Node, written);
        give(eq < 0 ? written : written.slice(0, eq), eq < 0 ? undefined : written.slice(eq + 1), item as Node, start === undefined ? undefined : start + eq + 1);
      }
    }
    return { buildArgs, unknownArgs, argLines, argValues };
  }

  /** Where `written`, the text of `node`, starts in the file: only when it stands there as it reads (plain or quoted, no escape, one line). */
  private writtenStart(node: Node | null | undefined, written: string): number | undefined {
    const [start, end] = node?.range ?? [0, 0];
    const source = this.file.text.slice(start, end);
    if (written.includes('\n') || written.includes('\r')) return undefined;
    if (source === written) return start;
    const quote = source[0];
    return (quote === '"' || quote === "'") && source === `${quote}${written}${quote}` && !written.includes('\\') && !written.includes(quote) ? start + 1 : undefined;
  }

  /**
   * Where a build arg's pin goes: at the end of its value as written here, or, for a value that is
   * exactly one variable read from the project's `.env` file, at the end of that line's value.
   */
  private argValuePlace(written: string, start: number): ArgValuePlace | undefined {
    const variable = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(written);
    if (variable === null) return written.includes('$') ? undefined : { at: this.file.range(start, start + written.length).end };
    return this.envFilePlace(variable[1] ?? variable[2]);
  }

  /** Where the pin of variable `name` goes when its value is a literal line of the project's `.env` file. */
  private envFilePlace(name: string): ArgValuePlace | undefined {
    const found = (this.options.env ?? this.options.environment)?.get(name);
    const entry = found === undefined || typeof found === 'string' || found.from !== 'env-file' ? undefined : found.entry;
    if (entry === undefined || !entry.literal) return undefined;
    const quoted = entry.text.length >= 2 && (entry.text[0] === '"' || entry.text[0] === "'");
    return { at: { line: entry.range.end.line, character: entry.range.end.character - (quoted ? 1 : 0) }, file: 'env-file' };
  }

  /** `additional_contexts` values of the form `docker-image://<ref>` (map, or `name=value` list). */
  private readContexts(document: YamlDocument, entry: Entry | undefined, uses: readonly Use[]): void {
    const value = entry?.value;
    const candidates: { node: Scalar; prefix: number }[] = [];
    if (isMap(value)) {
      for (const context of this.entries(document, value).values()) {
        if (isScalar(context.value)) candidates.push({ node: context.value, prefix: 0 });
      }
    } else if (isSeq(value)) {
      for (const item of value.items) {
        const node = this.followed(document, item);
        if (!isScalar(node) || typeof node.value !== 'string') continue;
        const eq = node.value.indexOf('=');
        if (eq >= 0) candidates.push({ node, prefix: eq + 1 });
      }
    }
    for (const { node, prefix } of candidates) {
      if (typeof node.value !== 'string') continue;
      const written = node.value.slice(prefix);
      if (written.startsWith(DOCKER_IMAGE)) {
        for (const use of uses) this.addUse(document, node, 'additional-context', prefix + DOCKER_IMAGE.length, use);
      } else if (written.includes('$') && interpolate(written, this.lookup).value?.startsWith(DOCKER_IMAGE)) {
        const [start, end] = node.range ?? [0, 0];
        this.report(this.file.problem('skipped', start, end, 'this additional context names an image through a variable that holds docker-image:// too: write docker-image:// in the file so the reference after it can be pinned'));
      }
    }
  }

  images(): ImageOccurrence[] {
    const sites = [...this.sites.values()].sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
    const pending: Pending[] = [];
    for (const site of sites) {
      if (this.builtNodes.has(site.node) || !this.readable(site.document, site.node)) continue;
      const read = this.readSite(site);
      if (read !== undefined) pending.push(read);
    }
    const uses = new VariableUses(this.file);
    for (const read of pending) {
      this.findings.image(read.place, {
        source: read.site.source,
        expanded: read.expanded,
        variables: read.expansion.variables,
        usePlatforms: read.site.uses.map((use) => use.platform),
        ...this.placeValue(read, pending, uses),
      });
    }
    return this.findings.images;
  }

  /** What a site names, once its value is worked out; undefined when it cannot be (reported). */
  private readSite(site: Site): Pending | undefined {
    const written = writtenString(this.file, site.node);
    const [nodeStart, nodeEnd] = site.node.range ?? [0, 0];
    if ('reason' in written) {
      this.report(this.file.problem('skipped', nodeStart, nodeEnd, `this image cannot take a pin: ${written.reason}`));
      return undefined;
    }
    const valueStart = written.start + (written.quote === '' ? 0 : 1);
    const raw = written.value.slice(site.prefix);
    const expansion: Interpolation = raw.includes('$') ? interpolate(raw, this.lookup) : { value: raw, variables: [] };
    const offset = valueStart + site.prefix;
    const place = site.prefix === 0 ? wholeScalar(written) : afterPrefix(written, site.prefix);
    if (expansion.value === undefined) {
      const kind = expansion.invalid !== undefined ? 'invalid' : 'unresolved';
      const name = expansion.unresolved?.name;
      const why = expansion.invalid ?? `${expansion.unresolved?.message}: set ${name} in the environment or the .env file, or give it a default (\${${name}:-image:tag})`;
      this.report(this.file.problem(kind, place.start, place.end, `this image cannot be worked out: ${why}`));
      return undefined;
    }
    if (this.builtNames.has(imageName(expansion.value))) return undefined;
    const platformProblem = site.uses.find((use) => use.platformProblem !== undefined)?.platformProblem;
    if (platformProblem !== undefined) {
      this.report(this.file.problem('unresolved', place.start, place.end, `the platform of this image cannot be worked out: ${platformProblem}`));
      return undefined;
    }
    if (expansion.value.trim() === '') {
      this.report(this.file.problem('invalid', place.start, place.end, 'this image is empty'));
      return undefined;
    }
    return { site, place, expansion, expanded: expansion.value, offset };
  }

  /** `valueAt` or `valueRefused` for an image written as exactly one variable. */
  private placeValue(read: Pending, all: readonly Pending[], uses: VariableUses): { valueAt?: ArgValue; valueRefused?: string } {
    const sole = read.expansion.sole;
    if (sole === undefined) return {};
    if (sole.from === 'mixed') return { valueRefused: `the default of ${sole.name} is built from several parts` };
    if (sole.from === 'literal') {
      const start = read.offset + sole.start;
      const end = read.offset + sole.end;
      const platforms = read.site.uses.map((use) => use.platform);
      return { valueAt: { name: sole.name, text: this.file.text.slice(start, end), range: this.file.range(start, end), platforms } };
    }
    const found = (this.options.env ?? this.options.environment)?.get(sole.name);
    if (found === undefined || typeof found === 'string' || found.from === 'environment') {
      return { valueRefused: `${sole.name} comes from the environment, not from a file` };
    }
    const entry = found.entry;
    if (entry === undefined || !entry.literal) {
      return { valueRefused: `${sole.name} in the .env file${entry ? ` (line ${entry.line})` : ''} is built from other variables or written with escapes` };
    }
    // Every image written as exactly this variable shares the one value; any other use of the
    // variable in the file (an environment entry, a build arg, part of a longer value) would
    // carry the digest there too.
    const sharing = all.filter((other) => other.expansion.sole?.from === 'variable' && other.expansion.sole.name === sole.name);
    const elsewhere = uses.lineOfOtherUse(sole.name, new Set(sharing.map((other) => other.site.node)));
    if (elsewhere !== undefined) return { valueRefused: `${sole.name} is also used on line ${elsewhere}, so its value in the .env file cannot take the pin` };
    const everyUse = sharing.flatMap((other) => other.site.uses.map((use) => use.platform));
    return { valueAt: { name: sole.name, text: entry.text, range: entry.range, platforms: everyUse, file: 'env-file' } };
  }
}

/** A site whose value is worked out, waiting for the others before its occurrence is made. */
interface Pending {
  readonly site: Site;
  readonly place: Place;
  readonly expansion: Interpolation;
  readonly expanded: string;
  /** Offset in the file of the interpolated text's first character. */
  readonly offset: number;
}

/** A scalar, or the items of a sequence: `path: a.yaml` and `path: [a.yaml, b.yaml]` alike. */
function listNodes(node: Node | null): Node[] {
  if (node === null) return [];
  return isSeq(node) ? node.items.filter((item): item is Node => item !== null && typeof item === 'object') : [node];
}

/** A git or OCI address (`oci://…`, `git@…`, `https://…`): Compose fetches those, docker-pin does not. */
function isRemote(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) || /^git@/i.test(path);
}

/** The folder of a path as written (`.` for a bare name), `/` or `\\` separated. */
function folderOf(path: string): string {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return at < 0 ? '.' : at === 0 ? path.slice(0, 1) : path.slice(0, at);
}

/** A Dockerfile path given relative to the build context, made relative to the compose file's folder. */
function inContext(context: string, dockerfile: string): string {
  if (/^(?:[\\/]|[A-Za-z]:[\\/])/.test(dockerfile)) return dockerfile;
  const base = context.replace(/[\\/]+$/, '');
  return base === '' || base === '.' ? dockerfile : `${base}/${dockerfile}`;
}

/**
 * Where a compose file names each variable: in any string value (`${NAME}`, `$NAME`), and as a bare
 * `environment` or `build.args` entry (`- NAME`, `NAME:`), which passes the variable on as it is.
 * Worked out once, when an image's value lives in the `.env` file.
 */
class VariableUses {
  private index?: Map<string, { node: Node; offset: number }[]>;

  constructor(private readonly file: YamlFile) {}

  /** The line of a use of `name` by a node other than `allowed`, if any. */
  lineOfOtherUse(name: string, allowed: ReadonlySet<Node>): number | undefined {
    const other = this.build().get(name)?.find((use) => !allowed.has(use.node));
    return other === undefined ? undefined : this.file.line(other.offset);
  }

  private build(): Map<string, { node: Node; offset: number }[]> {
    if (this.index !== undefined) return this.index;
    const index = new Map<string, { node: Node; offset: number }[]>();
    const add = (name: string, node: Node) => {
      const list = index.get(name) ?? [];
      list.push({ node, offset: node.range?.[0] ?? 0 });
      index.set(name, list);
    };
    const walk = (node: unknown, parentKey: string | undefined): void => {
      if (isScalar(node)) {
        if (typeof node.value !== 'string') return;
        if (node.value.includes('$')) for (const name of interpolate(node.value, () => '').variables) add(name, node);
        if ((parentKey === 'environment' || parentKey === 'args') && !node.value.includes('=')) add(node.value, node);
      } else if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
          if ((parentKey === 'environment' || parentKey === 'args') && key !== undefined && (pair.value === null || (isScalar(pair.value) && pair.value.value === null))) {
            add(key, pair.key as Node);
          }
          walk(pair.value, key);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item, parentKey);
      }
    };
    for (const document of this.file.documents) walk(document.doc.contents, undefined);
    this.index = index;
    return index;
  }
}

/** `names` and the services of the same file they extend, in turn (`extends: web`, `extends: {service: web}`). */
function extendedClosure(document: YamlDocument, services: ReadonlyMap<string, Entry>, names: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const next = [...names];
  for (let name = next.pop(); name !== undefined; name = next.pop()) {
    if (found.has(name)) continue;
    found.add(name);
    const service = services.get(name)?.value;
    if (!isMap(service)) continue;
    const extendsNode = document.entries(service).get('extends')?.value ?? null;
    if (extendsNode === null) continue;
    if (!isMap(extendsNode)) {
      const base = scalarText(document, extendsNode);
      if (base !== undefined) next.push(base);
      continue;
    }
    const fields = document.entries(extendsNode);
    if ((fields.get('file')?.value ?? null) !== null) continue;
    const base = fields.get('service')?.value;
    const baseName = base ? scalarText(document, base) : undefined;
    if (baseName !== undefined) next.push(baseName);
  }
  return found;
}
