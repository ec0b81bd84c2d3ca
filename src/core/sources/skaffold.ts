// A Skaffold config (`skaffold.yaml`, `apiVersion: skaffold/…`, `kind: Config`) builds the
// Dockerfile of each of its `build.artifacts` — a `docker` artifact (the default when it names no
// other builder) or a `kaniko` one: its `dockerfile` (default `Dockerfile`) in its `context`
// (default the config's folder), with its `buildArgs` and `target` — for the artifact's `platforms`,
// else the build's `platforms`. None named: Skaffold builds for the cluster's nodes or the local
// machine, the configured platform here. A profile with a `build` section builds its artifacts (its
// own, else the config's) for its platforms (its own, else the config's) when it is activated: its
// builds are read too, and so are those of a profile whose `patches` replace or add an artifact's
// `context`, `dockerfile`, `target` or `platforms`, or the build's `platforms`. A `{{ }}` template
// Skaffold fills in from the environment is known only when it runs: a build whose `target` is one
// is unresolved at its line, and is kept marked so (`DockerfileBuild.hidden`), for a check of the
// Dockerfile alone to say it (Skaffold fills in no `platforms`: a template there is an invalid
// platform). Jib, Bazel, ko and Buildpacks artifacts build no Dockerfile; a custom one built for
// named platforms is unresolved, since its command may build any Dockerfile for them.
import { posix } from 'node:path';
import { isMap } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { formatPlatform, parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform, ScanResult, SourceScanOptions } from '../types';
import { Findings, nodePlace } from './findings';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

/** Artifact fields naming a builder that reads no Dockerfile. */
const OTHER_BUILDERS = ['jib', 'bazel', 'ko', 'buildpacks', 'custom'];
const TEMPLATE = /\{\{[^]*?\}\}/;

export function scanSkaffold(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'skaffold');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds = new Map<string, DockerfileBuild>();
  const add = (build: DockerfileBuild): void => {
    const key = JSON.stringify([build.dockerfile, build.context, [...build.buildArgs], [...build.unknownArgs.keys()], build.target, build.platforms.map(formatPlatform), build.hidden?.message]);
    if (!builds.has(key)) builds.set(key, build);
  };
  for (const doc of docs) {
    if (!/^skaffold\//.test(stringValue(lookup(doc, doc.contents, 'apiVersion')) ?? '')) continue;
    const build = lookup(doc, doc.contents, 'build');
    const platforms = platformsOf(findings, doc, lookup(doc, build, 'platforms'), 'the build');
    const artifacts = lookup(doc, build, 'artifacts');
    for (const artifact of items(doc, artifacts)) artifactBuild(findings, doc, artifact, platforms, 'of the Skaffold config', add);
    for (const profile of items(doc, lookup(doc, doc.contents, 'profiles'))) {
      const name = stringValue(lookup(doc, profile, 'name')) ?? '(unnamed)';
      const patched = patchesOf(findings, doc, lookup(doc, profile, 'patches'), `profile ${name}`);
      if (patched !== undefined) {
        for (const artifact of patched.added) artifactBuild(findings, doc, artifact, patched.platforms ?? platforms, `of profile ${name} of the Skaffold config`, add);
        items(doc, artifacts).forEach((artifact, at) => {
          const override = patched.artifacts.get(at) ?? {};
          if (patched.platforms === undefined && Object.keys(override).length === 0) return;
          artifactBuild(findings, doc, artifact, patched.platforms ?? platforms, `of profile ${name} of the Skaffold config`, add, override);
        });
      }
      const profileBuild = lookup(doc, profile, 'build');
      if (profileBuild === undefined) continue;
      const own = lookup(doc, profileBuild, 'platforms');
      const profilePlatforms = own === undefined ? platforms : platformsOf(findings, doc, own, `profile ${name}`);
      const profileArtifacts = lookup(doc, profileBuild, 'artifacts') ?? artifacts;
      for (const artifact of items(doc, profileArtifacts)) artifactBuild(findings, doc, artifact, profilePlatforms, `of profile ${name} of the Skaffold config`, add);
    }
  }
  return findings.result({ builds: [...builds.values()] });
}

