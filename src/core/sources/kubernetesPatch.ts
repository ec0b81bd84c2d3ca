// Kustomize's patches. A JSON patch (RFC 6902: a list of operations, in a file a kustomization's
// `patches:` names, or written inline) adds or replaces the containers and images of the resources
// it targets: the `value` of an `add` or `replace` whose `path` ends at a container list, a
// container of one, or a container's `image` is an image kustomize writes into the rendered
// manifest, so it is read (and pinned) where the value is written. A `test` operation compares a
// value, which a digest would make fail: not read.
import { isMap, isSeq } from '../yaml';
import type { YAMLMap } from '../yaml';
import type { ImageSource, KustomizePlace } from '../types';
import { CONTAINER_LISTS } from './kubernetesPlaces';
import { scalarText, YamlFile } from './yamlFile';
import type { YamlDocument } from './yamlFile';

/** What an operation's `value` holds: a list of containers, one container, or an image. */
export interface PatchTarget {
  readonly source: ImageSource;
  readonly holds: 'list' | 'container' | 'image';
}

/** The containers or image an operation writes, or undefined when it writes none. */
export function patchTarget(op: string | undefined, path: string | undefined): PatchTarget | undefined {
  if ((op !== 'add' && op !== 'replace') || path === undefined) return undefined;
  const match = /(?:^|\/)(containers|initContainers|ephemeralContainers)(?:\/(\d+|-)(\/image)?)?$/.exec(path);
  if (match === null) return undefined;
  const source = CONTAINER_LISTS.find(([list]) => list === match[1])?.[1] ?? 'container';
  return { source, holds: match[3] !== undefined ? 'image' : match[2] !== undefined ? 'container' : 'list' };
}

/**
 * Where the image an operation writes stands in the resource it patches, as a kustomize field spec
 * names it (kustomizeConfig.ts): the path's keys (JSON pointer tokens, `~1` and `~0` unescaped)
 * without list indices, ending at the container's `image`. The resource's kind is the patch's
 * target's, which the file does not say.
 */
export function patchImagePlace(path: string, target: PatchTarget): KustomizePlace {
  const keys = path
    .split('/')
    .slice(1)
    .filter((key) => !/^(\d+|-)$/.test(key))
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  return { apiVersion: '', kind: '', path: target.holds === 'image' ? keys : [...keys, 'image'] };
}

/** The operations of a document that is a JSON patch (a list of mappings with `op` and `path`), else undefined. */
export function jsonPatchOperations(document: YamlDocument): { op?: string; path?: string; node: YAMLMap }[] | undefined {
  const root = document.root();
  if (!isSeq(root) || root.items.length === 0) return undefined;
  const operations: { op?: string; path?: string; node: YAMLMap }[] = [];
  for (const item of root.items) {
    const node = document.resolve(item);
    if (!isMap(node)) return undefined;
    const fields = document.entries(node);
    if (!fields.has('op') || !fields.has('path')) return undefined;
    operations.push({ op: scalarText(document, fields.get('op')?.value), path: scalarText(document, fields.get('path')?.value), node });
  }
  return operations;
}

/** True for YAML holding a JSON patch one of whose operations writes a container or an image. */
export function isImagePatch(text: string): boolean {
  return new YamlFile(text).documents.some((document) => jsonPatchOperations(document)?.some(({ op, path }) => patchTarget(op, path) !== undefined) === true);
}
