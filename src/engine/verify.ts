// Checks a rewritten Dockerfile before it replaces the original: pins may add or change digests
// (and `:latest` with a digest where no tag was written), nothing else.
import { scanDockerfile } from '../core/dockerfile';
import { withoutTrailingDigest } from '../core/digest';
import type { ImageOccurrence, ScanOptions } from '../core/types';

/**
 * Rescans `newText` and compares it with the occurrences it was planned from. Returns why the text
 * must not be written, or undefined when it is known good. `expected` maps an occurrence index to
 * the digest that line must now carry. `options` must be those `before` was scanned with: the
 * same words mean other images for another platform or other build args.
 */
export function verifyRewrite(
  before: readonly ImageOccurrence[],
  newText: string,
  expected: ReadonlyMap<number, string>,
  options: ScanOptions,
): string | undefined {
  const after = scanDockerfile(newText, options).images;
  if (after.length !== before.length) {
    return `the rewritten file names ${after.length} images instead of ${before.length}`;
  }
  for (let i = 0; i < before.length; i++) {
    const old = before[i];
    const now = after[i];
    if (!sameImage(old, now)) {
      return `line ${old.line}: "${old.expanded}" would become "${now.expanded}"`;
    }
    const digest = expected.get(i);
    if (digest !== undefined && now.reference.digest !== digest) {
      return `line ${old.line}: "${now.expanded}" does not carry ${digest}`;
    }
  }
  return undefined;
}

/** The same reference apart from its digest; a pin may add `:latest` to a reference without a tag. */
function sameImage(old: ImageOccurrence, now: ImageOccurrence): boolean {
  const before = withoutTrailingDigest(old.expanded);
  const after = withoutTrailingDigest(now.expanded);
  if (before === after) return true;
  return old.reference.tag === undefined && now.reference.digest !== undefined && after === `${before}:latest`;
}
