// Words both front doors use for a status, so the CLI and the extension say the same thing.
import type { DockerPinError } from '../core/errors';
import { formatPlatform } from '../core/platform';
import type { ImageStatus } from './types';

/** What happened to a `gone` pin, in the words every front door uses. */
export const GONE = 'pinned manifest no longer in the registry';
/** What the CLI user can do about a `gone` pin that has no update yet. */
export const GONE_FIX = 'the platform it was made for is unknown: run pin --update with --platform <os/arch> for that platform\'s digest, or with --index for the index digest';

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
    case 'gone':
      return status.targetDigest === undefined
        ? `gone ${name} (${GONE}; ${GONE_FIX})`
        : `gone ${name} (${GONE}; would update to ${status.targetDigest}, ${where})`;
    case 'error':
      return status.error ? formatError(status.error) : `${name}: could not be resolved`;
  }
}

/** The error's message, plus what the user can do about it when the error says. */
export function formatError(error: DockerPinError): string {
  const retry = error.details.retryAfterSeconds;
  return retry !== undefined && !error.message.includes('retry') ? `${error.message} (retry after ${retry}s)` : error.message;
}
