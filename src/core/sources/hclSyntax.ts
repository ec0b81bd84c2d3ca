// The structure of an HCL native-syntax file as a Docker Bake file writes it: blocks (`target "app"
// { … }`), attributes (`platforms = [...]`), and the expressions docker-pin works out — strings and
// heredocs with `${…}` interpolations, numbers, `true`/`false`/`null`, lists, objects, and a bare
// variable name. Anything else (a function call, an operator, a conditional, a `for` expression, an
// attribute or index of a value, a `%{…}` directive) is kept as an expression that is not
// evaluated, with its text, so a reader can say which value it could not work out and why. Every
// node has the offsets of its text, so a value can be edited where it is written.
// (No HCL library for JavaScript keeps source offsets of values: hcl2-parser and @cdktf/hcl2json
// return evaluated JSON, and weigh 3.9 and 1.9 MB.)

/** An expression: a value docker-pin can work out, or `other` (its text as written). */
export type HclExpr =
  | { readonly kind: 'template'; readonly parts: readonly TemplatePart[]; readonly start: number; readonly end: number }
  | { readonly kind: 'literal'; readonly value: number | boolean | null; readonly start: number; readonly end: number }
  | { readonly kind: 'tuple'; readonly items: readonly HclExpr[]; readonly start: number; readonly end: number }
  | { readonly kind: 'object'; readonly items: readonly ObjectItem[]; readonly start: number; readonly end: number }
  | { readonly kind: 'variable'; readonly name: string; readonly start: number; readonly end: number }
  | { readonly kind: 'other'; readonly text: string; readonly start: number; readonly end: number };

/** A piece of a template: literal text (decoded, and whether it is written exactly so), or an interpolation. */
export type TemplatePart =
  | { readonly text: string; readonly verbatim: boolean; readonly start: number; readonly end: number }
  | { readonly expr: HclExpr; readonly start: number; readonly end: number };

export interface ObjectItem {
  /** The key (an identifier or a string without interpolation); undefined for a key that is an expression. */
  readonly key: string | undefined;
  readonly keyStart: number;
  readonly value: HclExpr;
}

export interface HclAttribute {
  readonly name: string;
  readonly expr: HclExpr;
  readonly start: number;
}

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly body: HclBody;
  readonly start: number;
  readonly end: number;
}

export interface HclBody {
  readonly attributes: readonly HclAttribute[];
  readonly blocks: readonly HclBlock[];
}

export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type TokenType = 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'newline' | 'eof';
interface Token {
  readonly type: TokenType;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const PUNCT = ['==', '!=', '<=', '>=', '&&', '||', '=>', '...', '{', '}', '[', ']', '(', ')', '=', ':', ',', '.', '?', '+', '-', '*', '/', '%', '<', '>', '!'];
const OPERATORS = new Set(['==', '!=', '<=', '>=', '&&', '||', '?', ':', '+', '-', '*', '/', '%', '<', '>', '!']);
const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** A comment: its offsets and its text without its markers (a line comment's `#` or `//`, a block comment's delimiters). */
export interface HclComment {
  readonly start: number;
  readonly end: number;
  readonly content: string;
}

/** The comments of an HCL file, up to the first thing it cannot read (a `#` in a string is none). */
export function hclComments(text: string): HclComment[] {
  const parser = new Parser(text, 0, text.length);
  try {
    parser.body(false);
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
  }
  return [...parser.comments.values()].sort((a, b) => a.start - b.start);
}

/** The body of an HCL file. Throws HclSyntaxError at the first thing it cannot read. */
export function parseHcl(text: string): HclBody {
  const parser = new Parser(text, 0, text.length);
  const body = parser.body(false);
  parser.expect('eof');
  return body;
}

class Parser {
  private at: number;
  private peeked: Token | undefined;
  /** The comments passed, by where they start. */
  readonly comments = new Map<number, HclComment>();

  constructor(
    private readonly text: string,
    from: number,
    private readonly to: number,
  ) {
    this.at = from;
  }

