// Diagnostics as plain data (no `vscode`): which lines get one, with what code, severity and
// message. Codes are exported so quick fixes match diagnostics by code, not by message.
import type { Range, ScanProblem, ScanResult } from '../core/types';
import type { Said } from '../engine/checkReadings';
import { GONE, pinnedForWords, platformWords, statusMessage, withNamedPlatformFix } from '../engine/messages';
import { withBuild } from '../engine/passes';
import type { ImageStatus } from '../engine/types';
import { buildTimePlatformMessage, buildTimePlatformPin } from './buildTimePlatform';
import { envFileNote, shortDigest } from './lensModel';
import { problemMessage } from './scanProblems';
import type { UnpinnedSeverity } from './settingsModel';

export const DIAGNOSTIC_SOURCE = 'docker-pin';

export const DiagnosticCodes = {
  unpinned: 'unpinned',
  stale: 'stale',
  gone: 'gone',
  /**
   * The registry could not answer (or no valid platform is in effect); or a file the line names
   * cannot be read (a missing include, one outside the repository), as the CLI's JSON and SARIF name it.
   */
  unresolved: 'unresolved',
  /** A variable with no default and no value: the image cannot be worked out. */
  noValue: 'unresolved-variable',
  /** The image is known but there is no safe place to write its pin. */
  skipped: 'skipped',
  /** The words do not make a reference (or a platform). */
  invalid: 'invalid',
  /** A platform digest on a line whose platform is decided at build time. */
  buildTimePlatform: 'build-time-platform',
} as const;
export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface DiagnosticData {
  readonly range: Range;
  readonly message: string;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
}

function where(status: ImageStatus): string {
  return status.kind === 'index' ? 'multi-arch index' : platformWords(status);
}

const PROBLEM_CODE: Record<ScanProblem['kind'], DiagnosticCode> = {
  unresolved: DiagnosticCodes.noValue,
  skipped: DiagnosticCodes.skipped,
  // Found where a file is read several ways (Check Workspace, the CLI): not pinned, pinned by hand.
  conflict: DiagnosticCodes.skipped,
  invalid: DiagnosticCodes.invalid,
};

/**
 * `statuses[i]` belongs to `scan.images[i]`; undefined means not resolved yet, in which case an
 * unpinned line is still reported (that needs no registry) and a pinned one waits. Every scan
 * problem is a warning: a line that names an image and is not pinned is never passed silently.
 */
/** `envFiles`: the env files a compose file's values are read from and pinned into, as named to the user (default `.env`). */
export function diagnosticsFor(scan: ScanResult, statuses: readonly (ImageStatus | undefined)[], unpinnedSeverity: UnpinnedSeverity, envFiles?: readonly string[]): DiagnosticData[] {
  const out: DiagnosticData[] = [];
  scan.images.forEach((occurrence, i) => {
    // Left alone on purpose (an ignore comment, the configuration): never a finding.
    if (occurrence.ignored !== undefined) return;
    const status = statuses[i];
    if (status && buildTimePlatformPin(status)) {
      out.push({ range: occurrence.range, code: DiagnosticCodes.buildTimePlatform, severity: 'hint', message: buildTimePlatformMessage(status) });
    }
    const name = occurrence.text;
    if (status?.state === 'error') {
      out.push({
        range: occurrence.range,
        code: DiagnosticCodes.unresolved,
        severity: 'warning',
        message: `Could not resolve ${name}: ${withNamedPlatformFix(status, status.error?.message ?? 'unknown error')}`,
      });
      return;
    }
    if (status?.state === 'stale') {
      out.push({
        range: occurrence.range,
        code: DiagnosticCodes.stale,
        severity: 'warning',
        message:
          status.pinnedFor === undefined
            ? `${name} is pinned to ${shortDigest(occurrence.reference.digest ?? '')}, but its tag now points to ${shortDigest(status.targetDigest ?? '')} (${where(status)}).`
            : `${name} is pinned to ${shortDigest(occurrence.reference.digest ?? '')}: ${pinnedForWords(status) ?? ''}; its digest is ${shortDigest(status.targetDigest ?? '')}.`,
      });
      return;
    }
    if (status?.state === 'gone') {
      const next = status.targetDigest ? ` Its tag now points to ${shortDigest(status.targetDigest)} (${where(status)}).` : ' The platform it was made for is unknown: choose the index digest or a platform digest (quick fix).';
      out.push({
        range: occurrence.range,
        code: DiagnosticCodes.gone,
        severity: 'warning',
        message: `${name} is pinned to ${shortDigest(occurrence.reference.digest ?? '')}: ${GONE}.${next}`,
      });
      return;
    }
    const unpinned = status ? status.state === 'unpinned' : occurrence.reference.digest === undefined;
    if (unpinned && unpinnedSeverity !== 'none') {
      const inEnvFile = occurrence.valueAt?.file === 'env-file' ? ` ${envFileNote(occurrence.valueAt.name, envFiles)}` : '';
      // A line whose image a build gives whole in its args: the pin goes where the build gives it.
      const into = occurrence.valueElsewhere === undefined ? '' : ` into ${occurrence.valueElsewhere}, where the build reads it, not on this line`;
      const would = status?.targetDigest ? ` A pin would write ${shortDigest(status.targetDigest)} (${where(status)})${into}.${inEnvFile}` : inEnvFile;
      out.push({
        range: occurrence.range,
        code: DiagnosticCodes.unpinned,
        severity: unpinnedSeverity,
        message: `${name} is not pinned to a digest: the image can change under the same tag.${would}`,
      });
    }
  });
  for (const problem of scan.problems) {
    // A file that cannot be read is no variable without a value (and no build arg helps).
    const code = problem.kind === 'unresolved' && problem.aboutFile === true ? DiagnosticCodes.unresolved : PROBLEM_CODE[problem.kind];
    out.push({ range: problem.range, code, severity: 'warning', message: problemMessage(problem) });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/**
 * What Check Workspace found in a file read every way it is read (engine/checkReadings.ts). A line
 * read directly reads as an open file's diagnostic does; a line a build reads otherwise names the
 * image as that build does, in the CLI's words, with the build (`(as service web in compose.yaml
 * builds it)`) or include (`(as compose.b.yaml includes it)`), and so does a problem only it meets.
 */
export function saidDiagnostics(said: readonly Said[], unpinnedSeverity: UnpinnedSeverity): DiagnosticData[] {
  const out = said.flatMap((s): DiagnosticData[] => {
    if ('problem' in s) {
      // The build named right after the reason, before the way out.
      const message = s.by === undefined ? s.problem.message : `${withBuild(s.problem.message.trim().replace(/\.$/, ''), s.by, s.via)}.`;
      return diagnosticsFor({ images: [], problems: [{ ...s.problem, message }] }, [], unpinnedSeverity);
    }
    const found = diagnosticsFor({ images: [s.status.occurrence], problems: [] }, [s.status], unpinnedSeverity);
    const { by, via } = s;
    if (by === undefined) return found;
    return found.map((d) => ({ ...d, message: d.code === DiagnosticCodes.buildTimePlatform ? withBuild(d.message, by, via) : withBuild(statusMessage(s.status), by, via) }));
  });
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
