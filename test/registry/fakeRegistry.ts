// A small in-memory registry (distribution API subset) for client tests: manifests by tag and
// digest, blobs, HEAD, and optional Basic or token auth. The real-registry tests live in
// test/integration; this one lets a test bend the protocol (drop headers, lie about digests).
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import { startServer, type FakeServer } from './fakeServer';

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

export const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export interface Blob {
  readonly bytes: Buffer;
  readonly mediaType: string;
}

export interface FakeRegistryOptions {
  readonly auth?: 'none' | 'basic' | 'token';
  readonly username?: string;
  readonly password?: string;
  /** Behaviour switches a test may flip at any time. */
  readonly quirks?: Quirks;
}

export interface Quirks {
  headWithoutDigest?: boolean;
  head405?: boolean;
  /** Docker-Content-Digest sent for every manifest GET, whatever the content. */
  lieAboutDigest?: string;
  /** Blob requests redirect to this base URL (storage on another host). */
  blobRedirect?: string;
  /** Answer 403 for manifest requests. */
  deny?: boolean;
  /** Token lifetime in seconds sent with tokens (omitted when undefined). */
  expiresIn?: number;
  /** Repositories served without auth, whatever the registry's auth mode (a public project). */
  anonymous?: string[];
  /** Milliseconds to hold each 401 before answering, so concurrent requests overlap it. */
  challengeDelayMs?: number;
  /** Token realm to name in challenges instead of this server's `/token` (a token server elsewhere). */
  realm?: string;
  /** Refuse every Bearer token, as a registry does with a revoked or expired one. */
  refuseTokens?: boolean;
  /** The token endpoint refuses anonymous requests (401), as a private registry's realm does. */
  loginRequired?: boolean;
}

export interface FakeRegistry {
  readonly server: FakeServer;
  readonly url: string;
  readonly host: string;
  readonly quirks: Quirks;
  /** Stores content under its digest (and a tag when given); returns the digest. */
  put(repository: string, content: Blob, tag?: string): string;
  /** Pushes a multi-platform image: configs, manifests, an index tagged `tag`. */
  pushIndex(repository: string, tag: string, platforms: string[], extras?: object[]): { index: string; children: Record<string, string> };
  /** Pushes a single-platform image tagged `tag`; returns the manifest digest. */
  pushSingle(repository: string, tag: string, platform: string): string;
  count(filter: (r: { method: string; url: string }) => boolean): number;
  /** Most requests this server was answering at the same time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const auth = options.auth ?? 'none';
  const username = options.username ?? 'user';
  const password = options.password ?? 'pass';
  const quirks: Quirks = options.quirks ?? {};
  const repos = new Map<string, { tags: Map<string, string>; content: Map<string, Blob> }>();
  /** Issued tokens and the scope each grants, as distribution checks them. */
  const issued = new Map<string, string>();
  let tokenCounter = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  const repo = (name: string) => {
    let r = repos.get(name);
    if (!r) {
      r = { tags: new Map(), content: new Map() };
      repos.set(name, r);
    }
    return r;
  };

