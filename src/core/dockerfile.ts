// Finds the images a Dockerfile builds from: `FROM`, `COPY --from=` and `RUN --mount=...,from=`,
// and those of the same two in an `ONBUILD` trigger (see `onbuild.ts`).
// dockerfile-ast does the parsing (escape directive, continuations, heredocs, comments, CRLF);
// this file decides which words are images and expands them in the global scope a FROM line sees:
// BuildKit's platform args, the ARGs declared before the first FROM, and the build args given.
import { Copy, DockerfileParser, From, Onbuild, Run } from 'dockerfile-ast';
import type { Arg, Argument, Dockerfile, Flag, Instruction } from 'dockerfile-ast';
import { placeArgValues } from './argDefaults';
import { buildValues, expandWord, globalScope, TEMPLATE_OPTION, unsetMarker, unsetNames } from './args';
import type { ArgDeclaration, Expansion, GlobalScope } from './args';
import { DIGEST_PATTERN } from './digest';
import { readDirectiveBlock } from './directives';
import { isDockerPinError } from './errors';
import { triggerOf, triggerWord } from './onbuild';
import { parsePlatform } from './platform';
import { parseReference } from './reference';
import { Stages } from './stages';
import { lineStarts, offsetAt, positionAt } from './text';
import type { ImageOccurrence, ImageReference, ImageSource, Platform, Position, Range, ScanOptions, ScanProblem, ScanResult, Writable } from './types';

/** A word that names an image (or a stage), before any decision about it. */
interface Candidate {
  readonly source: ImageSource;
  readonly text: string;
  readonly range: Range;
  /** One-based line of the instruction. */
  readonly line: number;
  /** The `--platform` value of a FROM, as written. */
  readonly platformText?: string;
  /** For a FROM, its stage index (it may build on earlier stages only). */
  readonly stageIndex?: number;
  /** Read from an ONBUILD trigger: the build of an image FROM this one reads it, not this build. */
  readonly trigger?: true;
}

interface Scan {
  readonly text: string;
  readonly starts: readonly number[];
  readonly escape: string;
  readonly scope: GlobalScope;
  readonly stages: Stages;
  readonly images: ImageOccurrence[];
  readonly problems: ScanProblem[];
  /** What each distinct written word means; see `wordFacts`. */
  readonly words: Map<string, WordFacts>;
  /** What each distinct `--platform` value means; see `platformOf`. */
  readonly platforms: Map<string, PlatformAnswer>;
}

/**
 * What a written word means, which depends only on its text and the scan's global scope. A file
 * names the same few images on many lines (a generated one on thousands), so each word is expanded
 * and parsed once per scan; the values are read-only and shared by the occurrences that name it.
 */
interface WordFacts {
  readonly expansion: Expansion;
  /** Variables without a value that the word needs, however indirectly. */
  readonly unset: readonly string[];
  /** The word uses one of BuildKit's platform args, directly or through another ARG. */
  readonly buildTime: boolean;
  /** The written `@algo:hex` and its closing quote, if any. */
  readonly digest: RegExpExecArray | null;
  /** `parseReference(expansion.value)`, worked out when first needed (never for a stage name). */
  parsed?: { readonly reference: ImageReference } | { readonly message: string };
}

type PlatformAnswer = { readonly platform: Platform; readonly buildTime: boolean } | Unworkable;

/** Why a word or a `--platform` cannot be worked out. */
interface Unworkable {
  readonly kind: ScanProblem['kind'];
  readonly message: string;
  /** `ScanProblem.unsetArgs`. */
  readonly unsetArgs?: readonly string[];
}

/**
 * Why a word holding a template's placeholder is skipped: `{{ … }}` (docker-library's
 * `Dockerfile.template`, Jinja, Go templates) or `%%NAME%%` (the `Dockerfile-debian.template`
 * files sed fills in, as nginx's and nextcloud's images do). No reference holds either, and the
 * generator fills them in before any build.
 */
function template(placeholder: string): string {
  return `this Dockerfile is a template (${placeholder}), not a Dockerfile until it is rendered: its images cannot be read here — check the Dockerfile it renders to instead`;
}

/** A `%%NAME%%` placeholder of a template filled in by sed. */
const PERCENT_PLACEHOLDER = /%%[A-Za-z0-9_]+%%/;

