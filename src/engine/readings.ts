// One file read several ways: a Dockerfile read directly (with the run's --build-arg values) and as
// each build uses it (a compose service's args, a dev container's). A line whose readings name the
// same image is pinned as usual; a line whose readings name different images has one place for a
// digest and two images to fit, so no reading pins it: it is a conflict, reported with every
// reading named and the way out (give the build its pinned image in its args, or make the
// readings agree).
import type { ImageOccurrence, ScanProblem } from '../core/types';
import { scanSource, type SourceFile, type SourceOptions } from './sources';

/** One reading of a file: the options it is scanned with, and the build that reads it so (none: read directly). */
export interface Reading {
  readonly options: SourceOptions;
  readonly by?: string;
}

export interface ReadingConflicts {
  /** Whether no reading may pin `occurrence`: its readings name different images. */
  has(occurrence: ImageOccurrence): boolean;
  /** One `conflict` problem per such place. */
  readonly problems: readonly ScanProblem[];
}

const NONE: ReadingConflicts = { has: () => false, problems: [] };

/**
 * The places of `file` its readings disagree on. A place is its line and the reference as written:
 * a pin written earlier on the line by another reading moves the column, never the line or the text.
 */
export function readingConflicts(file: SourceFile, readings: readonly Reading[]): ReadingConflicts {
  if (readings.length < 2) return NONE;
  const places = new Map<string, { occurrence: ImageOccurrence; names: Map<string, string[]>; ignored: boolean }>();
  for (const reading of readings) {
    for (const occurrence of scanSource(file, reading.options).images) {
      const key = placeKey(occurrence);
      const place = places.get(key) ?? { occurrence, names: new Map<string, string[]>(), ignored: true };
      place.ignored &&= occurrence.ignored !== undefined;
      const who = reading.by === undefined ? 'read directly' : `as ${reading.by} builds it`;
      place.names.set(occurrence.expanded, [...(place.names.get(occurrence.expanded) ?? []), who]);
      places.set(key, place);
    }
  }
  const conflicting = new Set<string>();
  const problems: ScanProblem[] = [];
  for (const [key, { occurrence, names, ignored }] of places) {
    // Left alone by every reading: nothing is pinned there whatever it names.
    if (names.size < 2 || ignored) continue;
    conflicting.add(key);
    const readingsSaid = [...names].map(([name, who]) => `${name} (${who.join(', ')})`).join(' and ');
    const args = occurrence.variables.length > 0 ? ` that set ${occurrence.variables.join(' and ')}` : '';
    problems.push({
      kind: 'conflict',
      range: occurrence.range,
      text: occurrence.text,
      message:
        `conflict ${JSON.stringify(occurrence.text)}: its readings name different images, ${readingsSaid}, and one digest cannot pin them all, so it is not pinned: ` +
        `write the digest into the build args${args} (…@sha256:…), or make the readings agree`,
    });
  }
  if (conflicting.size === 0) return NONE;
  return { has: (occurrence) => conflicting.has(placeKey(occurrence)), problems };
}

function placeKey(occurrence: ImageOccurrence): string {
  return `${occurrence.range.start.line}\0${occurrence.text}`;
}
