// Manifest media types (image-spec, distribution-spec, Docker's schema2 spec).

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

const SCHEMA1 = [
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];

/**
 * Sent on every manifest request. A registry that does not see the list/index types may silently
 * answer with the linux/amd64 manifest (or a 404), so all four are always listed.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST].join(', ');

/** `application/json; charset=utf-8` → `application/json`, lowercased. */
export function stripParameters(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const bare = contentType.split(';')[0].trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

export function isImageManifestMediaType(mediaType: string): boolean {
  return mediaType === OCI_MANIFEST || mediaType === DOCKER_MANIFEST;
}

export function isSchema1MediaType(mediaType: string): boolean {
  return SCHEMA1.includes(mediaType);
}

/** Types a registry uses when it does not know better; the body's own `mediaType` wins over them. */
export function isGenericMediaType(mediaType: string): boolean {
  return ['application/json', 'application/octet-stream', 'text/plain', 'binary/octet-stream'].includes(mediaType);
}
