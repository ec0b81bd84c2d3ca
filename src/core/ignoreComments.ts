// Ignore comments in every kind of file: which images a `# docker-pin: ignore` (or `# ratchet:exclude`)
// stands for, found with each kind's own parser (dockerfile-ast's comments, the `yaml` package's
// source tokens, jsonc-parser's scanner), never by a regex over raw lines: a `#` inside a quoted
// YAML scalar, a block scalar or a heredoc, or in the middle of a Dockerfile line, is no comment.
//
// - Dockerfile: a comment line directly above the instruction (in the run of comment lines right
//   above it) stands for every image of the instruction; a comment line inside a continued
//   instruction (BuildKit drops those) for its images on the lines below it. The `# syntax=` image
//   takes none: any comment above the directive makes it a plain comment, which is reported.
// - YAML kinds and JSONC: a comment on a line holding the image, or in the run of comment lines
//   directly above that line. A Kubernetes manifest written as JSON has none (JSON has no
//   comments): the repository config's `ignore.images` and `ignore.paths` leave its images alone.
// - A workflow matrix literal is ignored by a comment standing for its own line; one at a
//   `${{ matrix.image }}` reading it ignores nothing and is reported (readerIgnore.ts).
// - An image whose value is written elsewhere in the file (an ARG default, a GitLab `variables:`
//   entry) is also ignored by a comment standing for that value, and a compose image whose value is
//   in the project's `.env` by a comment above that `.env` line or after its value.
// Places that name an image but cannot be pinned (`unresolved`, `skipped`) are no longer reported
// when a comment stands for them: leaving them alone is what the comment asks.
import { DockerfileParser } from 'dockerfile-ast';
import type { Argument } from 'dockerfile-ast';
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { Parser } from './yaml';
import { aliasDirectiveProblems, type DirectiveAt } from './aliasIgnore';
import { isParserDirective } from './directives';
import { readerDirectiveProblems } from './readerIgnore';
import { hclComments } from './sources/hclSyntax';
import { isJsonText } from './sources/jsonStream';
import { ignoreReason, type IgnoreDirective, mayHoldDirectives, readIgnoreDirective } from './ignoreDirective';
import { lineStarts, positionAt } from './text';
import type { FileKind, ImageOccurrence, Range, ScanProblem, ScanResult } from './types';

interface Comment {
  /** The comment's text without its marker (`#`, `//`, or a block comment's delimiters). */
  readonly content: string;
  readonly range: Range;
  /** Nothing but blanks shares its lines: a comment line (or lines) of its own. */
  readonly alone: boolean;
}

/** A file as its kind's source reads it, with a compose project's `.env`. */
export interface CommentedFile {
  readonly kind: FileKind;
  readonly text: string;
  readonly envFile?: { readonly text: string };
}

/** `scan` with the images its file's ignore comments stand for marked `ignored`, and a problem at each malformed directive. */
export function applyIgnoreComments(file: CommentedFile, scan: ScanResult): ScanResult {
  const own = mayHoldDirectives(file.text) ? marksOf(file.kind, file.text) : undefined;
  const env = file.kind === 'compose' && file.envFile !== undefined && mayHoldDirectives(file.envFile.text) ? dotEnvMarks(file.envFile.text) : undefined;
  if (own === undefined && env === undefined) return scan;
  const reasonFor = (occurrence: ImageOccurrence): string | undefined => {
    const value = occurrence.valueAt;
    const valueMarks = value?.file === 'env-file' ? env : own;
    return (occurrence.source === 'syntax' ? undefined : own?.reasonAt(occurrence.range)) ?? (value === undefined ? undefined : valueMarks?.reasonAt(value.range));
  };
  const images = scan.images.map((occurrence) => {
    if (occurrence.ignored !== undefined) return occurrence;
    const reason = reasonFor(occurrence);
    return reason === undefined ? occurrence : { ...occurrence, ignored: reason };
  });
  const left = scan.problems.filter((p) => p.kind === 'invalid' || own?.reasonAt(p.range) === undefined);
  const atAliases = own?.directiveAt === undefined ? [] : aliasDirectiveProblems(file.text, images, own.directiveAt);
  const atReaders = own?.directiveAt === undefined ? [] : readerDirectiveProblems(file.text, images, own.directiveAt);
  const problems = [...left, ...(own?.problems ?? []), ...atAliases, ...atReaders, ...(env?.problems ?? [])];
  return { ...scan, images, problems };
}

/** What a file's comments decide: the reason for the place at a range, and the malformed directives. */
interface Marks {
  reasonAt(range: Range): string | undefined;
  readonly problems: readonly ScanProblem[];
  /** YAML: the range of the ignore comment standing for a zero-based line, if one does. */
  readonly directiveAt?: DirectiveAt;
}