/** `@algo:hex` at the end of a reference (distribution/reference's digest), before a closing quote. */
const WRITTEN_DIGEST = new RegExp(`@${DIGEST_PATTERN}(["']?)$`);

/**
 * Every image the Dockerfile names, and the places that name one but cannot be pinned, for a build
 * as `options` describes it (the target platform defaults to this machine's, as BuildKit's does).
 * Never throws.
 */
export function scanDockerfile(text: string, options: ScanOptions = {}): ScanResult {
  const images: ImageOccurrence[] = [];
  const problems: ScanProblem[] = [];
  let dockerfile: Dockerfile;
  try {
    dockerfile = DockerfileParser.parse(text);
  } catch (e) {
    problems.push(internalProblem({ line: 0, character: 0 }, e));
    return { images, problems };
  }
  const escape = dockerfile.getEscapeCharacter();
  const starts = lineStarts(text);
  // One pass reads every instruction's candidates and every stage's name (dockerfile-ast
  // recomputes `getArguments()` on each call, so a FROM's words are read once for both); the
  // candidates are examined afterwards because `COPY --from` may name a stage declared later.
  const read: Read[] = [];
  const stageNames: (string | undefined)[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      const stageIndex = stageNames.length;
      stageNames.push(undefined);
      read.push(
        attempt(instruction, () => {
          const words = instruction.getArguments();
          stageNames[stageIndex] = buildStageName(text, starts, words);
          return fromCandidates(instruction, words, stageIndex);
        }),
      );
    } else if (instruction instanceof Copy || instruction instanceof Run) {
      // Only these name images besides FROM; the other instructions (most of a file) are not read.
      read.push(attempt(instruction, () => candidates(instruction)));
    } else if (instruction instanceof Onbuild) {
      read.push(attempt(instruction, () => triggerCandidates(instruction)));
    }
  }
  const scan: Scan = {
    text,
    starts,
    escape,
    scope: globalScope(dockerfile.getInitialARGs().flatMap(argDeclarations), buildValues(options), escape),
    stages: new Stages(stageNames),
    images,
    problems,
    words: new Map(),
    platforms: new Map(),
  };
  syntaxImage(scan, options);
  for (const entry of read) {
    try {
      if (entry.error !== undefined) throw entry.error.cause;
      for (const candidate of entry.candidates) examine(scan, candidate);
    } catch (e) {
      // A parser surprise on one instruction must not hide the images of the others.
      problems.push(internalProblem(entry.instruction.getRange().start, e));
    }
  }
  return { images: placeArgValues(dockerfile, text, starts, images, options), problems };
}

/**
 * The image of the `# syntax=` directive, when the leading directive block has one. Written as it
 * is used: BuildKit expands no variable in a directive, and the name is never a stage. Pinned to
 * the index digest: BuildKit pulls it for the builder's platform, which a Dockerfile does not say.
 */
function syntaxImage(scan: Scan, options: ScanOptions): void {
  const block = readDirectiveBlock(scan.text);
  const at = (offset: number) => positionAt(scan.text, offset, scan.starts);
  if (block.duplicateSyntax !== undefined) {
    const start = at(block.duplicateSyntax);
    scan.problems.push({ kind: 'invalid', range: { start, end: start }, text: '', message: 'only one # syntax= parser directive can be used: BuildKit refuses this file' });
  }
  const syntax = block.syntax;
  if (syntax === undefined) return;
  const range = { start: at(syntax.start), end: at(syntax.end) };
  const parsed = parseWord(syntax.text);
  if ('message' in parsed) {
    scan.problems.push({ kind: 'invalid', range, text: syntax.text, message: parsed.message });
    return;
  }
  const digest = WRITTEN_DIGEST.exec(syntax.text);
  scan.images.push({
    source: 'syntax',
    text: syntax.text,
    range,
    expanded: syntax.text,
    reference: parsed.reference,
    ...(options.buildPlatform === undefined ? {} : { platform: options.buildPlatform }),
    ...(digest === null ? {} : { digestRange: { start: at(syntax.start + digest.index), end: range.end } }),
    digestKind: 'index',
    variables: [],
    line: range.start.line + 1,
  });
}

/** What one instruction names, or why it could not be read (the cause is reported in order). */
interface Read {
  readonly instruction: Instruction;
  readonly candidates: readonly Candidate[];
  readonly error?: { readonly cause: unknown };
}

