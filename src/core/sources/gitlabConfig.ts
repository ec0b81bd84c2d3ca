// A `.gitlab-ci.yml` as each job sees it, over the parsed YAML nodes (so every value keeps its
// place in the file): `!reference [job, key, …]` tags point at another part of the file, `extends:`
// (one parent or a list; hidden `.templates` or other jobs; chains) deep-merges the parents'
// mappings under the job's own — mappings merge key by key, anything else is replaced, and of
// several parents the last wins (GitLab's Config::Extendable) — and `default:` (or the older
// top-level `image`/`services`) fills what a job does not set, as far as its `inherit:default`
// lets it. What points outside this file (a parent or a `!reference` from an included file) is
// kept as unknown, with the reason, for the caller to report.
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { entries, items, lookup, resolved, stringValue } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

/** A value as GitLab reads it: a mapping (merged, references followed), another node, or unknown. */
export type Value = MapValue | { readonly kind: 'node'; readonly node: Node } | UnknownValue;

export interface MapValue {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, Value>;
}

export interface UnknownValue {
  readonly kind: 'unknown';
  /** The node that points where this file cannot follow (a `!reference`). */
  readonly node: Node;
  readonly reason: string;
}

const EMPTY: MapValue = { kind: 'map', entries: new Map() };

/** GitLab follows `!reference` tags up to ten levels deep. */
const MAX_REFERENCE_DEPTH = 10;

/** Top-level keys that are not jobs (GitLab's global keywords). */
const GLOBAL_KEYWORDS = new Set(['image', 'services', 'cache', 'before_script', 'after_script', 'variables', 'stages', 'types', 'include', 'default', 'workflow', 'spec']);

/** A job, a hidden template or `default`, with its configuration after `extends`. */
export interface JobContext {
  readonly name: string;
  readonly kind: 'job' | 'template' | 'default';
  readonly config: MapValue;
  /**
   * Parents in its `extends` chain this file cannot give: not in this file (an included file may
   * hold them), or in a loop of `extends` (which GitLab refuses).
   */
  readonly missingParents: readonly string[];
  readonly loopingParents: readonly string[];
}

export class GitlabConfig {
  readonly top: ReadonlyMap<string, Node | undefined>;
  private readonly extended = new Map<string, Extended>();

  constructor(readonly doc: YamlDocument) {
    this.top = entries(doc, doc.contents);
  }

  /** Visible jobs, then hidden templates, then `default`, each with its `extends` resolved. */
  contexts(): JobContext[] {
    const jobs: JobContext[] = [];
    const templates: JobContext[] = [];
    for (const name of this.jobNames()) {
      const { config, missing, looping } = this.resolve(name, []);
      const kind = name.startsWith('.') ? 'template' : 'job';
      (kind === 'template' ? templates : jobs).push({ name, kind, config, missingParents: missing, loopingParents: looping });
    }
    return [...jobs, ...templates, { name: 'default', kind: 'default', config: this.defaults(), missingParents: [], loopingParents: [] }];
  }

  /** The names of its jobs and hidden templates: what an `extends` may name. */
  jobNames(): string[] {
    return [...this.top].filter(([name, node]) => !GLOBAL_KEYWORDS.has(name) && isMap(node)).map(([name]) => name);
  }

  /** `default:`, with the older top-level `image` and `services` where it has none. */
  defaults(): MapValue {
    const own = asMap(this.view(this.top.get('default')));
    const out = new Map(own.entries);
    for (const key of ['image', 'services']) {
      const global = this.top.get(key);
      if (!out.has(key) && global !== undefined) out.set(key, this.view(global));
    }
    return { kind: 'map', entries: out };
  }

  /** The top-level `variables:`. */
  globalVariables(): Value | undefined {
    const node = this.top.get('variables');
    return node === undefined ? undefined : this.view(node);
  }

  /** What a node means once aliases, merge keys and `!reference` tags are followed. */
  view(node: unknown, depth = 0): Value {
    const target = resolved(this.doc, node);
    if (target === undefined) return EMPTY;
    if (isSeq(target) && target.tag === '!reference') return this.reference(target, depth);
    if (isMap(target)) {
      const out = new Map<string, Value>();
      for (const [key, value] of entries(this.doc, target)) if (value !== undefined) out.set(key, this.view(value, depth));
      return { kind: 'map', entries: out };
    }
    return { kind: 'node', node: target };
  }

