// A kustomization's `images:` entries (`name`, `newName`, `newTag`, `digest`). Kustomize rewrites
// every image of its resources named `name` to `newName` (or the same name) with `newTag` and
// `digest`: both given make `name:tag@digest`, `newTag` alone drops a digest the manifest had,
// `digest` alone drops its tag (kustomize's imagetag updater). So the pin of such an image belongs
// in the entry's `digest:` field — never after `newTag`, which kustomize would take for a tag.
// This file reads the entries; the scan of the manifests
// (kubernetes.ts) gives each entry that names a whole reference an occurrence whose pin is that
// field (`ImageOccurrence.digestField`, core/pin.ts).
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { parseReference } from '../reference';
import type { ImageReference, Position, Range, ScanProblem } from '../types';
import { writtenString, YamlFile } from './yamlFile';
import type { Entry } from './yamlFile';

/** One field of an entry: its value, and where the value is written (inside any quotes). */
export interface KustomizeField {
  readonly value: string;
  readonly range: Range;
}

export interface KustomizeImage {
  /** The image name kustomize looks for in the resources. */
  readonly name: KustomizeField;
  readonly newName?: KustomizeField;
  readonly newTag?: KustomizeField;
  readonly digest?: KustomizeField;
  /**
   * What the matching images become: `newName` (else `name`) with `newTag` and `digest`.
   * Undefined without `newTag` and `digest`: the tag then comes from each manifest.
   */
  readonly reference?: ImageReference;
  /** The whole entry. */
  readonly range: Range;
  /** One-based line of the entry. */
  readonly line: number;
  /**
   * Where a `digest:` field is added when the entry has none: the text goes at `position`, made of
   * `before` + `digest: <digest>` + `after`. Undefined when no safe place exists (the entry's last
   * value spans several lines): the entry then cannot take a pin.
   */
  readonly insertion?: { readonly position: Position; readonly before: string; readonly after: string };
}

export interface KustomizeImages {
  readonly images: readonly KustomizeImage[];
  readonly problems: readonly ScanProblem[];
}

/** The `images:` entries of a kustomization file. Never throws. */
export function scanKustomization(text: string): KustomizeImages {
  const file = new YamlFile(text);
  const images: KustomizeImage[] = [];
  const problems: ScanProblem[] = [];
  for (const document of file.documents) {
    problems.push(...document.errors());
    const root = document.root();
    if (!isMap(root)) continue;
    const list = document.entries(root, problems).get('images')?.value;
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = document.followed(item, problems);
      if (!isMap(entry)) continue;
      const read = readKustomizeImage(file, document.entries(entry, problems), entry.range ?? [0, 0, 0], Boolean(entry.flow));
      if ('problem' in read) problems.push(read.problem);
      else images.push(read.image);
    }
  }
  return { images, problems };
}

export type KustomizeRead = { readonly image: KustomizeImage } | { readonly problem: ScanProblem };

/** One `images:` entry, from its fields (`document.entries`) and its node's range; `flow` for `{…}`. */
export function readKustomizeImage(file: YamlFile, fields: Map<string, Entry>, [start, end]: readonly number[], flow: boolean): KustomizeRead {
  const field = (key: string): KustomizeField | { problem: ScanProblem } | undefined => {
    const node = fields.get(key)?.value;
    if (!isScalar(node) || node.value === null) return undefined;
    const written = writtenString(file, node, true);
    const [s, e] = node.range ?? [0, 0];
    if ('reason' in written) return { problem: file.problem('skipped', s, e, `the ${key} of this kustomize image cannot be read: ${written.reason}`) };
    const open = written.quote === '' ? 0 : 1;
    return { value: written.value, range: file.range(written.start + open, written.end - open) };
  };
  const read: Partial<Record<'name' | 'newName' | 'newTag' | 'digest', KustomizeField>> = {};
  for (const key of ['name', 'newName', 'newTag', 'digest'] as const) {
    const value = field(key);
    if (value !== undefined && 'problem' in value) return value;
    if (value !== undefined) read[key] = value;
  }
  if (read.name === undefined) return { problem: file.problem('invalid', start, end, 'this kustomize image has no name') };
  let reference: ImageReference | undefined;
  if (read.newTag !== undefined || read.digest !== undefined) {
    const text = `${(read.newName ?? read.name).value}${read.newTag ? `:${read.newTag.value}` : ''}${read.digest ? `@${read.digest.value}` : ''}`;
    try {
      reference = parseReference(text);
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      return { problem: file.problem('invalid', start, end, e.message) };
    }
  }
  const insertion = read.digest === undefined ? insertionPoint(file, fields, flow) : undefined;
  return {
    image: {
      name: read.name,
      ...(read.newName ? { newName: read.newName } : {}),
      ...(read.newTag ? { newTag: read.newTag } : {}),
      ...(read.digest ? { digest: read.digest } : {}),
      ...(reference ? { reference } : {}),
      range: file.range(start, end),
      line: file.line(start),
      ...(insertion ? { insertion } : {}),
    },
  };
}

/**
 * Where a `digest:` field goes: in a flow mapping (`{name: x, newTag: y}`) after the last value,
 * as `, digest: …`; in a block mapping on a new line after the entry's last line, indented as its
 * keys, with the file's line break.
 */
function insertionPoint(file: YamlFile, fields: Map<string, Entry>, flow: boolean): KustomizeImage['insertion'] {
  const own = [...fields.values()];
  const last = own.reduce<Entry | undefined>((a, b) => ((a?.value?.range?.[1] ?? -1) > (b.value?.range?.[1] ?? -1) ? a : b), undefined);
  const lastNode: Node | null | undefined = last?.value;
  if (last === undefined || !lastNode?.range) return undefined;
  const valueEnd = lastNode.range[1];
  if (flow) return { position: positionOf(file, valueEnd), before: ', ', after: '' };
  if (!isScalar(lastNode) || file.line(lastNode.range[0]) !== file.line(valueEnd)) return undefined;
  const keyStart = own[0].keyNode.range?.[0] ?? 0;
  const indent = positionOf(file, keyStart).character;
  const lineBreak = file.text.indexOf('\n', valueEnd);
  const lineEnd = lineBreak < 0 ? file.text.length : file.text[lineBreak - 1] === '\r' ? lineBreak - 1 : lineBreak;
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  return { position: positionOf(file, lineEnd), before: `${eol}${' '.repeat(indent)}`, after: '' };
}

function positionOf(file: YamlFile, offset: number): Position {
  return file.range(offset, offset).start;
}
