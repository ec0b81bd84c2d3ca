// Maps an error from parsing or resolving one image to the message and exit code the user sees.
import { isDockerPinError, isUsageError } from '../core/errors';
import { formatError } from '../engine/messages';
import { toDockerPinError } from '../engine/errors';
import { EXIT_UNRESOLVED, EXIT_USAGE, type ExitCode } from './exitCodes';

export function failure(error: unknown, reference: string): { message: string; code: ExitCode } {
  const typed = isDockerPinError(error) ? error : toDockerPinError(error, reference);
  return { message: formatError(typed), code: isUsageError(typed) ? EXIT_USAGE : EXIT_UNRESOLVED };
}
