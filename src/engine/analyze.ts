// The engine's entry: scan a file of any kind with its kind's source and resolve every image in it.
import type { ImageOccurrence } from '../core/types';
import type { RegistryClientApi } from '../registry/types';
import { answerKey, sharedAnswer, type SharedAnalyzeOptions } from './answerMemo';
import { ignoredStatus } from './ignored';
import { resolveOccurrence } from './resolveOccurrence';
import { scanSource, type SourceFile } from './sources';
import type { Analysis, ImageStatus } from './types';

export { resolveOccurrence } from './resolveOccurrence';
export { planPins, countActions } from './planPins';
export type { PinAction, PinCounts, PinPlan, PlannedLine } from './planPins';
export type { AnswerMemo, SharedAnalyzeOptions } from './answerMemo';
export { scanSource } from './sources';
export type { SourceFile, SourceOptions } from './sources';
export { effectivePlatform } from './platformOf';

/**
 * All occurrences are resolved at once: the client de-duplicates identical requests and caches
 * answers, so a reference named on ten lines still costs one round trip. Lines that name the same
 * image for the same platform are also worked out once (a generated file may name a few images
 * thousands of times), and each line gets that answer with its own occurrence. With
 * `options.answers`, that holds across every file analyzed with the same memo.
 */
export async function analyze(file: SourceFile, client: RegistryClientApi, options: SharedAnalyzeOptions): Promise<Analysis> {
  const scan = scanSource(file, options);
  const shared = options.answers;
  const statuses = await Promise.all(
    shared === undefined ? withinFile(scan.images, client, options) : scan.images.map((occurrence) => sharedAnswer(occurrence, client, options, shared)),
  );
  return { statuses, problems: scan.problems };
}

/** This file's lines only: the first line of each image is resolved as it is, with no copy or rebinding (the cold path of a huge file). */
function withinFile(images: readonly ImageOccurrence[], client: RegistryClientApi, options: SharedAnalyzeOptions): Promise<ImageStatus>[] {
  const answers = new Map<string, Promise<ImageStatus>>();
  return images.map((occurrence) => {
    // An ignored line neither asks nor shares: another line naming the same image is answered for itself.
    const ignored = ignoredStatus(occurrence, options);
    if (ignored !== undefined) return Promise.resolve(ignored);
    const key = answerKey(occurrence, options);
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = resolveOccurrence(occurrence, client, options);
      answers.set(key, answer);
      return answer;
    }
    return answer.then((status) => ({ ...status, occurrence }));
  });
}

