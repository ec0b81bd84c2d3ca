// GoReleaser's config (`.goreleaser.yaml`): the Dockerfiles its docker builds build, for the
// platforms they build for, and the base images of its ko builds. A `dockers` entry builds its
// `dockerfile` (default `Dockerfile`, from the project root: the config's folder) with `docker
// build` or `buildx build` and the flags of `build_flag_templates`: a `--platform` there is the
// platform the images the Dockerfile names are pulled for (none: the machine's own, the configured
// one), `--build-arg` and `--target` its args and stage. The usual multi-platform setup is one entry
// per platform building the same Dockerfile, so its lines take the index digest. A `dockers_v2`
// entry builds its `dockerfile` for each of its `platforms` (default linux/amd64 and linux/arm64)
// with its `build_args`. A template (`{{ .Env.X }}`) is known only when GoReleaser runs, except
// `{{ .Os }}`, `{{ .Arch }}` and `{{ .Arm }}` in a `dockers` entry, which are its goos, goarch and
// goarm: a build whose platforms a template hides is unresolved at its line, and is kept marked so
// (`DockerfileBuild.hidden`), for a check of the Dockerfile alone to say it. A `kos` entry's
// `base_image` is pinned to the index digest, as ko builds every platform of its `platforms` from
// the base's index (koConfig.ts).
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform, ScanResult, SourceScanOptions } from '../types';
import { Findings, nodePlace, wholeScalar } from './findings';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, writtenScalar, type YamlDocument } from './yamlNodes';

const TEMPLATE = /\{\{[^]*?\}\}/g;

export function scanGoreleaser(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'goreleaser');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    items(doc, lookup(doc, doc.contents, 'dockers')).forEach((entry, at) => {
      const build = dockerBuild(findings, doc, entry, `docker build ${at + 1} (dockers) of the GoReleaser config`);
      if (build !== undefined) builds.push(build);
    });
    items(doc, lookup(doc, doc.contents, 'dockers_v2')).forEach((entry, at) => {
      const build = dockerV2Build(findings, doc, entry, `docker build ${at + 1} (dockers_v2) of the GoReleaser config`);
      if (build !== undefined) builds.push(build);
    });
    for (const entry of items(doc, lookup(doc, doc.contents, 'kos'))) koBase(findings, lookup(doc, entry, 'base_image'));
  }
  return findings.result({ builds });
}

/** A `dockers` entry: its Dockerfile for the `--platform` of its flags (none: the configured one). */
function dockerBuild(findings: Findings, doc: YamlDocument, entry: Node, by: string): DockerfileBuild | undefined {
  const own = (key: string, fallback: string) => stringValue(lookup(doc, entry, key))?.trim() || fallback;
  // What a template may say of the entry's own binary.
  const values = new Map([
    ['Os', own('goos', 'linux')],
    ['Arch', own('goarch', 'amd64')],
    ['Arm', own('goarm', '6')],
  ]);
  const flags = items(doc, lookup(doc, entry, 'build_flag_templates')).flatMap((node) => {
    const flag = stringValue(node);
    return flag === undefined ? [] : [{ node, flag: flag.trim() }];
  });
  const flagValue = (name: string) =>
    flags.flatMap(({ node, flag }) => {
      const match = new RegExp(`^--${name}(?:=|\\s+)(.*)$`).exec(flag);
      return match === null ? [] : [{ node, value: expand(match[1].trim(), values) }];
    });
  const platformFlags = flagValue('platform');
  const platforms: Platform[] = [];
  let hidden: BuildHidden | undefined;
  for (const { node, value } of platformFlags) {
    const platform = platformOf(findings, node, value, by);
    if (platform === 'unknown') return undefined;
    if ('hidden' in platform) {
      hidden = platform.hidden;
      break;
    }
    platforms.push(...platform.platforms);
  }
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  for (const { value } of flagValue('build-arg')) {
    const eq = 'text' in value ? value.text.indexOf('=') : -1;
    if ('text' in value && eq > 0) buildArgs.set(value.text.slice(0, eq), value.text.slice(eq + 1));
    else if ('template' in value) {
      const eqAt = value.written.indexOf('=');
      if (eqAt > 0) unknownArgs.set(value.written.slice(0, eqAt), `GoReleaser fills in its template ${value.template} when it runs`);
    }
  }
  const target = flagValue('target').at(-1)?.value;
  return fileBuild(findings, doc, entry, by, {
    platforms: hidden === undefined ? platforms : [],
    buildArgs,
    unknownArgs,
    ...(target !== undefined && 'text' in target ? { target: target.text } : {}),
    platformsNamed: platformFlags.length > 0,
    ...(hidden === undefined ? {} : { hidden }),
  });
}

/** A `dockers_v2` entry: its Dockerfile for each of its `platforms`. */
function dockerV2Build(findings: Findings, doc: YamlDocument, entry: Node, by: string): DockerfileBuild | undefined {
  // The Dockerfile is rendered as a template first: its text is not the file's.
  if (lookup(doc, entry, 'templated_dockerfile') !== undefined) return undefined;
  const listed = items(doc, lookup(doc, entry, 'platforms'));
  const platforms: Platform[] = listed.length === 0 ? [parsePlatform('linux/amd64'), parsePlatform('linux/arm64')] : [];
  let hidden: BuildHidden | undefined;
  for (const node of listed) {
    const platform = platformOf(findings, node, expand(stringValue(node) ?? '', new Map()), by);
    if (platform === 'unknown') return undefined;
    if ('hidden' in platform) {
      hidden = platform.hidden;
      break;
    }
    platforms.push(...platform.platforms.filter((p) => !platforms.some((q) => platformsEqual(p, q))));
  }
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  for (const [name, node] of entries(doc, lookup(doc, entry, 'build_args'))) {
    const value = isScalar(node) && node.value !== null ? String(node.value) : undefined;
    if (value === undefined) continue;
    const template = value.match(TEMPLATE)?.[0];
    if (template === undefined) buildArgs.set(name, value);
    else unknownArgs.set(name, `GoReleaser fills in its template ${template} when it runs`);
  }
  return fileBuild(findings, doc, entry, by, { platforms: hidden === undefined ? platforms : [], buildArgs, unknownArgs, platformsNamed: true, ...(hidden === undefined ? {} : { hidden }) });
}

