// Finds the images a dev container configuration (`devcontainer.json`, JSON with comments and
// trailing commas) names: `image` is an image; `build.dockerfile` (or the legacy top-level
// `dockerFile`, which wins as it does in the devcontainers CLI) names a Dockerfile built with
// `build.args`, `build.target`, the context `build.context` (legacy: top-level `context`; default
// the config's folder) and the `--platform` of `build.options`: it is returned for the engine to
// scan. `image` is run with `runArgs`, so their `--platform` (the last, as docker run reads its
// flags) is the platform it is pulled for. `dockerComposeFile` (a string or a list) names compose files, returned for the engine to
// follow. `features` keys are OCI artifacts, not images: never read. Values holding a dev container
// variable (`${localEnv:…}`, `${localWorkspaceFolderBasename}`, …) are known only on the machine
// that opens the container: reported unresolved, never guessed.
import { parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { isDockerPinError } from '../errors';
import { parsePlatform } from '../platform';
import type { DockerfileBuild, LinkedFile, Platform, ScanResult, SourceScanOptions } from '../types';
import { Findings } from './findings';
import type { Place } from './findings';
import { SourceText } from './sourceText';

/** `${localEnv:NAME}`, `${localWorkspaceFolder}` …: substituted by the tool that opens the container. */
const CONTAINER_VARIABLE = /\$\{[^}]*\}/g;

export function scanDevcontainer(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'devcontainer');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  for (const error of errors) {
    findings.problem(
      'invalid',
      { text: text.slice(error.offset, error.offset + error.length), start: error.offset, end: error.offset + error.length },
      `this is not valid JSON with comments here (${printParseErrorCode(error.error)}); the rest of the file is read as far as it can be`,
    );
  }
  if (root?.type !== 'object') return findings.result();
  const config = properties(root);
  const builds: DockerfileBuild[] = [];
  const linked: LinkedFile[] = [];

  const image = config.get('image');
  if (image !== undefined) imageAt(findings, image, platformOptions(findings, config.get('runArgs'), 'runArgs').at(-1));

  const build = objectOrUndefined(config.get('build'));
  const legacy = config.get('dockerFile');
  const dockerfile = legacy ?? build?.get('dockerfile');
  if (dockerfile?.type === 'string') {
    const context = legacy !== undefined ? config.get('context') : build?.get('context');
    builds.push(dockerfileBuild(findings, dockerfile, context, build));
  }

  const compose = config.get('dockerComposeFile');
  for (const file of compose?.type === 'array' ? (compose.children ?? []) : compose ? [compose] : []) {
    if (file.type !== 'string' || typeof file.value !== 'string') continue;
    linked.push({
      path: file.value,
      kind: 'compose',
      relativeTo: 'file',
      range: source.range(file.offset, file.offset + file.length),
      line: source.line(file.offset),
    });
  }
  return findings.result({ builds, linked });
}

/** An object's properties by name; a repeated name gives its last value, as JSON.parse does. */
function properties(node: JsonNode): Map<string, JsonNode> {
  const out = new Map<string, JsonNode>();
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.type === 'string' && typeof key.value === 'string' && value !== undefined) out.set(key.value, value);
  }
  return out;
}

function objectOrUndefined(node: JsonNode | undefined): Map<string, JsonNode> | undefined {
  return node?.type === 'object' ? properties(node) : undefined;
}

function place(findings: Findings, node: JsonNode): Place {
  return { text: findings.source.text.slice(node.offset, node.offset + node.length), start: node.offset, end: node.offset + node.length };
}