function marksOf(kind: FileKind, text: string): Marks {
  switch (kind) {
    case 'dockerfile':
      return dockerfileMarks(text);
    case 'devcontainer': {
      // JSON has no aliases.
      const { reasonAt, problems } = lineMarks(jsoncComments(text));
      return { reasonAt, problems };
    }
    case 'kubernetes':
      // A manifest written as JSON has no comments: kubectl refuses one, and the scan reports it as a JSON error.
      return isJsonText(text) ? { reasonAt: () => undefined, problems: [] } : lineMarks(yamlComments(text));
    case 'package-scripts':
      // A package.json has no comments.
      return { reasonAt: () => undefined, problems: [] };
    case 'bake':
      // A bake file written as JSON has no comments.
      return isJsonText(text) ? { reasonAt: () => undefined, problems: [] } : lineMarks(bakeComments(text));
    case 'makefile':
    case 'justfile':
    case 'shell-script':
      return lineMarks(makefileComments(text));
    default:
      return lineMarks(yamlComments(text));
  }
}

/** A Makefile's comment lines: `#` first on its line, a recipe's (the shell's comment) too; a shell script's. */
function makefileComments(text: string): Comment[] {
  const starts = lineStarts(text);
  const comments: Comment[] = [];
  for (const match of text.matchAll(/^[ \t]*(#[^\r\n]*)/gm)) {
    const start = (match.index ?? 0) + match[0].length - match[1].length;
    comments.push(comment(text, starts, start, start + match[1].length, match[1].slice(1)));
  }
  return comments;
}

/** The comments of a bake file written in HCL, from its reader (a `#` in a string is none). */
function bakeComments(text: string): Comment[] {
  const starts = lineStarts(text);
  return hclComments(text).map((c) => comment(text, starts, c.start, c.end, c.content));
}

/** Comments by the line they end on, with their directive read once. */
class CommentIndex {
  private readonly byLine = new Map<number, { comment: Comment; directive?: IgnoreDirective }[]>();
  readonly problems: ScanProblem[] = [];

  constructor(comments: readonly Comment[], file?: string) {
    for (const comment of comments) {
      const directive = readIgnoreDirective(comment.content);
      if (directive?.ignore === false) {
        const where = file === undefined ? '' : `${file}: `;
        this.problems.push({ kind: 'invalid', range: comment.range, text: comment.content.trim(), message: `${where}${directive.message}` });
      }
      for (let line = comment.range.start.line; line <= comment.range.end.line; line++) {
        const list = this.byLine.get(line) ?? [];
        list.push({ comment, directive });
        this.byLine.set(line, list);
      }
    }
  }

  /** The ignore directive among the comments on lines `from` to `to`, as a reason. */
  on(from: number, to: number, file?: string): string | undefined {
    const found = this.directiveOn(from, to);
    return found === undefined ? undefined : ignoreReason(found.directive, found.comment.range.start.line + 1, file);
  }

  /** The ignore directive in the run of comment lines right above zero-based `line`, as a reason. */
  above(line: number, file?: string): string | undefined {
    const found = this.directiveAbove(line);
    return found === undefined ? undefined : ignoreReason(found.directive, found.comment.range.start.line + 1, file);
  }

  directiveOn(from: number, to: number): { comment: Comment; directive: Extract<IgnoreDirective, { ignore: true }> } | undefined {
    for (let line = from; line <= to; line++) {
      for (const { comment, directive } of this.byLine.get(line) ?? []) {
        if (directive?.ignore === true) return { comment, directive };
      }
    }
    return undefined;
  }

  directiveAbove(line: number): { comment: Comment; directive: Extract<IgnoreDirective, { ignore: true }> } | undefined {
    let at = line - 1;
    for (;;) {
      const own = this.byLine.get(at)?.find((entry) => entry.comment.alone && entry.comment.range.end.line === at);
      if (own === undefined) return undefined;
      if (own.directive?.ignore === true) return { comment: own.comment, directive: own.directive };
      at = own.comment.range.start.line - 1;
    }
  }
}

/** YAML and JSONC: a comment on the lines of the place, or in the comment lines right above. */
function lineMarks(comments: readonly Comment[], file?: string): Marks {
  const index = new CommentIndex(comments, file);
  return {
    reasonAt: (range) => index.on(range.start.line, range.end.line, file) ?? index.above(range.start.line, file),
    problems: index.problems,
    directiveAt: (line) => (index.directiveOn(line, line) ?? index.directiveAbove(line))?.comment.range,
  };
}

/** Comments of a YAML stream as the `yaml` package's parser tokenizes them (quoted and block scalars hold none). */
function yamlComments(text: string): Comment[] {
  const starts = lineStarts(text);
  const comments: Comment[] = [];
  const walk = (token: unknown): void => {
    if (Array.isArray(token)) {
      for (const item of token) walk(item);
      return;
    }
    if (token === null || typeof token !== 'object') return;
    const t = token as { type?: string; offset?: number; source?: string };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      comments.push(comment(text, starts, t.offset, t.offset + t.source.length, t.source.slice(1)));
      return;
    }
    for (const value of Object.values(token)) if (typeof value === 'object') walk(value);
  };
  for (const token of new Parser().parse(text)) walk(token);
  return comments;
}

/** Line and block comments of a JSON-with-comments file, from jsonc-parser's scanner (strings hold none). */
function jsoncComments(text: string): Comment[] {
  const starts = lineStarts(text);
  const comments: Comment[] = [];
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind !== SyntaxKind.LineCommentTrivia && kind !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    const source = text.slice(start, end);
    const content = kind === SyntaxKind.LineCommentTrivia ? source.slice(2) : source.slice(2, source.endsWith('*/') ? -2 : undefined);
    comments.push(comment(text, starts, start, end, content));
  }
  return comments;
}

