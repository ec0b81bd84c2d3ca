// `docker-pin pin <file>...`: writes digests into files of every kind (and a compose project's
// `.env`), atomically and only when known good.
import { resolve } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Platform } from '../../core/types';
import { analyze, countActions, type AnswerMemo, type SharedAnalyzeOptions } from '../../engine/analyze';
import { startAnswer } from '../../engine/answerMemo';
import { type BuiltDockerfile, dockerfilesBuilt, type DockerfileUse } from '../../engine/buildArgPins';
import type { BuildOperand } from '../../engine/buildOperands';
import { passesOf, withBuild } from '../../engine/passes';
import { type PinningReading, type PinOutcome, pinReadings } from '../../engine/pinReadings';
import type { CommandContext } from '../context';
import { type FileOptions, sameForEveryFile } from '../fileOptions';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE, type ExitCode, worstExitCode } from '../exitCodes';
import { withBuilds } from '../builds';
import { displayName, STDIN } from '../inputs';
import { forEachFileLookingAhead } from '../prefetch';
import { UnreadableFileError } from '../readFile';
import { type FileOperand, operandPath, readSource, type ReadSource } from '../readSource';
import { formatLocated, problemMessages } from '../report';
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
  /** The directory operands walked for `files`: a repository one of them holds whole is not searched again for the builds of its Dockerfiles. */
  readonly walked?: readonly string[];
}

interface FileReport {
  /** For stdout: the diff (`--dry-run`), or the pinned text of standard input. */
  out?: string;
  err: string[];
  code: ExitCode;
  /** The files written (a compose project's `.env` first), and the lines left unpinned. */
  written?: string[];
  failed?: number;
  /** Nothing was written: a file this run wrote itself changed since this one read it (read it again). */
  changedByRun?: boolean;
}

/** How many times a file is read again after other files of the run changed what it reads. */
const MAX_REREADS = 8;

export async function pinCommand(args: PinArgs, context: CommandContext): Promise<ExitCode> {
  let code: ExitCode = EXIT_OK;
  // One memo for the whole run: an image named in many files is asked about once, by whichever
  // pass meets it first.
  const answers: AnswerMemo = new Map();
  const options: SharedAnalyzeOptions = { platform: args.platform, buildArgs: args.buildArgs, environment: args.environment, kind: args.index ? 'index' : 'platform', platformGiven: args.platformGiven, answers };
  // Each file's report is printed once it and every earlier file are done: argument order, and
  // nothing but the exit code kept for the end.
  const operands = await withBuilds(args.files, (args.fileOptions ?? sameForEveryFile)(options), args.walked);
  const built = dockerfilesBuilt(operands);
  // The files this run wrote: a file whose env file another of them pinned since it was read
  // (compose files sharing one .env) is read and pinned again, on top of those pins.
  const ownWrites = new Set<string>();
  await forEachFileLookingAhead(
    operands,
    (file) => file.options,
    (occurrence, fileOptions) => startAnswer(occurrence, context.client, fileOptions, answers),
    async (file) => {
      let report = await pinFile(file, args, context, built.get(file) ?? [], ownWrites);
      for (let again = 0; report.changedByRun === true && again < MAX_REREADS; again++) report = await pinFile(file, args, context, built.get(file) ?? [], ownWrites);
      return report;
    },
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
async function pinFile(operand: BuildOperand, args: PinArgs, { client }: CommandContext, dockerfiles: readonly DockerfileUse[], ownWrites: Set<string>): Promise<FileReport> {
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
  // Every reading planned and checked by the engine; one write.
  const envTexts = new Map<string, string>();
  if (read.envPath !== undefined && read.file.envFile !== undefined) envTexts.set(read.envPath, read.file.envFile.text);
  const passes = passesOf(operand);
  const readings = passes.map((pass): PinningReading<SharedAnalyzeOptions> => {
    if (pass.envFile && !envTexts.has(pass.envFile.path)) envTexts.set(pass.envFile.path, pass.envFile.text);
    const envPath = pass.envFile === undefined ? read.envPath : pass.envFile?.path;
    return { ...pass, envPath: envPath ?? null };
  });
  // The build args of the compose file's builds that Dockerfiles take their images from whole: pinned with the file's own pins.
  const built = dockerfiles.length > 0 && read.file.kind === 'compose' && operand.direct ? await readDockerfiles(dockerfiles) : undefined;
  const planned = await pinReadings({
    path: file,
    file: read.file,
    readings,
    envTexts,
    update: args.update,
    analyze: (source, options) => analyze(source, client, options),
    ...(built === undefined ? {} : { built }),
    moreProblems: operand.buildProblems,
    ...(operand.settled === undefined ? {} : { settled: operand.settled }),
  });
  const problems = planned.problems.map((p) => p.problem);
  const messages = problemMessages(problems, args.allowUnresolved === true);
  const problemLines = messages.messages.map((m, i) => ({ ...m, text: withBuild(m.text, planned.problems[i].by, planned.problems[i].via) }));
  if (planned.refused !== undefined) {
    const err = formatLocated(name, [...planned.notes, ...problemLines]);
    err.push(`docker-pin: ${name}: nothing written, the rewritten text did not check out${planned.refused.as === undefined ? '' : ` (as ${planned.refused.as})`}: ${planned.refused.reason}`);
    return { out: toStdout ? text : undefined, err, code: EXIT_UNRESOLVED };
  }
  const codes: ExitCode[] = [messages.code, ...planned.outcomes.map(outcomeCode)];
  const current = planned.files.get(file)?.after ?? text;
  const err = formatLocated(name, [...planned.notes, ...problemLines]);
  const changed = current !== text;
  const envChanged = [...planned.files].filter(([path]) => path !== file);
  // A conflict is counted once, by its line.
  const counts = countActions(planned.outcomes, problems.filter((p) => p.kind !== 'conflict'));
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
          ownWrites.add(resolve(w.path));
        }
      } catch (error) {
        if (error instanceof FileChangedError) {
          // Someone (an editor, another pin) wrote the file while the registry was asked; their
          // text wins, and a second run pins it. When it was this run, the file is read again now.
          err.push(`docker-pin: ${error.message}`);
          return { err, code: EXIT_UNRESOLVED, written, changedByRun: written.length === 0 && ownWrites.has(resolve(error.file)) };
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

/** The Dockerfiles `uses` read, as read now; one that cannot be read is left to its own pass, which reports it. */
async function readDockerfiles(uses: readonly DockerfileUse[]): Promise<BuiltDockerfile[]> {
  const read: BuiltDockerfile[] = [];
  for (const { operand, use } of uses) {
    try {
      read.push({ path: operand.path, use, file: (await readSource(operand)).file });
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
    }
  }
  return read;
}

/** What a place's outcome adds to the exit code. */
function outcomeCode(outcome: PinOutcome): ExitCode {
  // A line whose pin belongs where a build gives its value is left for the user to pin there, as a skipped line is.
  if (outcome.action === 'failed') return outcome.status.occurrence.valueElsewhere === undefined && outcome.buildArg === undefined ? EXIT_UNRESOLVED : EXIT_FINDINGS;
  // A pin whose manifest is gone no longer builds, and only the user can say what replaces it.
  return outcome.action === 'gone' ? EXIT_FINDINGS : EXIT_OK;
}
