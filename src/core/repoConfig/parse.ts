// Reads a repository config (`.docker-pin.yaml`): YAML text, checked against the schema in
// schemas/docker-pin.schema.json (ajv's generated validator), then what a schema cannot say (a
// platform docker knows, image patterns that parse). Pure: the front doors find and read the file.
// Every problem is reported, each naming the file, its line, the key and what was wrong.
import { LineCounter, parseDocument, type Document } from '../yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { formatPlatform, isKnownPlatform, parsePlatform } from '../platform';
import type { DigestKind, Platform } from '../types';
import { compileImagePattern, type ImagePattern } from './imagePatterns';
import { validate as generated } from './schemaValidator.generated';

/** ajv's generated code, typed as ajv types what it compiles. */
const validate = generated as unknown as ValidateFunction;

/** The names a repository config may have, in the order they are looked for. */
export const CONFIG_NAMES = ['.docker-pin.yaml', '.docker-pin.yml'] as const;

export interface RepoConfig {
  /** The file as the front door names it (in messages, and in the reason an image is ignored). */
  readonly file: string;
  readonly platform?: Platform;
  readonly digestKind?: DigestKind;
  /** Empty when the file sets none. */
  readonly buildArgs: ReadonlyMap<string, string>;
  /** `.gitignore` patterns, relative to the file's directory. */
  readonly ignorePaths: readonly string[];
  readonly ignoreImages: readonly ImagePattern[];
}

/** An invalid config: one line per problem, each naming the file. */
export class RepoConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'RepoConfigError';
  }
}

const KEYS = ['platform', 'digestKind', 'buildArgs', 'ignore'];

/**
 * Keys people may expect from docker's or other tools' configs, which a repository must never set:
 * they could send credentials elsewhere or run programs. Compared without case, `-` and `_`.
 */
const MACHINE_KEYS = new Set([
  'mirrors', 'mirror', 'registrymirrors', 'insecureregistries', 'insecureregistry', 'dockerconfig', 'config', 'credhelpers',
  'credsstore', 'credentialhelpers', 'credentials', 'auths', 'auth', 'proxy', 'proxies', 'httpproxy', 'httpsproxy', 'noproxy',
  'certsd', 'certs', 'cacerts', 'tls',
]);

const MACHINE_MESSAGE =
  'a repository config may not set this: registry mirrors, insecure registries, the docker config, credential helpers and proxies are settings of the machine ' +
  '(--mirror, --insecure-registry, --config and the environment; in VS Code the dockerPin.mirrors, dockerPin.insecureRegistries and dockerPin.dockerConfig settings)';

