// Errors only the user can fix (log in, wait out a rate limit, trust the workspace) are shown once
// per cause in a notification; every lens and diagnostic hitting the same cause stays quiet.
import type { DockerPinError } from '../core/errors';

export interface UserAction {
  /** One notification per key: the cause, not the line that hit it. */
  readonly key: string;
  readonly message: string;
}

export interface UserErrorContext {
  /** The registry of the reference that failed (the error may name the API host instead). */
  readonly registry: string;
  /** In an untrusted workspace no stored credentials are sent, which explains most auth failures. */
  readonly trusted: boolean;
}

function loginCommand(registry: string): string {
  // `docker login` without a server means Docker Hub.
  return registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
}

/** What the user has to do about `error`, or undefined when the lens/diagnostic says enough. */
export function userAction(error: DockerPinError, context: UserErrorContext): UserAction | undefined {
  const registry = context.registry;
  switch (error.code) {
    case 'UNAUTHORIZED':
    case 'DENIED':
      if (!context.trusted) {
        return {
          key: `untrusted:${registry}`,
          message: `Docker Pin: ${registry} needs credentials, and this workspace is not trusted, so none are sent. Trust the workspace to use your docker credentials.`,
        };
      }
      return {
        key: `${error.code}:${registry}`,
        message:
          error.code === 'UNAUTHORIZED'
            ? `Docker Pin: ${registry} refused access without valid credentials. Run "${loginCommand(registry)}" and then "Docker Pin: Clear Cache".`
            : `Docker Pin: ${error.message}. Check your credentials with "${loginCommand(registry)}".`,
      };
    case 'RATE_LIMITED': {
      const wait = error.details.retryAfterSeconds;
      const when = wait !== undefined ? `retry in ${Math.ceil(wait)} s` : 'retry later';
      const hint = registry === 'docker.io' ? ' Logged-in users get a higher Docker Hub limit.' : '';
      return { key: `RATE_LIMITED:${registry}`, message: `Docker Pin: ${registry} rate-limited the requests; ${when}.${hint}` };
    }
    case 'CREDENTIALS':
      return { key: `CREDENTIALS:${registry}`, message: `Docker Pin: ${error.message}` };
    default:
      return undefined;
  }
}

/** Remembers which causes were already shown; forget them when the cache is cleared. */
export class OncePerCause {
  private readonly shown = new Set<string>();

  /** True the first time `key` is seen. */
  first(key: string): boolean {
    if (this.shown.has(key)) return false;
    this.shown.add(key);
    return true;
  }

  reset(): void {
    this.shown.clear();
  }
}
