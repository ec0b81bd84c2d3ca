// Compose interpolation (the Compose Specification's "Interpolation" chapter, as compose-go's
// template package reads it): `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
// `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}`, nested in defaults
// (`${A:-${B:-x}}`), and `$$` for a literal `$`. A `$` followed by anything else stays as written;
// a `${` that is not one of these forms is an error, as in Compose.
//
// One difference, on purpose: Compose replaces a variable that has no value and no default by an
// empty string with a warning; here it makes the value unknown (`unresolved`), because an image
// name with a hole in it would be pinned as something nobody runs.

/**
 * A variable's value; undefined when it is not set (set and empty is `''`); `{ unknown }` when it is
 * set to something that cannot be worked out (a `.env` value built from a variable without value),
 * with the reason.
 */
export type Lookup = (name: string) => string | undefined | { readonly unknown: string };

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';

/** One piece of a template, with its offsets in the template text. */
type Part =
  | { readonly kind: 'text'; readonly value: string; readonly start: number; readonly end: number; readonly escaped: boolean }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly operator?: Operator;
      /** The default, error message or alternative after the operator. */
      readonly word: readonly Part[];
      readonly start: number;
      readonly end: number;
    };

/** Where the value of a template written as exactly one variable expression comes from. */
export type SoleSource =
  /** The variable's own value (`${IMAGE}`, or `${IMAGE:-x}` with IMAGE set). */
  | { readonly from: 'variable'; readonly name: string }
  /** A literal default or alternative written inside the expression, at these template offsets. */
  | { readonly from: 'literal'; readonly name: string; readonly start: number; readonly end: number }
  /** A default built from several pieces (`${IMAGE:-$REGISTRY/app:1}`), or from an empty one. */
  | { readonly from: 'mixed'; readonly name: string };

