// Short, user-facing reasons for a failed resolution: a lens title has room for a few words; the
// full message goes to the diagnostic and the log.
import type { DockerPinError, ErrorCode } from '../core/errors';

const SHORT: Record<ErrorCode, string> = {
  INVALID_REFERENCE: 'invalid reference',
  INVALID_PLATFORM: 'invalid platform',
  INVALID_CONFIG: 'invalid .docker-pin.yaml',
  UNRESOLVED_VARIABLE: 'unresolved variable',
  NOT_FOUND: 'not found',
  UNAUTHORIZED: 'authentication required',
  DENIED: 'access denied',
  RATE_LIMITED: 'rate limited',
  NETWORK: 'registry unreachable',
  TIMEOUT: 'registry timed out',
  CANCELLED: 'cancelled',
  DIGEST_MISMATCH: 'digest mismatch, not pinned',
  MANIFEST_TOO_LARGE: 'manifest too large',
  UNSUPPORTED_MANIFEST: 'unsupported manifest',
  NO_MATCHING_PLATFORM: 'no image for this platform',
  INSECURE_CONNECTION: 'plain HTTP refused',
  TLS: 'TLS failed',
  TOO_MANY_REDIRECTS: 'too many redirects',
  CREDENTIALS: 'credential helper failed',
  REGISTRY_ERROR: 'registry error',
};

/** A few words for a lens title, e.g. `rate limited, retry in 30 s` or `registry unreachable (ghcr.io)`. */
export function shortReason(error: DockerPinError | undefined): string {
  if (!error) return 'could not resolve';
  const base = SHORT[error.code] ?? 'could not resolve';
  const { retryAfterSeconds, host, status } = error.details;
  if (error.code === 'RATE_LIMITED' && retryAfterSeconds !== undefined) return `${base}, retry in ${Math.ceil(retryAfterSeconds)} s`;
  if (error.code === 'REGISTRY_ERROR' && status !== undefined) return `${base} ${status}`;
  if ((error.code === 'NETWORK' || error.code === 'TIMEOUT' || error.code === 'UNAUTHORIZED' || error.code === 'TLS' || error.code === 'INSECURE_CONNECTION') && host) return `${base} (${host})`;
  return base;
}
