// Shared set-up for engine tests: a real registry standing in for Docker Hub, and small helpers.
import { scanDockerfile } from '../../src/core/dockerfile';
import { DockerPinError } from '../../src/core/errors';
import type { ImageOccurrence, ImageReference, Platform } from '../../src/core/types';
import type { RegistryClientApi, Resolution, ResolveOptions } from '../../src/registry/types';
import type { PushedManifest } from '../support/push';

export const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
export const ARM64: Platform = { os: 'linux', architecture: 'arm64' };
export const S390X: Platform = { os: 'linux', architecture: 's390x' };

export function child(pushed: { children: PushedManifest[] }, architecture: string): PushedManifest {
  const found = pushed.children.find((c) => c.platform?.architecture === architecture && c.platform.os === 'linux');
  if (!found) throw new Error(`no linux/${architecture} child was pushed`);
  return found;
}

/** The only image occurrence in a one-line Dockerfile. */
export function occurrenceOf(dockerfile: string): ImageOccurrence {
  const scan = scanDockerfile(dockerfile);
  if (scan.images.length !== 1) throw new Error(`expected one image in ${JSON.stringify(dockerfile)}, got ${scan.images.length}`);
  return scan.images[0];
}

/** Answers library/alpine and acme/tools for any platform, nothing else; records every question. */
export function countingClient(): RegistryClientApi & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    stats: { requests: 0, manifestGets: 0, manifestHeads: 0, blobGets: 0, tokenRequests: 0, bytesRead: 0 },
    async resolve(ref: ImageReference, options: ResolveOptions): Promise<Resolution> {
      asked.push(`${ref.repository}:${ref.tag} ${options.platform.architecture} ${options.kind}`);
      if (!['library/alpine', 'acme/tools'].includes(ref.repository)) throw new DockerPinError('NOT_FOUND', `${ref.original}: not found`);
      const platformDigest = `sha256:${(options.platform.architecture === 'arm64' ? 'b' : 'a').repeat(64)}`;
      const mediaType = 'application/vnd.oci.image.manifest.v1+json';
      return {
        name: `docker.io/${ref.repository}`, registry: 'docker.io', repository: ref.repository, tag: ref.tag ?? 'latest',
        indexDigest: `sha256:${'c'.repeat(64)}`, indexMediaType: 'application/vnd.oci.image.index.v1+json', isIndex: true,
        platformDigest, platformMediaType: mediaType, platform: options.platform,
        platforms: [{ platform: options.platform, digest: platformDigest, mediaType }],
      };
    },
    async manifest(): Promise<never> {
      throw new Error('not used');
    },
    async resolveDigest(): Promise<never> {
      throw new Error('not used');
    },
    clearCache: () => undefined,
  };
}
