// The image patterns of a repository config's `ignore.images`: which images docker-pin leaves
// alone. A pattern is matched against an image's full, normalized name, as the registry client
// reads it (`alpine` is `docker.io/library/alpine`), so the short and the full spelling of a name
// match the same images. The one wildcard rule, small enough to say in a sentence: `*` stands for
// any run of characters, `/` included (`registry.internal/*` is every image of that registry), `?`
// for one character. A `:tag` limits a pattern to those tags (`alpine:edge`, `node:*-alpine`); a
// reference without a tag is `latest`, as docker pulls it. A digest in a pattern is refused: a
// digest names one image, which is already pinned.
import type { ImageReference } from '../types';

export interface ImagePattern {
  /** The pattern as written, for the reason an image is ignored. */
  readonly text: string;
  matches(reference: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>): boolean;
}

/** Thrown with what is wrong with the pattern (the caller names the key and the file). */
export class ImagePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImagePatternError';
  }
}

const WILDCARD = /[*?]/;

export function compileImagePattern(text: string): ImagePattern {
  if (text.trim() !== text || text === '') throw new ImagePatternError(`${JSON.stringify(text)} is not an image pattern (an image name, * for any characters)`);
  if (text.includes('@')) throw new ImagePatternError(`${JSON.stringify(text)}: a digest names one image, which is pinned already; write the name (and tag), e.g. ${JSON.stringify(text.slice(0, text.indexOf('@')))}`);
  const lastSlash = text.lastIndexOf('/');
  const colon = text.indexOf(':', lastSlash + 1);
  const name = colon < 0 ? text : text.slice(0, colon);
  const tag = colon < 0 ? undefined : text.slice(colon + 1);
  if (tag === '') throw new ImagePatternError(`${JSON.stringify(text)} ends in ":" without a tag`);
  if (name === '' || name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    throw new ImagePatternError(`${JSON.stringify(text)} is not an image pattern (an image name such as registry.example/team/app, * for any characters)`);
  }
  const nameRegex = globRegex(normalizedName(name));
  const tagRegex = tag === undefined ? undefined : globRegex(tag);
  return {
    text,
    matches(reference) {
      if (!nameRegex.test(`${reference.registry}/${reference.repository}`.toLowerCase())) return false;
      if (tagRegex === undefined) return true;
      // `alpine@sha256:…` has no tag to match; `alpine` alone is pulled as `latest`.
      const written = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
      return written !== undefined && tagRegex.test(written);
    },
  };
}

/**
 * A name as the registry client normalizes references: no registry means Docker Hub, and a Docker
 * Hub name of one plain component is an official image (`alpine`, `docker.io/alpine` →
 * `docker.io/library/alpine`). The first component is a registry when it has a `.` or `:`, is
 * `localhost`, or holds a wildcard (`*.internal/*`).
 */
function normalizedName(name: string): string {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  const isRegistry = first !== '' && (/[.:]/.test(first) || first === 'localhost' || WILDCARD.test(first));
  const registry = isRegistry ? (first.toLowerCase() === 'index.docker.io' ? 'docker.io' : first) : 'docker.io';
  const path = isRegistry ? name.slice(slash + 1) : name;
  const official = registry.toLowerCase() === 'docker.io' && !path.includes('/') && !WILDCARD.test(path);
  return `${registry}/${official ? `library/${path}` : path}`.toLowerCase();
}

function globRegex(glob: string): RegExp {
  const body = glob
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}
