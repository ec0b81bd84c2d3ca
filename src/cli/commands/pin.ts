// `docker-pin pin <file>...`: writes digests into Dockerfiles, atomically and only when known good.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Platform } from '../../core/types';
import { analyze, countActions, planPins, type AnswerMemo, type SharedAnalyzeOptions } from '../../engine/analyze';
import { startAnswer } from '../../engine/answerMemo';
import { rewrite } from '../../engine/rewrite';
import type { CommandContext } from '../context';
import { EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE, type ExitCode, worstExitCode } from '../exitCodes';
import { forEachFileLookingAhead } from '../prefetch';
import { readTextFile, UnreadableFileError } from '../readFile';
import { formatLocated, problemMessages } from '../report';
import { FileChangedError, writeFileAtomic } from '../writeFile';

export interface PinArgs {
  readonly files: readonly string[];
  readonly platform: Platform;
  readonly index: boolean;
  readonly update: boolean;
  readonly dryRun: boolean;
}

interface FileReport {
  diff?: string;
  err: string[];
  code: ExitCode;
}

export async function pinCommand(args: PinArgs, context: CommandContext): Promise<ExitCode> {
  let code: ExitCode = EXIT_OK;
  // One memo for the whole run: an image named in many files is asked about once, by whichever
  // pass meets it first.
  const answers: AnswerMemo = new Map();
  const options: SharedAnalyzeOptions = { platform: args.platform, kind: args.index ? 'index' : 'platform', answers };
  // Each file's report is printed once it and every earlier file are done: argument order, and
  // nothing but the exit code kept for the end.
  await forEachFileLookingAhead(
    args.files,
    (occurrence) => startAnswer(occurrence, context.client, options, answers),
    (file) => pinFile(file, args, options, context),
    (report) => {
      if (report.diff !== undefined) context.output.out(report.diff);
      for (const line of report.err) context.output.err(line);
      code = worstExitCode([code, report.code]);
    },
  );
  return code;
}

async function pinFile(file: string, args: PinArgs, options: SharedAnalyzeOptions, { client }: CommandContext): Promise<FileReport> {
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { err: [`docker-pin: ${error.message}`], code: EXIT_USAGE };
  }
  const analysis = await analyze(text, client, options);
  const plan = planPins(analysis, { update: args.update });
  const notes = plan.notes.map((line) => ({ range: line.status.occurrence.range, text: line.note ?? '' }));
  const problems = problemMessages(analysis.problems);
  const err = formatLocated(file, [...notes, ...problems.messages]);
  const codes: ExitCode[] = [problems.code];
  if (plan.lines.some((line) => line.action === 'failed')) codes.push(EXIT_UNRESOLVED);

  const result = rewrite(text, plan);
  if (!result.ok) {
    // Should never happen; if it does, the file is worth more than the pins.
    err.push(`docker-pin: ${file}: nothing written, the rewritten text did not check out: ${result.reason}`);
    return { err, code: EXIT_UNRESOLVED };
  }
  const counts = countActions(plan.lines);
  let diff: string | undefined;
  if (result.changed) {
    if (args.dryRun) {
      // Plain `---`/`+++` headers, as `diff -u` and git print them, so `patch -p1` and `git apply` take it.
      diff = createTwoFilesPatch(`a/${file}`, `b/${file}`, text, result.text, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
    } else {
      try {
        await writeFileAtomic(file, result.text, { expected: text });
      } catch (error) {
        if (error instanceof FileChangedError) {
          // Someone (an editor, another pin) wrote the file while the registry was asked; their
          // text wins, and a second run pins it.
          err.push(`docker-pin: ${error.message}`);
          return { err, code: EXIT_UNRESOLVED };
        }
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        err.push(`docker-pin: ${file}: could not write (${code}); the file is unchanged`);
        return { err, code: EXIT_UNRESOLVED };
      }
    }
  }
  const [pinned, updated] = args.dryRun ? ['would pin', 'would update'] : ['pinned', 'updated'];
  const parts = [`${pinned} ${counts.pinned}`, `${updated} ${counts.updated}`, `unchanged ${counts.unchanged}`, `failed ${counts.failed}`];
  err.push(`${parts.join(', ')} in ${file}`);
  return { diff, err, code: worstExitCode(codes) };
}
