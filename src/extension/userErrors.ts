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
    case 'RATE_LIMITED':
      return { key: `RATE_LIMITED:${registry}`, message: rateLimitMessage(error, registry) };
    case 'CREDENTIALS':
      return { key: `CREDENTIALS:${registry}`, message: `Docker Pin: ${error.message}` };
    default:
      return undefined;
  }
}

/**
 * What the CLI says of a 429, as one notification: the registry's own words, and for a pull limit
 * (any 429 from Docker Hub is one) that logging in raises it:
 * `Docker Pin: docker.io refused the pull: "You have reached your unauthenticated pull rate limit.
 * …". "docker login" raises the limit; or retry later.`
 */
function rateLimitMessage(error: DockerPinError, registry: string): string {
  const { retryAfterSeconds: wait, registryText: said, pullLimit } = error.details;
  const login = pullLimit === true || registry === 'docker.io';
  const what = login ? `${registry} refused the pull` : `${registry} rate-limited the requests`;
  const words = said !== undefined ? `: "${said}"` : '';
  const when = wait !== undefined ? `retry in ${Math.ceil(wait)} s` : 'retry later';
  return login ? `Docker Pin: ${what}${words}. "${loginCommand(registry)}" raises the limit; or ${when}.` : `Docker Pin: ${what}${words}; ${when}.`;
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
