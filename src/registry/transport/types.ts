// The transport's one shape: a request in, a response out. Each layer is a function of the layer
// below it (see compose.ts), as go-containerregistry wraps one http.RoundTripper in another.
import type { Endpoint } from '../endpoint';

/** What a request counts as in the client's stats (Docker Hub counts manifest GETs as pulls). */
export type RequestKind = 'manifestGets' | 'manifestHeads' | 'blobGets' | 'tokenRequests';

/** The repository a request reads: the auth layer asks for its pull scope. */
export interface RepositoryScope {
  readonly endpoint: Endpoint;
  readonly repository: string;
}

export interface TransportRequest {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly url: string;
  /** Lowercase names. `authorization` is dropped on a redirect that changes scheme, host or port. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Never carried to another origin: a cross-origin 307/308 (which would keep it) fails instead. */
  readonly body?: string;
  /** Largest body accepted for a 2xx answer. */
  readonly maxBytes: number;
  /** What is being fetched, for messages: `manifest for docker.io/library/alpine:3.20`. */
  readonly what: string;
  readonly kind?: RequestKind;
  readonly signal?: AbortSignal;
  /** Set on registry API requests: the auth layer answers their challenges. Token requests have none. */
  readonly scope?: RepositoryScope;
}

export interface TransportResponse {
  readonly status: number;
  /** Lowercase names; repeated headers joined with ", " (safe for WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The URL that answered, after redirects. */
  readonly url: string;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** One concern wrapped around the transport below it. */
export type Layer = (next: Transport) => Transport;
