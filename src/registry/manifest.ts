// Reading manifest and config JSON: media type detection, descriptors with normalized platforms.
import { isDigest } from '../core/digest';
import { DockerPinError } from '../core/errors';
import { normalizePlatform } from '../core/platform';
import type { Descriptor, Platform } from '../core/types';
import {
  OCI_INDEX,
  OCI_MANIFEST,
  isGenericMediaType,
  isImageManifestMediaType,
  isIndexMediaType,
  isSchema1MediaType,
  stripParameters,
} from './mediaTypes';

export type ParsedManifest =
  | { readonly kind: 'index'; readonly mediaType: string; readonly manifests: readonly Descriptor[] }
  | { readonly kind: 'manifest'; readonly mediaType: string; readonly config: Descriptor };

type Json = Record<string, unknown>;

function parseJson(bytes: Buffer, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DockerPinError('REGISTRY_ERROR', `${what}: the registry sent a manifest that is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DockerPinError('REGISTRY_ERROR', `${what}: the registry sent a manifest that is not a JSON object`);
  }
  return value as Json;
}

/**
 * The manifest's media type: Content-Type without parameters, unless it is missing or generic,
 * then the body's `mediaType`, then a guess from the shape (OCI allows omitting `mediaType`).
 */
export function detectMediaType(contentType: string | undefined, body: Json): string {
  const header = stripParameters(contentType);
  if (header !== undefined && !isGenericMediaType(header)) return header;
  if (typeof body.mediaType === 'string') return stripParameters(body.mediaType) ?? body.mediaType;
  if (body.schemaVersion === 1) return 'application/vnd.docker.distribution.manifest.v1+json';
  if (Array.isArray(body.manifests)) return OCI_INDEX;
  if (typeof body.config === 'object' && body.config !== null) return OCI_MANIFEST;
  return header ?? 'unknown';
}

export function schema1Error(what: string): DockerPinError {
  return new DockerPinError(
    'UNSUPPORTED_MANIFEST',
    `${what} is an old Docker schema 1 manifest, which cannot be pinned; push it again with a current Docker or tool`,
  );
}

/** The media type of raw manifest bytes as served (see detectMediaType); `unknown` for non-JSON. */
export function detectMediaTypeOf(contentType: string | undefined, bytes: Buffer): string {
  let body: Json = {};
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) body = value as Json;
  } catch {
    // fall back to the header alone
  }
  return detectMediaType(contentType, body);
}

export function parseManifest(bytes: Buffer, contentType: string | undefined, what: string): ParsedManifest {
  const body = parseJson(bytes, what);
  const mediaType = detectMediaType(contentType, body);
  if (isSchema1MediaType(mediaType) || body.schemaVersion === 1) throw schema1Error(what);
  if (isIndexMediaType(mediaType)) {
    const entries = Array.isArray(body.manifests) ? body.manifests : [];
    return { kind: 'index', mediaType, manifests: entries.flatMap((e) => toDescriptor(e) ?? []) };
  }
  if (isImageManifestMediaType(mediaType)) {
    const config = toDescriptor(body.config);
    if (!config) throw new DockerPinError('REGISTRY_ERROR', `${what}: the manifest has no valid config descriptor`);
    return { kind: 'manifest', mediaType, config };
  }
  throw new DockerPinError('UNSUPPORTED_MANIFEST', `${what} has media type "${mediaType.slice(0, 100)}", which is not an image manifest or index`);
}

/** A descriptor from JSON with its platform normalized; undefined when it has no usable digest. */
export function toDescriptor(value: unknown): Descriptor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Json;
  if (typeof v.digest !== 'string' || !isDigest(v.digest)) return undefined;
  const platform = toPlatform(v.platform);
  const annotations = stringRecord(v.annotations);
  return {
    mediaType: typeof v.mediaType === 'string' ? v.mediaType : '',
    digest: v.digest,
    size: typeof v.size === 'number' ? v.size : 0,
    ...(platform ? { platform } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

/** JSON platform (`os`, `architecture`, `variant`, `os.version`) to a normalized Platform. */
export function toPlatform(value: unknown): Platform | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Json;
  if (typeof v.os !== 'string' || typeof v.architecture !== 'string') return undefined;
  return normalizePlatform({
    os: v.os,
    architecture: v.architecture,
    ...(typeof v.variant === 'string' && v.variant !== '' ? { variant: v.variant } : {}),
    ...(typeof v['os.version'] === 'string' && v['os.version'] !== '' ? { osVersion: v['os.version'] } : {}),
  });
}

/** The platform an image config blob declares (`os`, `architecture`, `variant`, `os.version`). */
export function parseConfigPlatform(bytes: Buffer, what: string): Platform {
  const platform = toPlatform(parseJson(bytes, what));
  if (!platform) throw new DockerPinError('REGISTRY_ERROR', `${what}: the image config names no os/architecture`);
  return platform;
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
