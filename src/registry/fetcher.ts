// Requests to one repository's API: manifests (HEAD/GET) and blobs, sent through the transport
// with the repository as their auth scope, and HTTP statuses turned into typed errors.
import { DockerPinError } from '../core/errors';
import { verifyDigest } from './digest';
import { registryErrors, registryText } from './errorBody';
import type { Endpoint } from './endpoint';
import type { RequestKind, Transport, TransportResponse as HttpResponse } from './transport/types';
import { MANIFEST_ACCEPT, stripParameters } from './mediaTypes';
import { detectMediaTypeOf } from './manifest';
import type { BlobContent, ManifestContent } from './types';

/** Manifests above this are refused (REGISTRY-RULES §4): no real image needs more. */
export const MANIFEST_LIMIT = 4 * 1024 * 1024;
/** Image config blobs are small JSON too; this only guards against a wrong or hostile answer. */
export const CONFIG_LIMIT = 8 * 1024 * 1024;

/** One repository on one registry, and how to name it in messages. */
export interface Target {
  readonly endpoint: Endpoint;
  readonly repository: string;
  /** `docker.io/library/alpine` */
  readonly name: string;
}

export interface HeadResult {
  readonly status: number;
  readonly digest?: string;
  readonly mediaType?: string;
}

export class RepositoryFetcher {
  constructor(private readonly transport: Transport) {}

  /** GET a manifest by tag or digest; the bytes are verified against the header and a requested digest. */
  async getManifest(target: Target, reference: string, signal?: AbortSignal): Promise<ManifestContent> {
    const what = describe(target, reference);
    const res = await this.send(target, { method: 'GET', path: `manifests/${reference}`, accept: MANIFEST_ACCEPT, maxBytes: MANIFEST_LIMIT, what, kind: 'manifestGets', signal });
    if (res.status !== 200) throw statusError(res, target, reference, what);
    const requested = reference.includes(':') ? reference : undefined;
    const digest = verifyDigest(res.body, what, { ...(requested ? { requested } : {}), ...headerDigest(res) });
    return { bytes: res.body, mediaType: detectMediaTypeOf(res.headers['content-type'], res.body), digest };
  }

  /**
   * HEAD a manifest. Answers with the status for 2xx and 405 and other statuses that a GET may
   * fix; 401/403/404 become errors, since a GET would hit the same wall.
   */
  async headManifest(target: Target, reference: string, signal?: AbortSignal): Promise<HeadResult> {
    const what = describe(target, reference);
    const res = await this.send(target, { method: 'HEAD', path: `manifests/${reference}`, accept: MANIFEST_ACCEPT, maxBytes: 0, what, kind: 'manifestHeads', signal });
    if (res.status === 404) throw statusError(res, target, reference, what);
    const digest = res.headers['docker-content-digest'];
    const mediaType = stripParameters(res.headers['content-type']);
    return { status: res.status, ...(digest ? { digest: digest.trim() } : {}), ...(mediaType ? { mediaType } : {}) };
  }

  /** GET a blob by digest (redirects to storage are followed without Authorization) and verify it. */
  async getBlob(target: Target, digest: string, maxBytes: number, signal?: AbortSignal): Promise<BlobContent> {
    const what = `config blob ${digest} of ${target.name}`;
    const res = await this.send(target, { method: 'GET', path: `blobs/${digest}`, accept: '*/*', maxBytes, what, kind: 'blobGets', signal });
    if (res.status !== 200) throw statusError(res, target, digest, what);
    return { bytes: res.body, digest: verifyDigest(res.body, what, { requested: digest }) };
  }

  private async send(
    target: Target,
    req: { method: 'GET' | 'HEAD'; path: string; accept: string; maxBytes: number; what: string; kind: RequestKind; signal: AbortSignal | undefined },
  ): Promise<HttpResponse> {
    const { endpoint, repository } = target;
    const res = await this.transport({
      method: req.method,
      url: `${endpoint.baseUrl}/v2/${repository}/${req.path}`,
      headers: { accept: req.accept },
      maxBytes: req.maxBytes,
      what: req.what,
      kind: req.kind,
      ...(req.signal ? { signal: req.signal } : {}),
      scope: { endpoint, repository },
    });
    if (res.status === 403) {
      throw new DockerPinError('DENIED', `${req.what}: ${endpoint.host} denied access (HTTP 403)${registryMessage(res)}`, { host: endpoint.host, status: 403 });
    }
    return res;
  }
}

function headerDigest(res: HttpResponse): { header?: string } {
  const value = res.headers['docker-content-digest']?.trim();
  return value ? { header: value } : {};
}

/** `docker.io/library/alpine:3.20` or `docker.io/library/alpine@sha256:…` */
export function describe(target: Target, reference: string): string {
  return reference.includes(':') ? `${target.name}@${reference}` : `${target.name}:${reference}`;
}

function registryMessage(res: HttpResponse): string {
  const message = registryText(res.body);
  return message ? `: "${message}"` : '';
}

export function statusError(res: HttpResponse, target: Target, reference: string, what: string): DockerPinError {
  const host = target.endpoint.host;
  if (res.status === 404) {
    const codes = registryErrors(res.body).map((e) => e.code);
    if (codes.includes('NAME_UNKNOWN')) {
      return new DockerPinError('NOT_FOUND', `${what}: repository ${target.name} not found on ${host}`, { host, status: 404 });
    }
    const kind = reference.includes(':') ? `digest ${reference}` : `tag "${reference}"`;
    if (codes.includes('MANIFEST_UNKNOWN') || codes.includes('BLOB_UNKNOWN')) {
      return new DockerPinError('NOT_FOUND', `${what}: ${kind} not found in ${target.name}`, { host, status: 404 });
    }
    return new DockerPinError('NOT_FOUND', `${what}: not found on ${host} (no such repository or ${kind})`, { host, status: 404 });
  }
  if (res.status === 401) return new DockerPinError('UNAUTHORIZED', `${what}: ${host} requires authentication (HTTP 401)`, { host, status: 401 });
  if (res.status === 403) return new DockerPinError('DENIED', `${what}: ${host} denied access (HTTP 403)`, { host, status: 403 });
  return new DockerPinError('REGISTRY_ERROR', `${what}: ${host} answered HTTP ${res.status}${registryMessage(res)}`, { host, status: res.status });
}
