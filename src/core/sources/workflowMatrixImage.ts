// A workflow image written as a matrix value: `container: ${{ matrix.image }}`. When the job's
// matrix is written out in the file (workflowMatrix.ts), the image takes each value its key has in
// the job's combinations, and each of those literals is the reference, checked and pinned where it
// is written (the list item, the include entry's value): one place, one pin, however many jobs and
// places read it. What is not known from the file is said, never guessed: a matrix that is an
// expression, a combination without the key, an image built from a matrix value with other text
// (`node:${{ matrix.node }}` — a digest in the value would change its other uses, and one written on
// the line would be one image's digest for every combination), an expression that compares or
// computes with the value (a digest in it would change the result), an include or exclude entry
// that matches the value (a digest would stop it matching).
import type { Node } from '../yaml';
import type { Range } from '../types';
import { workflowExpressions } from './findings';
import type { SourceText } from './sourceText';
import { combinationWords, type Expansion, expandMatrix, sameValue } from './workflowMatrix';
import type { YamlDocument } from './yamlNodes';

/** The job an image is read in: its matrix, worked out once. */
export interface MatrixJob {
  readonly doc: YamlDocument;
  readonly source: SourceText;
  readonly job: Node;
  readonly id: string;
  /** The places reading each matrix literal, over the whole file (a matrix shared through an anchor is read by several jobs). */
  readonly readers: Map<Node, Range[]>;
  expansion?: Expansion;
}

/** What the matrix makes of an image value holding expressions. */
export type MatrixImage =
  /** Each value the image takes: a literal to check and pin where it is written, or (`skip`) why that one cannot take a pin. */
  | { readonly key: string; readonly values: readonly { readonly node: Node; readonly skip?: string }[] }
  /** Why the image cannot be worked out. */
  | { readonly unresolved: string }
  /** No matrix value in it: the expressions' own message applies. */
  | undefined;

const KEY = '[A-Za-z_][A-Za-z0-9_-]*';
const WHOLE = new RegExp(String.raw`^\$\{\{\s*matrix\s*(?:\.\s*(${KEY})|\[\s*'(${KEY})'\s*\])\s*\}\}$`);

/** The values `value` (an image written with expressions) takes in `job`'s matrix. */
export function matrixImage(job: MatrixJob, value: string, what: string): MatrixImage {
  const whole = WHOLE.exec(value);
  if (whole === null) {
    const uses = workflowExpressions(value).filter((e) => WHOLE.test(e));
    if (uses.length === 0) return undefined;
    return {
      unresolved:
        `${what} is built from the matrix value ${uses.join(', ')} with other text (${value}): a digest written into the matrix value would change ` +
        `its other uses, and one written here would pin one image for every combination, so it is not pinned; write the full image in the ` +
        `matrix and use it whole (\${{ matrix.<key> }}) to pin it, or accept it unpinned with --allow-unresolved`,
    };
  }
  const key = whole[1] ?? whole[2];
  const expansion = (job.expansion ??= expandMatrix(job.doc, job.source, job.job, job.id));
  const fix = `write the matrix out in the job to pin it, or accept it unpinned with --allow-unresolved`;
  if (expansion.known === 'none') return { unresolved: `${what} is ${value}, but job ${job.id} has no strategy.matrix, so matrix.${key} has no value; ${fix}` };
  if (expansion.known === false) return { unresolved: `${what} is ${value}, and ${expansion.reason}; ${fix}` };
  const missing = expansion.combinations.find((c) => !c.has(key));
  if (missing !== undefined) {
    return { unresolved: `${what} is ${value}, but matrix.${key} has no value in the combination ${combinationWords(job.source, missing)} of job ${job.id}; give every combination its image to pin it, or accept it unpinned with --allow-unresolved` };
  }
  if (expansion.combinations.length === 0) return { unresolved: `${what} is ${value}, but the matrix of job ${job.id} has no combination` };
  const other = otherUse(job, key);
  if (other !== undefined) {
    return { unresolved: `${what} is ${value}, and matrix.${key} is also read by ${other}, whose result a digest written into the matrix value would change, so it is not pinned; give what that expression tests a matrix key of its own, or accept it unpinned with --allow-unresolved` };
  }
  const nodes = [...new Set(expansion.combinations.map((c) => c.get(key) as Node))];
  return {
    key,
    values: nodes.map((node) => {
      // An entry matched on the value would match it no more once it carries a digest: the matrix would change.
      const entry = expansion.originals.has(key) ? expansion.matched.find((e) => e.values.has(key) && sameValue(job.doc, e.values.get(key) as Node, node) !== 'no') : undefined;
      return entry === undefined ? { node } : { node, skip: `the ${entry.kind} entry on line ${entry.line} matches it, and a digest written here would stop it matching` };
    }),
  };
}

/**
 * A use of `matrix.KEY` in the job other than the whole value (`${{ matrix.KEY }}`, which a digest
 * leaves the same image): a comparison, a function, an `if:` — in words with its line. Comments
 * count too: a mention that cannot be told apart is not guessed harmless.
 */
function otherUse(job: MatrixJob, key: string): string | undefined {
  const [start, end] = job.job.range ?? [0, 0];
  const text = job.source.text.slice(start, end);
  const name = key.replace(/-/g, '\\-');
  const plain = new RegExp(String.raw`\$\{\{\s*matrix\s*(?:\.\s*${name}|\[\s*'${name}'\s*\])\s*\}\}`, 'g');
  const whole: [number, number][] = [...text.matchAll(plain)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const mention = new RegExp(String.raw`\bmatrix\s*(?:\.\s*${name}(?![\w-])|\[\s*(['"])${name}\1\s*\])`, 'g');
  for (const m of text.matchAll(mention)) {
    const at = m.index ?? 0;
    if (whole.some(([s, e]) => at >= s && at < e)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).trim();
    return `"${line.length > 80 ? `${line.slice(0, 77)}...` : line}" on line ${job.source.line(start + at)}`;
  }
  return undefined;
}
