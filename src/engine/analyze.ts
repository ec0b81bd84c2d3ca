// The engine's entry: scan a Dockerfile and resolve every image in it.
import { scanDockerfile } from '../core/dockerfile';
import type { ImageOccurrence } from '../core/types';
import type { RegistryClientApi } from '../registry/types';
import { resolveOccurrence } from './resolveOccurrence';
import type { Analysis, AnalyzeOptions, ImageStatus } from './types';

export { resolveOccurrence } from './resolveOccurrence';
export { planPins, countActions } from './planPins';
export type { PinAction, PinCounts, PinPlan, PlannedLine } from './planPins';

/**
 * All occurrences are resolved at once: the client de-duplicates identical requests and caches
 * answers, so a reference named on ten lines still costs one round trip. Lines that name the same
 * image for the same platform are also worked out once (a generated file may name a few images
 * thousands of times), and each line gets that answer with its own occurrence.
 */
export async function analyze(text: string, client: RegistryClientApi, options: AnalyzeOptions): Promise<Analysis> {
  const scan = scanDockerfile(text);
  const answers = new Map<string, Promise<ImageStatus>>();
  const statuses = await Promise.all(
    scan.images.map((occurrence) => {
      const key = sameAnswerKey(occurrence);
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = resolveOccurrence(occurrence, client, options);
        answers.set(key, answer);
        return answer;
      }
      return answer.then((status) => ({ ...status, occurrence }));
    }),
  );
  return { statuses, problems: scan.problems };
}

/**
 * What `resolveOccurrence` reads of an occurrence besides the occurrence itself: its reference and
 * the words of its messages (both from the expanded text) and its `--platform`.
 */
function sameAnswerKey(occurrence: ImageOccurrence): string {
  return occurrence.platform === undefined ? occurrence.expanded : `${occurrence.expanded}\u0000${JSON.stringify(occurrence.platform)}`;
}
