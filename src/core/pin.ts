// Planning the edits that pin images (pure: text in, edits and text out).
//
// Where the digest goes — a decision the README repeats: right after the reference as written,
// on the line that names the image (`FROM alpine:3.20@sha256:…`, `FROM alpine:${TAG}@sha256:…`),
// except for a reference written as exactly one ARG whose default serves only as an image
// (`occurrence.valueAt`, see argDefaults.ts): then into that default
// (`ARG BASE=python:3.12@sha256:…`), one edit for every use, so a `--build-arg BASE=…` replaces
// tag and digest together instead of being silently defeated by a digest on the line. A digest on a
// line whose reference uses ARGs wins over any `--build-arg` of them; front doors say so
// (engine/messages.ts). The tag is always kept: it tells people what the digest is, the digest is
// what gets pulled. A reference without a tag gets `:latest` with its digest
// (`FROM alpine:latest@sha256:…`): a digest alone has no tag left to compare with, so the pin
// could never be found stale again. A kustomization's `images:` entry is pinned in its `digest:`
// field (`occ.digestField`), where kustomize reads it.
import { DIGEST_PATTERN } from './digest';
import { lineStarts, offsetAt } from './text';
import type { ArgValue, DigestField, ImageOccurrence, Position, TextEdit } from './types';

/**
 * The edit that makes `occ` pin `digest` (`algo:hex`): an insertion of `@digest` after the
 * reference (`:latest@digest` when the reference has no tag), or a replacement of the digest
 * written on the line — or the same in the ARG default of `occ.valueAt`. Undefined when the line
 * (or that default) already holds that digest, when the value is written in another file
 * (`occ.valueAt.file`), or when its digest comes from another variable (no digest is written on
 * the line but the expanded reference has one): editing the line would not change the variable,
 * so callers report that case instead.
 */
export function pinEdit(occ: ImageOccurrence, digest: string): TextEdit | undefined {
  // A value written in another file (a compose project's `.env`) is pinned there, by whoever reads
  // that file (placedPinEdit): never on this line, where a digest would silently win over every later value.
  if (occ.valueAt?.file !== undefined) return undefined;
  return placedPinEdit(occ, digest)?.edit;
}

/** An edit, and the file it edits: the scanned one, or the one `ArgValue.file` names. */
export interface PlacedEdit {
  readonly edit: TextEdit;
  readonly file?: ArgValue['file'];
}

/**
 * `pinEdit`, also for a value written in another file: the edit is then one of that file
 * (`file: 'env-file'`, a compose project's `.env`), for a caller that reads and writes it too.
 */
export function placedPinEdit(occ: ImageOccurrence, digest: string): PlacedEdit | undefined {
  if (occ.digestField !== undefined) {
    const edit = fieldEdit(occ, occ.digestField, digest);
    return edit === undefined ? undefined : { edit };
  }
  const pinned = `@${digest}`;
  if (occ.valueAt !== undefined) {
    const edit = valueEdit(occ, occ.valueAt, pinned);
    return edit === undefined ? undefined : { edit, ...(occ.valueAt.file === undefined ? {} : { file: occ.valueAt.file }) };
  }
  const edit = lineEdit(occ, pinned);
  return edit === undefined ? undefined : { edit };
}

function lineEdit(occ: ImageOccurrence, pinned: string): TextEdit | undefined {
  if (occ.digestRange !== undefined) {
    if (writtenDigest(occ) === pinned) return undefined;
    return { range: occ.digestRange, newText: pinned };
  }
  if (occ.reference.digest !== undefined) return undefined;
  const newText = occ.reference.tag === undefined ? `:latest${pinned}` : pinned;
  return { range: { start: insertionPoint(occ), end: insertionPoint(occ) }, newText };
}

/**
 * The edit of a kustomize `images:` entry's `digest:` field: its value replaced, or the field added.
 * Undefined when it already holds `digest`.
 */
function fieldEdit(occ: ImageOccurrence, field: DigestField, digest: string): TextEdit | undefined {
  if (occ.digestRange !== undefined) return occ.reference.digest === digest ? undefined : { range: occ.digestRange, newText: digest };
  if (field.insertion === undefined || occ.reference.digest !== undefined) return undefined;
  const { position, before, after } = field.insertion;
  return { range: { start: position, end: position }, newText: `${before}digest: ${digest}${after}` };
}

/**
 * The same edit made in the ARG default the reference takes its value from: the default's written
 * digest replaced, or `@digest` inserted at its end (inside a closing quote). The default is on one
 * line, so its characters are the range's.
 */
function valueEdit(occ: ImageOccurrence, value: ArgValue, pinned: string): TextEdit | undefined {
  const { text, range } = value;
  const at = (index: number): Position => ({ line: range.start.line, character: range.start.character + index });
  const written = WRITTEN_DIGEST.exec(text);
  if (written !== null) {
    if (written[0] === pinned) return undefined;
    return { range: { start: at(written.index), end: at(written.index + written[0].length) }, newText: pinned };
  }
  if (occ.reference.digest !== undefined) return undefined;
  const end = at(/["']$/.test(text) ? text.length - 1 : text.length);
  return { range: { start: end, end }, newText: occ.reference.tag === undefined ? `:latest${pinned}` : pinned };
}

/** `@algo:hex` ending the written reference (or ARG default), before any closing quote. */
const WRITTEN_DIGEST = new RegExp(`@${DIGEST_PATTERN}(?=["']?$)`);

/** The `@algo:hex` written on the line. */
function writtenDigest(occ: ImageOccurrence): string | undefined {
  return WRITTEN_DIGEST.exec(occ.text)?.[0];
}

/**
 * Right after the reference; inside the closing quote of a quoted reference, because a quote
 * followed by text would break `RUN --mount`'s comma-separated options.
 */
function insertionPoint(occ: ImageOccurrence): Position {
  const { text, range } = occ;
  const quote = text[0];
  const quoted = text.length >= 2 && (quote === '"' || quote === "'") && text.endsWith(quote);
  return quoted && range.end.character > 0
    ? { line: range.end.line, character: range.end.character - 1 }
    : range.end;
}

/**
 * Applies `edits` to `text` by positions on the original text (UTF-16, LSP line breaks); every other
 * character is kept as it was (CRLF, continuations, heredocs, comments, the escape directive).
 * Throws when two edits overlap, because the result would depend on their order.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const located = edits
    .map((edit, index) => ({
      index,
      start: offsetAt(text, edit.range.start, starts),
      end: offsetAt(text, edit.range.end, starts),
      newText: edit.newText,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);
  // Pieces joined once at the end: one copy of the text, however many edits there are.
  const parts: string[] = [];
  let copied = 0;
  for (let i = 0; i < located.length; i++) {
    const edit = located[i];
    if (edit.end < edit.start) throw new RangeError(`edit ${edit.index} ends before it starts`);
    const previous = located[i - 1];
    // Two insertions at one point, or an insertion inside a replacement, also count as overlap.
    if (previous !== undefined && (edit.start < previous.end || (edit.start === previous.start && edit.start === previous.end))) {
      throw new RangeError(`edits ${previous.index} and ${edit.index} overlap`);
    }
    parts.push(text.slice(copied, edit.start), edit.newText);
    copied = edit.end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
