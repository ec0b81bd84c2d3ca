// An image a CI config names in one scalar (CircleCI's docker: entries, Bitbucket's steps): pinned
// where it is written, for the platforms it runs on; one holding what the CI system fills in when
// the pipeline runs (`<< parameters.tag >>`, `$VARIABLE`) is unresolved, never guessed.
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import type { ImageSource, Platform } from '../types';
import { type Findings, nodePlace, wholeScalar } from './findings';
import { stringValue, writtenScalar } from './yamlNodes';

/** What the CI system fills in: its pattern, and who fills it in (`CircleCI fills in`, `a variable Bitbucket sets`). */
export interface Placeholder {
  readonly pattern: RegExp;
  readonly words: (found: string) => string;
}

export function ciImage(findings: Findings, node: Node, source: ImageSource, what: string, platforms: readonly (Platform | undefined)[], placeholder: Placeholder): void {
  const value = stringValue(node);
  const place = nodePlace(findings, node);
  if (value === undefined || !isScalar(node)) {
    if (isScalar(node) && node.value !== null) findings.problem('invalid', place, `${what} is not a string, so it names no image`);
    return;
  }
  const found = placeholder.pattern.exec(value)?.[0];
  if (found !== undefined) {
    findings.problem('unresolved', place, `${what} holds ${placeholder.words(found)}, so the image cannot be worked out here; write it out to pin it, or accept it unpinned with --allow-unresolved`);
    return;
  }
  const written = writtenScalar(findings.source, node, value);
  if ('reason' in written) {
    findings.problem('skipped', place, `skipped ${JSON.stringify(value)} (${what}): ${written.reason}, so no digest can be inserted safely`);
    return;
  }
  findings.image(wholeScalar(written), { source, expanded: value, usePlatforms: platforms });
}
