// `docker-pin check <file>...`: reports unpinned and stale images in files of every kind, writes nothing.
import { formatPlatform } from '../../core/platform';
import type { DigestKind, FileKind, Platform, ScanProblem } from '../../core/types';
import { analyze, type AnswerMemo, type SharedAnalyzeOptions } from '../../engine/analyze';
import { startAnswer } from '../../engine/answerMemo';
import { checkReadings, type Said } from '../../engine/checkReadings';
import { namedPlatform, statusMessage } from '../../engine/messages';
import type { ImageStatus } from '../../engine/types';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import type { CheckFormat } from '../args';
import type { CommandContext } from '../context';
import { type FileOptions, sameForEveryFile } from '../fileOptions';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE, type ExitCode, worstExitCode } from '../exitCodes';
import type { BuildOperand } from '../../engine/buildOperands';
import { withBuild } from '../../engine/passes';
import { withBuilds } from '../builds';
import { displayName } from '../inputs';
import { UnreadableFileError } from '../readFile';
import { forEachFileLookingAhead } from '../prefetch';
import { type FileOperand, operandPath, readSource, type ReadSource } from '../readSource';
import { formatLocated, type LocatedMessage, problemCode, problemMessage } from '../report';
import { repositoryRootOf } from '../../core/repoConfig/search';
import type { CheckRecord } from '../formats/findings';
import { type FileReport, reportWriter } from '../formats/writer';

export interface CheckArgs {
  /** Files of any kind; one without a kind given is told by detectKind, else read as a Dockerfile. */
  readonly files: readonly FileOperand[];
  readonly platform: Platform;
  /** The pins are index pins (`pin --index`): HEAD them, and say what unpinned lines would get as index digests. */
  readonly index: boolean;
  /** `--platform` was given: a pin whose manifest is gone is then reported with that platform's digest. */
  readonly platformGiven: boolean;
  readonly format: CheckFormat;
  /** `--build-arg`s: values for the Dockerfiles' ARGs. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  /** Lines whose variables have no value are still reported, but do not make the exit code 1. */
  readonly allowUnresolved?: boolean;
  /** The environment compose files are interpolated with. */
  readonly environment?: ReadonlyMap<string, string>;
  /** `--verbose`: the text output also names ignored images (on stderr, as they are no findings). */
  readonly verbose?: boolean;
  /** Each file's options from the ones above (its repository config applied); the same for every file when not given. */
  readonly fileOptions?: (run: SharedAnalyzeOptions) => FileOptions;
  /** The directory operands walked for `files`: a repository one of them holds whole is not searched again for the builds of its Dockerfiles. */
  readonly walked?: readonly string[];
}

/** One entry of `check --json`: the same shape for every kind of file. */
export interface CheckEntry {
  file: string;
  /** The kind of file (`dockerfile`, `compose`, …); absent only for a file that could not be read. */
  source?: FileKind;
  line?: number;
  column?: number;
  state: ImageStatus['state'] | ScanProblem['kind'] | 'unreadable';
  reference?: string;
  expanded?: string;
  kind?: DigestKind;
  platform?: string;
  digest?: string;
  targetDigest?: string;
  message: string;
  errorCode?: string;
  /** Why an `ignored` image is left alone: `ignore comment on line 3`, with the comment's reason when it gives one. */
  reason?: string;
  /** The Dockerfile's base name, when `platform` is the architecture it names (`Dockerfile.aarch64`) rather than the configured one. */
  platformNamedBy?: string;
}

interface FileCheck extends FileReport {
  readonly out: string[];
  readonly err: string[];
  readonly records: CheckRecord[];
  code: ExitCode;
}

export async function checkCommand(args: CheckArgs, { client, output, observer }: CommandContext): Promise<ExitCode> {
  // Pins keep their kind whatever this says; it picks the digest unpinned lines would get, and with
  // `index` lets a current index pin be confirmed by a HEAD request instead of a manifest GET.
  const kind: DigestKind = args.index ? 'index' : 'platform';
  const cwd = await realpath(process.cwd());
  const writer = reportWriter(args.format, output, { cwd, root: args.format === 'sarif' ? sourceRoot(cwd) : cwd });
  let code: ExitCode = EXIT_OK;
  // One memo for the whole run: an image named in many files is asked about once, by whichever
  // pass meets it first.
  const answers: AnswerMemo = new Map();
  const options: SharedAnalyzeOptions = { platform: args.platform, buildArgs: args.buildArgs, environment: args.environment, kind, platformGiven: args.platformGiven, answers };
  // Each file's findings are printed once it and every earlier file are done: argument order, and
  // nothing but the exit code kept for the end.
  await forEachFileLookingAhead(
    await withBuilds(args.files, (args.fileOptions ?? sameForEveryFile)(options), args.walked),
    (file) => file.options,
    (occurrence, fileOptions) => startAnswer(occurrence, client, fileOptions, answers),
    (file) => checkFile(file, client, { allowUnresolved: args.allowUnresolved === true, verbose: args.verbose === true }),
    (report) => {
      writer.file(report);
      observer?.checked?.(report.records);
      code = worstExitCode([code, report.code]);
    },
  );
  writer.end();
  return code;
}

