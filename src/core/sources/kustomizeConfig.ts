// A kustomization's `configurations:` files: transformer configs (kubernetes-sigs/kustomize,
// api/internal/plugins/builtinconfig/transformerconfig.go), whose `images:` field specs add places
// where its images transformer renames an image beyond its own (containers, initContainers and
// pod image volumes): `- path: spec/runLatest/container/image` with `kind: MyKind`
// (examples/transformerconfigs/images). kustomize reads such a file strictly (`UnmarshalStrict`):
// a key it does not know, or a field spec of the wrong shape, fails the build. A field spec selects
// a resource by `group`, `version` and `kind`, each matching any when left out
// (api/filters/fieldspec/fieldspec.go, `isMatchGVK`); its `path` is the keys from the resource's
// root, split at `/` (`\/` a slash in a key), a `[]` after a key only saying it holds a list, whose
// items are each followed on the same path. The other keys (namePrefix, commonLabels,
// nameReference, …) change no image.
import { isMap, isScalar, isSeq, parseAllDocuments } from '../yaml';
import type { KustomizePlace, ScanProblem } from '../types';

/** What is wrong with one `configurations:` entry of a kustomization (the entry's index in the list), found where the file is read. */
export interface ConfigurationProblem {
  readonly index: number;
  readonly kind: ScanProblem['kind'];
  readonly message: string;
}

/** One `images:` field spec of a transformer config. */
export interface ImageFieldSpec {
  /** The keys from the resource's root, as kustomize splits the spec's `path`. */
  readonly path: readonly string[];
  /** The `path` as written, for messages. */
  readonly written: string;
  readonly group?: string;
  readonly version?: string;
  readonly kind?: string;
}

/** The keys of a transformer config (`TransformerConfig`'s fields). */
const CONFIG_KEYS = [
  'namePrefix',
  'nameSuffix',
  'namespace',
  'commonLabels',
  'labels',
  'templateLabels',
  'volumeClaimTemplateLabels',
  'commonAnnotations',
  'nameReference',
  'varReference',
  'images',
  'replicas',
];

/** The keys of a field spec (`FieldSpec`: its inline `Gvk`, `path` and `create`). */
const FIELD_SPEC_KEYS = ['group', 'version', 'kind', 'path', 'create'];

/** The image field specs of a transformer config's text, or why kustomize refuses it. Never throws. */
export function imageFieldSpecs(text: string): { readonly specs: readonly ImageFieldSpec[] } | { readonly error: string } {
  const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(documents)) return { specs: [] };
  const first = documents[0];
  const syntax = documents.flatMap((document) => document.errors)[0];
  if (syntax !== undefined) return { error: `it is not YAML: ${syntax.message.split('\n')[0]}` };
  if (documents.length > 1) return { error: 'it holds several YAML documents, and kustomize reads a transformer config as one' };
  const root = first?.contents ?? null;
  if (root === null || (isScalar(root) && root.value === null)) return { specs: [] };
  if (!isMap(root)) return { error: 'it is not a mapping of transformer field specs (images:, namePrefix:, …)' };
  let images: unknown = null;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined || !CONFIG_KEYS.includes(key)) return { error: `kustomize knows no transformer config field ${key ?? 'written as a non-string key'} (it reads ${CONFIG_KEYS.join(', ')})` };
    if (key === 'images') images = pair.value;
  }
  if (images === null || (isScalar(images) && images.value === null)) return { specs: [] };
  if (!isSeq(images)) return { error: 'its images: is not a list of field specs (- path: spec/image, kind: …)' };
  const specs: ImageFieldSpec[] = [];
  for (const item of images.items) {
    if (!isMap(item)) return { error: 'an entry of its images: is not a field spec (- path: spec/image, kind: …)' };
    const fields = new Map<string, string>();
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!FIELD_SPEC_KEYS.includes(key)) return { error: `a field spec of its images: has ${key === '' ? 'a non-string key' : `the field ${key}`}, which kustomize does not know (it reads ${FIELD_SPEC_KEYS.join(', ')})` };
      const value = isScalar(pair.value) ? pair.value.value : undefined;
      if (key === 'create' ? typeof value !== 'boolean' && value !== null : typeof value !== 'string' && value !== null) {
        return { error: `a field spec of its images: gives ${key} as something other than ${key === 'create' ? 'true or false' : 'a string'}` };
      }
      if (typeof value === 'string' && value !== '') fields.set(key, value);
    }
    const written = fields.get('path');
    if (written === undefined) return { error: 'a field spec of its images: has no path (kustomize then cannot name the field to set)' };
    const path = splitPath(written);
    if (path.some((key) => key === '')) return { error: `the field spec path ${written} of its images: names an empty field` };
    const selector = (key: string) => (fields.has(key) ? { [key]: fields.get(key) } : {});
    specs.push({ path, written, ...selector('group'), ...selector('version'), ...selector('kind') });
  }
  return { specs };
}

/** A field spec's path as kustomize follows it (kyaml/utils PathSplitter, then `[]` taken off each key). */
function splitPath(path: string): string[] {
  const parts = (path.startsWith('/') && path.length > 1 ? path.slice(1) : path).split('/');
  const keys: string[] = [];
  for (const part of parts) {
    const last = keys.length - 1;
    if (last >= 0 && keys[last].endsWith('\\')) keys[last] = `${keys[last].slice(0, -1)}/${part}`;
    else keys.push(part);
  }
  return keys.map((key) => (key.endsWith('[]') ? key.slice(0, -2) : key));
}

/** The paths kustomize's own image field specs name, in any resource (api/konfig/builtinpluginconsts/images.go). */
const DEFAULT_IMAGE_PATHS: readonly string[] = ['spec/volumes/image/reference', 'spec/template/spec/volumes/image/reference'];

/**
 * Whether kustomize's images transformer acts at `place` with no transformer config: an `image`
 * of an entry of a `containers` or `initContainers` list at any depth (its LegacyFilter; not
 * `ephemeralContainers`), or an image volume at `spec/volumes` or `spec/template/spec/volumes`
 * (its default field specs, which also name the containers there).
 */
export function defaultImagePlace(place: KustomizePlace): boolean {
  const { path } = place;
  const list = path[path.length - 2];
  if (path[path.length - 1] === 'image' && (list === 'containers' || list === 'initContainers')) return true;
  return DEFAULT_IMAGE_PATHS.includes(path.join('/'));
}

/** Whether kustomize's images transformer acts at `place` through `spec`. */
export function fieldSpecSelects(spec: ImageFieldSpec, place: KustomizePlace): boolean {
  // kustomize never touches a CustomResourceDefinition's images (api/filters/imagetag/imagetag.go, isOnDenyList).
  if (place.kind === 'CustomResourceDefinition') return false;
  const slash = place.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : place.apiVersion.slice(0, slash);
  const version = slash < 0 ? place.apiVersion : place.apiVersion.slice(slash + 1);
  if ((spec.kind !== undefined && spec.kind !== place.kind) || (spec.group !== undefined && spec.group !== group) || (spec.version !== undefined && spec.version !== version)) return false;
  return spec.path.length === place.path.length && spec.path.every((key, at) => key === place.path[at]);
}