  const error = (res: http.ServerResponse, status: number, code: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...extra });
    res.end(JSON.stringify({ errors: [{ code, message: code.toLowerCase().replace(/_/g, ' ') }] }));
  };

  // eslint-disable-next-line prefer-const
  let server: FakeServer;
  const handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      const form = new URLSearchParams(body);
      const basicOk = req.headers.authorization === basic;
      const refreshOk = req.method === 'POST' && form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === 'refresh-123';
      if (req.headers.authorization !== undefined && !basicOk) return error(res, 401, 'UNAUTHORIZED');
      if (quirks.loginRequired && !basicOk && !refreshOk) return error(res, 401, 'UNAUTHORIZED');
      const token = `tok-${++tokenCounter}-${basicOk || refreshOk ? 'user' : 'anon'}`;
      issued.set(token, (req.method === 'POST' ? form.get('scope') : url.searchParams.get('scope')) ?? '');
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(req.method === 'POST' ? { access_token: token, ...(quirks.expiresIn ? { expires_in: quirks.expiresIn } : {}) } : { token, ...(quirks.expiresIn ? { expires_in: quirks.expiresIn } : {}) }));
      return;
    }
    if (url.pathname.startsWith('/storage/')) {
      const digest = url.pathname.slice('/storage/'.length);
      for (const r of repos.values()) {
        const b = r.content.get(digest);
        if (b) {
          res.end(b.bytes);
          return;
        }
      }
      return error(res, 404, 'BLOB_UNKNOWN');
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const challenge = (header: string): void => {
      const answer = (): void => error(res, 401, 'UNAUTHORIZED', { 'WWW-Authenticate': header });
      if (quirks.challengeDelayMs) setTimeout(answer, quirks.challengeDelayMs);
      else answer();
    };
    const open = m !== null && (quirks.anonymous ?? []).includes(m[1]);
    if (auth === 'basic' && !open && req.headers.authorization !== basic) {
      return challenge('Basic realm="fake"');
    }
    if (auth === 'token' && !open) {
      const sent = req.headers.authorization?.replace(/^Bearer /, '');
      const scope = m ? `repository:${m[1]}:pull` : '';
      if (!sent || issued.get(sent) !== scope || quirks.refuseTokens) {
        return challenge(`Basic realm="ignored", Bearer realm="${quirks.realm ?? `${server.url}/token`}",service="fake-registry",scope="${scope}"`);
      }
    }
    if (!m) return error(res, 404, 'NOT_FOUND');
    const [, name, kind, reference] = m;
    const r = repos.get(name);
    if (!r) return error(res, 404, 'NAME_UNKNOWN');
    if (quirks.deny && kind === 'manifests') return error(res, 403, 'DENIED');
    const digest = reference.startsWith('sha256:') ? reference : r.tags.get(reference);
    const blob = digest ? r.content.get(digest) : undefined;
    if (!digest || !blob) return error(res, 404, kind === 'blobs' ? 'BLOB_UNKNOWN' : 'MANIFEST_UNKNOWN');
    if (kind === 'blobs') {
      if (quirks.blobRedirect) {
        res.writeHead(307, { Location: `${quirks.blobRedirect}/storage/${digest}` });
        res.end();
        return;
      }
      res.end(blob.bytes);
      return;
    }
    if (req.method === 'HEAD' && quirks.head405) {
      res.writeHead(405);
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': blob.mediaType,
      'Content-Length': String(blob.bytes.length),
      ...(req.method === 'HEAD' && quirks.headWithoutDigest ? {} : { 'Docker-Content-Digest': quirks.lieAboutDigest ?? digest }),
    });
    res.end(req.method === 'HEAD' ? undefined : blob.bytes);
  };
  server = await startServer(handler);

  const put = (repository: string, content: Blob, tag?: string): string => {
    const digest = sha256(content.bytes);
    const r = repo(repository);
    r.content.set(digest, content);
    if (tag) r.tags.set(tag, digest);
    return digest;
  };

  const pushManifest = (repository: string, platform: string, tag?: string): { digest: string; size: number } => {
    const [os, architecture, variant] = platform.split('/');
    const config = Buffer.from(JSON.stringify({ architecture, os, ...(variant ? { variant } : {}), rootfs: { type: 'layers', diff_ids: [] } }));
    const configDigest = put(repository, { bytes: config, mediaType: 'application/vnd.oci.image.config.v1+json' });
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers: [] }));
    return { digest: put(repository, { bytes: manifest, mediaType: OCI_MANIFEST }, tag), size: manifest.length };
  };

  return {
    server,
    url: server.url,
    host: server.host,
    quirks,
    put,
    pushIndex(repository, tag, platforms, extras = []) {
      const children: Record<string, string> = {};
      const manifests: object[] = platforms.map((p) => {
        const { digest, size } = pushManifest(repository, p);
        children[p] = digest;
        const [os, architecture, variant] = p.split('/');
        return { mediaType: OCI_MANIFEST, digest, size, platform: { os, architecture, ...(variant ? { variant } : {}) } };
      });
      const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, ...extras] }, null, 2));
      return { index: put(repository, { bytes: index, mediaType: OCI_INDEX }, tag), children };
    },
    pushSingle(repository, tag, platform) {
      return pushManifest(repository, platform, tag).digest;
    },
    count(filter) {
      return server.requests.filter(filter).length;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () => server.close(),
  };
}
