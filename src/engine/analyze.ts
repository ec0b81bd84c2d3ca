// The engine's entry: scan a Dockerfile and resolve every image in it.
import { scanDockerfile } from '../core/dockerfile';
import type { RegistryClientApi } from '../registry/types';
import { resolveOccurrence } from './resolveOccurrence';
import type { Analysis, AnalyzeOptions } from './types';

export { resolveOccurrence } from './resolveOccurrence';
export { planPins, countActions } from './planPins';
export type { PinAction, PinCounts, PinPlan, PlannedLine } from './planPins';

/**
 * All occurrences are resolved at once: the client de-duplicates identical requests and caches
 * answers, so a reference named on ten lines still costs one round trip.
 */
export async function analyze(text: string, client: RegistryClientApi, options: AnalyzeOptions): Promise<Analysis> {
  const scan = scanDockerfile(text);
  const statuses = await Promise.all(scan.images.map((occurrence) => resolveOccurrence(occurrence, client, options)));
  return { statuses, problems: scan.problems };
}
