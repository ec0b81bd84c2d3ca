// Reading a YAML file for its images without ever re-serializing it: eemeli/yaml parses every
// document with source offsets; this file adds what every YAML kind needs on top — aliases followed
// to the node they name (so an image written once under an anchor is one place in the text),
// `<<` merge keys applied with YAML's precedence, repeated keys and syntax errors reported at their
// line without losing the rest. Occurrences are built by findings.ts, as for every other kind.
import { Composer, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Parser } from '../yaml';
import type { Alias, Document, Node, Scalar, YAMLMap } from '../yaml';
import type { FileKind, ScanProblem } from '../types';
import { Findings, unquoted } from './findings';
import { SourceText } from './sourceText';
import { writtenScalar } from './yamlNodes';
import type { WrittenScalar } from './yamlNodes';

// uniqueKeys off: repeated keys are reported here, with their line, instead of failing the
// document. Unknown tags (GitLab's `!reference`) are warnings, never errors.
const PARSE_OPTIONS = { uniqueKeys: false, merge: true, prettyErrors: false, strict: false, keepSourceTokens: false } as const;

/** A part of the text read as one document (a JSON value of a stream). */
export interface JsonPart {
  readonly start: number;
  readonly end: number;
  /** True when the part ends at a syntax error rather than at its closing bracket. */
  readonly stops?: boolean;
}

/** The documents of one part, their node ranges offsets into the whole text. */
function partDocuments(text: string, part: JsonPart): Document.Parsed[] {
  const parser = new Parser();
  parser.offset = part.start;
  return [...new Composer(PARSE_OPTIONS).compose(parser.parse(text.slice(part.start, part.end)), true, part.end)];
}

/** A parsed YAML file: its text with line starts, and its documents. */
export class YamlFile extends SourceText {
  readonly documents: readonly YamlDocument[];

  /**
   * `parts`, for JSON read as the YAML it is (a stream of JSON objects, jsonStream.ts): each part is
   * one document, read from the text between its offsets and placed at them. A part that `stops`
   * is cut at a JSON syntax error: its nodes are read up to there, and its YAML errors are not
   * reported (the JSON error is).
   */
  constructor(text: string, parts?: readonly JsonPart[]) {
    super(text);
    if (parts !== undefined) {
      this.documents = parts.flatMap((part) => partDocuments(text, part).map((doc) => new YamlDocument(this, doc, part.stops ? part.end : undefined)));
      return;
    }
    const parsed = parseAllDocuments(text, PARSE_OPTIONS);
    this.documents = (Array.isArray(parsed) ? parsed : []).map((doc) => new YamlDocument(this, doc));
  }

  problem(kind: ScanProblem['kind'], start: number, end: number, message: string): ScanProblem {
    const at = unquoted({ text: this.text.slice(start, end), start, end });
    return { kind, range: this.range(at.start, at.end), text: at.text, message };
  }
}

/** One key of a mapping, after merges and aliases, with the nodes written for it. */
export interface Entry {
  readonly key: string;
  readonly keyNode: Node;
  /** The value, aliases followed; null for an empty value (`image:`). */
  readonly value: Node | null;
}

export class YamlDocument {
  /** Anchored nodes by name, in document order (an anchor may be defined again further down). */
  private anchors?: Map<string, Node[]>;
  private readonly readMaps = new Map<YAMLMap, { readonly entries: Map<string, Entry>; readonly problems: readonly ScanProblem[] }>();

  constructor(
    readonly file: YamlFile,
    readonly doc: Document.Parsed,
    /** For a JSON part cut at a syntax error: where reading stops. */
    readonly stop?: number,
  ) {}

  /** Syntax errors, each at its place; the document's other nodes are still read. None for a JSON part cut at its own error. */
  errors(): ScanProblem[] {
    if (this.stop !== undefined) return [];
    return [...this.doc.errors].sort((a, b) => a.pos[0] - b.pos[0]).map((error) => {
      const [start, end] = error.pos;
      return this.file.problem('invalid', start, Math.max(start, end), `YAML error on line ${this.file.line(start)}: ${firstLine(error.message)}`);
    });
  }