function attempt(instruction: Instruction, find: () => Candidate[]): Read {
  try {
    return { instruction, candidates: find() };
  } catch (cause) {
    return { instruction, candidates: [], error: { cause } };
  }
}

/**
 * The stage name of `FROM image AS name` exactly as dockerfile-ast's `From.getBuildStage()` gives
 * it (the document text of the third word's range), from words already read. A template's
 * `FROM alpine:{{ .version }} AS build` is more words: its stage still has its name (the last word).
 */
function buildStageName(text: string, starts: readonly number[], words: readonly Argument[]): string | undefined {
  const at = words.length > 3 && words[0].getValue().includes('{{') ? words.length - 2 : 1;
  if (words.length <= 2 || words[at].getValue().toUpperCase() !== 'AS') return undefined;
  const range = words[at + 1].getRange();
  return text.slice(offsetAt(text, range.start, starts), offsetAt(text, range.end, starts));
}

function internalProblem(start: Position, e: unknown): ScanProblem {
  const cause = e instanceof Error ? e.message : String(e);
  return { kind: 'invalid', range: { start, end: start }, text: '', message: `could not read this instruction: ${cause}` };
}

/** `ARG A=1 B` → A with its value as written, B without. */
export function argDeclarations(arg: Arg): ArgDeclaration[] {
  return arg.getPropertyArguments().map((word) => {
    const written = word.getValue();
    const eq = written.indexOf('=');
    return eq < 0 ? { name: written } : { name: written.slice(0, eq), value: written.slice(eq + 1) };
  });
}

function fromCandidates(from: From, words: readonly Argument[], stageIndex: number): Candidate[] {
  const image = words[0];
  if (image === undefined) return [];
  const line = from.getRange().start.line + 1;
  const platform = from.getPlatformFlag()?.getValue() ?? undefined;
  return [{ source: 'from', text: image.getValue(), range: image.getRange(), line, platformText: platform, stageIndex }];
}

/** The images a COPY or RUN names (FROM is read by `fromCandidates`). */
function candidates(instruction: Copy | Run): Candidate[] {
  const line = instruction.getRange().start.line + 1;
  if (instruction instanceof Copy) {
    return instruction.getFlags().filter((flag) => flag.getName() === 'from').flatMap((flag) => flagValue(flag, line));
  }
  return instruction
    .getFlags()
    .filter((flag) => flag.getName() === 'mount')
    .flatMap((flag) => flag.getOptions())
    // BuildKit reads mount option keys case-insensitively.
    .filter((option) => option.getName().toLowerCase() === 'from')
    .flatMap((option) => {
      const value = option.getValue();
      const range = option.getValueRange();
      return value === null || range === null ? [] : [{ source: 'mount' as const, text: value, range, line }];
    });
}

/** The images an ONBUILD's COPY or RUN trigger names, marked as read by the child build. */
function triggerCandidates(instruction: Onbuild): Candidate[] {
  const trigger = triggerOf(instruction);
  return trigger === undefined ? [] : candidates(trigger).map((c) => ({ ...c, line: instruction.getRange().start.line + 1, trigger: true as const }));
}

function flagValue(flag: Flag, line: number): Candidate[] {
  const value = flag.getValue();
  const range = flag.getValueRange();
  return value === null || range === null ? [] : [{ source: 'copy', text: value, range, line }];
}

