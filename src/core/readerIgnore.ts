// An ignore comment at a place that reads a workflow matrix literal whole
// (`container: ${{ matrix.image }} # docker-pin: ignore`) would ignore nothing: the literal is one
// place in the text, pinned where the matrix writes it for every job and place that reads it, so it
// cannot be left alone for one reader and pinned for another. Such a comment is reported as an
// invalid directive naming the lines where a comment does leave the images alone, as a comment at
// a YAML alias is (aliasIgnore.ts).
import type { DirectiveAt } from './aliasIgnore';
import { lineStarts, offsetAt } from './text';
import type { ImageOccurrence, ScanProblem } from './types';

/** One problem per ignore comment that stands only for readers of matrix literals it does not ignore. */
export function readerDirectiveProblems(text: string, images: readonly ImageOccurrence[], directiveAt: DirectiveAt): ScanProblem[] {
  const imageLines = new Set(images.map((image) => image.range.start.line));
  const found = new Map<string, { range: NonNullable<ReturnType<DirectiveAt>>; line: number; held: ImageOccurrence[] }>();
  for (const image of images) {
    if (image.ignored !== undefined) continue;
    for (const reader of image.readAt ?? []) {
      const line = reader.start.line;
      // A comment there that also stands for an image written on the line is that image's.
      if (imageLines.has(line)) continue;
      const range = directiveAt(line);
      if (range === undefined) continue;
      const key = `${range.start.line}:${range.start.character}`;
      const entry = found.get(key) ?? { range, line, held: [] };
      if (!entry.held.includes(image)) entry.held.push(image);
      found.set(key, entry);
    }
  }
  const starts = lineStarts(text);
  return [...found.values()].map(({ range, line, held }) => {
    const values = held.map((image) => `${image.expanded} (line ${image.range.start.line + 1})`).join(', ');
    const lines = [...new Set(held.map((image) => image.range.start.line + 1))].join(' and ');
    return {
      kind: 'invalid',
      range,
      text: text.slice(offsetAt(text, range.start, starts), offsetAt(text, range.end, starts)).trim(),
      message:
        `this ignore comment is on line ${line + 1}, which reads the matrix value ${values}, so it ignores nothing: a matrix value is pinned where ` +
        `it is written, for every job and place that reads it; put the comment on line ${lines} (or right above it) to leave it alone everywhere it is read`,
    };
  });
}
