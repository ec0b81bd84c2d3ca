// Shared set-up for engine tests: a real registry standing in for Docker Hub, and small helpers.
import { scanDockerfile } from '../../src/core/dockerfile';
import type { ImageOccurrence, Platform } from '../../src/core/types';
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