  body(inBlock: boolean): HclBody {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'newline') {
        this.next();
        continue;
      }
      if (token.type === 'eof' || (inBlock && token.text === '}')) return { attributes, blocks };
      if (token.type !== 'ident') throw new HclSyntaxError(`expected an attribute or a block, found ${describe(token)}`, token.start);
      this.next();
      if (this.peek().text === '=') {
        this.next();
        attributes.push({ name: token.text, expr: this.expression(true), start: token.start });
        this.endOfLine();
        continue;
      }
      const labels: string[] = [];
      while (this.peek().type === 'string' || this.peek().type === 'ident') {
        const label = this.next();
        labels.push(label.type === 'ident' ? label.text : decodedLabel(this.text, label));
      }
      this.expect('punct', '{');
      const inner = this.body(true);
      const close = this.expect('punct', '}');
      blocks.push({ type: token.text, labels, body: inner, start: token.start, end: close.end });
      this.endOfLine();
    }
  }

  private endOfLine(): void {
    const token = this.peek();
    if (token.type === 'newline') this.next();
    else if (token.type !== 'eof' && token.text !== '}') throw new HclSyntaxError(`expected a new line, found ${describe(token)}`, token.start);
  }

  /** An expression, up to a new line (when `lineEnds`), a comma or a closing bracket outside brackets. */
  expression(lineEnds: boolean): HclExpr {
    const start = this.peek().start;
    let expr = this.primary();
    // A traversal (`item.tgt`, `list[0]`) or a call result is a value docker-pin does not work out.
    for (;;) {
      const token = this.peek();
      if (token.text === '.' || token.text === '[' || token.text === '(') {
        if (token.text === '.') {
          this.next();
          this.next();
        } else this.skipBalanced();
        expr = { kind: 'other', text: this.text.slice(start, this.lastEnd), start, end: this.lastEnd };
        continue;
      }
      break;
    }
    if (!OPERATORS.has(this.peek().text)) return expr;
    // An operation or a conditional: read to its end, not evaluated.
    for (;;) {
      const token = this.peek();
      if (token.type === 'eof' || (lineEnds && token.type === 'newline') || token.text === ',' || token.text === ')' || token.text === ']' || token.text === '}') break;
      if (token.type === 'newline') this.next();
      else if (token.text in CLOSING) this.skipBalanced();
      else this.next();
    }
    return { kind: 'other', text: this.text.slice(start, this.lastEnd), start, end: this.lastEnd };
  }

  private lastEnd = 0;

  private primary(): HclExpr {
    const token = this.peek();
    if (token.type === 'string' || token.type === 'heredoc') {
      this.next();
      return token.type === 'string' ? template(this.text, token.start + 1, token.end - 1, token.start, token.end) : heredoc(this.text, token);
    }
    if (token.type === 'number') {
      this.next();
      return { kind: 'literal', value: Number(token.text), start: token.start, end: token.end };
    }
    if (token.type === 'ident') {
      this.next();
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', start: token.start, end: token.end };
      if (token.text === 'null') return { kind: 'literal', value: null, start: token.start, end: token.end };
      return { kind: 'variable', name: token.text, start: token.start, end: token.end };
    }
    if (token.text === '[' || token.text === '{') {
      const after = this.lookAfter(token);
      if (after.type === 'ident' && after.text === 'for') {
        this.skipBalanced();
        return { kind: 'other', text: this.text.slice(token.start, this.lastEnd), start: token.start, end: this.lastEnd };
      }
      return token.text === '[' ? this.tuple() : this.object();
    }
    if (token.text === '(') {
      this.skipBalanced();
      return { kind: 'other', text: this.text.slice(token.start, this.lastEnd), start: token.start, end: this.lastEnd };
    }
    if (token.text === '-' || token.text === '!') {
      this.next();
      const operand = this.primary();
      return { kind: 'other', text: this.text.slice(token.start, operand.end), start: token.start, end: operand.end };
    }
    throw new HclSyntaxError(`expected a value, found ${describe(token)}`, token.start);
  }

  private tuple(): HclExpr {
    const open = this.next();
    const items: HclExpr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().text === ']') break;
      items.push(this.expression(false));
      this.skipNewlines();
      if (this.peek().text === ',') this.next();
      else if (this.peek().text !== ']') throw new HclSyntaxError(`expected , or ] in a list, found ${describe(this.peek())}`, this.peek().start);
    }
    const close = this.next();
    this.lastEnd = close.end;
    return { kind: 'tuple', items, start: open.start, end: close.end };
  }

  private object(): HclExpr {
    const open = this.next();
    const items: ObjectItem[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().text === '}') break;
      const keyToken = this.peek();
      let key: string | undefined;
      if (keyToken.type === 'ident') {
        this.next();
        key = keyToken.text;
      } else if (keyToken.type === 'string') {
        this.next();
        const parsed = template(this.text, keyToken.start + 1, keyToken.end - 1, keyToken.start, keyToken.end);
        key = parsed.kind === 'template' && parsed.parts.every((p) => 'text' in p) ? parsed.parts.map((p) => ('text' in p ? p.text : '')).join('') : undefined;
      } else if (keyToken.text === '(') {
        this.skipBalanced();
      } else throw new HclSyntaxError(`expected a key in an object, found ${describe(keyToken)}`, keyToken.start);
      const eq = this.next();
      if (eq.text !== '=' && eq.text !== ':') throw new HclSyntaxError(`expected = or : after a key, found ${describe(eq)}`, eq.start);
      items.push({ key, keyStart: keyToken.start, value: this.expression(true) });
      const after = this.peek();
      if (after.text === ',' || after.type === 'newline') this.next();
      else if (after.text !== '}') throw new HclSyntaxError(`expected , or a new line in an object, found ${describe(after)}`, after.start);
    }
    const close = this.next();
    this.lastEnd = close.end;
    return { kind: 'object', items, start: open.start, end: close.end };
  }

  /** Skips a bracketed span, from its opening bracket to its matching close. */
  private skipBalanced(): void {
    const open = this.next();
    const stack = [CLOSING[open.text]];
    while (stack.length > 0) {
      const token = this.next();
      if (token.type === 'eof') throw new HclSyntaxError(`${open.text} is not closed`, open.start);
      if (token.text in CLOSING) stack.push(CLOSING[token.text]);
      else if (token.text === stack[stack.length - 1]) stack.pop();
      else if (token.text === ')' || token.text === ']' || token.text === '}') throw new HclSyntaxError(`unexpected ${token.text}`, token.start);
    }
  }

  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.next();
  }

  expect(type: TokenType, text?: string): Token {
    const token = this.next();
    if (token.type !== type || (text !== undefined && token.text !== text)) throw new HclSyntaxError(`expected ${text ?? type}, found ${describe(token)}`, token.start);
    return token;
  }

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    if (token.type !== 'eof') this.lastEnd = token.end;
    return token;
  }

  /** The first token after `token` (the one peeked), without consuming anything. */
  private lookAfter(token: Token): Token {
    const saved = this.at;
    this.at = token.end;
    let after = this.lex();
    while (after.type === 'newline') after = this.lex();
    this.at = saved;
    return after;
  }

  private lex(): Token {
    const text = this.text;
    for (;;) {
      while (this.at < this.to && (text[this.at] === ' ' || text[this.at] === '\t' || text[this.at] === '\r')) this.at++;
      if (text.startsWith('#', this.at) || text.startsWith('//', this.at)) {
        const start = this.at;
        while (this.at < this.to && text[this.at] !== '\n') this.at++;
        const end = text[this.at - 1] === '\r' ? this.at - 1 : this.at;
        this.comments.set(start, { start, end, content: text.slice(start + (text[start] === '#' ? 1 : 2), end) });
        continue;
      }
      if (text.startsWith('/*', this.at)) {
        const end = text.indexOf('*/', this.at + 2);
        if (end < 0 || end + 2 > this.to) throw new HclSyntaxError('a /* comment is not closed', this.at);
        // A comment spanning lines ends a line, as HCL reads it.
        const spans = text.slice(this.at, end).includes('\n');
        const start = this.at;
        this.at = end + 2;
        this.comments.set(start, { start, end: this.at, content: text.slice(start + 2, end) });
        if (spans) return { type: 'newline', text: '\n', start, end: this.at };
        continue;
      }
      break;
    }
    const start = this.at;
    if (start >= this.to) return { type: 'eof', text: '', start, end: start };
    const c = text[start];
    if (c === '\n') {
      this.at++;
      return { type: 'newline', text: '\n', start, end: this.at };
    }
    if (c === '"') {
      this.at = stringEnd(text, start + 1, this.to);
      return { type: 'string', text: text.slice(start, this.at), start, end: this.at };
    }
    if (text.startsWith('<<', start) && /^<<-?[A-Za-z_][\w-]*\r?\n/.test(text.slice(start, start + 80))) {
      this.at = heredocEnd(text, start, this.to);
      return { type: 'heredoc', text: text.slice(start, this.at), start, end: this.at };
    }
    const ident = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(text.slice(start, Math.min(this.to, start + 256)));
    if (ident !== null) {
      this.at += ident[0].length;
      return { type: 'ident', text: ident[0], start, end: this.at };
    }
    const number = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(start, Math.min(this.to, start + 64)));
    if (number !== null) {
      this.at += number[0].length;
      return { type: 'number', text: number[0], start, end: this.at };
    }
    const punct = PUNCT.find((p) => text.startsWith(p, start));
    if (punct === undefined) throw new HclSyntaxError(`unexpected character ${JSON.stringify(c)}`, start);
    this.at += punct.length;
    return { type: 'punct', text: punct, start, end: this.at };
  }
}

