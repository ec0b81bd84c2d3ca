// Checks a rewritten file of any kind before it replaces the original: pins may add or change digests
// (and `:latest` with a digest where no tag was written), where the plan said, nothing else.
import { withoutTrailingDigest } from '../core/digest';
import { comparePositions } from '../core/text';
import type { ImageOccurrence, Range } from '../core/types';
import { valueKey } from './argValues';
import type { PinPlan } from './planPins';
import { scanSource, type SourceFile, type SourceOptions } from './sources';

/**
 * Rescans `newFile` with its kind's source and compares it with the occurrences it was planned from. Returns why the text
 * must not be written, or undefined when it is known good. `expected` maps an occurrence index to
 * the digest that line must now carry; every other line must carry the digest it had. A line pinned
 * on the line must have its digest written there; one pinned through its ARG default must still
 * take its value from that default, so the digest came from there; and which lines share an ARG
 * default must not change.
 * `options` must be those `before` was scanned with: the same words mean other images for another
 * platform or other build args.
 */
export function verifyRewrite(
  before: readonly ImageOccurrence[],
  newFile: SourceFile,
  expected: ReadonlyMap<number, string>,
  options: SourceOptions,
): string | undefined {
  const after = scanSource(newFile, options).images;
  if (after.length !== before.length) {
    return `the rewritten file names ${after.length} images instead of ${before.length}`;
  }
  for (let i = 0; i < before.length; i++) {
    const old = before[i];
    const now = after[i];
    if (!sameImage(old, now)) {
      return `line ${old.line}: "${old.expanded}" would become "${now.expanded}"`;
    }
    if (valueKey(old) !== valueKey(now)) {
      return `line ${old.line}: "${old.text}" would ${old.valueAt === undefined ? 'start' : 'stop'} taking its pin from an ARG default`;
    }
    const digest = expected.get(i);
    if (digest === undefined) {
      if (now.reference.digest !== old.reference.digest) return `line ${old.line}: "${now.expanded}" would change its digest, which was not planned`;
      continue;
    }
    if (now.reference.digest !== digest) {
      return `line ${old.line}: "${now.expanded}" does not carry ${digest}`;
    }
    if (old.digestField !== undefined && (now.digestField === undefined || now.digestRange === undefined)) {
      return `line ${old.line}: the digest of the kustomize image "${now.text}" would not be written in its digest: field`;
    }
    if (old.valueAt === undefined && now.digestRange === undefined) {
      return `line ${old.line}: the digest of "${now.text}" would come from a variable instead of being written on the line`;
    }
  }
  return undefined;
}

/**
 * Every edit of `plan` belongs to a planned line and stays inside that line's reference, or inside
 * the ARG default it takes its value from (or inside its kustomize entry), and writes that line's
 * digest: `@digest` or `:latest@digest` (`pinTexts`). Returns why not, or undefined.
 */
export function checkEdits(plan: PinPlan): string | undefined {
  const edits = [...plan.edits.map((edit) => ({ edit, file: undefined })), ...plan.envFileEdits.map((edit) => ({ edit, file: 'env-file' as const }))];
  for (const { edit, file } of edits) {
    // An edit of the `.env` file belongs to lines whose value is written there, and only to them.
    const owners = plan.lines.filter((line) => line.edit === edit && line.editFile === file);
    if (owners.length === 0) return 'an edit belongs to no planned line';
    for (const { status } of owners) {
      const occurrence = status.occurrence;
      const place = occurrence.digestField?.entry ?? occurrence.valueAt?.range ?? occurrence.range;
      if (!within(edit.range, place)) return `line ${occurrence.line}: an edit falls outside "${occurrence.valueAt?.text ?? occurrence.text}"`;
      if (!pinTexts(occurrence, status.targetDigest ?? '').includes(edit.newText)) return `line ${occurrence.line}: an edit writes "${edit.newText}"`;
    }
  }
  return undefined;
}

/**
 * What an edit may write for `digest`: `@digest` or `:latest@digest` after a reference; in a
 * kustomize entry's `digest:` field, the digest, or the whole field where it is added.
 */
function pinTexts(occurrence: ImageOccurrence, digest: string): string[] {
  const field = occurrence.digestField;
  if (field === undefined) return [`@${digest}`, `:latest@${digest}`];
  const insertion = field.insertion;
  return insertion === undefined ? [digest] : [digest, `${insertion.before}digest: ${digest}${insertion.after}`];
}

function within(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** The same reference apart from its digest; a pin may add `:latest` to a reference without a tag. */
function sameImage(old: ImageOccurrence, now: ImageOccurrence): boolean {
  const before = withoutTrailingDigest(old.expanded);
  const after = withoutTrailingDigest(now.expanded);
  if (before === after) return true;
  return old.reference.tag === undefined && now.reference.digest !== undefined && after === `${before}:latest`;
}
