// Registry authentication: answers 401 challenges (Bearer preferred, Basic otherwise), caches
// tokens per (realm, service, scope, identity), and remembers each registry endpoint's challenge,
// so the first request to a repository not seen before already carries Authorization: with the
// realm known, its scope's token is fetched up front instead of after a 401 round trip.
import { DockerPinError } from '../core/errors';
import { silentLogger, type Logger } from '../core/types';
import { parseChallenges, preferredChallenge } from './challenge';
import { ChallengeMemory, untilAborted, type Probe, type RegistryScheme } from './challengeMemory';
import { mayCarryCredentials, type Endpoint } from './endpoint';
import type { Transport } from './transport/types';
import type { Credential, CredentialSource } from './types';

const TOKEN_BODY_LIMIT = 1024 * 1024;
const DEFAULT_EXPIRES_SECONDS = 60;

type Scheme =
  | { readonly kind: 'bearer'; readonly realm: string; readonly service: string; readonly scope: string }
  | { readonly kind: 'basic' };

type ChallengedScheme = Exclude<RegistryScheme, { kind: 'none' }>;

/** What to send first: the header (undefined: anonymously), and the probe to finish when this request meets an unknown registry. */
export interface Prepared {
  readonly header: string | undefined;
  readonly probe?: Probe;
}

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
}

export interface AuthOptions {
  /** The transport below the auth layer: token requests are sent as they are. */
  readonly transport: Transport;
  readonly credentials?: CredentialSource;
  readonly insecureRegistries?: readonly string[];
  readonly logger?: Logger;
  readonly now?: () => number;
}

export class Authenticator {
  private readonly challenges = new ChallengeMemory();
  private readonly tokens = new Map<string, CachedToken>();
  private readonly pendingTokens = new Map<string, Promise<string>>();
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: AuthOptions) {
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  /**
   * The Authorization header for a request to `repository`, before any challenge: when the
   * registry's challenge is known, the token for this repository's scope (fetched now if needed)
   * or Basic credentials. A registry not met yet is probed by the first caller (who must call
   * `probe.finish`), while concurrent callers wait for that one challenge.
   */
  async prepare(endpoint: Endpoint, repository: string, signal?: AbortSignal): Promise<Prepared> {
    const { scheme, probe } = await this.challenges.lookup(registryKey(endpoint), signal);
    if (probe) return { header: undefined, probe };
    if (!scheme || scheme.kind === 'none') return { header: undefined };
    return { header: await this.headerForScheme(endpoint, repository, withScope(scheme, repository), false, signal) };
  }

  /**
   * After a 401: reads the challenges and returns the header for the retry. `sent` is the header
   * the failed request carried; when it was a cached token, that token is dropped and renewed.
   */
  async answer(endpoint: Endpoint, repository: string, wwwAuthenticate: string | undefined, sent: string | undefined, signal?: AbortSignal): Promise<string> {
    const challenge = preferredChallenge(parseChallenges(wwwAuthenticate));
    if (!challenge) {
      throw new DockerPinError('UNAUTHORIZED', `${endpoint.host} refused access to ${endpoint.registry}/${repository} and offered no usable authentication (WWW-Authenticate)`, { host: endpoint.host, status: 401 });
    }
    let registryScheme: ChallengedScheme;
    if (challenge.scheme === 'bearer') {
      const realm = challenge.params.realm;
      if (!realm) {
        throw new DockerPinError('UNAUTHORIZED', `${endpoint.host} sent a Bearer challenge without a realm for ${endpoint.registry}/${repository}`, { host: endpoint.host, status: 401 });
      }
      registryScheme = { kind: 'bearer', realm, service: challenge.params.service ?? '' };
    } else {
      registryScheme = { kind: 'basic' };
    }
    // Remembered per registry, not per repository: the next repository gets its token up front.
    this.challenges.set(registryKey(endpoint), registryScheme);
    const scheme = withScope(registryScheme, repository);
    const header = await this.headerForScheme(endpoint, repository, scheme, sent !== undefined, signal);
    if (header === undefined) {
      throw new DockerPinError('UNAUTHORIZED', `${endpoint.host} requires a login for ${endpoint.registry}/${repository}, and no credentials are configured for ${endpoint.registry}`, { host: endpoint.host, status: 401 });
    }
    return header;
  }

  /** Forgets tokens and challenges. Credentials are not held here (see credentialFor). */
  clear(): void {
    this.tokens.clear();
    this.challenges.clear();
  }

  /**
   * Asked of the source on every use, not kept: the source keeps its answers as long as they hold
   * (the docker config's until config.json changes), so a `docker login` made while a client lives
   * is used by its next request. A registry that said "requires a login" then gets the new
   * credential at once; tokens already fetched stay until they expire (their key names the identity).
   */
  async credentialFor(endpoint: Endpoint): Promise<Credential | undefined> {
    const source = this.options.credentials;
    if (!source || !endpoint.credentialsAllowed) return undefined;
    return source.get(endpoint.registry);
  }

  private async headerForScheme(endpoint: Endpoint, repository: string, scheme: Scheme, renew: boolean, signal?: AbortSignal): Promise<string | undefined> {
    const credential = await this.credentialFor(endpoint);
    if (scheme.kind === 'basic') {
      if (!credential || !('password' in credential)) return undefined;
      return basicHeader(credential.username, credential.password);
    }
    const realm = parseRealm(scheme.realm, endpoint, repository);
    // Decided before the cache key, so the key names the identity actually sent: a token fetched
    // anonymously from a plain-http realm is found again under the anonymous key.
    const sent = credential && mayCarryCredentials(realm, this.options.insecureRegistries) ? credential : undefined;
    const key = tokenKey(scheme, endpoint, sent);
    if (renew) this.tokens.delete(key);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      if (credential && !sent) {
        this.logger.warn(`not sending credentials for ${endpoint.registry} to token server ${realm.host} over plain http; asking anonymously`);
      }
      // Concurrent requests for the same scope share one token fetch.
      // The shared fetch takes no caller's signal, so one caller cancelling does not fail the others.
      pending = this.fetchToken(endpoint, repository, scheme, realm, sent, key).finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    return `Bearer ${await untilAborted(pending, signal)}`;
  }

  private async fetchToken(endpoint: Endpoint, repository: string, scheme: Scheme & { kind: 'bearer' }, realm: URL, credential: Credential | undefined, key: string): Promise<string> {
    const what = `token for ${endpoint.registry}/${repository} from ${realm.host}`;
    const request = tokenRequest(realm, scheme, credential);
    const res = await this.options.transport({ ...request, maxBytes: TOKEN_BODY_LIMIT, what, kind: 'tokenRequests' });
    if (res.status === 401) {
      throw new DockerPinError('UNAUTHORIZED', `${realm.host} refused ${credential ? 'the credentials' : 'an anonymous token'} for ${endpoint.registry}/${repository} (HTTP 401)`, { host: realm.host, status: 401 });
    }
    if (res.status === 403) {
      throw new DockerPinError('DENIED', `${realm.host} denied a pull token for ${endpoint.registry}/${repository} (HTTP 403)`, { host: realm.host, status: 403 });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new DockerPinError('REGISTRY_ERROR', `${what}: HTTP ${res.status}`, { host: realm.host, status: res.status });
    }
    const token = readToken(res.body);
    if (!token) throw new DockerPinError('REGISTRY_ERROR', `${what}: the answer holds no token`, { host: realm.host });
    this.tokens.set(key, { token: token.value, expiresAt: this.now() + token.expiresIn * 1000 });
    return token.value;
  }
}

