// A Drone or Woodpecker step that runs a build plugin builds a Dockerfile of the repository, not an
// image of its own: `woodpeckerci/plugin-docker-buildx` (and the thegeeklab buildx plugins it is a
// fork of), Drone's `plugins/docker` family (`plugins/ecr`, `plugins/gcr`, …, `plugins/buildx`), and
// the kaniko plugins (`plugins/kaniko…`, `woodpeckerci/plugin-kaniko`), under any registry, tag or
// digest. The engine reads that Dockerfile as the build uses it (buildScan.ts), for each platform
// it is built for, so a line built for two architectures takes the index digest.
//
// The plugins read their `settings:` as environment variables (`PLUGIN_<NAME>`, the key upper-cased
// with `-` and `.` as `_`; a list joined with commas): `dockerfile` (default `Dockerfile`) and
// `context` (default `.`), both from the step's working folder — the workspace, where the
// repository is checked out, or Woodpecker's `directory:` in it — `build_args` (`NAME=VALUE`, a list
// or a comma-separated string), `build_args_from_env` (names of the step's `environment:`),
// `target`, and the platforms: the buildx plugins' `platforms`, Drone's docker and kaniko plugins'
// `platform` (kaniko's `custom_platform`); woodpeckerci/plugin-kaniko takes none. None given, the
// build is for the agent's own platform (the pipeline's, as its images are read).
//
// A `${VARIABLE}` (which the CI system fills in before the pipeline runs) or a `from_secret:` value is
// known only when the pipeline runs. One hiding the platforms or the stage keeps the build of the
// Dockerfile it names, marked hidden and unresolved at its line; one hiding which Dockerfile it builds,
// for platforms it names, is unresolved at its line and told to the Dockerfiles it may build. A hidden
// Dockerfile built for the agent's platform is left to each Dockerfile's own reading, as a workflow's
// docker/build-push-action step is (buildPushAction.ts).
import { posix } from 'node:path';
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform } from '../types';
import { type Findings, nodePlace } from './findings';
import { pathEnd } from './pathEnd';
import { entries, items, lookup, stringValue, type YamlDocument } from './yamlNodes';

/** What a plugin takes: the settings naming the platforms it builds for (none: the agent's own). */
interface Plugin {
  readonly platformSettings: readonly string[];
}

const BUILDX: Plugin = { platformSettings: ['platforms'] };
const DRONE_DOCKER: Plugin = { platformSettings: ['platform'] };
const DRONE_KANIKO: Plugin = { platformSettings: ['platform', 'custom_platform'] };
const AGENT_ONLY: Plugin = { platformSettings: [] };

/** The build plugins, by the repository path of their image (after any registry host). */
const PLUGINS: ReadonlyMap<string, Plugin> = new Map([
  ['woodpeckerci/plugin-docker-buildx', BUILDX],
  ['woodpecker-plugins/docker-buildx', BUILDX],
  ['thegeeklab/drone-docker-buildx', BUILDX],
  ['thegeeklab/wp-docker-buildx', BUILDX],
  ...['docker', 'ecr', 'gcr', 'acr', 'gar', 'buildx', 'buildx-ecr', 'buildx-gcr', 'buildx-acr', 'buildx-gar'].map((name) => [`plugins/${name}`, DRONE_DOCKER] as const),
  ...['kaniko', 'kaniko-ecr', 'kaniko-gcr', 'kaniko-acr', 'kaniko-gar'].map((name) => [`plugins/${name}`, DRONE_KANIKO] as const),
  ['woodpeckerci/plugin-kaniko', AGENT_ONLY],
  ['woodpecker-plugins/kaniko', AGENT_ONLY],
]);

/** A step image that may be one of the build plugins (engine/mayBuild.ts): a text test, before anything is parsed. */
export const BUILD_PLUGIN = new RegExp([...PLUGINS.keys()].map((name) => name.replace(/[/-]/g, (c) => `\\${c}`)).join('|'), 'i');

/** The build plugin an image reference names, if any. */
export function buildPlugin(image: string): { readonly name: string; readonly plugin: Plugin } | undefined {
  let path = image.trim().toLowerCase().split('@')[0];
  const colon = path.lastIndexOf(':');
  if (colon > path.lastIndexOf('/')) path = path.slice(0, colon);
  for (const [name, plugin] of PLUGINS) if (path === name || path.endsWith(`/${name}`)) return { name, plugin };
  return undefined;
}

