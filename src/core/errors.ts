// Typed errors. Front doors map `code` to exit codes, messages and diagnostics.
// Messages name the reference or host and the cause, and never contain a secret.

export type ErrorCode =
  | 'INVALID_REFERENCE'
  | 'INVALID_PLATFORM'
  /** The repository config (.docker-pin.yaml) is invalid: nothing is resolved until it is corrected. */
  | 'INVALID_CONFIG'
  | 'UNRESOLVED_VARIABLE'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'DIGEST_MISMATCH'
  | 'MANIFEST_TOO_LARGE'
  | 'UNSUPPORTED_MANIFEST'
  | 'NO_MATCHING_PLATFORM'
  | 'INSECURE_CONNECTION'
  | 'TLS'
  | 'TOO_MANY_REDIRECTS'
  | 'CREDENTIALS'
  | 'REGISTRY_ERROR';

export class DockerPinError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra facts a front door may show, e.g. seconds to wait after a rate limit. */
    readonly details: Readonly<{
      retryAfterSeconds?: number;
      host?: string;
      status?: number;
      /** What the registry said, in its own words (on one line, cut short). */
      registryText?: string;
      /** A pull limit (Docker Hub's TOOMANYREQUESTS): it eases over hours, and logging in raises it. */
      pullLimit?: boolean;
      /** NO_MATCHING_PLATFORM for another OS, where the tag has Windows images only: a Windows container image. */
      windowsOnly?: boolean;
    }> = {},
  ) {
    super(message);
    this.name = 'DockerPinError';
  }
}

export function isDockerPinError(e: unknown): e is DockerPinError {
  return e instanceof DockerPinError;
}

/** Errors that are the user's input, not the registry's answer (CLI exit code 2). */
export function isUsageError(e: unknown): boolean {
  return isDockerPinError(e) && (e.code === 'INVALID_REFERENCE' || e.code === 'INVALID_PLATFORM' || e.code === 'INVALID_CONFIG' || e.code === 'UNRESOLVED_VARIABLE');
}