function parseRealm(text: string, endpoint: Endpoint, repository: string): URL {
  let realm: URL;
  try {
    realm = new URL(text);
  } catch {
    throw new DockerPinError('UNAUTHORIZED', `${endpoint.host} named an invalid token realm for ${endpoint.registry}/${repository}`, { host: endpoint.host });
  }
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
    throw new DockerPinError('UNAUTHORIZED', `${endpoint.host} named a token realm that is not http(s) for ${endpoint.registry}/${repository}`, { host: endpoint.host });
  }
  return realm;
}

function tokenRequest(realm: URL, scheme: Scheme & { kind: 'bearer' }, credential: Credential | undefined): { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string } {
  if (credential && 'identityToken' in credential) {
    // docker/cli exchanges an identity (refresh) token with the OAuth2 POST form.
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.identityToken, service: scheme.service, scope: scheme.scope, client_id: 'docker-pin' });
    return { method: 'POST', url: realm.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
  }
  const url = new URL(realm);
  if (scheme.service) url.searchParams.set('service', scheme.service);
  url.searchParams.append('scope', scheme.scope);
  const headers: Record<string, string> = {};
  if (credential) headers.authorization = basicHeader(credential.username, credential.password);
  return { method: 'GET', url: url.toString(), headers };
}

function readToken(body: Buffer): { value: string; expiresIn: number } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const { token, access_token: accessToken, expires_in: expiresIn } = json as Record<string, unknown>;
  const value = typeof token === 'string' && token !== '' ? token : typeof accessToken === 'string' && accessToken !== '' ? accessToken : undefined;
  if (!value) return undefined;
  const seconds = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn : DEFAULT_EXPIRES_SECONDS;
  // Renew a little early so a token does not expire between the cache check and the registry.
  return { value, expiresIn: seconds > 30 ? seconds - 10 : seconds };
}

function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** One registry endpoint: a mirror path prefix is part of it, since it may be another service. */
function registryKey(endpoint: Endpoint): string {
  return endpoint.baseUrl;
}

/** The registry's challenge applied to one repository (pull only, REGISTRY-RULES §3). */
function withScope(scheme: ChallengedScheme, repository: string): Scheme {
  if (scheme.kind === 'basic') return scheme;
  return { kind: 'bearer', realm: scheme.realm, service: scheme.service, scope: `repository:${repository}:pull` };
}

function tokenKey(scheme: Scheme & { kind: 'bearer' }, endpoint: Endpoint, credential: Credential | undefined): string {
  const identity = credential ? `${endpoint.registry}/${credential.username ?? '<token>'}` : 'anonymous';
  return JSON.stringify([scheme.realm, scheme.service, scheme.scope, identity]);
}