/** The Dockerfile build an artifact makes, if it makes one. */
function artifactBuild(
  findings: Findings,
  doc: YamlDocument,
  artifact: Node,
  inherited: readonly Platform[] | undefined,
  of: string,
  add: (build: DockerfileBuild) => void,
  override: ArtifactOverride = {},
): void {
  if (!isMap(artifact)) return;
  const image = stringValue(lookup(doc, artifact, 'image')) ?? '(unnamed)';
  const by = `artifact ${image} ${of}`;
  const own = lookup(doc, artifact, 'platforms');
  const platforms = override.platforms ?? (own === undefined ? inherited : platformsOf(findings, doc, own, by));
  // An invalid platform, reported.
  if (platforms === undefined) return;
  const custom = lookup(doc, artifact, 'custom');
  if (custom !== undefined && platforms.length > 0) {
    // Skaffold hands the platforms to the command (PLATFORMS), which may build any Dockerfile.
    const place = nodePlace(findings, lookup(doc, custom, 'buildCommand') ?? custom);
    findings.problem(
      'unresolved',
      place,
      `${by} is built by a custom command for ${platforms.map(formatPlatform).join(', ')}: which Dockerfile it builds cannot be told, so its images are checked for the configured platform, which may not be one it is built for; pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`,
    );
    findings.unnamedDockerfile(place, { by, platforms });
    return;
  }
  if (OTHER_BUILDERS.some((key) => lookup(doc, artifact, key) !== undefined)) return;
  const builder = lookup(doc, artifact, 'docker') ?? lookup(doc, artifact, 'kaniko');
  const context = (override.context ?? stringValue(lookup(doc, artifact, 'context')))?.trim() || '.';
  const dockerfileNode = lookup(doc, builder, 'dockerfile');
  const dockerfile = (override.dockerfile ?? stringValue(dockerfileNode))?.trim() || 'Dockerfile';
  const target = (override.target ?? stringValue(lookup(doc, builder, 'target')))?.trim();
  const where = nodePlace(findings, dockerfileNode ?? lookup(doc, artifact, 'image') ?? artifact);
  const hidden = TEMPLATE.test(context) ? 'context' : TEMPLATE.test(dockerfile) ? 'dockerfile' : target !== undefined && TEMPLATE.test(target) ? 'target' : undefined;
  let hiddenBuild: BuildHidden | undefined;
  if (hidden !== undefined) {
    // A Dockerfile it does not say, built for the configured platform: left to the reading of each Dockerfile.
    if (platforms.length === 0 && hidden !== 'target') return;
    const message = `the ${hidden} of ${by} is a template Skaffold fills in when it runs, so what it builds, and for which platforms, cannot be told: its images are checked for the configured platform, which may not be one it is built for; write it out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
    findings.problem('unresolved', where, message);
    // Only the stage hidden: the build is of the Dockerfile it names, which is told of it (its stages' platforms are what cannot be told).
    if (hidden !== 'target') {
      findings.unnamedDockerfile(where, { by, platforms });
      return;
    }
    hiddenBuild = { message, platforms: true };
  }
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  for (const [name, node] of entries(doc, lookup(doc, builder, 'buildArgs'))) {
    const value = stringValue(node);
    // An arg without a value takes the environment's, as `docker build --build-arg NAME` does.
    if (value === undefined || TEMPLATE.test(value)) unknownArgs.set(name, `its build arg ${name} is known only when Skaffold runs`);
    else buildArgs.set(name, value);
  }
  add({
    dockerfile: posix.join(context, dockerfile),
    context,
    buildArgs,
    unknownArgs,
    ...(target === undefined || target === '' || hiddenBuild !== undefined ? {} : { target }),
    platforms: hiddenBuild === undefined ? platforms : [],
    range: findings.source.range(where.start, where.end),
    line: findings.source.line(where.start),
    by,
    ...(hiddenBuild === undefined ? {} : { hidden: hiddenBuild }),
  });
}

/** What a profile's patches change of an artifact's build. */
interface ArtifactOverride {
  context?: string;
  dockerfile?: string;
  target?: string;
  platforms?: Platform[];
}

/** What a profile's patches change: the build's platforms, fields of the config's artifacts by index, and artifacts they add. */
interface Patched {
  platforms?: Platform[];
  readonly artifacts: Map<number, ArtifactOverride>;
  readonly added: Node[];
}

const ARTIFACT_PATCH = /^\/build\/artifacts\/(\d+)\/(?:(context|platforms)|(?:docker|kaniko)\/(dockerfile|target))$/;

/** What a profile's `add` and `replace` patches change of the builds; undefined when they change none of it. */
function patchesOf(findings: Findings, doc: YamlDocument, node: Node | undefined, what: string): Patched | undefined {
  const out: Patched = { artifacts: new Map(), added: [] };
  let changed = false;
  for (const patch of items(doc, node)) {
    const op = stringValue(lookup(doc, patch, 'op'));
    const path = stringValue(lookup(doc, patch, 'path'));
    const value = lookup(doc, patch, 'value');
    if ((op !== 'add' && op !== 'replace') || path === undefined || value === undefined) continue;
    if (/^\/build\/artifacts\/(?:\d+|-)$/.test(path) && isMap(value)) {
      out.added.push(value);
      changed = true;
      continue;
    }
    if (path === '/build/platforms') {
      const platforms = platformsOf(findings, doc, value, what);
      if (platforms !== undefined) out.platforms = platforms;
      changed = true;
      continue;
    }
    const match = ARTIFACT_PATCH.exec(path);
    if (match === null) continue;
    const at = Number(match[1]);
    const override = out.artifacts.get(at) ?? {};
    const field = (match[2] ?? match[3]) as keyof ArtifactOverride;
    if (field === 'platforms') {
      const platforms = platformsOf(findings, doc, value, what);
      if (platforms !== undefined) override.platforms = platforms;
    } else {
      const text = stringValue(value);
      if (text !== undefined) override[field] = text;
    }
    out.artifacts.set(at, override);
    changed = true;
  }
  return changed ? out : undefined;
}

/** The platforms a `platforms` list names; undefined after reporting an invalid one. */
function platformsOf(findings: Findings, doc: YamlDocument, node: Node | undefined, what: string): Platform[] | undefined {
  const out: Platform[] = [];
  for (const item of items(doc, node)) {
    const text = stringValue(item)?.trim();
    if (text === undefined || text === '') continue;
    try {
      const platform = parsePlatform(text);
      if (!out.some((p) => platformsEqual(p, platform))) out.push(platform);
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      findings.problem('invalid', nodePlace(findings, item), `the platforms of ${what}: ${e.message}`);
      return undefined;
    }
  }
  return out;
}
