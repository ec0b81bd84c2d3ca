// Answers shared by every file of one `pin`/`check` run: each distinct image, platform and digest
// kind is worked out once, however many files name it and whichever file names it first.
import type { ImageOccurrence } from '../core/types';
import type { RegistryClientApi } from '../registry/types';
import { indexOnlyReason } from './argValues';
import { ignoredStatus } from './ignored';
import { effectivePlatform } from './platformOf';
import { resolveOccurrence } from './resolveOccurrence';
import type { AnalyzeOptions, ImageStatus } from './types';

/**
 * Keyed by `answerKey`. Its size is bounded by the distinct references it was asked about. Meant for
 * one CLI invocation: a long-lived owner (the extension) has caches with lifetimes of their own,
 * and a memo never forgets.
 */
export type AnswerMemo = Map<string, Promise<ImageStatus>>;

export interface SharedAnalyzeOptions extends AnalyzeOptions {
  /**
   * Answers shared with other files analyzed with the same client and options; without it each
   * file shares answers only between its own lines.
   */
  readonly answers?: AnswerMemo;
}

/**
 * Everything `resolveOccurrence` reads besides the occurrence's place: the expanded text (its
 * reference, and the words of its messages), the platform it resolves for, the kind asked for (or the
 * one its place needs), whether that platform was the user's choice, and whether its ARG default
 * allows only the index.
 */
export function answerKey(occurrence: ImageOccurrence, options: AnalyzeOptions): string {
  // Built by hand, not with JSON.stringify: a generated file asks this for thousands of lines.
  const { os, architecture, variant = '', osVersion = '' } = effectivePlatform(occurrence, options.platform);
  const given = options.platformGiven === true ? 'given' : '';
  const key = `${occurrence.expanded}\u0000${occurrence.digestKind ?? options.kind}\u0000${os}\u0000${architecture}\u0000${variant}\u0000${osVersion}\u0000${given}`;
  // A line whose ARG default serves several platforms, or whose one written reference is used for
  // several, is answered as an index pin, with the reason.
  return occurrence.valueAt === undefined && occurrence.platforms === undefined && occurrence.indexOnly === undefined ? key : `${key}\u0000${indexOnlyReason(occurrence, options.platform) ?? ''}`;
}

/**
 * The answer for `occurrence`, started if no file asked for it before, bound to `occurrence`.
 * A failure (404, denied) is an answer like any other, so it is not asked again either.
 */
export function sharedAnswer(occurrence: ImageOccurrence, client: RegistryClientApi, options: AnalyzeOptions, answers: AnswerMemo): Promise<ImageStatus> {
  return answerOf(occurrence, client, options, answers).then((status) => ({ ...status, occurrence }));
}

/** Starts working out `occurrence`'s answer unless it is known or under way; for a pass that only looks ahead. */
export function startAnswer(occurrence: ImageOccurrence, client: RegistryClientApi, options: AnalyzeOptions, answers: AnswerMemo): void {
  void answerOf(occurrence, client, options, answers);
}

function answerOf(occurrence: ImageOccurrence, client: RegistryClientApi, options: AnalyzeOptions, answers: AnswerMemo): Promise<ImageStatus> {
  // An ignored line neither asks nor shares: another line naming the same image is answered for itself.
  const ignored = ignoredStatus(occurrence, options);
  if (ignored !== undefined) return Promise.resolve(ignored);
  const key = answerKey(occurrence, options);
  let answer = answers.get(key);
  if (answer === undefined) {
    // The memo outlives the file: an occurrence's strings may be slices of the whole file text
    // (V8 slices long substrings), which the memo would then keep alive, file after file.
    answer = resolveOccurrence(detached(occurrence), client, options);
    // Whoever started it may never wait for it (a pass that only looks ahead, a run that stopped).
    answer.catch(() => undefined);
    answers.set(key, answer);
  }
  return answer;
}

/** A copy of `occurrence` that shares no string with the text it was scanned from. */
export function detached(occurrence: ImageOccurrence): ImageOccurrence {
  return JSON.parse(JSON.stringify(occurrence)) as ImageOccurrence;
}