type Expanded = { readonly text: string } | { readonly template: string; readonly written: string };

/** `text` with `{{ .Os }}`, `{{ .Arch }}` and `{{ .Arm }}` filled in from `values`; the first other template, if any. */
function expand(text: string, values: ReadonlyMap<string, string>): Expanded {
  let out = text;
  for (const template of text.match(TEMPLATE) ?? []) {
    const field = /^\{\{-?\s*\.(\w+)\s*-?\}\}$/.exec(template)?.[1];
    const value = field === undefined ? undefined : values.get(field);
    if (value === undefined) return { template, written: text };
    out = out.replace(template, value);
  }
  return { text: out };
}

/**
 * The platforms a `--platform` value (a comma-separated list) names; `hidden` once the template it
 * holds is reported (the build is of a Dockerfile it names, which is told of it); 'unknown' once
 * an invalid platform is reported.
 */
function platformOf(findings: Findings, node: Node, value: Expanded, by: string): { platforms: Platform[] } | { hidden: BuildHidden } | 'unknown' {
  const place = nodePlace(findings, node);
  if ('template' in value) {
    const message =
      `the platform of ${by} holds the template ${value.template}, which GoReleaser fills in when it runs, so the platforms its Dockerfile is built for cannot be told: ` +
      `its images are checked for the configured platform, which may not be one of them; write the platform out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
    findings.problem('unresolved', place, message);
    return { hidden: { message, platforms: true } };
  }
  try {
    return {
      platforms: value.text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
        .map(parsePlatform),
    };
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    findings.problem('invalid', place, `the platform of ${by}: ${e.message}`);
    return 'unknown';
  }
}

interface BuildValues {
  readonly platforms: readonly Platform[];
  readonly buildArgs: Map<string, string>;
  readonly unknownArgs: Map<string, string>;
  readonly target?: string;
  /** Whether the entry names its platforms: a Dockerfile a template hides matters then. */
  readonly platformsNamed: boolean;
  /** The platforms are a template's (`platforms` is empty): said at the entry, and to the Dockerfile (`DockerfileBuild.hidden`). */
  readonly hidden?: BuildHidden;
}

/** The build of the entry's `dockerfile` (default `Dockerfile`, from the project root: this file's folder). */
function fileBuild(findings: Findings, doc: YamlDocument, entry: Node, by: string, values: BuildValues): DockerfileBuild | undefined {
  const node = lookup(doc, entry, 'dockerfile');
  const written = stringValue(node)?.trim() || 'Dockerfile';
  const template = written.match(TEMPLATE)?.[0];
  const at = nodePlace(findings, node ?? entry);
  if (template !== undefined) {
    // Platforms it names, or a template's (said at the platform too): any Dockerfile of the repository may be the one.
    if (values.platformsNamed && (values.platforms.length > 0 || values.hidden !== undefined)) {
      const platforms = values.hidden !== undefined ? 'platforms a template gives too' : values.platforms.length > 1 ? 'its platforms' : 'its platform';
      findings.problem(
        'unresolved',
        at,
        `the dockerfile of ${by} holds the template ${template}, which GoReleaser fills in when it runs, so which Dockerfile it builds for ${platforms} cannot be told: ` +
          `its images are checked for the configured platform, which may not be one it is built for; write the dockerfile out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`,
      );
      findings.unnamedDockerfile(at, { by, ...(values.hidden === undefined ? { platforms: values.platforms } : {}) });
    }
    return undefined;
  }
  const range = findings.source.range(at.start, at.end);
  return {
    dockerfile: written,
    context: '.',
    buildArgs: values.buildArgs,
    unknownArgs: values.unknownArgs,
    ...(values.target === undefined ? {} : { target: values.target }),
    platforms: values.platforms,
    range,
    line: range.start.line + 1,
    by,
    ...(values.hidden === undefined ? {} : { hidden: values.hidden }),
  };
}

/** A `kos` entry's `base_image`: pinned to its index, as ko builds each platform from it. */
function koBase(findings: Findings, node: Node | undefined): void {
  const value = stringValue(node);
  if (node === undefined || value === undefined || !isScalar(node)) return;
  const place = nodePlace(findings, node);
  const template = value.match(TEMPLATE)?.[0];
  if (template !== undefined) {
    findings.problem('unresolved', place, `the base_image of a ko build of the GoReleaser config holds the template ${template}, which GoReleaser fills in when it runs: write the image out to pin it, or accept it unpinned with --allow-unresolved`);
    return;
  }
  if (value.startsWith('ko://')) {
    findings.problem('skipped', place, `skipped ${value}: a ko:// base is built from Go source, not pulled from a registry`);
    return;
  }
  const scalar = writtenScalar(findings.source, node, value);
  if ('reason' in scalar) {
    findings.problem('skipped', place, `skipped ${JSON.stringify(value)} (the base_image of a ko build of the GoReleaser config): ${scalar.reason}, so no digest can be inserted safely`);
    return;
  }
  findings.image(wholeScalar(scalar), { source: 'image', expanded: value, digestKind: 'index' });
}
