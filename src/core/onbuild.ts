// ONBUILD COPY --from= and ONBUILD RUN --mount=…,from=: BuildKit (0.17 and later) reads the word
// after `from` in the build of an image FROM this one (the child build), not in this one. There it
// may name a stage of the child's Dockerfile, which docker-pin cannot see, and its variables are
// expanded with the child's ARGs. So only a word that cannot be a stage name is an image here.
import { Copy, Run } from 'dockerfile-ast';
import type { Onbuild } from 'dockerfile-ast';
import type { ScanProblem } from './types';

/**
 * A stage name as BuildKit accepts one (`^[a-z][a-z0-9-_.]*$` after lowercasing the `AS` word),
 * or a stage index. BuildKit matches `--from` against stage names without regard to case.
 */
const MAY_NAME_STAGE = /^(?:[a-z][a-z0-9._-]*|\d+)$/i;

/** The COPY or RUN an ONBUILD triggers; undefined for the other triggers, which name no image. */
export function triggerOf(instruction: Onbuild): Copy | Run | undefined {
  const trigger = instruction.getTriggerInstruction();
  return trigger instanceof Copy || trigger instanceof Run ? trigger : undefined;
}

const CHILD = 'ONBUILD runs in the build of an image FROM this one';
const FIX = 'or put # docker-pin: ignore above the line';

/**
 * What a trigger's `from` word is for this file: `image` (read it as any COPY --from image), `none`
 * (`scratch`, the empty image in every build), or why it cannot be told here.
 *
 * A word naming a stage of this Dockerfile is not special: the trigger runs in the child build,
 * where this file's stages do not exist (the child's FROM names the image one of them made), so
 * the word is as unsure as any other bare word.
 */
export function triggerWord(written: string, expanded: string, variables: readonly string[]): 'image' | 'none' | { readonly kind: ScanProblem['kind']; readonly message: string } {
  if (variables.length > 0) {
    // Never this file's ARG values: the child build gives its own.
    return { kind: 'unresolved', message: `${CHILD}, which expands ${variables.join(', ')} with the ARGs of that build, not this file's: the image cannot be known here; write the image out to have it pinned, ${FIX}` };
  }
  if (expanded.toLowerCase() === 'scratch') return 'none';
  if (!MAY_NAME_STAGE.test(expanded)) return 'image';
  const example = `docker.io/library/${expanded.toLowerCase()}:<tag>`;
  return {
    kind: 'unresolved',
    message: `${CHILD}, where ${JSON.stringify(written)} may name a stage of that build's Dockerfile: whether it is an image cannot be told here; write the image with its registry and tag (such as ${example}) to have it pinned, ${FIX}`,
  };
}
