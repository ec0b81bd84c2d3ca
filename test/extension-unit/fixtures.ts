// Hand-built occurrences and statuses for the extension's VS Code–free helpers.
import { DockerPinError, type ErrorCode } from '../../src/core/errors';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import type { DigestKind, ImageOccurrence } from '../../src/core/types';
import type { ImageStatus, PinState } from '../../src/engine/types';
import type { Resolution } from '../../src/registry/types';

export const D = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;
export const INDEX = D('1a2b3c4d');
export const AMD64 = D('aa');
export const ARM64 = D('bb');
export const OLD = D('0f');

/** `FROM <text>` on zero-based `line`; the reference starts at character 5. */
export function occurrence(text: string, line = 0, extra: Partial<ImageOccurrence> = {}): ImageOccurrence {
  const reference = parseReference(text);
  const at = text.indexOf('@');
  return {
    source: 'from',
    text,
    range: { start: { line, character: 5 }, end: { line, character: 5 + text.length } },
    expanded: text,
    reference,
    digestRange: at >= 0 ? { start: { line, character: 5 + at }, end: { line, character: 5 + text.length } } : undefined,
    variables: [],
    line: line + 1,
    ...extra,
  };
}

export function resolution(overrides: Partial<Resolution> = {}): Resolution {
  return {
    name: 'docker.io/library/alpine',
    registry: 'docker.io',
    repository: 'library/alpine',
    tag: '3.20',
    indexDigest: INDEX,
    indexMediaType: 'application/vnd.oci.image.index.v1+json',
    isIndex: true,
    platformDigest: AMD64,
    platformMediaType: 'application/vnd.oci.image.manifest.v1+json',
    platform: parsePlatform('linux/amd64'),
    platforms: [
      { platform: parsePlatform('linux/amd64'), digest: AMD64, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
      { platform: parsePlatform('linux/arm64'), digest: ARM64, mediaType: 'application/vnd.oci.image.manifest.v1+json' },
    ],
    ...overrides,
  };
}

export function status(
  state: PinState,
  occ: ImageOccurrence,
  options: { kind?: DigestKind; target?: string; resolution?: Resolution; error?: { code: ErrorCode; message?: string; details?: DockerPinError['details'] }; platform?: string } = {},
): ImageStatus {
  return {
    occurrence: occ,
    platform: parsePlatform(options.platform ?? 'linux/amd64'),
    state,
    kind: options.kind ?? 'platform',
    resolution: state === 'error' || state === 'digest-only' || state === 'ignored' ? undefined : (options.resolution ?? resolution()),
    targetDigest: options.target,
    error: options.error ? new DockerPinError(options.error.code, options.error.message ?? 'failed', options.error.details) : undefined,
  };
}
