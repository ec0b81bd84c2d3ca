// The plan stage both front doors share for `pin`: one file read several ways (as itself, as each
// include or extending project reads it, as each build uses it), each reading planned (planPins)
// and rewritten with its re-read check (rewrite) in turn, on the text the reading before left,
// each with the env file it reads; an env file two readings share carries the first one's pins to
// the next. A line the readings name different images on is a conflict: planned as one, left
// alone by all. A line a build reads whose image the compose file gives whole in a build arg is
// left to the compose file, whose pin writes that arg's value (buildArgPins.ts). The CLI writes
// what this returns, the editor applies it as one edit; neither plans a pin of its own.
import { buildArgOf } from '../core/buildScan';
import { withoutTrailingDigest } from '../core/digest';
import { lineEdits } from '../core/lineEdits';
import type { ImageOccurrence, Range, ScanProblem, TextEdit } from '../core/types';
import { argPinWanted, type BuiltDockerfile, type BuiltLine, pinBuildArgs, pinnedByBuilder } from './buildArgPins';
import type { BuildUse } from './buildOperands';
import { BuildPlaces, labelOf, SaidOnce, withBuild } from './passes';
import { planPins, type PlannedLine } from './planPins';
import { leavingAlone, type Reading, readingConflicts, readingWords } from './readings';
import { rewrite } from './rewrite';
import type { SourceFile, SourceOptions } from './sources';
import type { Analysis, ImageStatus } from './types';

/** One reading of the file to pin. */
export interface PinningReading<O extends SourceOptions> extends Pick<Reading, 'by' | 'via'> {
  readonly options: O;
  /** The file's own reading (directly, or as its first include reads it): it carries `PinRequest.moreProblems` (a file with none: its first reading does). */
  readonly main: boolean;
  /** For a build's reading: that build (its line is left to the compose file when the build gives its image in an arg). */
  readonly use?: BuildUse;
  /** The env file it reads and pins into, a key of `PinRequest.envTexts`; null: none. */
  readonly envPath: string | null;
}

export interface PinRequest<O extends SourceOptions> {
  /** The file's path: the key of its own edits in `PinResult.files`. */
  readonly path: string;
  /** The file as it is now (its env file, if any, is each reading's `envPath`). */
  readonly file: Pick<SourceFile, 'kind' | 'text'>;
  /** Every reading, the file's own first. */
  readonly readings: readonly PinningReading<O>[];
  /** The text of each env file a reading reads, by path. */
  readonly envTexts: ReadonlyMap<string, string>;
  readonly update: boolean;
  /** Scans `file` as `options` read it and answers each image; `path` names a Dockerfile a build reads (absent: the file itself). */
  readonly analyze: (file: SourceFile, options: O, path?: string) => Promise<Analysis>;
  /** A compose file: the Dockerfiles its builds read, whose build args its pin writes (with its own reading's options). */
  readonly built?: readonly BuiltDockerfile[];
  /** Problems beyond the file's own scan (the builds and files it names), reported with its own reading. */
  readonly moreProblems?: readonly ScanProblem[];
  /** The messages of its own problems index pins settle (`BuildOperand.settled`): not said. */
  readonly settled?: ReadonlySet<string>;
  /**
   * Only the build-arg pins of one line of a Dockerfile of `built` (its path, zero-based line): the
   * pin of that line alone, where its build gives its value; the file's own lines are not planned.
   */
  readonly onlyLine?: BuiltLine;
}

/** What happened to one place of the file (or, `buildArg`, to a line a build reads whose pin goes into the file). */
export interface PinOutcome extends PlannedLine {
  /** A build arg's pin: the arg, the build giving it, and the file's line (one-based) where it is given. */
  readonly buildArg?: { readonly arg: string; readonly by: string; readonly line: number };
}

/** A problem, with the reading that found it (none: the file's own, or every reading's conflict). */
export interface ReadingProblem {
  readonly problem: ScanProblem;
  readonly by?: string;
  readonly via?: Reading['via'];
}