  /** The document's top node, aliases followed. */
  root(): Node | null {
    return this.resolve(this.doc.contents as Node | null);
  }

  /**
   * The node `node` stands for: an alias is followed to the node its anchor names (the anchor
   * defined last before the alias). Null for a missing node or an alias naming no anchor.
   */
  resolve(node: unknown): Node | null {
    if (!isAlias(node)) return (node as Node | null | undefined) ?? null;
    const alias = node as Alias;
    const candidates = this.anchorIndex().get(alias.source) ?? [];
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: Node | null = null;
    for (const candidate of candidates) if ((candidate.range?.[0] ?? 0) < at) found = candidate;
    return found;
  }

  /**
   * The keys of `map` with merges applied: a key written in the map wins over merged ones, and of
   * several merged maps (`<<: [*a, *b]`) the earlier wins, as YAML's merge key says. A key written
   * twice in one mapping keeps its last value; each repetition is reported in `problems`, and so is
   * an alias naming no anchor.
   */
  entries(map: YAMLMap, problems?: ScanProblem[]): Map<string, Entry> {
    const read = this.read(map, new Set());
    problems?.push(...read.problems);
    return read.entries;
  }

  /**
   * `entries` worked out once per mapping: an anchored mapping merged into many places (or merged
   * twice into each level of a nest built to explode) costs one reading.
   */
  private read(map: YAMLMap, seen: ReadonlySet<Node>): { readonly entries: Map<string, Entry>; readonly problems: readonly ScanProblem[] } {
    const cached = this.readMaps.get(map);
    if (cached !== undefined) return cached;
    const problems: ScanProblem[] = [];
    const own = new Map<string, Entry>();
    const merged: Map<string, Entry>[] = [];
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      if (isMergeKey(keyNode)) {
        for (const source of isSeq(pair.value) ? pair.value.items : [pair.value]) {
          const target = this.followed(source, problems);
          if (!isMap(target) || seen.has(target) || target === map) continue;
          const inner = this.read(target, new Set([...seen, map]));
          merged.push(inner.entries);
          problems.push(...inner.problems);
        }
        continue;
      }
      const key = this.resolve(keyNode);
      if (!isScalar(key) || key.value === null || typeof key.value === 'object') continue;
      const name = String(key.value);
      const previous = own.get(name);
      if (previous !== undefined) {
        const start = keyNode.range?.[0] ?? 0;
        problems.push(
          this.file.problem(
            'invalid',
            start,
            keyNode.range?.[1] ?? start,
            `"${name}" is written twice in one mapping (lines ${this.file.line(previous.keyNode.range?.[0] ?? 0)} and ${this.file.line(start)}); YAML forbids it and Compose and kubectl refuse the file — the last one is read here`,
          ),
        );
      }
      own.set(name, { key: name, keyNode, value: this.followed(pair.value, problems) });
    }
    let entries = own;
    if (merged.length > 0) {
      entries = new Map<string, Entry>();
      for (const source of [...merged].reverse()) for (const [k, v] of source) entries.set(k, v);
      for (const [k, v] of own) entries.set(k, v);
    }
    const read = { entries, problems };
    this.readMaps.set(map, read);
    return read;
  }

  /** `node` with aliases followed; an alias naming no anchor is reported and read as empty. */
  followed(node: unknown, problems?: ScanProblem[]): Node | null {
    const target = this.resolve(node);
    if (target === null && isAlias(node) && problems !== undefined) {
      const alias = node as Alias;
      const [start, end] = alias.range ?? [0, 0];
      problems.push(this.file.problem('invalid', start, end, `*${alias.source} names no anchor defined before it`));
    }
    return target;
  }

  private anchorIndex(): Map<string, Node[]> {
    if (this.anchors !== undefined) return this.anchors;
    const anchors = new Map<string, Node[]>();
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object' || isAlias(node)) return;
      const anchored = node as Node;
      if (anchored.anchor) {
        const list = anchors.get(anchored.anchor) ?? [];
        list.push(anchored);
        anchors.set(anchored.anchor, list);
      }
      if (isMap(node)) {
        for (const pair of node.items) {
          walk(pair.key);
          walk(pair.value);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item);
      }
    };
    walk(this.doc.contents);
    for (const list of anchors.values()) list.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    this.anchors = anchors;
    return anchors;
  }
}

