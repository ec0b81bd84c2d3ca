// `docker-pin pin <file>...`: writes digests into files of every kind (and a compose project's
// `.env`), atomically and only when known good.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { withoutTrailingDigest } from '../../core/digest';
import type { Platform, ScanProblem } from '../../core/types';
import { analyze, countActions, planPins, type AnswerMemo, type PlannedLine, type SharedAnalyzeOptions } from '../../engine/analyze';
import { startAnswer } from '../../engine/answerMemo';
import { readingConflicts, readingWords } from '../../engine/readings';
import { rewrite } from '../../engine/rewrite';
import type { ImageStatus } from '../../engine/types';
import type { CommandContext } from '../context';
import { type FileOptions, sameForEveryFile } from '../fileOptions';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE, type ExitCode, worstExitCode } from '../exitCodes';
import { type BuiltDockerfile, pinBuildArgs, pinnedByBuilder } from '../../engine/buildArgPins';
import type { BuildOperand, BuildUse } from '../../engine/buildOperands';
import { buildArgOf } from '../../core/buildScan';
import { labelOf, passesOf, SaidOnce, withBuild } from '../../engine/passes';
import type { SourceFile } from '../../engine/sources';
import { withBuilds } from '../builds';
import { displayName, STDIN } from '../inputs';
import { forEachFileLookingAhead } from '../prefetch';
import { UnreadableFileError } from '../readFile';
import { type FileOperand, operandPath, readSource, type ReadSource } from '../readSource';
import { formatLocated, type LocatedMessage, problemMessages } from '../report';
import { FileChangedError, NotRegularFileError, writeFileAtomic } from '../writeFile';

export interface PinArgs {
  /** Files of any kind; one without a kind given is told by detectKind, else read as a Dockerfile. */
  readonly files: readonly FileOperand[];
  readonly platform: Platform;
  readonly index: boolean;
  /** `--platform` was given: with `update`, a pin whose manifest is gone gets that platform's digest. */
  readonly platformGiven: boolean;
  readonly update: boolean;
  readonly dryRun: boolean;
  /** `--build-arg`s: values for the Dockerfiles' ARGs. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  /** Lines whose variables have no value are still reported and counted, but do not make the exit code 1. */
  readonly allowUnresolved?: boolean;
  /** The environment compose files are interpolated with. */
  readonly environment?: ReadonlyMap<string, string>;
  /** Each file's options from the ones above (its repository config applied); the same for every file when not given. */
  readonly fileOptions?: (run: SharedAnalyzeOptions) => FileOptions;
}

interface FileReport {
  /** For stdout: the diff (`--dry-run`), or the pinned text of standard input. */
  out?: string;
  err: string[];
  code: ExitCode;
  /** The files written (a compose project's `.env` first), and the lines left unpinned. */
  written?: string[];
  failed?: number;
}

export async function pinCommand(args: PinArgs, context: CommandContext): Promise<ExitCode> {
  let code: ExitCode = EXIT_OK;
  // One memo for the whole run: an image named in many files is asked about once, by whichever
  // pass meets it first.
  const answers: AnswerMemo = new Map();
  const options: SharedAnalyzeOptions = { platform: args.platform, buildArgs: args.buildArgs, environment: args.environment, kind: args.index ? 'index' : 'platform', platformGiven: args.platformGiven, answers };
  // Each file's report is printed once it and every earlier file are done: argument order, and
  // nothing but the exit code kept for the end.
  const operands = await withBuilds(args.files, (args.fileOptions ?? sameForEveryFile)(options));
  const built = dockerfilesBuilt(operands);
  await forEachFileLookingAhead(
    operands,
    (file) => file.options,
    (occurrence, fileOptions) => startAnswer(occurrence, context.client, fileOptions, answers),
    (file) => pinFile(file, args, context, built.get(file) ?? []),
    (report) => {
      if (report.out !== undefined) context.output.out(report.out);
      for (const line of report.err) context.output.err(line);
      context.observer?.pinned?.({ written: report.written ?? [], failed: report.failed ?? 0 });
      code = worstExitCode([code, report.code]);
    },
  );
  return code;
}

