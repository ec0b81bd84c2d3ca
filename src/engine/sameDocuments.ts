// The second half of the re-read check for YAML and JSONC files: the rewritten file must parse to
// the same documents as the original, node for node, with only the planned digests added to
// scalars. The text is never re-serialized; both texts are parsed and walked side by side, aliases
// compared by name (never expanded, so a file built to explode costs no more than its size).
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode, ParseError } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from '../core/yaml';
import type { YAMLMap } from '../core/yaml';
import { parseDotEnv } from '../core/sources/dotenv';
import type { FileKind } from '../core/types';

/**
 * Why `after` is not `before` with only `digests` (`algo:hex`, each written as `@digest` or
 * `:latest@digest`, or as a kustomize entry's `digest:` field) added or put in place of another,
 * or undefined when it is. `replaced` are the
 * digests the rewrite replaces; they count as absent in `before`. Dockerfiles are checked by their
 * re-scan alone (its parser has no documents to compare).
 */
export function documentsDiffer(kind: FileKind, before: string, after: string, digests: readonly string[]): string | undefined {
  if (kind === 'dockerfile') return undefined;
  const alike = pinsOf(digests);
  if (kind === 'devcontainer') return sameJson(before, after, alike);
  return sameYaml(before, after, alike);
}

/** The same for a compose project's `.env` file: the same entries, their values alike but for the pins. */
export function envFilesDiffer(before: string, after: string, digests: readonly string[]): string | undefined {
  const alike = pinsOf(digests);
  const old = parseDotEnv(before).entries;
  const now = parseDotEnv(after).entries;
  if (old.size !== now.size) return `the .env file would hold ${now.size} values instead of ${old.size}`;
  for (const [name, entry] of old) {
    const value = now.get(name);
    if (value === undefined || !alike(entry.text, value.text)) return `the .env value of ${name} would change beyond its pin`;
  }
  return undefined;
}

/**
 * Whether two values are alike but for the pins. A value that is a whole digest (a kustomize
 * entry's `digest:` field) is alike any other planned digest.
 */
type Alike = ((old: string, now: string) => boolean) & { readonly digests: ReadonlySet<string> };

function pinsOf(digests: readonly string[]): Alike {
  const set = new Set(digests);
  const unique = [...set].map((digest) => digest.replace(/[^A-Za-z0-9]/g, '\\$&'));
  if (unique.length === 0) return Object.assign((old: string, now: string) => old === now, { digests: set });
  const pins = new RegExp(`@(?:${unique.join('|')})`, 'g');
  const latestPins = new RegExp(`(?::latest)?@(?:${unique.join('|')})`, 'g');
  // `:latest` goes with a pin only where no tag was written: a written `:latest` stays when the
  // digest is stripped, so `postgres:latest` → `postgres:latest@…` is alike too.
  const alike = (old: string, now: string) =>
    old.replace(pins, '') === now.replace(pins, '') || old.replace(latestPins, '') === now.replace(latestPins, '') || (set.has(old) && set.has(now));
  return Object.assign(alike, { digests: set });
}

/**
 * True when `now` is `old` with a `digest: <planned digest>` pair added last, as a pin adds to a
 * kustomize `images:` entry that has none.
 */
function digestAdded(old: YAMLMap, now: YAMLMap, alike: Alike): boolean {
  if (now.items.length !== old.items.length + 1 || old.items.some((pair) => isScalar(pair.key) && pair.key.value === 'digest')) return false;
  const added = now.items.at(-1);
  return isScalar(added?.key) && added.key.value === 'digest' && isScalar(added.value) && alike.digests.has(String(added.value.value));
}