function comment(text: string, starts: readonly number[], start: number, end: number, content: string): Comment {
  const range = { start: positionAt(text, start, starts), end: positionAt(text, end, starts) };
  const before = text.slice(starts[range.start.line], start);
  const lineEnd = range.end.line + 1 < starts.length ? starts[range.end.line + 1] : text.length;
  const after = text.slice(end, lineEnd);
  return { content, range, alone: before.trim() === '' && after.trim() === '' };
}

/**
 * A Dockerfile: a comment line in the run right above an instruction stands for its images, one
 * inside a continued instruction for its images below that line. A directive comment in the
 * leading comment lines above a parser directive is reported: it turns the directive into a comment.
 */
function dockerfileMarks(text: string): Marks {
  const dockerfile = DockerfileParser.parse(text);
  const comments: Comment[] = dockerfile.getComments().map((c) => ({ content: c.getContent(), range: c.getRange(), alone: true }));
  const index = new CommentIndex(comments);
  const instructions = dockerfile.getInstructions().map((i) => i.getRange());
  // FROM only: a RUN's or COPY's words may be a heredoc's lines or a shell comment.
  const midLine = dockerfile.getFROMs().flatMap((from) => midLineProblems(from.getArguments()));
  const reasonAt = (range: Range): string | undefined => {
    const line = range.start.line;
    const instruction = instructions.find((r) => r.start.line <= line && line <= r.end.line);
    if (instruction === undefined) return undefined;
    return index.above(instruction.start.line) ?? (line > instruction.start.line ? index.on(instruction.start.line + 1, line - 1) : undefined);
  };
  return { reasonAt, problems: [...index.problems, ...midLine, ...directiveBlockProblems(text)] };
}

/**
 * `FROM alpine:3.20 # docker-pin: ignore`: a `#` in the middle of a line is no comment to BuildKit
 * (here it is more words of the FROM, which BuildKit refuses), so it ignores nothing; said where it stands.
 */
function midLineProblems(words: readonly Argument[]): ScanProblem[] {
  const at = words.findIndex((word) => word.getValue().startsWith('#'));
  if (at < 0) return [];
  const content = words.slice(at).map((word) => word.getValue()).join(' ').slice(1);
  if (readIgnoreDirective(content) === undefined) return [];
  const range = { start: words[at].getRange().start, end: words[words.length - 1].getRange().end };
  return [{ kind: 'invalid', range, text: `#${content}`, message: 'a # in the middle of a Dockerfile line is no comment, so this ignores nothing; put the ignore comment on its own line right above the instruction' }];
}

/**
 * BuildKit reads parser directives only in the leading lines that are all directives (directives.ts
 * reads them as it does): an ignore comment above `# syntax=` (or another directive) ends that
 * block, and the directive is then a comment the build does not obey.
 */
function directiveBlockProblems(text: string): ScanProblem[] {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let comment: number | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (n === 0 && line.startsWith('#!')) continue;
    if (!line.startsWith('#')) break;
    if (comment === undefined) {
      if (readIgnoreDirective(line.slice(1)) !== undefined) comment = n;
      continue;
    }
    if (!isParserDirective(line)) continue;
    const written = lines[comment].replace(/\r$/, '');
    return [
      {
        kind: 'invalid',
        range: { start: { line: comment, character: 0 }, end: { line: comment, character: written.length } },
        text: written,
        message:
          `this comment stands above the parser directive on line ${n + 1} (${line.trim()}), which makes that line a plain comment: ` +
          'BuildKit reads directives only at the very top of the file; put the ignore comment below the directives, right above the instruction it is for ' +
          '(the # syntax= image itself cannot be ignored by a comment)',
      },
    ];
  }
  return [];
}

/** A compose project's `.env`: a `#` comment line right above the value's line, or a ` #` comment after the value. */
function dotEnvMarks(text: string): Marks {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const comments: Comment[] = [];
  lines.forEach((line, n) => {
    const own = /^\s*#/.exec(line);
    if (own !== null) {
      comments.push({ content: line.slice(own[0].length), range: { start: { line: n, character: own[0].length - 1 }, end: { line: n, character: line.length } }, alone: true });
    }
  });
  const index = new CommentIndex(comments, '.env');
  return {
    reasonAt: (range) => {
      // After the value as written (quotes kept): Compose's comment needs a blank before its `#`.
      const rest = lines[range.end.line]?.slice(range.end.character) ?? '';
      const trailing = /^[ \t]+#(.*)$/.exec(rest);
      const directive = trailing === null ? undefined : readIgnoreDirective(trailing[1]);
      if (directive?.ignore === true) return ignoreReason(directive, range.end.line + 1, '.env');
      return index.above(range.start.line, '.env');
    },
    // Its ranges would be read as the compose file's: a malformed directive in .env is not reported.
    problems: [],
  };
}