export interface Interpolation {
  /** The value; undefined when it cannot be worked out (see `unresolved` and `invalid`). */
  readonly value?: string;
  /** Every variable the template names, in order, once each. */
  readonly variables: readonly string[];
  /** The variable whose missing value leaves the value unknown, and why. */
  readonly unresolved?: { readonly name: string; readonly message: string };
  /** Why the template is not a valid one. */
  readonly invalid?: string;
  /** For a template that is exactly one variable expression: where its value comes from. */
  readonly sole?: SoleSource;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

class TemplateError extends Error {}

/** Interpolates `template` with `lookup`'s values. Never throws. */
export function interpolate(template: string, lookup: Lookup): Interpolation {
  let parts: Part[];
  try {
    parts = parse(template, 0, template.length);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { variables: namesIn(template), invalid: e.message };
  }
  const variables: string[] = [];
  collectNames(parts, variables);
  const evaluated = evaluate(parts, lookup);
  const sole = parts.length === 1 && parts[0].kind === 'variable' ? soleSource(parts[0], lookup) : undefined;
  if ('unresolved' in evaluated) return { variables, unresolved: evaluated.unresolved, ...(sole ? { sole } : {}) };
  return { value: evaluated.value, variables, ...(sole ? { sole } : {}) };
}

function parse(s: string, from: number, to: number): Part[] {
  const parts: Part[] = [];
  let textStart = from;
  let text = '';
  let escaped = false;
  const flush = (end: number) => {
    if (end > textStart) parts.push({ kind: 'text', value: text, start: textStart, end, escaped });
    text = '';
    escaped = false;
  };
  let i = from;
  while (i < to) {
    const ch = s[i];
    if (ch !== '$' || i + 1 >= to) {
      text += ch;
      i++;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      text += '$';
      escaped = true;
      i += 2;
      continue;
    }
    if (next === '{') {
      flush(i);
      const close = closingBrace(s, i, to);
      if (close < 0) throw new TemplateError(`"${s.slice(i, to)}" has no closing brace`);
      parts.push(braced(s, i, close));
      i = close + 1;
      textStart = i;
      continue;
    }
    NAME.lastIndex = i + 1;
    const name = NAME.exec(s);
    if (name === null || name.index + name[0].length > to) {
      // `$1`, `$-`, `$ `: kept as written.
      text += ch;
      i++;
      continue;
    }
    flush(i);
    const end = i + 1 + name[0].length;
    parts.push({ kind: 'variable', name: name[0], word: [], start: i, end });
    i = end;
    textStart = i;
  }
  flush(to);
  return parts;
}

/** The `}` closing the `${` at `open`, counting nested `${` as Compose does; -1 when none. */
function closingBrace(s: string, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    if (s[i] === '$' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (s[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function braced(s: string, open: number, close: number): Part {
  NAME.lastIndex = open + 2;
  const name = NAME.exec(s);
  const whole = s.slice(open, close + 1);
  if (name === null || name.index !== open + 2) throw new TemplateError(`"${whole}" is not a valid variable expression`);
  const afterName = open + 2 + name[0].length;
  if (afterName === close) return { kind: 'variable', name: name[0], word: [], start: open, end: close + 1 };
  const operator = (['-', '?', '+'].includes(s[afterName + 1]) && s[afterName] === ':' ? s.slice(afterName, afterName + 2) : s[afterName]) as string;
  if (!['-', '?', '+', ':-', ':?', ':+'].includes(operator)) {
    throw new TemplateError(`"${whole}" is not a valid variable expression (Compose knows :-, -, :?, ?, :+ and +)`);
  }
  const wordStart = afterName + operator.length;
  return {
    kind: 'variable',
    name: name[0],
    operator: operator as Operator,
    word: parse(s, wordStart, close),
    start: open,
    end: close + 1,
  };
}

type Evaluated = { readonly value: string } | { readonly unresolved: { readonly name: string; readonly message: string } };

function evaluate(parts: readonly Part[], lookup: Lookup): Evaluated {
  let value = '';
  for (const part of parts) {
    const one = part.kind === 'text' ? { value: part.value } : evaluateVariable(part, lookup);
    if ('unresolved' in one) return one;
    value += one.value;
  }
  return { value };
}

function evaluateVariable(part: Extract<Part, { kind: 'variable' }>, lookup: Lookup): Evaluated {
  const found = lookup(part.name);
  if (typeof found === 'object') return { unresolved: { name: part.name, message: found.unknown } };
  const value = found;
  const empty = value === undefined || value === '';
  switch (part.operator) {
    case undefined:
      if (value !== undefined) return { value };
      return { unresolved: { name: part.name, message: `${part.name} is not set and has no default` } };
    case ':-':
      return empty ? evaluate(part.word, lookup) : { value };
    case '-':
      return value === undefined ? evaluate(part.word, lookup) : { value };
    case ':?':
    case '?': {
      if (part.operator === ':?' ? !empty : value !== undefined) return { value: value ?? '' };
      const said = evaluate(part.word, lookup);
      const why = 'value' in said && said.value !== '' ? `: ${said.value}` : '';
      return { unresolved: { name: part.name, message: `${part.name} is required but ${value === undefined ? 'not set' : 'empty'}${why}` } };
    }
    case ':+':
      return empty ? { value: value ?? '' } : evaluate(part.word, lookup);
    case '+':
      return value === undefined ? { value: '' } : evaluate(part.word, lookup);
  }
}

/** Where the value of one variable expression comes from, following nested defaults. */
function soleSource(part: Extract<Part, { kind: 'variable' }>, lookup: Lookup): SoleSource {
  const found = lookup(part.name);
  if (typeof found === 'object') return { from: 'variable', name: part.name };
  const value = found;
  const empty = value === undefined || value === '';
  const usesWord =
    (part.operator === ':-' && empty) ||
    (part.operator === '-' && value === undefined) ||
    (part.operator === ':+' && !empty) ||
    (part.operator === '+' && value !== undefined);
  if (!usesWord) return { from: 'variable', name: part.name };
  const word = part.word;
  if (word.length === 1 && word[0].kind === 'text' && !word[0].escaped) {
    return { from: 'literal', name: part.name, start: word[0].start, end: word[0].end };
  }
  if (word.length === 1 && word[0].kind === 'variable') {
    const inner = soleSource(word[0], lookup);
    // The inner variable's own value, or its literal: overriding the outer variable still wins.
    return inner.from === 'literal' ? { ...inner, name: part.name } : inner;
  }
  return { from: 'mixed', name: part.name };
}

function collectNames(parts: readonly Part[], into: string[]): void {
  for (const part of parts) {
    if (part.kind !== 'variable') continue;
    if (!into.includes(part.name)) into.push(part.name);
    collectNames(part.word, into);
  }
}

/** Names a malformed template mentions, for messages. */
function namesIn(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) if (!names.includes(match[1])) names.push(match[1]);
  return names;
}
