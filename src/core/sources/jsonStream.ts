// A Kubernetes manifest written as JSON, as kubectl reads one: a file whose first character (after
// blanks) is `{` is a stream of JSON objects — one object, a `List`, or several objects one after
// another (`{…}\n{…}`, what `jq -c` or a concatenation of `kubectl get -o json` outputs writes) —
// and is read with a JSON parser, never as YAML. Strict JSON: no comments, no trailing commas.
// Each value is found with jsonc-parser's visitor (offsets for everything, no tree built), the
// first syntax error stops the stream there, and the values before it are whole.
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { ParseErrorCode } from 'jsonc-parser';

/** One top-level value of the stream. */
export interface JsonValue {
  readonly start: number;
  /** Where the value ends; for the value holding the stream's syntax error, where that error is. */
  readonly end: number;
  readonly isObject: boolean;
  /** The string values of the object's own properties (`apiVersion`, `kind`), as far as they could be read. */
  readonly fields: ReadonlyMap<string, string>;
}

export interface JsonSyntaxError {
  readonly offset: number;
  readonly length: number;
  /** jsonc-parser's name for it (`CommaExpected`). */
  readonly code: string;
}

export interface JsonStream {
  /** The values, in order; the last one is cut at `error` when there is one. */
  readonly values: readonly JsonValue[];
  /** The first syntax error: nothing after it is read. */
  readonly error?: JsonSyntaxError;
}

/** Whether a manifest's text is JSON to kubectl: its first character after blanks (and a BOM) is `{`. */
export function isJsonText(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text);
}

/** The top-level values of `text`, up to its first syntax error. */
export function readJsonStream(text: string): JsonStream {
  const values: JsonValue[] = [];
  for (let at = 0; ; ) {
    // A slice is cheap (V8 shares the characters): each value is read once, the stream in one pass.
    const value = readOne(text.slice(at));
    if (value === undefined) return { values };
    const shifted = { start: at + value.start, end: at + value.end, isObject: value.isObject, fields: value.fields };
    if (value.error !== undefined) {
      values.push({ ...shifted, end: at + value.error.offset });
      return { values, error: { ...value.error, offset: at + value.error.offset } };
    }
    values.push(shifted);
    if (value.next === undefined) return { values };
    at += value.next;
  }
}

interface OneValue {
  readonly start: number;
  readonly end: number;
  readonly isObject: boolean;
  readonly fields: Map<string, string>;
  readonly error?: JsonSyntaxError;
  /** Where the next value starts, when one follows. */
  readonly next?: number;
}

/** The first value of `text`, or undefined when only blanks are left. */
function readOne(text: string): OneValue | undefined {
  let depth = 0;
  let start = -1;
  let end = -1;
  let isObject = false;
  let property: string | undefined;
  const fields = new Map<string, string>();
  let error: JsonSyntaxError | undefined;
  let next: number | undefined;
  const begin = (offset: number, object: boolean) => {
    if (depth++ === 0) {
      start = offset;
      isObject = object;
    }
  };
  const close = (offset: number, length: number) => {
    if (--depth === 0) end = offset + length;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => begin(offset, true),
      onArrayBegin: (offset) => begin(offset, false),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: (name) => {
        if (depth === 1) property = name;
      },
      onLiteralValue: (value: unknown, offset, length) => {
        if (depth === 0) {
          start = offset;
          end = offset + length;
        } else if (depth === 1 && isObject && property !== undefined && typeof value === 'string') {
          fields.set(property, value);
        }
      },
      onError: (code: ParseErrorCode, offset, length) => {
        // The parser stops after one value and says so at the next one's first token.
        const name = printParseErrorCode(code);
        if (name === 'EndOfFileExpected' && error === undefined) next ??= offset;
        else error ??= { offset, length, code: name };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true },
  );
  if (start < 0 && error === undefined) return undefined;
  if (start < 0) start = error?.offset ?? 0;
  if (end < 0) end = error?.offset ?? text.length;
  return { start, end, isObject, fields, ...(error === undefined ? {} : { error }), ...(next === undefined ? {} : { next }) };
}

/** What is wrong at a syntax error, in words, for the file's text. */
export function jsonErrorMessage(text: string, error: JsonSyntaxError): string {
  const before = text.slice(0, error.offset).trimEnd();
  const at = text[error.offset];
  if (before.endsWith(',') && (at === '}' || at === ']')) return 'a comma before the closing bracket (JSON allows no trailing comma)';
  return JSON_ERRORS[error.code] ?? error.code;
}

const JSON_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'this is no JSON token (property names and strings take double quotes)',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected after the property name',
  CommaExpected: 'a comma was expected here, between two entries',
  CloseBraceExpected: 'a } was expected to close the object',
  CloseBracketExpected: 'a ] was expected to close the list',
  InvalidCommentToken:
    'JSON has no comments, and kubectl refuses a manifest holding one (to leave an image of a JSON manifest alone, list it under ignore.images in .docker-pin.yaml)',
  UnexpectedEndOfComment: 'a comment is not closed (JSON has no comments)',
  UnexpectedEndOfString: 'a string is not closed on its line',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'a backslash escape JSON does not know',
  InvalidCharacter: 'a control character (a tab or a line break) inside a string',
};
