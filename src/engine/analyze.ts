// The engine's entry: scan a Dockerfile and resolve every image in it.
import { scanDockerfile } from '../core/dockerfile';
import type { RegistryClientApi } from '../registry/types';
import { sharedAnswer, type SharedAnalyzeOptions } from './answerMemo';
import type { Analysis, ImageStatus } from './types';

export { resolveOccurrence } from './resolveOccurrence';
export { planPins, countActions } from './planPins';
export type { PinAction, PinCounts, PinPlan, PlannedLine } from './planPins';
export type { AnswerMemo, SharedAnalyzeOptions } from './answerMemo';

/**
 * All occurrences are resolved at once: the client de-duplicates identical requests and caches
 * answers, so a reference named on ten lines still costs one round trip. Lines that name the same
 * image for the same platform are also worked out once (a generated file may name a few images
 * thousands of times), and each line gets that answer with its own occurrence. With
 * `options.answers`, that holds across every file analyzed with the same memo.
 */
export async function analyze(text: string, client: RegistryClientApi, options: SharedAnalyzeOptions): Promise<Analysis> {
  const scan = scanDockerfile(text);
  const answers = options.answers ?? new Map<string, Promise<ImageStatus>>();
  const statuses = await Promise.all(scan.images.map((occurrence) => sharedAnswer(occurrence, client, options, answers)));
  return { statuses, problems: scan.problems };
}