function describe(token: Token): string {
  return token.type === 'eof' ? 'the end of the file' : token.type === 'newline' ? 'a new line' : JSON.stringify(token.text.slice(0, 40));
}

/** Where a quoted string opened before `from` ends (after its closing quote), its interpolations skipped whole. */
function stringEnd(text: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const c = text[at];
    if (c === '\\') at += 2;
    else if (c === '"') return at + 1;
    else if (c === '\n') break;
    else if ((c === '$' || c === '%') && text[at + 1] === '{' && text[at - 1] !== c) at = interpolationEnd(text, at + 2, to);
    else at++;
  }
  throw new HclSyntaxError('a string is not closed on its line', from - 1);
}

/** Where an interpolation whose text starts at `from` ends (after its `}`), nested braces and strings skipped. */
function interpolationEnd(text: string, from: number, to: number): number {
  let depth = 1;
  let at = from;
  while (at < to) {
    const c = text[at];
    if (c === '"') at = stringEnd(text, at + 1, to);
    else {
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) return at + 1;
      at++;
    }
  }
  throw new HclSyntaxError('an interpolation ${ is not closed', from - 2);
}

/** Where a heredoc starting at `start` (`<<EOT` or `<<-EOT`) ends: after its closing marker line's marker. */
function heredocEnd(text: string, start: number, to: number): number {
  const header = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(text.slice(start, start + 80)) as RegExpExecArray;
  const marker = header[1];
  let line = start + header[0].length;
  while (line < to) {
    const eol = text.indexOf('\n', line);
    const lineEnd = eol < 0 || eol > to ? to : eol;
    if (text.slice(line, lineEnd).replace(/\r$/, '').trim() === marker) return line + text.slice(line, lineEnd).indexOf(marker) + marker.length;
    line = lineEnd + 1;
  }
  throw new HclSyntaxError(`the heredoc ${marker} is not closed`, start);
}

