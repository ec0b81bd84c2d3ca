// What a source found in one file: the occurrences it can pin and the problems it reports, built
// the same way for every kind so that the engine serves them all unchanged.
import { isDockerPinError } from '../errors';
import { platformsEqual } from '../platform';
import { parseReference } from '../reference';
import type { ArgValue, DigestKind, FileKind, ImageOccurrence, ImageReference, ImageSource, KustomizePlace, LocalActionUse, Platform, Range, ScanProblem, ScanResult, UnnamedDockerfileBuild, Writable } from '../types';
import type { SourceText } from './sourceText';
import type { WrittenScalar } from './yamlNodes';

/** A reference as written in the file, and its offsets. */
export interface Place {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Where a YAML node stands in the file's text. */
export function nodePlace(findings: Findings, node: { readonly range?: readonly [number, number, number] | null }): Place {
  const [start, end] = node.range ?? [0, 0];
  return { text: findings.source.text.slice(start, end), start, end };
}

/** What an occurrence says beyond where it stands. */
export interface ImageFacts {
  readonly source: ImageSource;
  /** The reference after the kind's interpolation; the written text when it has none. */
  readonly expanded: string;
  readonly variables?: readonly string[];
  readonly platform?: Platform;
  /**
   * Instead of `platform`, for a reference written once and used in several places (a YAML anchor
   * merged into compose services, a container image shared by pods): each use's platform. When
   * they agree the occurrence gets that `platform`; when they differ it gets them all in
   * `platforms`, and only the index digest fits every use.
   */
  readonly usePlatforms?: readonly (Platform | undefined)[];
  readonly valueAt?: ArgValue;
  readonly valueRefused?: string;
  readonly readAt?: readonly Range[];
  readonly kustomizePlaces?: readonly KustomizePlace[];
  /** The digest kind the place needs whatever the run asks for (`ImageOccurrence.digestKind`). */
  readonly digestKind?: DigestKind;
}

export class Findings {
  readonly images: ImageOccurrence[] = [];
  readonly problems: ScanProblem[] = [];
  /**
   * The actions of the repository the file's steps use, and the Makefiles and scripts of it its
   * scripts run, on runners of known architecture (`ScanResult.localActions`, runStepCalls.ts).
   */
  private readonly localActions: LocalActionUse[] = [];
  /**
   * Places already reported: a value written once under a YAML anchor and used through aliases
   * in several places is one occurrence, pinned once where it is written.
   */
  private readonly seen = new Set<string>();
  /** The occurrence recorded at each place, by the same key: a later use of it adds its platforms. */
  private readonly at = new Map<string, number>();
  /** The problem recorded at each place, by its key. */
  private readonly problemAt = new Map<string, number>();

  constructor(
    readonly source: SourceText,
    readonly fileKind: FileKind,
  ) {}

  problem(kind: ScanProblem['kind'], place: Place, message: string): void {
    const key = `problem ${place.start} ${place.end}`;
    if (this.once(key)) return;
    const at = unquoted(place);
    this.problemAt.set(key, this.problems.length);
    this.problems.push({ kind, range: this.source.range(at.start, at.end), text: at.text, message });
  }

  /**
   * Marks the problem reported at `place` as saying a build whose Dockerfile only its runner knows
   * (`ScanProblem.unnamedDockerfile`). Another run of the place (a matrix's) adds its platforms;
   * unknown ones leave them all unknown, and so does another path end.
   */
  unnamedDockerfile(place: Place, build: UnnamedDockerfileBuild): void {
    const index = this.problemAt.get(`problem ${place.start} ${place.end}`);
    if (index === undefined) return;
    const problem = this.problems[index];
    const before = problem.unnamedDockerfile;
    let platforms = build.platforms;
    let pathEnd = build.pathEnd;
    if (before !== undefined) {
      platforms = before.platforms === undefined || platforms === undefined ? undefined : [...before.platforms, ...platforms.filter((p) => !before.platforms?.some((q) => platformsEqual(p, q)))];
      if (before.pathEnd !== pathEnd) pathEnd = undefined;
    }
    this.problems[index] = {
      ...problem,
      unnamedDockerfile: { by: before?.by ?? build.by, ...(platforms === undefined ? {} : { platforms }), ...(pathEnd === undefined ? {} : { pathEnd }) },
    };
  }

