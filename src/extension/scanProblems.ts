// Places that name an image docker-pin cannot pin (a variable without a value, no safe place to
// edit, words that are not a reference): what the lens and the diagnostic say, and the way out.
// Free of `vscode`.
import type { ScanProblem } from '../core/types';

/** The setting that gives ARGs values in VS Code, as `--build-arg` does for the CLI and docker. */
export const BUILD_ARGS_SETTING = 'dockerPin.buildArgs';

/** VS Code's command that opens the Settings editor at the setting given. */
export const OPEN_SETTINGS_COMMAND = 'workbench.action.openSettings';

const FIX: Record<ScanProblem['kind'], string> = {
  unresolved: 'It cannot be worked out from the file, so it is counted, never guessed; pin it by hand where its value is written.',
  skipped: 'This line is not pinned; pin it by hand.',
  conflict: 'This line is not pinned until its readings agree.',
  invalid: 'Correct the reference.',
};
/**
 * A problem of the whole file (`ScanProblem.aboutFile`: a build of it whose platforms only its runner
 * knows, a build file that cannot be read), not of one place: its lines keep their own lenses.
 */
const ABOUT_FILE_FIX = 'It is counted, never guessed, until what it names is put right; each line keeps its own pins (Pin index pins a line for every platform).';
/** A Dockerfile variable a build arg would give a value. */
const BUILD_ARG_FIX = `In VS Code, build args (--build-arg NAME=VALUE) are given in the ${BUILD_ARGS_SETTING} setting.`;

/**
 * Whether a build arg would give the missing value: the scan's reason then names `--build-arg` as
 * the fix. A variable never declared before the first FROM takes none (it must be declared).
 */
export function buildArgWouldHelp(problem: ScanProblem): boolean {
  return problem.kind === 'unresolved' && problem.message.includes('--build-arg');
}

/** The problem's reason with its fix. */
export function problemMessage(problem: ScanProblem): string {
  const reason = problem.message.trim();
  const fix = problem.aboutFile === true ? ABOUT_FILE_FIX : buildArgWouldHelp(problem) ? BUILD_ARG_FIX : FIX[problem.kind];
  return `${reason}${/[.!?)…]$/.test(reason) ? '' : '.'} ${fix}`;
}

export interface ProblemLens {
  readonly title: string;
  /** Empty: a label, nothing to click. */
  readonly command: string;
  readonly arguments: readonly unknown[];
  readonly tooltip: string;
}

/** The reason, and for a variable without a value a lens that opens the setting giving it one. */
export function problemLenses(problem: ScanProblem): ProblemLens[] {
  // A problem of the whole file leaves the line's own pins offered: it is not the line's.
  const reason: ProblemLens = { title: `⚠ ${problem.aboutFile === true ? 'unresolved' : 'not pinned'}: ${problem.message}`, command: '', arguments: [], tooltip: problemMessage(problem) };
  if (!buildArgWouldHelp(problem)) return [reason];
  const setting: ProblemLens = {
    title: `Set ${BUILD_ARGS_SETTING}`,
    command: OPEN_SETTINGS_COMMAND,
    arguments: [BUILD_ARGS_SETTING],
    tooltip: `Values for ARGs, as docker build --build-arg NAME=VALUE gives them; this line is pinned once its image can be worked out.`,
  };
  return [reason, setting];
}