function heredoc(text: string, token: Token): HclExpr {
  const header = /^<<-?([A-Za-z_][\w-]*)\r?\n/.exec(token.text) as RegExpExecArray;
  const bodyStart = token.start + header[0].length;
  const markerStart = token.end - header[1].length;
  // The text up to the closing marker's line (its indentation left out).
  const bodyEnd = text.lastIndexOf('\n', markerStart) + 1;
  const expr = template(text, bodyStart, Math.max(bodyStart, bodyEnd), token.start, token.end, false);
  // An indented heredoc (<<-) has its common indentation taken off: not worked out here.
  return header[0].startsWith('<<-') ? { kind: 'other', text: token.text, start: token.start, end: token.end } : expr;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The template written in `text.slice(from, to)` (a string's inside), the node spanning `start`–`end`. */
export function template(text: string, from: number, to: number, start: number, end: number, escapes = true): HclExpr {
  const parts: TemplatePart[] = [];
  let literal = '';
  let literalStart = from;
  let verbatim = true;
  const flush = (at: number) => {
    if (at > literalStart) parts.push({ text: literal, verbatim, start: literalStart, end: at });
    literal = '';
    verbatim = true;
  };
  let at = from;
  while (at < to) {
    const c = text[at];
    if (c === '\\' && escapes) {
      const e = text[at + 1];
      const unicode = e === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(at + 2)) : e === 'U' ? /^[0-9a-fA-F]{8}/.exec(text.slice(at + 2)) : null;
      if (unicode !== null) {
        literal += String.fromCodePoint(parseInt(unicode[0], 16));
        at += 2 + unicode[0].length;
      } else {
        literal += ESCAPES[e] ?? e;
        at += 2;
      }
      verbatim = false;
      continue;
    }
    if ((c === '$' || c === '%') && text[at + 1] === '{') {
      flush(at);
      const close = interpolationEnd(text, at + 2, to);
      if (c === '%') parts.push({ expr: { kind: 'other', text: text.slice(at, close), start: at, end: close }, start: at, end: close });
      else parts.push({ expr: interpolation(text, at + 2, close - 1), start: at, end: close });
      at = close;
      literalStart = at;
      continue;
    }
    if ((c === '$' || c === '%') && text[at + 1] === c && text[at + 2] === '{') {
      // `$${` and `%%{` are the literal `${` and `%{`.
      literal += `${c}{`;
      at += 3;
      verbatim = false;
      continue;
    }
    literal += c;
    at++;
  }
  flush(to);
  return { kind: 'template', parts, start, end };
}

/** The expression inside `${…}` (from after `${` to before `}`), strip markers (`~`) left out. */
function interpolation(text: string, from: number, to: number): HclExpr {
  let start = from;
  let end = to;
  if (text[start] === '~') start++;
  if (text[end - 1] === '~') end--;
  const parser = new Parser(text, start, end);
  try {
    const expr = parser.expression(false);
    parser.expect('eof');
    return expr;
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    return { kind: 'other', text: text.slice(start, end).trim(), start, end };
  }
}

function decodedLabel(text: string, token: Token): string {
  const parsed = template(text, token.start + 1, token.end - 1, token.start, token.end);
  return parsed.kind === 'template' ? parsed.parts.map((p) => ('text' in p ? p.text : text.slice(p.start, p.end))).join('') : token.text;
}
