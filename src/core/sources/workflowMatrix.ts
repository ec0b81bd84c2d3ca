// A workflow job's `strategy.matrix` expanded as GitHub expands it, when the file says it all: the
// cartesian product of its keys' lists (in the order written), combinations matching an `exclude`
// entry removed, then each `include` entry in turn added to every combination whose original
// values it does not overwrite — an added value may be overwritten by a later entry — or, when it
// fits none, added as a combination of its own (GitHub's "Expanding or adding matrix
// configurations"). Each value stays the node it is written as, so that a pin goes where it is
// written. A matrix, list or entry that is an expression, or a match that GitHub's comparison might
// decide otherwise than equality (`"20"` and `20`, letters that differ in case), is not worked out:
// its reason is said instead, never guessed.
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { workflowExpressions } from './findings';
import type { SourceText } from './sourceText';
import { entries, items, lookup } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

/** One run of the job: each matrix key's value, as the node written for it. */
export type Combination = ReadonlyMap<string, Node>;

/** An `include` or `exclude` entry: its keys' values, and where it is written. */
export interface MatrixEntry {
  readonly kind: 'include' | 'exclude';
  readonly values: ReadonlyMap<string, Node>;
  /** One-based line of the entry. */
  readonly line: number;
}

export type Expansion =
  | {
      readonly known: true;
      readonly combinations: readonly Combination[];
      readonly originals: ReadonlySet<string>;
      /** The entries that matched an original combination: excluded it, or were added to it. */
      readonly matched: readonly MatrixEntry[];
    }
  | { readonly known: false; readonly reason: string }
  | { readonly known: 'none' };

type Same = 'yes' | 'no' | 'unsure';

/** The combinations of the matrix of `job` (`known: 'none'` when it has none), or why they cannot be known from the file. */
export function expandMatrix(doc: YamlDocument, source: SourceText, job: Node, jobId: string): Expansion {
  const strategy = lookup(doc, job, 'strategy');
  const matrix = strategy === undefined ? undefined : isMap(strategy) ? lookup(doc, strategy, 'matrix') : strategy;
  if (matrix === undefined || (isScalar(matrix) && matrix.value === null)) return { known: 'none' };
  const where = `the matrix of job ${jobId}`;
  if (!isMap(matrix)) return { known: false, reason: `${where} is ${expressionOr(source, matrix, 'not a mapping')}` };
  const dimensions: { key: string; values: Node[] }[] = [];
  const matrixEntries: MatrixEntry[] = [];
  for (const [key, node] of entries(doc, matrix)) {
    if (node === undefined) continue;
    const line = source.line(node.range?.[0] ?? 0);
    if (key === 'include' || key === 'exclude') {
      if (!isSeq(node)) return { known: false, reason: `${key} of ${where} (line ${line}) is ${expressionOr(source, node, 'not a list')}` };
      for (const item of items(doc, node)) {
        const itemLine = source.line(item.range?.[0] ?? 0);
        if (!isMap(item)) return { known: false, reason: `an ${key} entry of ${where} (line ${itemLine}) is ${expressionOr(source, item, 'not a mapping')}` };
        matrixEntries.push({ kind: key, values: definedEntries(doc, item), line: itemLine });
      }
      continue;
    }
    if (!isSeq(node)) return { known: false, reason: `${key} of ${where} (line ${line}) is ${expressionOr(source, node, 'not a list')}` };
    dimensions.push({ key, values: items(doc, node) });
  }
  const originals = new Set(dimensions.map((d) => d.key));
  let combinations: Map<string, Node>[] = dimensions.length === 0 ? [] : [new Map()];
  for (const { key, values } of dimensions) combinations = combinations.flatMap((c) => values.map((v) => new Map([...c, [key, v]])));
  const excluded: Map<string, Node>[] = [];
  const matched = new Set<MatrixEntry>();
  for (const entry of matrixEntries.filter((e) => e.kind === 'exclude')) {
    for (const key of entry.values.keys()) {
      if (!originals.has(key)) return { known: false, reason: `the exclude entry on line ${entry.line} names ${key}, which is not a key of ${where}: GitHub refuses it` };
    }
    for (const combination of combinations) {
      const same = matches(doc, combination, entry.values, originals);
      if (same === 'unsure') return unsure(entry, combination);
      if (same === 'no') continue;
      excluded.push(combination);
      matched.add(entry);
    }
  }
  combinations = combinations.filter((c) => !excluded.includes(c));
  const added: Map<string, Node>[] = [];
  for (const entry of matrixEntries.filter((e) => e.kind === 'include')) {
    let fits = false;
    for (const combination of combinations) {
      const same = matches(doc, combination, entry.values, originals);
      if (same === 'unsure') return unsure(entry, combination);
      if (same === 'no') continue;
      fits = true;
      matched.add(entry);
      for (const [key, value] of entry.values) if (!originals.has(key)) combination.set(key, value);
    }
    if (!fits) added.push(new Map(entry.values));
  }
  return { known: true, combinations: [...combinations, ...added], originals, matched: [...matched] };
}