/** One file the pins change: its text before and after, and the edits between them (undefined when they do not keep its lines). */
export interface FileChange {
  readonly before: string;
  readonly after: string;
  readonly edits: readonly TextEdit[] | undefined;
}

export interface PinResult {
  /** Every file the pins change, by path: env files first (a compose file is never left pinned against a value that was not written), then the file. Empty when refused. */
  readonly files: ReadonlyMap<string, FileChange>;
  /** One per place the readings name an image, in the order met, conflicts among them; then the build args' pins. */
  readonly outcomes: readonly PinOutcome[];
  /** What to tell the user about lines (why one is not pinned, what a pin means), each once, with the reading that says it. */
  readonly notes: readonly { readonly range: Range; readonly text: string }[];
  /** The readings' conflicts, then each reading's problems, each once. */
  readonly problems: readonly ReadingProblem[];
  /** Nothing may be written: a reading's rewritten text did not check out (`as`: that reading, in words). */
  readonly refused?: { readonly reason: string; readonly as?: string };
}

/** Plans the pins of every reading of `request.file` and checks each rewrite; writes nothing. */
export async function pinReadings<O extends SourceOptions>(request: PinRequest<O>): Promise<PinResult> {
  const { file, readings, update } = request;
  const envFiles = new Map<string, { before: string; after: string }>();
  for (const { envPath } of readings) {
    const text = envPath === null ? undefined : request.envTexts.get(envPath);
    if (envPath !== null && text !== undefined && !envFiles.has(envPath)) envFiles.set(envPath, { before: text, after: text });
  }
  // A place the readings name different images on is pinned by none of them, and reported once.
  const conflicts = readingConflicts(
    { kind: file.kind, text: file.text },
    readings.map((reading) => {
      const env = reading.envPath === null ? undefined : envFiles.get(reading.envPath);
      return { ...reading, envFile: env === undefined || reading.envPath === null ? null : { path: reading.envPath, text: env.before } };
    }),
  );
  const said = new SaidOnce();
  const notes: { range: Range; text: string }[] = [];
  const problems: ReadingProblem[] = conflicts.problems.map((problem) => ({ problem }));
  const outcomes = new Map<string, PinOutcome>();
  let current = file.text;
  // What the builds read decides which of the own reading's problems are moot (`BuildPlaces`).
  const built = new BuildPlaces();
  const saidBy = new Map<ReadingProblem, PinningReading<O>>();
  const result = (refused?: PinResult['refused']): PinResult => ({
    files: refused === undefined ? changes(request.path, file.text, current, envFiles) : new Map(),
    outcomes: [...outcomes.values()],
    notes,
    problems: problems.filter((said) => {
      const reading = saidBy.get(said);
      return reading === undefined || !built.moot(said.problem, reading);
    }),
    ...(refused === undefined ? {} : { refused }),
  });
  // The problems of the file's builds are said with its own reading; a Dockerfile read only for its builds, with the first.
  const carrier = readings.find((reading) => reading.main) ?? readings[0];
  // One Dockerfile line's pin: the file's own lines are left as they are.
  for (const reading of request.onlyLine === undefined ? readings : []) {
    const env = reading.envPath === null ? undefined : envFiles.get(reading.envPath);
    const source: SourceFile = { kind: file.kind, text: current, ...(env === undefined ? {} : { envFile: { text: env.after } }) };
    const { by, via } = labelOf(reading);
    // A place a build reads as no image is left alone by every reading, with that build's why.
    const options = leavingAlone(reading.options, conflicts);
    const analysis = await request.analyze(source, options);
    const plan = planPins(analysis, { update, conflicts });
    for (const line of plan.lines) {
      // Its pin is the compose file's to write, in the build arg it takes its image from: reported there.
      if (line.action !== 'conflict' && leftToBuilder(line.status, reading, update)) continue;
      // A place the reading before pinned (which moves what follows on the line) is current now: it keeps what that reading did.
      const key = placeKey(line.status.occurrence);
      if (!outcomes.has(key)) outcomes.set(key, line);
      if (line.note !== undefined && said.firstStatus(line.status)) notes.push({ range: line.status.occurrence.range, text: withBuild(line.note, by, via) });
    }
    built.add(reading, [...analysis.statuses.map((status) => status.occurrence), ...analysis.problems]);
    const own = reading === carrier ? [...analysis.problems, ...(request.moreProblems ?? [])] : analysis.problems;
    for (const problem of own) {
      if (request.settled?.has(problem.message) === true || !said.firstProblem(problem)) continue;
      const found: ReadingProblem = { problem, ...(by === undefined ? {} : { by }), ...(via === undefined ? {} : { via }) };
      saidBy.set(found, reading);
      problems.push(found);
    }
    const rewritten = rewrite(source, plan, options);
    // Should never happen; if it does, the file is worth more than the pins.
    if (!rewritten.ok) return result({ reason: rewritten.reason, ...(reading.by === undefined ? {} : { as: readingWords(reading) }) });
    current = rewritten.text;
    if (env !== undefined && rewritten.envFile !== undefined) env.after = rewritten.envFile.text;
  }
  const main = readings[0];
  if (request.built !== undefined && request.built.length > 0 && file.kind === 'compose' && main !== undefined) {
    // The build args the Dockerfiles of its builds take their images from whole: pinned here, in one write with the file's own pins.
    const env = main.envPath === null ? undefined : envFiles.get(main.envPath);
    const compose: SourceFile = { kind: 'compose', text: current, ...(env === undefined ? {} : { envFile: { text: env.after } }) };
    const args = await pinBuildArgs(compose, main.options, request.built, request.analyze, update, request.onlyLine);
    // Args whose pins do not check out are left as written, each line counted failed; the file's own pins stand.
    if (args.ok) {
      current = args.text;
      if (env !== undefined && args.envText !== undefined) env.after = args.envText;
    }
    for (const pin of args.pins) {
      const o = pin.status.occurrence;
      const note = args.ok ? pin.note : `not ${pin.action === 'pin' ? 'pinned' : 'updated'}: the rewritten text did not check out: ${args.reason}`;
      outcomes.set(`${pin.by}\0${o.line}\0${o.text}`, { status: pin.status, action: note === undefined ? pin.action : 'failed', buildArg: { arg: pin.arg, by: pin.by, line: pin.line }, ...(note === undefined ? {} : { note }) });
      if (note === undefined) continue;
      const at = { line: pin.line - 1, character: 0 };
      notes.push({ range: { start: at, end: at }, text: `${note} (for the build arg ${pin.arg} that ${pin.by} gives its Dockerfile's line ${o.line})` });
    }
  }
  return result();
}

/** A place: its line and the reference as written (a pin a reading before wrote on the line leaves it the same). */
export function placeKey(occurrence: ImageOccurrence): string {
  return `${occurrence.range.start.line}\0${withoutTrailingDigest(occurrence.text)}`;
}

/** Whether a build's reading leaves `status`'s line to the compose file, whose pin writes it into the build arg the line takes its image from. */
function leftToBuilder(status: ImageStatus, reading: PinningReading<SourceOptions>, update: boolean): boolean {
  return argPinWanted(status, update) && pinnedByBuilder(reading.use, buildArgOf(status.occurrence, reading.options.buildArgs));
}

/** The files whose text changed, env files first. */
function changes(path: string, before: string, after: string, envFiles: ReadonlyMap<string, { before: string; after: string }>): Map<string, FileChange> {
  const files = new Map<string, FileChange>();
  for (const [envPath, env] of envFiles) if (env.after !== env.before) files.set(envPath, { ...env, edits: lineEdits(env.before, env.after) });
  if (after !== before) files.set(path, { before, after, edits: lineEdits(before, after) });
  return files;
}
