// Exit codes are part of the CLI's contract: scripts and CI branch on them.
export const EXIT_OK = 0;
/**
 * `check` found an unpinned, stale or gone reference, or a line it cannot work out (`unresolved`:
 * a variable without a value) or edit (`skipped`); `pin` left a pin whose manifest is gone, or
 * such a line unpinned.
 */
export const EXIT_FINDINGS = 1;
/** Bad command line, invalid reference or platform, unreadable input file. */
export const EXIT_USAGE = 2;
/** A reference could not be resolved (network, auth, not found, no matching platform, digest mismatch, …). */
export const EXIT_UNRESOLVED = 3;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE | typeof EXIT_UNRESOLVED;

/**
 * When several files or lines end differently, the code that asks the user to act first wins:
 * fix the input (2), then make the registry reachable (3), then pin (1).
 */
const PRIORITY: readonly ExitCode[] = [EXIT_USAGE, EXIT_UNRESOLVED, EXIT_FINDINGS, EXIT_OK];

export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  for (const code of PRIORITY) if (codes.includes(code)) return code;
  return EXIT_OK;
}
