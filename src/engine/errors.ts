// Turns anything thrown while resolving into a DockerPinError that names the reference.
import { DockerPinError, isDockerPinError } from '../core/errors';

/**
 * Registry errors are already typed and name the reference or host; anything else (a bug, an
 * unexpected library error) is wrapped so front doors can still map it to a code and a message.
 */
export function toDockerPinError(error: unknown, reference: string): DockerPinError {
  if (isDockerPinError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new DockerPinError('CANCELLED', `${reference}: cancelled`);
  }
  const cause = error instanceof Error ? error.message : String(error);
  return new DockerPinError('REGISTRY_ERROR', `${reference}: ${cause}`);
}