  /** The items of a list, references followed; a reference to a list is spliced in (one level). */
  list(value: Value | undefined): Value[] {
    if (value === undefined) return [];
    if (value.kind === 'unknown') return [value];
    if (value.kind !== 'node' || !isSeq(value.node)) return [value];
    return items(this.doc, value.node).flatMap((item) => {
      const itemValue = this.view(item);
      return itemValue.kind === 'node' && isSeq(itemValue.node) && isSeq(item) && item.tag === '!reference'
        ? items(this.doc, itemValue.node).map((inner) => this.view(inner))
        : [itemValue];
    });
  }

  private reference(tag: Node, depth: number): Value {
    const keys = items(this.doc, tag).map(stringValue);
    const shown = `!reference [${keys.map((k) => k ?? '?').join(', ')}]`;
    if (depth >= MAX_REFERENCE_DEPTH) return { kind: 'unknown', node: tag, reason: `${shown} is nested more than ${MAX_REFERENCE_DEPTH} levels deep` };
    if (keys.length === 0 || keys.some((k) => k === undefined)) return { kind: 'unknown', node: tag, reason: `${shown} is not a list of keys` };
    let current: unknown = this.doc.contents;
    for (const [i, key] of (keys as string[]).entries()) {
      const next = resolved(this.doc, lookup(this.doc, current, key));
      if (next === undefined) {
        const where = i === 0 ? `${key} is not in this file (it may come from an included file)` : `${keys.slice(0, i).join('.')} has no ${key}`;
        return { kind: 'unknown', node: tag, reason: `${shown} cannot be followed here: ${where}` };
      }
      // A reference on the way is followed first (GitLab resolves nested references).
      current = isSeq(next) && next.tag === '!reference' ? this.referenceNode(next, depth + 1) : next;
      if (current === undefined) return { kind: 'unknown', node: tag, reason: `${shown} cannot be followed here` };
    }
    return this.view(current, depth + 1);
  }

  private referenceNode(tag: Node, depth: number): Node | undefined {
    const value = this.reference(tag, depth);
    return value.kind === 'node' ? value.node : undefined;
  }

  /** A top-level entry with its `extends` chain merged in. */
  private resolve(name: string, stack: readonly string[]): Extended {
    const done = this.extended.get(name);
    if (done !== undefined) return done;
    const own = asMap(this.view(this.top.get(name)));
    const missing: string[] = [];
    const looping: string[] = [];
    let base: MapValue = EMPTY;
    for (const parent of parentNames(own.entries.get('extends'))) {
      if (stack.includes(parent) || parent === name) {
        looping.push(parent);
        continue;
      }
      if (!isMap(resolved(this.doc, this.top.get(parent)))) {
        missing.push(parent);
        continue;
      }
      const resolvedParent = this.resolve(parent, [...stack, name]);
      base = merge(base, resolvedParent.config);
      missing.push(...resolvedParent.missing);
      looping.push(...resolvedParent.looping);
    }
    const ownEntries = new Map(own.entries);
    ownEntries.delete('extends');
    const result = { config: merge(base, { kind: 'map', entries: ownEntries }), missing: [...new Set(missing)], looping: [...new Set(looping)] };
    if (stack.length === 0) this.extended.set(name, result);
    return result;
  }
}

interface Extended {
  readonly config: MapValue;
  readonly missing: string[];
  readonly looping: string[];
}

function asMap(value: Value): MapValue {
  return value.kind === 'map' ? value : EMPTY;
}

/** `extends: .base` or `extends: [.a, .b]`. */
function parentNames(value: Value | undefined): string[] {
  if (value === undefined || value.kind !== 'node') return [];
  const single = stringValue(value.node);
  if (single !== undefined) return [single];
  if (!isSeq(value.node)) return [];
  return value.node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
}

/** GitLab's deep merge: mappings key by key, `over` winning; anything else is replaced by `over`. */
export function merge(base: MapValue, over: MapValue): MapValue;
export function merge(base: Value, over: Value): Value;
export function merge(base: Value, over: Value): Value {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const out = new Map(base.entries);
  for (const [key, value] of over.entries) {
    const old = out.get(key);
    out.set(key, old === undefined ? value : merge(old, value));
  }
  return { kind: 'map', entries: out };
}

/** The value under `key` of a mapping value. */
export function field(value: Value | undefined, key: string): Value | undefined {
  return value?.kind === 'map' ? value.entries.get(key) : undefined;
}