/** Decides what a candidate is: an occurrence, a problem, or nothing to pin (stage, scratch). */
function examine(scan: Scan, c: Candidate): void {
  const at = locate(scan, c);
  if (at === undefined) {
    report(scan, c, { kind: 'skipped', message: `skipped ${JSON.stringify(c.text)}: cannot tell where it stands in the file, so there is no safe place for a digest` });
    return;
  }
  const word = wordFacts(scan, c.text);
  const { expansion } = word;
  if (expansion.error !== undefined) {
    report(scan, c, { kind: 'invalid', message: `cannot expand ${JSON.stringify(c.text)}: ${expansion.error}` });
    return;
  }
  const expanded = expansion.value;
  if (c.trigger === true) {
    const what = triggerWord(c.text, expanded, expansion.variables);
    if (what === 'none') return;
    if (what !== 'image') {
      report(scan, c, what);
      return;
    }
  } else if (word.unset.length > 0) {
    // Before the stage test: without the value, it cannot be told whether this names a stage.
    report(scan, c, noValue(scan.scope, word.unset));
    return;
  } else if (isStage(scan, c, expanded)) return;
  const placeholder = expanded.includes('{{') ? '{{ }}' : PERCENT_PLACEHOLDER.test(expanded) ? '%%NAME%%' : undefined;
  if (placeholder !== undefined) {
    report(scan, c, { kind: 'skipped', message: `skipped ${JSON.stringify(c.text)}: ${template(placeholder)}` });
    return;
  }
  const parsed = (word.parsed ??= parseWord(expanded));
  if ('message' in parsed) {
    report(scan, c, { kind: 'invalid', message: parsed.message });
    return;
  }
  let platform: Platform | undefined;
  let buildTime = word.buildTime;
  if (c.platformText !== undefined) {
    const result = platformOf(scan, c.platformText);
    if ('kind' in result) {
      report(scan, c, result);
      return;
    }
    platform = result.platform;
    buildTime ||= result.buildTime;
  }
  const digest = word.digest;
  const quoted = digest !== null && digest[1] !== '' && c.text.startsWith(digest[1]);
  const digestRange =
    digest === null || (digest[1] !== '' && !quoted)
      ? undefined
      : { start: at(digest.index), end: at(c.text.length - digest[1].length) };
  // Optional keys are set only when they have a value (an occurrence never holds one as undefined),
  // assigned rather than spread: a generated file makes thousands of these while the code is cold.
  const occurrence: Writable<ImageOccurrence> = { source: c.source, text: c.text, range: c.range, expanded, reference: parsed.reference, variables: expansion.variables, line: c.line };
  if (platform !== undefined) occurrence.platform = platform;
  if (digestRange !== undefined) occurrence.digestRange = digestRange;
  if (buildTime) occurrence.buildTimePlatform = true;
  if (c.trigger === true) occurrence.trigger = true;
  scan.images.push(occurrence);
}

function report(scan: Scan, c: Candidate, problem: Unworkable): void {
  scan.problems.push({ kind: problem.kind, range: c.range, text: c.text, message: problem.message, ...(problem.unsetArgs === undefined ? {} : { unsetArgs: problem.unsetArgs }) });
}

function wordFacts(scan: Scan, text: string): WordFacts {
  let facts = scan.words.get(text);
  if (facts === undefined) {
    const expansion = expandWord(text, scan.scope.env, { escape: scan.escape, unset: unsetMarker });
    const digest = text.includes('@') ? WRITTEN_DIGEST.exec(text) : null;
    facts = { expansion, unset: unsetNames(expansion.value), buildTime: usesPlatformArgs(scan.scope, expansion), digest };
    scan.words.set(text, facts);
  }
  return facts;
}

/** An invalid reference is a problem to report; any other failure is a bug and propagates. */
function parseWord(expanded: string): { reference: ImageReference } | { message: string } {
  try {
    return { reference: parseReference(expanded) };
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return { message: e.message };
  }
}

function isStage(scan: Scan, c: Candidate, expanded: string): boolean {
  if (expanded.toLowerCase() === 'scratch') return true;
  return c.stageIndex === undefined ? scan.stages.isStageReference(expanded) : scan.stages.isEarlierStage(expanded, c.stageIndex);
}

function usesPlatformArgs(scope: GlobalScope, expansion: Expansion): boolean {
  return expansion.variables.some((name) => scope.platformBound.has(name));
}

/**
 * Why variables that a word needs have no value, and what gives them one. A declared ARG takes a
 * build arg; a name never declared before the first FROM takes none (BuildKit makes it empty and
 * warns), so the fix is to declare it.
 */