/** A combination in words, for messages: `{os: arm, node: 20}`. */
export function combinationWords(source: SourceText, combination: Combination): string {
  return `{${[...combination].map(([key, node]) => `${key}: ${written(source, node)}`).join(', ')}}`;
}

/** Whether `entry` matches `combination` on every original key it names (an `include` entry adds its other keys). */
export function matches(doc: YamlDocument, combination: Combination, entry: ReadonlyMap<string, Node>, originals: ReadonlySet<string>): Same {
  let result: Same = 'yes';
  for (const [key, value] of entry) {
    if (!originals.has(key)) continue;
    const own = combination.get(key);
    const same = own === undefined ? 'no' : sameValue(doc, own, value);
    if (same === 'no') return 'no';
    if (same === 'unsure') result = 'unsure';
  }
  return result;
}

/** Whether two matrix values are equal as GitHub compares them; `unsure` where its looser comparison might decide otherwise, or a value is an expression. */
export function sameValue(doc: YamlDocument, a: Node, b: Node): Same {
  if (isScalar(a) && isScalar(b)) {
    const [x, y] = [a.value, b.value];
    if ([x, y].some((v) => typeof v === 'string' && workflowExpressions(v).length > 0)) return 'unsure';
    if (x === y) return 'yes';
    if (typeof x === 'string' && typeof y === 'string') return x.toLowerCase() === y.toLowerCase() ? 'unsure' : 'no';
    return String(x).toLowerCase() === String(y).toLowerCase() ? 'unsure' : 'no';
  }
  if (isScalar(a) !== isScalar(b)) return 'no';
  try {
    return JSON.stringify(a.toJS(doc)) === JSON.stringify(b.toJS(doc)) ? 'yes' : 'unsure';
  } catch {
    return 'unsure';
  }
}

/** A mapping's entries that have a value. */
function definedEntries(doc: YamlDocument, node: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const [key, value] of entries(doc, node)) if (value !== undefined) out.set(key, value);
  return out;
}

function unsure(entry: MatrixEntry, combination: Combination): Expansion {
  const keys = [...entry.values.keys()].filter((k) => combination.has(k)).join(', ');
  return { known: false, reason: `whether the ${entry.kind} entry on line ${entry.line} matches a combination cannot be told from the file (its ${keys} is an expression, or differs from the matrix value only in case or type)` };
}

/** `the expression ${{ … }}, known only when the workflow runs` for an expression, else `otherwise`. */
function expressionOr(source: SourceText, node: Node, otherwise: string): string {
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  const expressions = value === undefined ? [] : workflowExpressions(value);
  return expressions.length > 0 ? `the expression ${expressions.join(', ')}, known only when the workflow runs` : `${otherwise} (${written(source, node)})`;
}

function written(source: SourceText, node: Node): string {
  const [start, end] = node.range ?? [0, 0];
  const text = source.text.slice(start, end);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const KEY = '[A-Za-z_][A-Za-z0-9_-]*';
/** `${{ matrix.a.b }}` (or `matrix['a']`), the whole expression. */
export const MATRIX_PATH = new RegExp(String.raw`^\$\{\{\s*matrix((?:\s*\.\s*${KEY}|\s*\[\s*'${KEY}'\s*\])+)\s*\}\}$`);
const SEGMENT = new RegExp(String.raw`\.\s*(${KEY})|\[\s*'(${KEY})'\s*\]`, 'g');

/** The node `${{ matrix.a.b }}` names in `combination`; undefined for any other expression or a missing key. */
export function matrixValue(doc: YamlDocument, expression: string, combination: Combination): Node | undefined {
  const path = MATRIX_PATH.exec(expression);
  if (path === null) return undefined;
  const keys = [...path[1].matchAll(SEGMENT)].map((m) => m[1] ?? m[2]);
  let node: Node | undefined = combination.get(keys[0]);
  for (const key of keys.slice(1)) node = isMap(node) ? lookup(doc, node, key) : undefined;
  return node;
}
