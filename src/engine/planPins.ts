// Turns an analysis into the edits `pin` writes, and says what happens to every line.
import { type PlacedEdit, placedPinEdit } from '../core/pin';
import type { ScanProblem, TextEdit, Writable } from '../core/types';
import { valueKey } from './argValues';
import { formatPlatform } from '../core/platform';
import { elsewhereWarning, GONE, GONE_FIX, linePinWarning, namedPlatformNote, pinnedForWords, valueName, valuePlace, withNamedPlatformFix } from './messages';
import type { Analysis, ImageStatus } from './types';

/**
 * - `pin`: an unpinned line gets a digest (on the line, or in the ARG default it is written as).
 * - `update`: a stale pin is replaced (only when asked to update).
 * - `unchanged`: current, digest-only, or nothing to write.
 * - `stale`: a stale pin left alone because no update was asked for.
 * - `variable-digest`: a stale pin whose digest comes from a variable; the line cannot be edited.
 * - `gone`: the pinned manifest is no longer in the registry and no update was chosen (or asked
 *   for); the line stays as it was and counts as failed, since it no longer builds.
 * - `failed`: the reference could not be resolved, or the ARG default it shares with a line that
 *   could not be (or that wants another digest) is left alone, or its pin belongs where a build
 *   gives its value (`occurrence.valueElsewhere`); the line stays as it was.
 * - `ignored`: an ignore comment or the configuration leaves the line alone (`occurrence.ignored`).
 * - `conflict`: the file's readings name different images there (`PlanOptions.conflicts`): one
 *   place for a digest and several images to fit, so no reading pins it; the line stays as it was
 *   and counts as failed, its conflict problem saying why.
 */
export type PinAction = 'pin' | 'update' | 'unchanged' | 'stale' | 'variable-digest' | 'gone' | 'failed' | 'ignored' | 'conflict';

export interface PlanOptions {
  /** Replace stale pins (and gone ones with a digest chosen for them). */
  readonly update: boolean;
  /** The places the file's readings disagree on (`readingConflicts`): planned as `conflict`, never edited. */
  readonly conflicts?: { has(occurrence: ImageStatus['occurrence']): boolean };
}

export interface PlannedLine {
  readonly status: ImageStatus;
  readonly action: PinAction;
  /**
   * The edit that pins this line. Lines pinned through one ARG default share one edit (the same
   * object), which `PinPlan.edits` holds once.
   */
  readonly edit?: TextEdit;
  /** Set when `edit` is one of another file: `env-file`, the compose project's `.env` (`PinPlan.envFileEdits`). */
  readonly editFile?: 'env-file';
  /**
   * What a front door reports about the line: why it is not edited (`stale`, `variable-digest`,
   * `gone`, `failed`), or what its pin means (a digest on a line built from ARGs wins over
   * `--build-arg`; an ARG default that takes the index digest).
   */
  readonly note?: string;
}

export interface PinPlan {
  /** Edits of the scanned file. */
  readonly edits: TextEdit[];
  /** Edits of the compose project's `.env` file: values written there that take pins. */
  readonly envFileEdits: TextEdit[];
  /** One entry per status, in document order. */
  readonly lines: readonly PlannedLine[];
  /** The lines that carry a note: what a front door reports. */
  readonly notes: readonly PlannedLine[];
}

export interface PinCounts {
  pinned: number;
  updated: number;
  unchanged: number;
  /** Lines left alone by an ignore comment or the configuration. */
  ignored: number;
  failed: number;
}

export function planPins(analysis: Analysis, options: PlanOptions): PinPlan {
  const conflicts = options.conflicts;
  const lines = shareArgValues(
    analysis.statuses.map((status): PlannedLine => (conflicts?.has(status.occurrence) === true ? { status, action: 'conflict' } : planLine(status, options.update))),
  );
  const editsOf = (file: PlannedLine['editFile']) => [...new Set(lines.flatMap((line) => (line.edit && line.editFile === file ? [line.edit] : [])))];
  return { edits: editsOf(undefined), envFileEdits: editsOf('env-file'), lines, notes: lines.filter((line) => line.note !== undefined) };
}

function planLine(status: ImageStatus, update: boolean): PlannedLine {
  switch (status.state) {
    case 'unpinned': {
      // Its pin belongs where the build gives its value, which this file's plan does not write.
      if (status.occurrence.valueElsewhere !== undefined) return { status, action: 'failed', note: `not pinned: ${elsewhereWarning(status.occurrence)}` };
      const placed = status.targetDigest === undefined ? undefined : placedPinEdit(status.occurrence, status.targetDigest);
      return placed ? editLine(status, 'pin', placed) : { status, action: 'unchanged' };
    }
    case 'stale': {
      if (!update) {
        const other = pinnedForWords(status);
        const note = other === undefined ? `stale pin (tag now at ${status.targetDigest ?? 'another digest'}${suffix(namedPlatformNote(status))})` : `stale pin (${other}; --update replaces it with ${status.targetDigest ?? '?'})`;
        return { status, action: 'stale', note };
      }
      return updateLine(status);
    }
    case 'gone': {
      // Rewritten only when the user chose what replaces it (see PinState `gone`).
      if (update && status.targetDigest !== undefined) return updateLine(status);
      const fix = status.targetDigest === undefined ? GONE_FIX : `--update replaces it with ${status.targetDigest}`;
      return { status, action: 'gone', note: `${GONE}; left as it is; ${fix}` };
    }
    case 'error':
      return { status, action: 'failed', note: withNamedPlatformFix(status, status.error?.message ?? 'could not be resolved') };
    case 'current':
    case 'digest-only':
      return { status, action: 'unchanged' };
    case 'ignored':
      return { status, action: 'ignored' };
  }
}

