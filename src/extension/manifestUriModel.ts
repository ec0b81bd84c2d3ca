// The path and query of a manifest document's URI, as strings (no `vscode`). The path is what the
// tab shows (`/docker.io/library/alpine/3.20 (linux-amd64).json`: a `.json` suffix so the JSON
// language applies); the query carries what is needed to fetch it again.
import { formatPlatform, parsePlatform } from '../core/platform';
import { parseReference } from '../core/reference';
import type { ImageReference, Platform } from '../core/types';

export const MANIFEST_SCHEME = 'docker-pin-manifest';

export interface ManifestTarget {
  readonly reference: ImageReference;
  /** Follow an index to this platform's manifest; undefined opens what the tag/digest names. */
  readonly platform?: Platform;
}

function label(reference: ImageReference): string {
  const digest = reference.digest ? reference.digest.replace(':', '-').slice(0, 'sha256-'.length + 12) : undefined;
  if (reference.tag && digest) return `${reference.tag}@${digest}`;
  return reference.tag ?? digest ?? 'latest';
}

export function manifestPath(target: ManifestTarget): string {
  const { reference, platform } = target;
  const suffix = platform ? ` (${formatPlatform(platform).replace(/\//g, '-')})` : '';
  return `/${reference.registry}/${reference.repository}/${label(reference)}${suffix}.json`;
}

export function manifestQuery(target: ManifestTarget): string {
  const params = new URLSearchParams({ ref: target.reference.original });
  if (target.platform) params.set('platform', formatPlatform(target.platform));
  return params.toString();
}

/** Reads the target back from a URI's query; throws DockerPinError on a damaged one. */
export function parseManifestQuery(query: string): ManifestTarget {
  const params = new URLSearchParams(query);
  const reference = parseReference(params.get('ref') ?? '');
  const platformText = params.get('platform');
  return platformText ? { reference, platform: parsePlatform(platformText) } : { reference };
}