function noValue(scope: GlobalScope, names: readonly string[]): Unworkable {
  const broken = names.filter((name) => scope.broken.has(name));
  if (broken.length > 0) {
    return { kind: 'invalid', message: broken.map((name) => `the default of ARG ${name} cannot be expanded: ${scope.broken.get(name)}`).join('; ') };
  }
  const options = names.filter((name) => name.startsWith(TEMPLATE_OPTION));
  const args = names.filter((name) => !name.startsWith(TEMPLATE_OPTION));
  const declared = args.filter((name) => scope.declared.has(name));
  const undeclared = args.filter((name) => !scope.declared.has(name));
  const reasons: string[] = [];
  if (options.length > 0) {
    const list = options.map((name) => `\${${name}}`).join(', ');
    reasons.push(
      `${list} ${options.length === 1 ? 'is a dev container template option' : 'are dev container template options'}, filled in when the template is applied to a project: pin the image in the file the template writes there`,
    );
  }
  if (declared.length > 0) {
    const [list, args, flags] = [declared.join(', '), declared.map((n) => `ARG ${n}`).join(', '), declared.map((n) => `--build-arg ${n}=…`).join(' ')];
    reasons.push(
      declared.length === 1
        ? `no value for ${list}: ${args} has no default and no build arg gives one; pass ${flags} or give the ARG a default (ARG ${declared[0]}=…)`
        : `no value for ${list}: ${args} have no default and no build arg gives them one; pass ${flags} or give the ARGs defaults`,
    );
  }
  if (undeclared.length > 0) {
    const list = undeclared.join(', ');
    reasons.push(
      `${list} ${undeclared.length === 1 ? 'is' : 'are'} not declared before the first FROM, so a build sees ${undeclared.length === 1 ? 'it' : 'them'} empty and no build arg can reach ${undeclared.length === 1 ? 'it' : 'them'}; declare ${undeclared.map((n) => `ARG ${n}=…`).join(', ')} before the first FROM`,
    );
  }
  const onlyUnset = options.length === 0 && undeclared.length === 0 && declared.length > 0;
  return { kind: 'unresolved', message: reasons.join('; '), ...(onlyUnset ? { unsetArgs: declared } : {}) };
}

/**
 * A FROM's `--platform`: a constant, an ARG, or BuildKit's platform args (`$BUILDPLATFORM` is the
 * build platform, `$TARGETPLATFORM` the target), expanded in the global scope like the image.
 * Worked out once per distinct value, as words are.
 */
function platformOf(scan: Scan, written: string): PlatformAnswer {
  let answer = scan.platforms.get(written);
  if (answer === undefined) {
    answer = platformAnswer(scan, written);
    scan.platforms.set(written, answer);
  }
  return answer;
}

function platformAnswer(scan: Scan, written: string): PlatformAnswer {
  const expansion = expandWord(written, scan.scope.env, { escape: scan.escape, unset: unsetMarker });
  if (expansion.error !== undefined) {
    return { kind: 'invalid', message: `cannot expand --platform=${written}: ${expansion.error}` };
  }
  const unset = unsetNames(expansion.value);
  if (unset.length > 0) {
    const why = noValue(scan.scope, unset);
    return { kind: why.kind, message: `--platform=${written}: ${why.message}`, ...(why.unsetArgs === undefined ? {} : { unsetArgs: why.unsetArgs }) };
  }
  try {
    return { platform: parsePlatform(expansion.value), buildTime: usesPlatformArgs(scan.scope, expansion) };
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return { kind: 'invalid', message: e.message };
  }
}

/**
 * Maps each index of `c.text` (and its end) to a document position. The text dockerfile-ast gives
 * is the written text minus line continuations and some escapes, so it must be a subsequence of
 * the document between the range's ends, starting and ending with it; otherwise there is no safe
 * place to edit and the candidate is skipped.
 */
function locate(scan: Scan, c: Candidate): ((index: number) => Position) | undefined {
  const start = offsetAt(scan.text, c.range.start, scan.starts);
  const end = offsetAt(scan.text, c.range.end, scan.starts);
  const raw = scan.text.slice(start, end);
  // The common case: the word is written exactly as dockerfile-ast gives it.
  if (raw === c.text) return (index) => positionAt(scan.text, start + Math.min(index, raw.length), scan.starts);
  const offsets: number[] = [];
  for (let i = 0; i < raw.length && offsets.length < c.text.length; i++) {
    if (raw[i] === c.text[offsets.length]) offsets.push(start + i);
  }
  if (offsets.length !== c.text.length) return undefined;
  if (c.text.length > 0 && (offsets[0] !== start || offsets[offsets.length - 1] !== end - 1)) return undefined;
  if (c.text.length === 0 && end !== start) return undefined;
  return (index) => positionAt(scan.text, index < offsets.length ? offsets[index] : end, scan.starts);
}