/**
 * The repository's root (SARIF's `%SRCROOT%`), by the rule the repository config search follows
 * (the nearest folder holding `.git`), else the current directory. `cwd` is a real path, and so
 * are the folders above it.
 */
function sourceRoot(cwd: string): string {
  return repositoryRootOf(cwd, { exists: existsSync }) ?? cwd;
}

async function checkFile(
  operand: BuildOperand,
  client: CommandContext['client'],
  { allowUnresolved, verbose }: { allowUnresolved: boolean; verbose: boolean },
): Promise<FileCheck> {
  // Reported as given, standard input as `<stdin>`.
  const file = displayName(operandPath(operand));
  let read: ReadSource;
  try {
    read = await readSource(operand);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    return { out: [], err: [`docker-pin: ${error.message}`], records: [{ entry: { file, state: 'unreadable', message: error.message }, code: EXIT_USAGE }], code: EXIT_USAGE };
  }
  const source = read.file.kind;
  const report: FileCheck = { out: [], err: [], records: [], code: EXIT_OK };
  const codes: ExitCode[] = [];
  // Findings (what makes the exit code 1) go to stdout, everything else to stderr.
  const findings: LocatedMessage[] = [];
  const errors: LocatedMessage[] = [];
  const addProblem = (p: ScanProblem, by: string | undefined, via: Said['via']): void => {
    const message = withBuild(problemMessage(p), by, via);
    const code = problemCode(p, allowUnresolved);
    (code === EXIT_FINDINGS ? findings : errors).push({ range: p.range, text: message });
    codes.push(code);
    report.records.push({ entry: { file, source, line: p.range.start.line + 1, column: p.range.start.character + 1, state: p.kind, reference: p.text, message }, code });
  };
  const addStatus = (status: ImageStatus, by: string | undefined, via: Said['via']): void => {
    const message = withBuild(statusMessage(status), by, via);
    let code: ExitCode = EXIT_OK;
    if (status.state === 'unpinned' || status.state === 'stale' || status.state === 'gone') {
      findings.push({ range: status.occurrence.range, text: message });
      code = EXIT_FINDINGS;
    } else if (status.state === 'error') {
      errors.push({ range: status.occurrence.range, text: message });
      code = EXIT_UNRESOLVED;
    } else if (status.state === 'ignored' && verbose) {
      errors.push({ range: status.occurrence.range, text: message });
    }
    report.records.push({ entry: entryOf(file, source, status, message), code });
    codes.push(code);
  };
  // Every reading of the file (directly, as each build uses it), each line said once, conflicts as one finding.
  for (const said of await checkReadings(operand, read.file, (source, options) => analyze(source, client, options))) {
    if ('status' in said) addStatus(said.status, said.by, said.via);
    else addProblem(said.problem, said.by, said.via);
  }
  report.out.push(...formatLocated(file, findings));
  report.err.push(...formatLocated(file, errors));
  report.records.sort(({ entry: a }, { entry: b }) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  report.code = worstExitCode(codes);
  return report;
}

function entryOf(file: string, source: FileKind, status: ImageStatus, message: string): CheckEntry {
  const occ = status.occurrence;
  // A gone pin's kind and platform are unknown until the user chooses them; none is made up here.
  const unknown = status.state === 'gone' && status.targetDigest === undefined;
  // At the reference's first character: inside the quotes of a quoted YAML or JSON string.
  const quoted = occ.text.length >= 2 && (occ.text[0] === '"' || occ.text[0] === "'") && occ.text.endsWith(occ.text[0]);
  return {
    file,
    source,
    line: occ.range.start.line + 1,
    column: occ.range.start.character + (quoted ? 2 : 1),
    state: status.state,
    reference: quoted ? occ.text.slice(1, -1) : occ.text,
    expanded: occ.expanded,
    kind: unknown ? undefined : status.kind,
    platform: unknown ? undefined : formatPlatform(status.platform),
    digest: occ.reference.digest,
    targetDigest: status.targetDigest,
    message,
    errorCode: status.error?.code,
    reason: status.occurrence.ignored,
    platformNamedBy: !unknown && namedPlatform(status) ? status.occurrence.platformNamedBy : undefined,
  };
}
