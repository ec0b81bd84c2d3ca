// Reading YAML files for the images they name, by source offsets only: the `yaml` package parses
// (anchors, aliases, `<<` merge keys, flow and block style, CRLF), and this file gives the
// sources what they ask of it — a mapping's value under a key, a scalar exactly as written and
// where — without ever serializing anything back.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from '../yaml';
import type { Document, Node, Pair, Scalar, YAMLMap, YAMLSeq } from '../yaml';
import type { ScanProblem } from '../types';
import type { SourceText } from './sourceText';

export type YamlDocument = Document.Parsed;

/**
 * Every document of `text`, and a problem at each place the parser could not read. A document
 * with errors is still returned: what it could read is scanned, and the re-read check after an
 * edit guards the rest. Unknown tags (GitLab's `!reference [...]`) are warnings, not errors:
 * their node keeps its tag and its sequence, for the source to interpret.
 */
export function parseYaml(source: SourceText, version: '1.1' | '1.2' = '1.2'): { docs: YamlDocument[]; problems: ScanProblem[] } {
  const docs = parseAllDocuments(source.text, {
    version,
    merge: true,
    // Real files repeat keys (GitLab accepts them; the last one wins there, as in `lastValue`).
    uniqueKeys: false,
    keepSourceTokens: false,
    prettyErrors: false,
    strict: false,
  });
  const list = Array.isArray(docs) ? docs : [];
  const problems = list.flatMap((doc) =>
    doc.errors.map((error): ScanProblem => {
      const [start, end] = error.pos;
      return {
        kind: 'invalid',
        range: source.range(start, Math.max(start, Math.min(end, start + 1))),
        text: '',
        message: `this is not valid YAML here (${error.message.split('\n')[0]}); the rest of the file is read as far as it can be`,
      };
    }),
  );
  return { docs: list, problems };
}

/** The node an alias stands for; any other node as it is. */
export function resolved(doc: YamlDocument, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target === undefined ? undefined : (target as Node);
  }
  return node === null || node === undefined ? undefined : (node as Node);
}

/** The text of a key scalar (`image`, `jobs`, a job's name); undefined for other keys. */
export function keyName(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const value = key.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const value = key.value;
  return (typeof value === 'symbol' && value.description === '<<') || (value === '<<' && (key.type === undefined || key.type === 'PLAIN'));
}

/**
 * The entries of a mapping as its reader sees them: its own keys (a repeated key: the last one),
 * then the keys brought in by `<<` merge keys that it does not have itself (of several merged
 * mappings, the first that has a key gives it), values with aliases resolved. Keys that are not
 * scalars are left out.
 */
export function entries(doc: YamlDocument, node: unknown, depth = 0): Map<string, Node | undefined> {
  const out = new Map<string, Node | undefined>();
  const map = resolved(doc, node);
  if (!isMap(map) || depth > 20) return out;
  const merged: Map<string, Node | undefined>[] = [];
  for (const pair of (map as YAMLMap<unknown, unknown>).items as Pair<unknown, unknown>[]) {
    if (isMergeKey(pair.key)) {
      const value = resolved(doc, pair.value);
      const sources = isSeq(value) ? (value as YAMLSeq<unknown>).items : [value];
      for (const item of sources) merged.push(entries(doc, item, depth + 1));
      continue;
    }
    const name = keyName(pair.key);
    if (name === undefined) continue;
    // Deleted first so that a repeated key takes the place of its last occurrence.
    out.delete(name);
    out.set(name, resolved(doc, pair.value));
  }
  for (const source of merged) {
    for (const [name, value] of source) if (!out.has(name)) out.set(name, value);
  }
  return out;
}

/** The value under `key` in a mapping (see `entries`), or undefined. */
export function lookup(doc: YamlDocument, node: unknown, key: string): Node | undefined {
  return entries(doc, node).get(key);
}

/** The items of a sequence, aliases resolved; an empty list for anything else. */
export function items(doc: YamlDocument, node: unknown): Node[] {
  const seq = resolved(doc, node);
  if (!isSeq(seq)) return [];
  return (seq as YAMLSeq<unknown>).items.flatMap((item) => {
    const value = resolved(doc, item);
    return value === undefined ? [] : [value];
  });
}

/** The string a scalar holds, or undefined for any other node (numbers, booleans and nulls included). */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar as written: its text (quotes included), its offsets, and its value. */
export interface WrittenScalar {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** The quote it is written in, if any. */
  readonly quote: '"' | "'" | '';
}

/**
 * Where `node` (a string scalar) is written, or why no edit can be made in it: a block scalar, a
 * plain scalar folded over several lines, or a quoted one whose text differs from its value other
 * than by the quotes (escapes, folded lines) cannot take `@sha256:…` after its reference safely.
 */
export function writtenScalar(source: SourceText, node: Scalar, value: string): WrittenScalar | { readonly reason: string } {
  const range = node.range;
  if (range === undefined || range === null) return { reason: 'its place in the file is not known' };
  const [start, end] = range;
  const text = source.text.slice(start, end);
  switch (node.type) {
    case 'PLAIN':
      return text === value ? { text, start, end, value, quote: '' } : { reason: 'it is folded over several lines' };
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE': {
      const quote = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
      return text.length >= 2 && text.slice(1, -1) === value && !/[\r\n]/.test(text)
        ? { text, start, end, value, quote }
        : { reason: 'it is written with escapes or over several lines' };
    }
    default:
      return { reason: 'it is a block scalar (`|` or `>`)' };
  }
}