function imageAt(findings: Findings, node: JsonNode, platform: Platform | undefined): void {
  const at = place(findings, node);
  if (node.type !== 'string' || typeof node.value !== 'string') {
    findings.problem('invalid', at, '"image" is not a string, so it names no image');
    return;
  }
  const value = node.value;
  if (value === '') return;
  const variables = value.match(CONTAINER_VARIABLE);
  if (variables !== null) {
    const reason = unknownReason(`"image" ${JSON.stringify(value)}`, variables);
    findings.problem('unresolved', at, `${reason}, so the image cannot be worked out here; write the image out to pin it, or accept it unpinned with --allow-unresolved`);
    return;
  }
  // The string as written must be the value between its quotes, or an insertion could land inside an escape.
  if (at.text.slice(1, -1) !== value) {
    findings.problem('skipped', at, `skipped ${JSON.stringify(value)}: it is written with escapes, so no digest can be inserted safely`);
    return;
  }
  findings.image(at, { source: 'image', expanded: value, ...(platform === undefined ? {} : { platform }) });
}

/** Why a value holding dev container variables is not known here. */
function unknownReason(what: string, variables: readonly string[]): string {
  const unique = [...new Set(variables)];
  // A template's `${templateOption:…}` is filled in when the template is applied, before any container is opened.
  if (unique.every((v) => v.startsWith('${templateOption:'))) {
    return `${what} holds the dev container template option ${unique.join(', ')}, whose value is filled in when the template is applied to a project`;
  }
  return `${what} holds the dev container variable ${unique.join(', ')}, whose value is known only on the machine that opens the container`;
}

function dockerfileBuild(findings: Findings, dockerfile: JsonNode, context: JsonNode | undefined, build: Map<string, JsonNode> | undefined): DockerfileBuild {
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  const argLines = new Map<string, number>();
  for (const [name, value] of objectOrUndefined(build?.get('args')) ?? []) {
    if (typeof value.value !== 'string') continue;
    argLines.set(name, findings.source.line(value.offset));
    const variables = value.value.match(CONTAINER_VARIABLE);
    if (variables === null) buildArgs.set(name, value.value);
    else unknownArgs.set(name, unknownReason(`build arg ${name}`, variables));
  }
  const target = build?.get('target')?.value;
  const at = place(findings, dockerfile);
  return {
    dockerfile: String(dockerfile.value),
    context: typeof context?.value === 'string' && context.value !== '' ? context.value : '.',
    buildArgs,
    unknownArgs,
    ...(argLines.size > 0 ? { argLines } : {}),
    ...(typeof target === 'string' && target !== '' ? { target } : {}),
    platforms: platformOptions(findings, build?.get('options'), 'build.options'),
    range: findings.source.range(at.start, at.end),
    line: findings.source.line(at.start),
  };
}

/**
 * The platforms of `--platform=a,b` or `--platform a,b` in a list of docker arguments (`build.options`
 * for `docker build`, `runArgs` for `docker run`), in the order written.
 */
function platformOptions(findings: Findings, options: JsonNode | undefined, what: string): Platform[] {
  const words = options?.type === 'array' ? (options.children ?? []) : [];
  const platforms: Platform[] = [];
  words.forEach((word, i) => {
    if (typeof word.value !== 'string') return;
    let value: JsonNode | undefined;
    let text: string | undefined;
    if (word.value.startsWith('--platform=')) {
      value = word;
      text = word.value.slice('--platform='.length);
    } else if (word.value === '--platform') {
      value = words[i + 1];
      text = typeof value?.value === 'string' ? value.value : undefined;
    }
    if (value === undefined || text === undefined) return;
    const variables = text.match(CONTAINER_VARIABLE);
    if (variables !== null) {
      findings.problem(
        'unresolved',
        place(findings, value),
        `${unknownReason(`the --platform of ${what}`, variables)}, so the platform its image is pulled for cannot be worked out here: it is checked for the configured one; write the platform out, or accept this with --allow-unresolved`,
      );
      return;
    }
    for (const one of text.split(',')) {
      try {
        platforms.push(parsePlatform(one.trim()));
      } catch (e) {
        if (!isDockerPinError(e)) throw e;
        findings.problem('invalid', place(findings, value), `${what}: ${e.message}`);
      }
    }
  });
  return platforms;
}