/** What each key takes, for "is not …" messages; `*` stands for any map key or list index. */
const EXPECTED: readonly [RegExp, string][] = [
  [/^platform$/, 'a platform (os/arch[/variant], e.g. linux/amd64)'],
  [/^digestKind$/, '"platform" or "index"'],
  [/^buildArgs$/, 'a mapping of ARG names to values (GO_VERSION: "1.23")'],
  [/^buildArgs\./, 'a string (build args are text: write numbers in quotes)'],
  [/^ignore$/, 'a mapping with the lists paths and images (ignore: { paths: [vendor/**], images: [registry.internal/*] })'],
  [/^ignore\.(paths|images)$/, 'a list of patterns'],
  [/^ignore\.paths\[/, 'a path pattern (.gitignore syntax)'],
  [/^ignore\.images\[/, 'an image pattern without a digest (registry.internal/*, alpine:edge)'],
];

/** Parses and checks `text`, the content of the config `file`. Throws RepoConfigError. */
export function parseRepoConfig(text: string, file: string): RepoConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => (offset === undefined ? file : `${file}:${lines.linePos(offset).line}`);
  if (doc.errors.length > 0) {
    throw new RepoConfigError(doc.errors.map((e) => `${at(e.pos[0])}: not valid YAML: ${e.message.split('\n')[0]}`));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RepoConfigError([`${file}: must be a mapping of keys (${KEYS.join(', ')}), not ${shown(data, doc, [])}`]);
  }
  if (!validate(data)) {
    throw new RepoConfigError(schemaProblems(validate.errors ?? [], data, doc, at));
  }
  const config = data as { platform?: string; digestKind?: DigestKind; buildArgs?: Record<string, string>; ignore?: { paths?: string[]; images?: string[] } };
  const problems: string[] = [];
  const platform = config.platform === undefined ? undefined : checkedPlatform(config.platform, (why) => problems.push(`${at(offsetOf(doc, ['platform']))}: platform: ${why}`));
  const ignoreImages: ImagePattern[] = [];
  (config.ignore?.images ?? []).forEach((pattern, i) => {
    try {
      ignoreImages.push(compileImagePattern(pattern));
    } catch (error) {
      problems.push(`${at(offsetOf(doc, ['ignore', 'images', i]))}: ignore.images[${i}]: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) throw new RepoConfigError(problems);
  return {
    file,
    ...(platform === undefined ? {} : { platform }),
    ...(config.digestKind === undefined ? {} : { digestKind: config.digestKind }),
    buildArgs: new Map(Object.entries(config.buildArgs ?? {})),
    ignorePaths: config.ignore?.paths ?? [],
    ignoreImages,
  };
}

/** The platform `text` names, when it is one docker knows with both os and architecture; else `why` is told. */
function checkedPlatform(text: string, why: (message: string) => void): Platform | undefined {
  const not = `${JSON.stringify(text)} is not a platform (os/arch[/variant], e.g. linux/amd64)`;
  let platform: Platform;
  try {
    platform = parsePlatform(text);
  } catch {
    why(not);
    return undefined;
  }
  if (!isKnownPlatform(platform)) {
    why(`${not}: docker knows no ${isKnownPlatform({ os: platform.os, architecture: 'amd64' }) ? `architecture "${platform.architecture}"` : `operating system "${platform.os}"`}`);
    return undefined;
  }
  // Normalized, as every platform docker-pin works with (`linux/aarch64` is linux/arm64).
  return parsePlatform(formatPlatform(platform));
}

/** One sentence per problem the schema found, in the file's order. */
function schemaProblems(errors: readonly ErrorObject[], data: object, doc: Document, at: (offset: number | undefined) => string): string[] {
  const found: { offset: number; text: string }[] = [];
  for (const error of errors) {
    const path = pathOf(error.instancePath);
    // The propertyNames error says it; its inner pattern error (naming the same key) would repeat it.
    if (error.propertyName !== undefined) continue;
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const offset = keyOffsetOf(doc, [...path, key]);
      found.push({ offset: offset ?? -1, text: `${at(offset)}: ${keyName([...path, key])}: ${unknownKey(path, key)}` });
    } else if (error.keyword === 'propertyNames') {
      const name = (error.params as { propertyName: string }).propertyName;
      const offset = keyOffsetOf(doc, [...path, name]);
      found.push({ offset: offset ?? -1, text: `${at(offset)}: ${keyName(path)}: ${JSON.stringify(name)} is not an ARG name (letters, digits and _, not starting with a digit)` });
    } else {
      const key = keyName(path);
      const offset = offsetOf(doc, path);
      const expected = EXPECTED.find(([pattern]) => pattern.test(key))?.[1] ?? `what the schema allows (${error.message ?? error.keyword})`;
      found.push({ offset: offset ?? -1, text: `${at(offset)}: ${key}: ${shown(valueAt(data, path), doc, path)} is not ${expected}` });
    }
  }
  const texts = found.sort((a, b) => a.offset - b.offset).map((p) => p.text);
  return [...new Set(texts)];
}

function unknownKey(path: readonly (string | number)[], key: string): string {
  if (path.length === 0 && MACHINE_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''))) return MACHINE_MESSAGE;
  if (path.length === 0) return `unknown key (the keys are ${KEYS.join(', ')})`;
  return `unknown key (${keyName(path)} has ${path[0] === 'ignore' ? 'paths and images' : 'no such key'})`;
}

/** `/ignore/images/2` → `['ignore', 'images', 2]` (JSON pointer, `~1` and `~0` decoded). */
function pathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `ignore.images[2]`, `buildArgs.GO_VERSION`. */
function keyName(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((value, part) => (value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[part] : undefined), data);
}

/** The value as written when it is a scalar (`1.20` stays `1.20`), else what it is. */
function shown(value: unknown, doc: Document, path: readonly (string | number)[]): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  const source = node !== null && typeof node === 'object' && 'source' in node ? (node as { source?: unknown }).source : undefined;
  return typeof source === 'string' && source !== '' ? source : value === null ? 'an empty value' : String(value);
}

function offsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range?.[0] ?? keyOffsetOf(doc, path);
}

/** Where the key that ends `path` is written (a key with an empty value has no value node). */
function keyOffsetOf(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const items = (parent as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const key = (item as { key?: { value?: unknown; range?: [number, number, number] } }).key;
    if (key !== undefined && String(key.value) === String(path[path.length - 1])) return key.range?.[0];
  }
  return undefined;
}
