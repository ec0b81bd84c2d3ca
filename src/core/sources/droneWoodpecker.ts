// Drone's (`.drone.yml`) and Woodpecker's (`.woodpecker.yml`, `.woodpecker/*.yml`) pipelines: the
// image each step, service and clone step runs — `steps` and `services` as a list of mappings with
// `image` (Drone, Woodpecker) or a mapping of names to them (Woodpecker), and Woodpecker's `clone`.
//
// A pipeline runs on the platform it names: Drone's `platform: {os, arch}` (default linux/amd64),
// Woodpecker's `labels.platform` or `platform: os/arch`, else any agent's, the configured platform.
// A Drone pipeline of another `type` than docker or kubernetes (exec, ssh, digitalocean) runs no
// image. A `${VARIABLE}` or `$VARIABLE` in an image is known only when the pipeline runs. A step
// running a build plugin (pipelinePlugins.ts) builds a Dockerfile of the repository: one build each.
import { isMap, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { formatPlatform, parsePlatform } from '../platform';
import { comparePositions } from '../text';
import type { DockerfileBuild, FileKind, Platform, ScanResult, SourceScanOptions } from '../types';
import { ciImage } from './ciImage';
import { Findings, nodePlace } from './findings';
import { pluginBuild } from './pipelinePlugins';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

const VARIABLE = /\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

export function scanDrone(text: string, _options: SourceScanOptions = {}): ScanResult {
  return scanPipelines(text, 'drone');
}

export function scanWoodpecker(text: string, _options: SourceScanOptions = {}): ScanResult {
  return scanPipelines(text, 'woodpecker');
}

function scanPipelines(text: string, kind: Extract<FileKind, 'drone' | 'woodpecker'>): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, kind);
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const system = kind === 'drone' ? 'Drone' : 'Woodpecker';
  // One build for each distinct reading: the steps of several pipelines often build the same Dockerfile alike.
  const builds = new Map<string, DockerfileBuild>();
  for (const doc of docs) {
    const root = doc.contents ?? undefined;
    if (!isMap(root)) continue;
    if (kind === 'drone') {
      if ((stringValue(lookup(doc, root, 'kind')) ?? 'pipeline') !== 'pipeline') continue;
      const type = stringValue(lookup(doc, root, 'type')) ?? 'docker';
      if (type !== 'docker' && type !== 'kubernetes') continue;
    }
    const name = stringValue(lookup(doc, root, 'name'));
    const pipeline = name === undefined ? 'the pipeline' : `pipeline ${name}`;
    const platform = kind === 'drone' ? dronePlatform(findings, doc, root) : woodpeckerPlatform(findings, doc, root);
    const placeholder = { pattern: VARIABLE, words: (found: string) => `${found}, which ${system} fills in when the pipeline runs` };
    for (const [section, role] of [['steps', 'step'], ['pipeline', 'step'], ['services', 'service'], ['clone', 'clone step']] as const) {
      for (const { key, node } of named(doc, lookup(doc, root, section))) {
        const image = lookup(doc, node, 'image');
        if (image !== undefined) ciImage(findings, image, role === 'service' ? 'service' : 'image', `${role} ${key} of ${pipeline}`, [platform], placeholder);
        if (role !== 'step') continue;
        const build = pluginBuild(findings, { doc, step: node, what: `${role} ${key} of ${pipeline}`, platform, system });
        if (build === undefined) continue;
        const reading = JSON.stringify([build.dockerfile, build.platforms.map(formatPlatform), build.platform && formatPlatform(build.platform), build.builder && formatPlatform(build.builder), build.target, [...build.buildArgs], [...build.unknownArgs.keys()], build.hidden?.message]);
        if (!builds.has(reading)) builds.set(reading, build);
      }
    }
  }
  findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
  findings.problems.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return findings.result(builds.size === 0 ? {} : { builds: [...builds.values()] });
}

/** The entries of a list of mappings (by `name`, else position) or of a mapping of names to them. */
function named(doc: YamlDocument, node: Node | undefined): { key: string; node: Node }[] {
  if (isSeq(node)) return items(doc, node).map((item, at) => ({ key: stringValue(lookup(doc, item, 'name')) ?? `${at + 1}`, node: item }));
  return [...entries(doc, node)].flatMap(([key, value]) => (value === undefined ? [] : [{ key, node: value }]));
}

/** Drone's `platform: {os, arch, variant}`: linux/amd64 unless it says otherwise. */
function dronePlatform(findings: Findings, doc: YamlDocument, root: Node): Platform | undefined {
  const node = lookup(doc, root, 'platform');
  const os = stringValue(lookup(doc, node, 'os'))?.trim() || 'linux';
  const arch = stringValue(lookup(doc, node, 'arch'))?.trim() || 'amd64';
  const variant = stringValue(lookup(doc, node, 'variant'))?.trim();
  return platformOf(findings, node ?? root, `${os}/${arch}${variant ? `/${variant}` : ''}`);
}

/** Woodpecker's `labels.platform`, or the older top-level `platform`: any agent's when none. */
function woodpeckerPlatform(findings: Findings, doc: YamlDocument, root: Node): Platform | undefined {
  const node = lookup(doc, lookup(doc, root, 'labels'), 'platform') ?? lookup(doc, root, 'platform');
  const text = stringValue(node)?.trim();
  return text === undefined || text === '' || node === undefined ? undefined : platformOf(findings, node, text);
}

function platformOf(findings: Findings, node: Node, text: string): Platform | undefined {
  try {
    return parsePlatform(text);
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    findings.problem('invalid', nodePlace(findings, node), `the platform of the pipeline: ${e.message}`);
    return undefined;
  }
}