/** The step, and what its build is read with. */
export interface PluginStep {
  readonly doc: YamlDocument;
  readonly step: Node;
  /** `step publish of pipeline default`, for messages. */
  readonly what: string;
  /** The agent's platform, when the pipeline says it; undefined: the configured one. */
  readonly platform: Platform | undefined;
  readonly system: 'Drone' | 'Woodpecker';
}

/** A setting's value: its text (a list's items joined with commas), what hides it, or undefined when unset. */
type Setting = { readonly text: string } | { readonly unknown: string } | undefined;

const VARIABLE = /\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

/** The Dockerfile build a step makes, when it runs a build plugin; reports what hides it. */
export function pluginBuild(findings: Findings, at: PluginStep): DockerfileBuild | undefined {
  const { doc, step } = at;
  const imageNode = lookup(doc, step, 'image');
  const image = stringValue(imageNode);
  const found = image === undefined || VARIABLE.test(image) ? undefined : buildPlugin(image);
  if (found === undefined || imageNode === undefined) return undefined;
  const by = `the ${found.name} plugin of ${at.what}`;
  const settings = settingNodes(doc, lookup(doc, step, 'settings'));
  const value = (node: Node | undefined): Setting => settingValue(doc, node, at.system);
  const platformsNode = found.plugin.platformSettings.map((name) => settings.get(name)).find((node) => node !== undefined);
  // Woodpecker runs a step, plugins too, in its `directory:`, a folder of the workspace.
  const directoryNode = at.system === 'Woodpecker' ? lookup(doc, step, 'directory') : undefined;
  const nodes = { directory: directoryNode, dockerfile: settings.get('dockerfile'), platforms: platformsNode, target: settings.get('target') };
  const values = { directory: value(nodes.directory), dockerfile: value(nodes.dockerfile), platforms: value(nodes.platforms), target: value(nodes.target) };
  const text = (setting: Setting, fallback: string): string => (setting !== undefined && 'text' in setting && setting.text.trim() !== '' ? setting.text.trim() : fallback);
  const directory = text(values.directory, '.');
  const dockerfile = text(values.dockerfile, 'Dockerfile');
  // An absolute path is of the agent's file system, wherever it checks the repository out.
  if (values.directory !== undefined && 'text' in values.directory && posix.isAbsolute(directory)) values.directory = { unknown: `the absolute path ${directory}, where the agent puts it` };
  if (values.dockerfile !== undefined && 'text' in values.dockerfile && posix.isAbsolute(dockerfile)) values.dockerfile = { unknown: `the absolute path ${dockerfile}, where the agent puts it` };
  const hidden = (['directory', 'dockerfile', 'platforms', 'target'] as const).find((name) => values[name] !== undefined && 'unknown' in values[name]);
  const named = values.platforms === undefined || 'unknown' in values.platforms ? undefined : platformList(findings, nodes.platforms, values.platforms.text, by);
  // An invalid platform, reported.
  if (values.platforms !== undefined && 'text' in values.platforms && named === undefined) return undefined;
  let hiddenBuild: BuildHidden | undefined;
  if (hidden !== undefined) {
    const setting = hidden === 'directory' ? 'directory' : `${hidden} setting`;
    // A Dockerfile it does not say, built for the agent's own platform: left to the reading of each Dockerfile.
    if ((hidden === 'directory' || hidden === 'dockerfile') && nodes.platforms === undefined) return undefined;
    const { unknown } = values[hidden] as { unknown: string };
    const message =
      `the ${setting} of ${by} is ${unknown}, known only when the pipeline runs, so what it builds, and for which platforms, cannot be told: ` +
      `its images are checked for the configured platform, which may not be one it is built for; write the ${setting} out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
    const place = nodePlace(findings, nodes[hidden] as Node);
    findings.problem('unresolved', place, message);
    if (hidden === 'directory' || hidden === 'dockerfile') {
      // The Dockerfiles it may build are told of it: with the platforms it names, and the end of the path it names from a folder it hides.
      const end = hidden === 'directory' ? pathEnd(dockerfile) : undefined;
      findings.unnamedDockerfile(place, { by, ...(named === undefined ? {} : { platforms: named }), ...(end === undefined ? {} : { pathEnd: end }) });
      return undefined;
    }
    // Only the platforms or the stage hidden: the build is of the Dockerfile it names, which is told of it.
    hiddenBuild = { message, platforms: true };
  }
  const platforms = hiddenBuild === undefined ? (named ?? []) : [];
  const target = hiddenBuild === undefined ? text(values.target, '') : '';
  // The context decides no image of the build, only what it copies: a hidden one is the working folder here.
  const contextSetting = value(settings.get('context'));
  const context = contextSetting !== undefined && 'unknown' in contextSetting ? directory : posix.join(directory, text(contextSetting, '.'));
  const where = nodePlace(findings, nodes.dockerfile ?? imageNode);
  return {
    dockerfile: posix.join(directory, dockerfile),
    context,
    ...buildArgs(doc, settings, lookup(doc, step, 'environment'), at.system),
    ...(target === '' ? {} : { target }),
    platforms,
    ...(platforms.length === 0 && hiddenBuild === undefined && at.platform !== undefined ? { platform: at.platform } : {}),
    // The plugin's builder runs on the agent: `$BUILDPLATFORM` is the agent's, whatever the platforms.
    ...(at.platform === undefined ? {} : { builder: at.platform }),
    fromRepositoryRoot: true,
    range: findings.source.range(where.start, where.end),
    line: findings.source.line(where.start),
    by,
    ...(hiddenBuild === undefined ? {} : { hidden: hiddenBuild }),
  };
}

/** The step's settings by the name the plugin reads them as: lower-cased, `-` and `.` as `_`. */
function settingNodes(doc: YamlDocument, node: Node | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const [key, value] of entries(doc, node)) if (value !== undefined) out.set(key.toLowerCase().replace(/[-.]/g, '_'), value);
  return out;
}

function settingValue(doc: YamlDocument, node: Node | undefined, system: PluginStep['system']): Setting {
  if (node === undefined) return undefined;
  if (isScalar(node)) {
    if (node.value === null || node.value === undefined) return undefined;
    const text = String(node.value);
    const variable = VARIABLE.exec(text)?.[0];
    return variable === undefined ? { text } : { unknown: `${variable}, which ${system} fills in` };
  }
  if (isSeq(node)) {
    const parts: string[] = [];
    for (const item of items(doc, node)) {
      const part = settingValue(doc, item, system);
      if (part === undefined) continue;
      if ('unknown' in part) return part;
      parts.push(part.text);
    }
    return { text: parts.join(',') };
  }
  const secret = stringValue(lookup(doc, node, 'from_secret'));
  return { unknown: secret === undefined ? 'not a string' : `the secret ${secret}` };
}

/** The build args: `build_args` items (`NAME=VALUE`, split at commas as the plugins split them), and `build_args_from_env` names, valued from the step's environment. */
function buildArgs(doc: YamlDocument, settings: ReadonlyMap<string, Node>, environment: Node | undefined, system: PluginStep['system']): Pick<DockerfileBuild, 'buildArgs' | 'unknownArgs'> {
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  const set = (name: string, value: string | undefined, reason: string): void => {
    buildArgs.delete(name);
    unknownArgs.delete(name);
    if (value === undefined) unknownArgs.set(name, reason);
    else buildArgs.set(name, value);
  };
  const node = settings.get('build_args');
  // A mapping the plugins do not read as NAME=VALUE items: each of its names unknown.
  if (isMap(node) && lookup(doc, node, 'from_secret') === undefined) for (const name of entries(doc, node).keys()) set(name, undefined, `its build arg ${name} is written as a mapping, which the plugin does not read as one`);
  const written = isSeq(node) ? items(doc, node).map(stringValue) : [stringValue(node)];
  for (const item of written.flatMap((text) => (text === undefined ? [] : text.split(',')))) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const name = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1);
    const variable = VARIABLE.exec(raw)?.[0];
    set(name, variable === undefined ? raw : undefined, `its build arg is ${variable}, which ${system} fills in when the pipeline runs`);
  }
  const fromEnv = settingValue(doc, settings.get('build_args_from_env'), system);
  for (const name of fromEnv !== undefined && 'text' in fromEnv ? fromEnv.text.split(',').map((n) => n.trim()) : []) {
    if (name === '') continue;
    const value = stringValue(lookup(doc, environment, name));
    set(name, value === undefined || VARIABLE.test(value) ? undefined : value, `its build arg comes from the step's environment variable ${name}, known only when the pipeline runs`);
  }
  return { buildArgs, unknownArgs };
}

/** The platforms a setting names, comma-separated, each once; undefined after reporting an invalid one. */
function platformList(findings: Findings, node: Node | undefined, text: string, by: string): Platform[] | undefined {
  const out: Platform[] = [];
  for (const item of text.split(',').map((p) => p.trim())) {
    if (item === '') continue;
    try {
      const platform = parsePlatform(item);
      if (!out.some((p) => platformsEqual(p, platform))) out.push(platform);
    } catch (e) {
      if (!isDockerPinError(e) || node === undefined) throw e;
      findings.problem('invalid', nodePlace(findings, node), `the platforms of ${by}: ${e.message}`);
      return undefined;
    }
  }
  return out;
}
