// Words both front doors use for a status, so the CLI and the extension say the same thing.
import type { DockerPinError } from '../core/errors';
import { formatPlatform } from '../core/platform';
import type { ImageStatus } from './types';

/** One line about a status, e.g. `unpinned alpine:3.20 (would pin sha256:…)`. */
export function statusMessage(status: ImageStatus): string {
  const name = status.occurrence.expanded;
  const where = status.kind === 'index' ? 'index (multi-arch)' : formatPlatform(status.platform);
  switch (status.state) {
    case 'unpinned':
      return `unpinned ${name} (would pin ${status.targetDigest ?? '?'})`;
    case 'stale':
      return `stale ${name} (would update to ${status.targetDigest ?? '?'})`;
    case 'current':
      return `pinned ${name} (current, ${where})`;
    case 'digest-only':
      return `pinned by digest ${name}`;
    case 'error':
      return status.error ? formatError(status.error) : `${name}: could not be resolved`;
  }
}

/** The error's message, plus what the user can do about it when the error says. */
export function formatError(error: DockerPinError): string {
  const retry = error.details.retryAfterSeconds;
  return retry !== undefined && !error.message.includes('retry') ? `${error.message} (retry after ${retry}s)` : error.message;
}
