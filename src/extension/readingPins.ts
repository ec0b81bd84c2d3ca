// A compose file several includes read, pinned as the CLI's `pin` pins it (cli/commands/pin.ts):
// each reading planned by the engine (planPins) and rewritten with its re-read check (rewrite) in
// turn, on the text the reading before left, each with the env file it reads; an env file two
// readings share carries the first one's pins to the next. A value each include reads from its own
// env file is so pinned in every one of them, and the readings still agree. The answers are those
// of the open file's live reading: on a line its readings agree on they name the same image, so one
// resolution serves them all, put on each reading's own occurrence. Free of `vscode`.
import { withoutTrailingDigest } from '../core/digest';
import type { FileKind, ImageOccurrence } from '../core/types';
import { planPins } from '../engine/planPins';
import { readingWords } from '../engine/readings';
import { rewrite } from '../engine/rewrite';
import { scanSource, type SourceFile, type SourceOptions } from '../engine/sources';
import type { ImageStatus } from '../engine/types';

/** One reading of the file: the options it scans the file with, and the env file it reads and pins into. */
export interface PinReading {
  readonly options: SourceOptions;
  /** A key of the env texts; null: it reads none. */
  readonly envPath: string | null;
  /** How it reads the file, for a refusal (`Reading.by`, `Reading.via`); none: the live reading. */
  readonly by?: string;
  readonly via?: 'build' | 'include' | 'extends';
}

export interface EnvFileChange {
  readonly before: string;
  readonly after: string;
}

export type ReadingsPinResult =
  | {
      readonly ok: true;
      /** The file's new text. */
      readonly text: string;
      /** Each env file a reading pinned into, by its path. */
      readonly envFiles: ReadonlyMap<string, EnvFileChange>;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Pins `text` (of `kind`) for every reading in `readings`, the live one first. `statuses`: the live
 * reading's answers for the lines it may pin (a line its readings disagree on is not among them,
 * and no reading touches it); `envTexts`: each env file's text, by path.
 */
export function pinEveryReading(
  kind: FileKind,
  text: string,
  readings: readonly PinReading[],
  envTexts: ReadonlyMap<string, string>,
  statuses: readonly ImageStatus[],
  update: boolean,
): ReadingsPinResult {
  const first = statuses[0];
  // Nothing any reading could pin.
  if (first === undefined) return { ok: true, text, envFiles: new Map() };
  const live = new Map(statuses.map((status) => [placeKey(status.occurrence), status]));
  const envFiles = new Map<string, { before: string; after: string }>();
  let current = text;
  for (const reading of readings) {
    const envText = reading.envPath === null ? undefined : envTexts.get(reading.envPath);
    const env = reading.envPath === null || envText === undefined ? undefined : (envFiles.get(reading.envPath) ?? { before: envText, after: envText });
    if (reading.envPath !== null && env !== undefined) envFiles.set(reading.envPath, env);
    const file: SourceFile = { kind, text: current, ...(env === undefined ? {} : { envFile: { text: env.after } }) };
    const own: ImageStatus[] = [];
    for (const occurrence of scanSource(file, reading.options).images) {
      const status = statusFor(occurrence, live.get(placeKey(occurrence)), first);
      if (typeof status === 'string') return { ok: false, reason: `line ${occurrence.line}${reading.by === undefined ? '' : ` (as ${readingWords({ by: reading.by, via: reading.via ?? 'include' })})`}: ${status}` };
      own.push(status);
    }
    const plan = planPins({ statuses: own, problems: [] }, { update });
    const result = rewrite(file, plan, reading.options);
    if (!result.ok) return { ok: false, reason: reading.by === undefined ? result.reason : `${result.reason} (as ${readingWords({ by: reading.by, via: reading.via ?? 'include' })})` };
    current = result.text;
    if (env !== undefined && result.envFile !== undefined) env.after = result.envFile.text;
  }
  return { ok: true, text: current, envFiles: new Map([...envFiles].filter(([, env]) => env.after !== env.before)) };
}

/**
 * A reading's occurrence with the live reading's answer for its place; left alone where the live
 * reading pins nothing (a place the readings disagree on); current where a reading before pinned
 * it on the line. Why not, when this reading names another image there than the live one does.
 */
function statusFor(occurrence: ImageOccurrence, live: ImageStatus | undefined, first: ImageStatus): ImageStatus | string {
  if (live === undefined) return { occurrence: { ...occurrence, ignored: 'its readings name different images' }, platform: first.platform, state: 'ignored', kind: first.kind };
  const was = live.occurrence;
  if (withoutTrailingDigest(occurrence.expanded) !== withoutTrailingDigest(was.expanded)) {
    return `it names ${occurrence.expanded} where the file's reading names ${was.expanded}; the includes changed since they were read, try again`;
  }
  if (occurrence.reference.digest === was.reference.digest) return { ...live, occurrence };
  if (occurrence.reference.digest !== undefined && occurrence.reference.digest === live.targetDigest) return { ...live, occurrence, state: 'current' };
  return `it names ${occurrence.expanded} where the file's reading names ${was.expanded}`;
}

/** A place: its line and the reference as written (a pin a reading before wrote on the line leaves it the same). */
export function placeKey(occurrence: ImageOccurrence): string {
  return `${occurrence.range.start.line}\0${withoutTrailingDigest(occurrence.text)}`;
}