  /** Records an occurrence, or an `invalid` problem when the expanded text is not a reference. */
  image(place: Place, facts: ImageFacts): void {
    const value = facts.valueAt?.range.start;
    const key = `image ${place.start} ${place.end} ${value ? `${value.line}:${value.character}` : ''}`;
    if (this.once(key)) {
      this.usedAgain(key, facts);
      return;
    }
    let reference: ImageReference;
    try {
      reference = parseReference(facts.expanded);
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      this.problem('invalid', place, e.message);
      return;
    }
    const digestRange = this.digestRange(place, reference);
    const { platform, platforms } = facts.usePlatforms === undefined ? { platform: facts.platform } : platformOfUses(facts.usePlatforms);
    this.at.set(key, this.images.length);
    this.images.push({
      source: facts.source,
      fileKind: this.fileKind,
      text: place.text,
      range: this.source.range(place.start, place.end),
      expanded: facts.expanded,
      reference,
      ...(platform === undefined ? {} : { platform }),
      ...(platforms === undefined ? {} : { platforms }),
      ...(digestRange === undefined ? {} : { digestRange }),
      variables: facts.variables ?? [],
      line: this.source.line(place.start),
      ...(facts.valueAt === undefined ? {} : { valueAt: facts.valueAt }),
      ...(facts.valueRefused === undefined ? {} : { valueRefused: facts.valueRefused }),
      ...(facts.readAt === undefined ? {} : { readAt: facts.readAt }),
      ...(facts.kustomizePlaces === undefined || facts.kustomizePlaces.length === 0 ? {} : { kustomizePlaces: facts.kustomizePlaces }),
      ...(facts.digestKind === undefined ? {} : { digestKind: facts.digestKind }),
    });
  }

  /**
   * A place recorded before, read again (a matrix shared through an anchor by jobs on different
   * runners): it is used on the platforms of both readings, so only the index fits when they differ.
   */
  private usedAgain(key: string, facts: ImageFacts): void {
    const index = this.at.get(key);
    if (index === undefined) return;
    const before = this.images[index];
    const uses = [...(before.platforms ?? [before.platform]), ...(facts.usePlatforms ?? [facts.platform])];
    const { platform, platforms } = platformOfUses(uses);
    const merged: Writable<ImageOccurrence> = { ...before };
    delete merged.platform;
    delete merged.platforms;
    this.images[index] = { ...merged, ...(platform === undefined ? {} : { platform }), ...(platforms === undefined ? {} : { platforms }) };
  }

  /** True when `key` was seen before; remembers it. */
  private once(key: string): boolean {
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }

  /** Where the reference's own `@algo:hex` is written, when the digest is in the text (not in a variable). */
  private digestRange(place: Place, reference: ImageReference): ImageOccurrence['digestRange'] {
    if (reference.digest === undefined) return undefined;
    const quote = /^(["'])[^]*\1$/.test(place.text) ? 1 : 0;
    const written = `@${reference.digest}`;
    const end = place.end - quote;
    const text = place.text.slice(0, place.text.length - quote);
    if (!text.endsWith(written)) return undefined;
    return this.source.range(end - written.length, end);
  }

  /** An action, Makefile or script of the repository that the file takes at `place` (`LocalActionUse`). */
  localAction(place: Pick<Place, 'start' | 'end'>, use: Omit<LocalActionUse, 'range' | 'line'>): void {
    const range = this.source.range(place.start, place.end);
    this.localActions.push({ ...use, range, line: range.start.line + 1 });
  }

  result(extra: Omit<ScanResult, 'images' | 'problems'> = {}): ScanResult {
    return { images: this.images, problems: this.problems, ...(this.localActions.length === 0 ? {} : { localActions: this.localActions }), ...extra };
  }
}

/** One platform when every use agrees; all of them when they differ. */
function platformOfUses(uses: readonly (Platform | undefined)[]): { platform?: Platform; platforms?: readonly (Platform | undefined)[] } {
  const first = uses[0];
  const same = uses.every((p) => (p === undefined || first === undefined ? p === first : platformsEqual(p, first)));
  if (same) return { platform: first };
  return { platforms: uses };
}

/** The whole scalar as the reference's place: quotes included, as src/core/pin.ts expects. */
/**
 * A quoted value's place without its quotes: a problem names the value, and its column is where
 * the value starts, as an image's is.
 */
export function unquoted(place: Place): Place {
  const quote = place.text[0];
  if (place.text.length < 2 || (quote !== '"' && quote !== "'") || !place.text.endsWith(quote)) return place;
  return { text: place.text.slice(1, -1), start: place.start + 1, end: place.end - 1 };
}

export function wholeScalar(written: WrittenScalar): Place {
  return { text: written.text, start: written.start, end: written.end };
}

/**
 * The part of a scalar after a prefix such as `docker://`, without the quotes: the reference's
 * place, so that a pin goes right after it and inside the closing quote.
 */
export function afterPrefix(written: WrittenScalar, prefixLength: number): Place {
  const open = written.quote === '' ? 0 : 1;
  const start = written.start + open + prefixLength;
  const end = written.end - open;
  return { text: written.value.slice(prefixLength), start, end };
}

/** `${{ … }}` workflow expressions in a value, as written. */
export function workflowExpressions(value: string): string[] {
  return value.match(/\$\{\{[^]*?\}\}/g) ?? (value.includes('${{') ? [value.slice(value.indexOf('${{'))] : []);
}

/** The problem message for a value holding a workflow expression. */
export function expressionMessage(what: string, expressions: readonly string[]): string {
  const list = expressions.join(', ');
  return (
    `${what} holds the workflow expression ${list}, whose value is known only when the workflow runs, so the image cannot be ` +
    `worked out or pinned here; write the image out to pin it, or accept it unpinned with --allow-unresolved`
  );
}
