// The platform an occurrence resolves for: the one rule every front door and every engine step
// uses, so a lens, a check line and a pin never disagree about it.
import type { ImageOccurrence, Platform } from '../core/types';

/**
 * The platform the file declares for `occurrence` (`FROM --platform=…`, a compose service's
 * `platform:`, a pod's node selection), else `configured` (which a front door without a valid
 * platform setting may lack).
 */
export function effectivePlatform<C extends Platform | undefined>(occurrence: Pick<ImageOccurrence, 'platform'>, configured: C): Platform | C {
  return occurrence.platform ?? configured;
}