function sameYaml(before: string, after: string, alike: Alike): string | undefined {
  const options = { uniqueKeys: false, merge: true, prettyErrors: false, strict: false, keepSourceTokens: false } as const;
  const old = parseAllDocuments(before, options);
  const now = parseAllDocuments(after, options);
  const oldDocs = Array.isArray(old) ? old : [];
  const newDocs = Array.isArray(now) ? now : [];
  if (oldDocs.length !== newDocs.length) return `the rewritten file holds ${newDocs.length} YAML documents instead of ${oldDocs.length}`;
  for (let i = 0; i < oldDocs.length; i++) {
    if (oldDocs[i].errors.length !== newDocs[i].errors.length) return `document ${i + 1} would read with other syntax errors`;
    const why = sameYamlNode(oldDocs[i].contents, newDocs[i].contents, alike, 'document');
    if (why !== undefined) return `document ${i + 1}: ${why}`;
  }
  return undefined;
}

function sameYamlNode(old: unknown, now: unknown, alike: Alike, path: string): string | undefined {
  if (old === null || old === undefined || now === null || now === undefined) return old == now ? undefined : `${path} would change`;
  if (isPair(old) || isPair(now)) {
    if (!isPair(old) || !isPair(now)) return `${path} would change`;
    return sameYamlNode(old.key, now.key, alike, path) ?? sameYamlNode(old.value, now.value, alike, path);
  }
  const meta = (node: unknown) => {
    const n = node as { anchor?: string; tag?: string; type?: string; constructor: unknown };
    return `${String(n.anchor)}\u0000${String(n.tag)}\u0000${String(n.type)}`;
  };
  if (meta(old) !== meta(now) || (old as object).constructor !== (now as object).constructor) return `${path} would change its kind, tag, anchor or style`;
  if (isAlias(old) && isAlias(now)) return old.source === now.source ? undefined : `${path} would name another anchor`;
  if (isScalar(old) && isScalar(now)) {
    if (typeof old.value !== typeof now.value) return `${path} would change its type`;
    const [a, b] = [String(old.value), String(now.value)];
    if (a === b || (typeof old.value === 'string' && alike(a, b))) return undefined;
    return `${path} ${JSON.stringify(a)} would become ${JSON.stringify(b)}`;
  }
  if ((isMap(old) && isMap(now)) || (isSeq(old) && isSeq(now))) {
    if (old.items.length !== now.items.length && !(isMap(old) && isMap(now) && digestAdded(old, now, alike))) return `${path} would hold ${now.items.length} entries instead of ${old.items.length}`;
    for (let i = 0; i < old.items.length; i++) {
      const item: unknown = old.items[i];
      const key = isPair(item) && isScalar(item.key) ? String(item.key.value) : String(i);
      const why = sameYamlNode(item, now.items[i], alike, `${path}.${key}`);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  return `${path} would change`;
}

function sameJson(before: string, after: string, alike: Alike): string | undefined {
  const options = { allowTrailingComma: true, disallowComments: false };
  const oldErrors: ParseError[] = [];
  const newErrors: ParseError[] = [];
  const old = parseTree(before, oldErrors, options);
  const now = parseTree(after, newErrors, options);
  if (oldErrors.length !== newErrors.length) return 'the rewritten file would read with other syntax errors';
  return sameJsonNode(old, now, alike, 'document');
}

function sameJsonNode(old: JsonNode | undefined, now: JsonNode | undefined, alike: Alike, path: string): string | undefined {
  if (old === undefined || now === undefined) return old === now ? undefined : `${path} would change`;
  if (old.type !== now.type) return `${path} would change its type`;
  const [oldChildren, newChildren] = [old.children ?? [], now.children ?? []];
  if (oldChildren.length !== newChildren.length) return `${path} would hold ${newChildren.length} entries instead of ${oldChildren.length}`;
  if (oldChildren.length === 0) {
    if (old.value === now.value) return undefined;
    if (typeof old.value === 'string' && typeof now.value === 'string' && alike(old.value, now.value)) return undefined;
    return `${path} ${JSON.stringify(old.value)} would become ${JSON.stringify(now.value)}`;
  }
  for (let i = 0; i < oldChildren.length; i++) {
    const why = sameJsonNode(oldChildren[i], newChildren[i], alike, `${path}.${i}`);
    if (why !== undefined) return why;
  }
  return undefined;
}