/** Pins one file in place; `-` (standard input) is pinned to stdout instead, changed or not. */
async function pinFile(operand: BuildOperand, args: PinArgs, { client }: CommandContext, dockerfiles: readonly DockerfileUse[]): Promise<FileReport> {
  const file = operandPath(operand);
  const name = displayName(file);
  const toStdout = file === STDIN && !args.dryRun;
  let read: ReadSource;
  try {
    read = await readSource(operand);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { err: [`docker-pin: ${error.message}`], code: EXIT_USAGE };
  }
  const text = read.file.text;
  // Each reading (the file itself, each include or build of it) is planned and rewritten in turn on
  // the text the one before left, each rewrite checked by re-reading it as that reading does; one
  // write. A compose file's readings may each read their own env file: each takes the pins of the
  // readings that read it, and an env file two readings share carries the first one's pins to the next.
  let current = read.file.text;
  const envFiles = new Map<string, { before: string; after: string }>();
  if (read.envPath !== undefined && read.file.envFile !== undefined) envFiles.set(read.envPath, { before: read.file.envFile.text, after: read.file.envFile.text });
  const said = new SaidOnce();
  const notes: LocatedMessage[] = [];
  const problems: ScanProblem[] = [];
  const problemLines: LocatedMessage[] = [];
  const lines = new Map<string, PlannedLine>();
  const codes: ExitCode[] = [];
  const passes = passesOf(operand);
  // A line the readings name different images on is pinned by none of them, and reported once.
  const conflicts = readingConflicts(read.file, passes);
  if (conflicts.problems.length > 0) {
    problems.push(...conflicts.problems);
    const messages = problemMessages(conflicts.problems, args.allowUnresolved === true);
    problemLines.push(...messages.messages);
    codes.push(messages.code);
  }
  for (const pass of passes) {
    const envPath = pass.envFile === undefined ? read.envPath : pass.envFile?.path;
    if (envPath !== undefined && pass.envFile && !envFiles.has(envPath)) envFiles.set(envPath, { before: pass.envFile.text, after: pass.envFile.text });
    const env = envPath === undefined ? undefined : envFiles.get(envPath);
    const reading: SourceFile = { kind: read.file.kind, text: current, ...(env === undefined ? {} : { envFile: { text: env.after } }) };
    const { by, via } = labelOf(pass);
    const scanned = await analyze(reading, client, pass.options);
    // Left as they are (the rewrite's check then holds them to that), and counted by their conflict alone.
    const analysis = { ...scanned, statuses: scanned.statuses.map((status) => (conflicts.has(status.occurrence) ? leftForConflict(status) : status)) };
    const plan = planPins(analysis, { update: args.update });
    for (const line of plan.lines) {
      const o = line.status.occurrence;
      if (conflicts.has(o)) continue;
      // Its pin is the compose file's to write, in the build arg it takes its image from: reported there.
      if (line.status.state === 'unpinned' && o.valueElsewhere !== undefined && pinnedByBuilder(pass.use, buildArgOf(o, pass.options.buildArgs))) continue;
      // The place, not the image: readings that disagree on it are a conflict, and a pin the
      // reading before wrote (which moves what follows on the line) leaves the place the same.
      const key = `${o.range.start.line}:${withoutTrailingDigest(o.text)}`;
      // A line the reading before pinned is current now: it keeps what that reading did.
      if (!lines.has(key)) lines.set(key, line);
      if (line.note !== undefined && said.firstStatus(line.status)) notes.push({ range: o.range, text: withBuild(line.note, by, via) });
      // A line whose pin belongs where a build gives its value is left for the user to pin there, as a skipped line is.
      if (line.action === 'failed') codes.push(o.valueElsewhere === undefined ? EXIT_UNRESOLVED : EXIT_FINDINGS);
      // A pin whose manifest is gone no longer builds, and only the user can say what replaces it.
      if (line.action === 'gone') codes.push(EXIT_FINDINGS);
    }
    const own = pass.main ? [...analysis.problems, ...operand.buildProblems] : analysis.problems;
    const fresh = own.filter((p) => said.firstProblem(p));
    problems.push(...fresh);
    const messages = problemMessages(fresh, args.allowUnresolved === true);
    problemLines.push(...messages.messages.map((m) => ({ ...m, text: withBuild(m.text, by, via) })));
    codes.push(messages.code);
    const result = rewrite(reading, plan, pass.options);
    if (!result.ok) {
      // Should never happen; if it does, the file is worth more than the pins.
      const err = formatLocated(name, [...notes, ...problemLines]);
      err.push(`docker-pin: ${name}: nothing written, the rewritten text did not check out${pass.by === undefined ? '' : ` (as ${readingWords(pass)})`}: ${result.reason}`);
      return { out: toStdout ? text : undefined, err, code: EXIT_UNRESOLVED };
    }
    current = result.text;
    if (env !== undefined && result.envFile !== undefined) env.after = result.envFile.text;
  }
  // The build args of the compose file's builds that Dockerfiles take their images from whole: pinned here, in one write with the file's own pins.
  if (dockerfiles.length > 0 && read.file.kind === 'compose' && operand.direct) {
    const env = read.envPath === undefined ? undefined : envFiles.get(read.envPath);
    const compose: SourceFile = { kind: 'compose', text: current, ...(env === undefined ? {} : { envFile: { text: env.after } }) };
    const result = await pinBuildArgs(compose, passes[0].options, await readDockerfiles(dockerfiles), client);
    // Args whose pins do not check out are left as written, each line counted failed; the file's own pins stand.
    if (result.ok) {
      current = result.text;
      if (env !== undefined && result.envText !== undefined) env.after = result.envText;
    }
    for (const pin of result.pins) {
      const o = pin.status.occurrence;
      const note = result.ok ? pin.note : `not pinned: the rewritten text did not check out: ${result.reason}`;
      lines.set(`${pin.by}:${o.line}:${o.text}`, { status: pin.status, action: note === undefined ? 'pin' : 'failed' });
      if (note === undefined) continue;
      notes.push({ range: { start: { line: pin.line - 1, character: 0 }, end: { line: pin.line - 1, character: 0 } }, text: `${note} (for the build arg ${pin.arg} that ${pin.by} gives its Dockerfile's line ${o.line})` });
      codes.push(EXIT_FINDINGS);
    }
  }
  const err = formatLocated(name, [...notes, ...problemLines]);
  const changed = current !== text;
  const envChanged = [...envFiles].filter(([, env]) => env.after !== env.before);
  const counts = countActions([...lines.values()], problems);
  let out: string | undefined;
  const written: string[] = [];
  if (toStdout) {
    out = current;
  } else if (changed || envChanged.length > 0) {
    // The env files first: a compose file is never left pinned against a value that was not written.
    const writes: { path: string; before: string; after: string }[] = envChanged.map(([path, env]) => ({ path, ...env }));
    if (changed) writes.push({ path: file, before: text, after: current });
    if (args.dryRun) {
      // Plain `---`/`+++` headers, as `diff -u` and git print them, so `patch -p1` and `git apply` take it.
      out = writes
        .map((w) => {
          const [from, to] = w.path === STDIN ? [name, name] : [`a/${w.path}`, `b/${w.path}`];
          return createTwoFilesPatch(from, to, w.before, w.after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
        })
        .join('');
    } else {
      try {
        for (const w of writes) {
          await writeFileAtomic(w.path, w.after, { expected: w.before });
          written.push(w.path);
        }
      } catch (error) {
        if (error instanceof FileChangedError) {
          // Someone (an editor, another pin) wrote the file while the registry was asked; their
          // text wins, and a second run pins it.
          err.push(`docker-pin: ${error.message}`);
          return { err, code: EXIT_UNRESOLVED, written };
        }
        if (error instanceof NotRegularFileError) {
          err.push(`docker-pin: ${error.message}`);
          return { err, code: EXIT_USAGE, written };
        }
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        err.push(`docker-pin: ${file}: could not write (${code}); the file is unchanged${writes.length > 1 ? ' (its .env may already be pinned)' : ''}`);
        return { err, code: EXIT_UNRESOLVED, written };
      }
    }
  }
  const [pinned, updated] = args.dryRun ? ['would pin', 'would update'] : ['pinned', 'updated'];
  const parts = [`${pinned} ${counts.pinned}`, `${updated} ${counts.updated}`, `unchanged ${counts.unchanged}`];
  // Named only when there are some: an ignore comment or the configuration left these alone.
  if (counts.ignored > 0) parts.push(`ignored ${counts.ignored}`);
  parts.push(`failed ${counts.failed}`);
  // `failed` counts every line left unpinned; lines that cannot be worked out or edited are named too.
  const why = (['unresolved', 'skipped', 'conflict'] as const).flatMap((kind) => {
    const count = problems.filter((p) => p.kind === kind).length;
    return count > 0 ? [`${kind} ${count}`] : [];
  });
  if (why.length > 0) parts[parts.length - 1] += ` (${why.join(', ')})`;
  err.push(`${parts.join(', ')} in ${name}`);
  return { out, err, code: worstExitCode(codes), written, failed: counts.failed };
}

/** A Dockerfile one of a compose file's builds reads, with that build. */
interface DockerfileUse {
  readonly operand: BuildOperand;
  readonly use: BuildUse;
}

/** For each file of the run, the Dockerfiles its builds read: the compose file pins the build args they take their images from. */
function dockerfilesBuilt(operands: readonly BuildOperand[]): Map<BuildOperand, DockerfileUse[]> {
  const built = new Map<BuildOperand, DockerfileUse[]>();
  for (const operand of operands) {
    for (const use of operand.builds) {
      if (use.builder === undefined || use.build.argValues === undefined) continue;
      built.set(use.builder, [...(built.get(use.builder) ?? []), { operand, use }]);
    }
  }
  return built;
}

/** The Dockerfiles `uses` read, as read now; one that cannot be read is left to its own pass, which reports it. */
async function readDockerfiles(uses: readonly DockerfileUse[]): Promise<BuiltDockerfile[]> {
  const read: BuiltDockerfile[] = [];
  for (const { operand, use } of uses) {
    try {
      read.push({ use, file: (await readSource(operand)).file });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
    }
  }
  return read;
}

/** A line its readings name different images on: left alone, as an ignored line is. */
function leftForConflict(status: ImageStatus): ImageStatus {
  return { ...status, state: 'ignored', occurrence: { ...status.occurrence, ignored: 'its readings name different images' } };
}