function isMergeKey(node: Node): boolean {
  return isScalar(node) && typeof node.value === 'symbol' && (node.value as symbol).description === '<<';
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

/**
 * What reading a YAML file for images shares between kinds: problems said once each (an anchored
 * mapping is read once for every place that merges it) and sorted by place, and each document read
 * up to its first syntax error — what follows one may be misread, so its images are not reported.
 */
export class YamlScan {
  /** The occurrences found, built as for every kind. */
  protected readonly findings: Findings;
  private readonly problemList: ScanProblem[] = [];
  private readonly reported = new Set<string>();
  private readonly cutoffs = new Map<YamlDocument, number>();

  constructor(
    readonly file: YamlFile,
    fileKind: FileKind,
  ) {
    this.findings = new Findings(file, fileKind);
  }

  /** Calls `read` on every document; a surprise in one is reported and the others still read. */
  protected readDocuments(read: (document: YamlDocument) => void): void {
    for (const document of this.file.documents) {
      const errors = document.errors();
      // The first error is the one to fix; those after it are mostly its consequences.
      if (errors.length > 0) this.report({ ...errors[0], message: `${errors[0].message} (what follows in this document is not read)` });
      this.cutoffs.set(document, document.stop ?? (document.doc.errors.length > 0 ? Math.min(...document.doc.errors.map((e) => e.pos[0])) : Infinity));
      try {
        read(document);
      } catch (e) {
        const at = document.doc.range[0];
        this.report(this.file.problem('invalid', at, at, `could not read this document: ${e instanceof Error ? e.message : String(e)}`));
      }
    }
  }

  /** True when `node` stands before its document's first syntax error. */
  protected readable(document: YamlDocument, node: Node): boolean {
    return (node.range?.[0] ?? 0) < (this.cutoffs.get(document) ?? Infinity);
  }

  report(problem: ScanProblem): void {
    const key = `${problem.range.start.line}:${problem.range.start.character}:${problem.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problemList.push(problem);
  }

  /** `document.entries(map)`, its repeated keys and dangling aliases reported. */
  entries(document: YamlDocument, map: YAMLMap): Map<string, Entry> {
    const problems: ScanProblem[] = [];
    const entries = document.entries(map, problems);
    for (const problem of problems) this.report(problem);
    return entries;
  }

  /** `document.followed(node)`, a dangling alias reported. */
  followed(document: YamlDocument, node: unknown): Node | null {
    const problems: ScanProblem[] = [];
    const target = document.followed(node, problems);
    for (const problem of problems) this.report(problem);
    return target;
  }

  /** Every problem reported, in the order of the file. */
  get problems(): ScanProblem[] {
    for (const problem of this.findings.problems) this.report(problem);
    return [...this.problemList].sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }
}

/** A scalar's value as a string (aliases followed; numbers and booleans as written), or undefined for anything else. */
export function scalarText(document: YamlDocument, node: unknown): string | undefined {
  const target = document.resolve(node);
  if (!isScalar(target)) return undefined;
  if (typeof target.value === 'string') return target.value;
  // A number or boolean as written (`1.10` stays `1.10`), as Compose reads such a value.
  if (typeof target.value === 'number' || typeof target.value === 'boolean') return target.source ?? String(target.value);
  return undefined;
}

/**
 * Where the string scalar `node` is written, when a pin can be inserted in it (yamlNodes'
 * `writtenScalar`), or why not — a value that is not a string included. With `numbersAsWritten`,
 * a plain number is taken as its text, as tools reading it into a string field do (kustomize's
 * `newTag: 1.27`).
 */
export function writtenString(file: YamlFile, node: Scalar, numbersAsWritten = false): WrittenScalar | { readonly reason: string } {
  if (typeof node.value === 'string') return writtenScalar(file, node, node.value);
  const [start, end] = node.range ?? [0, 0];
  const text = file.text.slice(start, end);
  if (numbersAsWritten && node.type === 'PLAIN' && typeof node.value === 'number') return writtenScalar(file, node, text);
  return { reason: `it is not a string (${text})` };
}
