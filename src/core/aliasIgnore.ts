// An ignore comment written at a YAML alias (`image: *img # docker-pin: ignore`, or above
// `<<: *base`) would ignore nothing: an image under an anchor is one place in the text, where the
// anchor is written, and its pin goes there for every use. Leaving it alone for one alias and
// pinning it for the others cannot be written, so such a comment is reported as an invalid
// directive, naming the anchor's line, where a comment does leave the image alone for every use.
import { isAlias, parseAllDocuments, visit } from './yaml';
import type { Alias, Node } from './yaml';
import type { ImageOccurrence, Range, ScanProblem } from './types';
import { SourceText } from './sources/sourceText';
import { offsetAt } from './text';

/** Where a directive comment stands for a line: the comment's range, when an ignore directive stands there. */
export type DirectiveAt = (line: number) => Range | undefined;

/** One problem per ignore comment that stands only for aliases of anchors holding images. */
export function aliasDirectiveProblems(text: string, images: readonly ImageOccurrence[], directiveAt: DirectiveAt): ScanProblem[] {
  if (images.length === 0 || !text.includes('*')) return [];
  const source = new SourceText(text);
  const imageLines = new Set(images.map((image) => image.range.start.line));
  const problems = new Map<string, ScanProblem>();
  const parsed = parseAllDocuments(text, { uniqueKeys: false, merge: false, prettyErrors: false, strict: false });
  for (const doc of Array.isArray(parsed) ? parsed : []) {
    const anchors: Node[] = [];
    visit(doc, (_key, node) => {
      if (!isAlias(node) && (node as { anchor?: string }).anchor !== undefined) anchors.push(node as Node);
    });
    visit(doc, {
      Alias: (_key, node: Alias) => {
        const [start] = node.range ?? [0, 0];
        const line = source.position(start).line;
        // A comment there that also stands for an image written on the line is that image's.
        if (imageLines.has(line)) return;
        const comment = directiveAt(line);
        if (comment === undefined) return;
        const target = anchored(anchors, node.source, start);
        const [from, to] = target?.range ?? [0, 0];
        const held = images.find((image) => {
          const at = offsetAt(text, image.range.start, source.starts);
          return at >= from && at < Math.max(to, from + 1);
        });
        // Ignored where the anchor is: the comment asks for what is done already.
        if (target === undefined || held === undefined || held.ignored !== undefined) return;
        const key = `${comment.start.line}:${comment.start.character}`;
        if (problems.has(key)) return;
        const anchorLine = held.range.start.line + 1;
        problems.set(key, {
          kind: 'invalid',
          range: comment,
          text: text.slice(offsetAt(text, comment.start, source.starts), offsetAt(text, comment.end, source.starts)).trim(),
          message:
            `this ignore comment is at the alias *${node.source} on line ${line + 1}, so it ignores nothing: the image ${held.expanded} is written once, ` +
            `under the anchor &${node.source}, and pinned there for every use; put the comment on line ${anchorLine} (or right above it) to leave it alone everywhere it is used`,
        });
      },
    });
  }
  return [...problems.values()];
}

/** The node the alias names: the anchor of that name defined last before it. */
function anchored(anchors: readonly Node[], name: string, before: number): Node | undefined {
  let found: Node | undefined;
  for (const node of anchors) {
    if ((node as { anchor?: string }).anchor === name && (node.range?.[0] ?? 0) < before) found = node;
  }
  return found;
}