/**
 * A line that `placed` pins, with what its pin means. Optional keys are set only when they have a
 * value, assigned rather than spread: a generated file plans thousands of lines while the code is cold.
 */
function editLine(status: ImageStatus, action: 'pin' | 'update', placed: PlacedEdit): PlannedLine {
  const line: Writable<PlannedLine> = { status, action, edit: placed.edit };
  if (placed.file !== undefined) line.editFile = placed.file;
  const note = pinNote(status);
  if (note !== undefined) line.note = note;
  return line;
}

/** The edit that replaces a pin with `targetDigest`. */
function updateLine(status: ImageStatus): PlannedLine {
  const placed = status.targetDigest === undefined ? undefined : placedPinEdit(status.occurrence, status.targetDigest);
  if (placed) return editLine(status, 'update', placed);
  if (status.occurrence.digestRange === undefined && status.occurrence.valueAt === undefined) {
    // The digest arrives through an ARG: editing this line would not change the ARG, and
    // changing the ARG could silently re-pin other lines, so it is left to the user.
    return { status, action: 'variable-digest', note: `${status.state} pin comes from a variable; update ${variableList(status)} by hand` };
  }
  return { status, action: 'unchanged' };
}

/** What a pin means beyond the digest: it wins over `--build-arg` on this line, or its ARG default takes the index. */
function pinNote(status: ImageStatus): string | undefined {
  const place = valuePlace(status.occurrence);
  const named = namedPlatformNote(status);
  const note =
    place !== undefined && status.indexOnly !== undefined
      ? `the index digest goes into ${place}: ${status.indexOnly}`
      : linePinWarning(status.occurrence);
  // The file's name chose the platform, not the configuration: every pin says so.
  if (named === undefined) return note;
  const was = status.pinnedFor === undefined ? '' : ` (the pin was for ${formatPlatform(status.pinnedFor)})`;
  const pinned = `${status.state === 'unpinned' ? 'pinned' : 'updated'} ${named}${was}`;
  return note === undefined ? pinned : `${pinned}; ${note}`;
}

/**
 * Lines pinned through one ARG default get one edit, and only when every one of them wants the same
 * digest there: a line that could not be resolved, or that wants another digest or none, leaves the
 * default alone for all of them (it would change that line too), and each says why.
 */
function shareArgValues(lines: readonly PlannedLine[]): PlannedLine[] {
  const groups = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const key = valueKey(line.status.occurrence);
    if (key === undefined) return;
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [i]);
    else members.push(i);
  });
  const out = [...lines];
  for (const members of groups.values()) {
    const wanting = members.filter((i) => lines[i].edit !== undefined);
    if (wanting.length === 0) continue;
    const first = lines[wanting[0]];
    const obstacle = members.find((i) => lines[i].edit === undefined || lines[i].status.targetDigest !== first.status.targetDigest);
    for (const i of wanting) {
      out[i] =
        obstacle === undefined
          ? { ...lines[i], edit: first.edit }
          : { status: lines[i].status, action: 'failed', note: heldBack(lines[i], lines[obstacle]) };
    }
  }
  return out;
}

function heldBack(line: PlannedLine, obstacle: PlannedLine): string {
  const other = `line ${obstacle.status.occurrence.line}, which also uses it,`;
  let why: string;
  if (obstacle.status.state === 'error') why = `${other} could not be resolved`;
  else if (obstacle.action === 'conflict') why = `${other} is named differently by the file's readings`;
  else if (obstacle.status.state === 'ignored') why = `${other} is ignored (${obstacle.status.occurrence.ignored ?? ''})`;
  else if (obstacle.edit !== undefined) why = `${other} resolves to ${obstacle.status.targetDigest ?? 'another digest'}`;
  else why = `${other} is ${obstacle.action === 'stale' ? 'stale' : 'left as it is'}`;
  return `not pinned: ${valueName(line.status.occurrence, line.status.occurrence.valueAt?.name ?? '')} serves several lines and ${why}`;
}

function variableList(status: ImageStatus): string {
  const names = status.occurrence.variables;
  return names.length === 0 ? 'the variable' : names.map((n) => `$${n}`).join(', ');
}

/**
 * What `pin` did to every line. `failed` counts every line that names an image it could not pin:
 * lines that could not be resolved or that the readings conflict on, and every scan problem — an invalid reference, an image that
 * cannot be worked out (`unresolved`), one with no safe place for a digest (`skipped`).
 */
export function countActions(lines: readonly PlannedLine[], problems: readonly ScanProblem[] = []): PinCounts {
  const counts: PinCounts = { pinned: 0, updated: 0, unchanged: 0, ignored: 0, failed: problems.length };
  for (const line of lines) {
    if (line.action === 'pin') counts.pinned++;
    else if (line.action === 'update') counts.updated++;
    else if (line.action === 'failed' || line.action === 'gone' || line.action === 'conflict') counts.failed++;
    else if (line.action === 'ignored') counts.ignored++;
    else counts.unchanged++;
  }
  return counts;
}

function suffix(words: string | undefined): string {
  return words === undefined ? '' : ` ${words}`;
}
