// A real token server for the registry's `auth.token` mode (the distribution token spec, as
// Docker Hub's auth.docker.io answers it). It signs ES256 JWTs whose `x5c` header carries a
// self-signed certificate the registry trusts, checks Basic credentials, lets anonymous callers
// pull only under `public/` (like Hub's public repositories), exchanges identity tokens
// (`POST grant_type=refresh_token`), and counts every request it answers.
import { randomBytes, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import * as jwt from 'jsonwebtoken';
import { createSigningIdentity } from './certificate';
import { closeServer, listen, readBody, trackSockets } from './net';

export interface TokenServerOptions {
  /** Directory for the key and certificate files. */
  readonly dir: string;
  /** The registry's `auth.token.service` (becomes the token audience). */
  readonly service: string;
  readonly username: string;
  readonly password: string;
  /** `expires_in` of issued tokens, in seconds. Default 300. */
  readonly expiresInSeconds?: number;
}

/** One answered token request, for tests that check what a client asked for. */
export interface TokenRequestRecord {
  readonly method: string;
  readonly scopes: readonly string[];
  /** Who the token was issued to: the username, or undefined for anonymous. */
  readonly account?: string;
  readonly grantType?: string;
  readonly status: number;
}

export interface TokenServer {
  readonly url: string;
  /** The `realm` the registry advertises: `url` + `/token`. */
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate the registry must trust (`rootcertbundle`). */
  readonly certFile: string;
  /** An identity (refresh) token for the user, as `docker login` stores for token registries. */
  readonly identityToken: string;
  /** Requests answered since start or the last `resetCounts()`. */
  readonly tokenRequests: number;
  readonly requests: readonly TokenRequestRecord[];
  resetCounts(): void;
  stop(): Promise<void>;
}

const ISSUER = 'docker-pin-test-token-server';
const ALL_ACTIONS = ['pull', 'push', 'delete', '*'];

interface Grant {
  readonly type: string;
  readonly name: string;
  readonly actions: string[];
}

/** `repository:name:pull,push` → parts. Names never hold `:`, but a `type:name` might (`registry:catalog:*`). */
function parseScope(scope: string): Grant | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

/** What `account` may do with a requested scope; anonymous callers may only pull `public/...`. */
function grantFor(scope: Grant, account: string | undefined): Grant {
  if (account !== undefined) return { ...scope, actions: scope.actions.filter((a) => ALL_ACTIONS.includes(a)) };
  const isPublic = scope.type === 'repository' && scope.name.startsWith('public/');
  return { ...scope, actions: isPublic ? scope.actions.filter((a) => a === 'pull') : [] };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length, ...extraHeaders });
  res.end(bytes);
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const identity = await createSigningIdentity(options.dir, ISSUER);
  const expiresIn = options.expiresInSeconds ?? 300;
  const identityToken = randomBytes(24).toString('hex');
  let records: TokenRequestRecord[] = [];

  /** Undefined = anonymous; null = credentials given but wrong. */
  function basicAccount(header: string | undefined): string | undefined | null {
    if (!header) return undefined;
    const m = /^Basic\s+(\S+)$/i.exec(header);
    if (!m) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const pass = decoded.slice(colon + 1);
    return colon > 0 && user === options.username && pass === options.password ? user : null;
  }

  function issue(scopes: readonly string[], account: string | undefined, service: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes
      .map(parseScope)
      .filter((s): s is Grant => s !== undefined)
      .map((s) => grantFor(s, account));
    const token = jwt.sign(
      { iss: ISSUER, sub: account ?? '', aud: service, exp: now + expiresIn, nbf: now - 1, iat: now, jti: randomUUID(), access },
      identity.privateKey,
      { algorithm: 'ES256', header: { alg: 'ES256', typ: 'JWT', x5c: [identity.x5c] } },
    );
    return { token, access_token: token, expires_in: expiresIn, issued_at: new Date(now * 1000).toISOString() };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const record = (status: number, account: string | undefined, scopes: readonly string[], grantType?: string): void => {
      records.push({ method: req.method ?? '', scopes, account, grantType, status });
    };
    if (url.pathname !== '/token') {
      record(404, undefined, []);
      sendJson(res, 404, { errors: [{ code: 'NOT_FOUND', message: 'no such endpoint' }] });
      return;
    }
    if (req.method === 'GET') {
      const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
      const account = basicAccount(req.headers.authorization);
      if (account === null) {
        record(401, undefined, scopes);
        sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'incorrect username or password' }] }, { 'WWW-Authenticate': 'Basic realm="token"' });
        return;
      }
      record(200, account, scopes);
      sendJson(res, 200, issue(scopes, account, url.searchParams.get('service') ?? options.service));
      return;
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams((await readBody(req)).toString('utf8'));
      const grantType = form.get('grant_type') ?? undefined;
      const scopes = form.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
      const service = form.get('service') ?? options.service;
      let account: string | undefined;
      if (grantType === 'refresh_token' && form.get('refresh_token') === identityToken) account = options.username;
      if (grantType === 'password' && form.get('username') === options.username && form.get('password') === options.password) account = options.username;
      if (account === undefined) {
        record(401, undefined, scopes, grantType);
        sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `invalid ${grantType ?? 'grant'}` }] });
        return;
      }
      record(200, account, scopes, grantType);
      const body = issue(scopes, account, service);
      // `docker login` asks for a refresh token with access_type=offline and stores it as the identity token.
      if (form.get('access_type') === 'offline') body.refresh_token = identityToken;
      sendJson(res, 200, body);
      return;
    }
    record(405, undefined, []);
    sendJson(res, 405, { errors: [{ code: 'UNSUPPORTED', message: 'GET or POST only' }] });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ code: 'UNKNOWN', message: String(e) }] });
      else res.destroy();
    });
  });
  const sockets = trackSockets(server);
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    realm: `${url}/token`,
    service: options.service,
    issuer: ISSUER,
    certFile: identity.certFile,
    identityToken,
    get tokenRequests() {
      return records.length;
    },
    get requests() {
      return records;
    },
    resetCounts: () => {
      records = [];
    },
    stop: () => closeServer(server, sockets),
  };
}
