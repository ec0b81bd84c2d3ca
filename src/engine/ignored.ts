// The one place the engine decides that an image is left alone: an occurrence its source or the
// scan marked ignored (`occurrence.ignored`) is answered here, before any registry request.
import type { ImageOccurrence } from '../core/types';
import { effectivePlatform } from './platformOf';
import type { AnalyzeOptions, ImageStatus } from './types';

/** The `ignored` status of `occurrence`, or undefined when it is to be resolved. */
export function ignoredStatus(occurrence: ImageOccurrence, options: AnalyzeOptions): ImageStatus | undefined {
  if (occurrence.ignored === undefined) return undefined;
  return { occurrence, platform: effectivePlatform(occurrence, options.platform), state: 'ignored', kind: occurrence.digestKind ?? options.kind };
}
