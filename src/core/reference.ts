// Image references: the distribution/reference grammar plus Docker's normalization
// (REGISTRY-RULES §1). Parsing is split into digest, domain, path and tag so that an
// invalid reference gets a message naming the part that is wrong, not just "invalid".

import { digestProblem } from './digest';
import { DockerPinError } from './errors';
import { ImageReference } from './types';

const DOCKER_HUB = 'docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_PATH_LENGTH = 255;

// Grammar pieces, as in distribution/reference regexp.go. None of them nests an unbounded
// repetition inside another one that can match the same text, so they cannot backtrack
// catastrophically on hostile input.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(
  `^(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`,
);
const TAG = /^[\w][\w.-]{0,127}$/;
const IDENTIFIER = /^[a-f0-9]{64}$/;

function invalid(text: string, why: string): DockerPinError {
  return new DockerPinError('INVALID_REFERENCE', `invalid reference ${JSON.stringify(text)}: ${why}`);
}

/**
 * Docker's rule for telling a registry host from a Docker Hub namespace: only a first
 * component with `.` or `:`, `localhost`, or an uppercase letter is a host.
 */
function isRegistryHost(first: string): boolean {
  return first === 'localhost' || /[.:]/.test(first) || first !== first.toLowerCase();
}

/** Whether a written reference starts with a registry host (`ghcr.io/org/app`, `localhost:5000/app`), by Docker's rule. */
export function namesRegistry(written: string): boolean {
  const slash = written.indexOf('/');
  return slash > 0 && isRegistryHost(written.slice(0, slash));
}

/** A name's registry (Docker Hub when its first component is no host) and the rest. */
function splitDomain(name: string): { registry: string; remainder: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { registry: DOCKER_HUB, remainder: OFFICIAL_PREFIX + name };
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!isRegistryHost(first)) return { registry: DOCKER_HUB, remainder: name };
  const registry = first === LEGACY_DOCKER_HUB ? DOCKER_HUB : first;
  // `docker.io/alpine` is the official image, like `alpine`.
  const remainder = registry === DOCKER_HUB && !rest.includes('/') ? OFFICIAL_PREFIX + rest : rest;
  return { registry, remainder };
}

function checkPath(text: string, path: string): void {
  // Uppercase is named as the fault only when the name in lowercase is valid (distribution/reference's
  // ErrNameContainsUppercase): `<PROJECT_ID>` or `${IMAGE}` is wrong in any case.
  for (const component of path.split('/')) {
    if (component === '') throw invalid(text, 'repository name has an empty path component');
    if (!PATH_COMPONENT.test(component.toLowerCase())) {
      throw invalid(
        text,
        `path component ${JSON.stringify(component)} must be lowercase letters and digits, ` +
          'separated by one ".", one or two "_", or any number of "-"',
      );
    }
  }
  if (path !== path.toLowerCase()) throw invalid(text, 'repository name must be lowercase');
  if (path.length > MAX_PATH_LENGTH) {
    throw invalid(text, `repository name must not be more than ${MAX_PATH_LENGTH} characters`);
  }
}

/**
 * Parses `name[:tag][@digest]` the way docker does: `alpine` becomes registry `docker.io`,
 * repository `library/alpine`. Throws DockerPinError('INVALID_REFERENCE') naming the problem.
 */
export function parseReference(text: string): ImageReference {
  if (text === '') throw invalid(text, 'the reference is empty');
  // A bare image ID is ambiguous with a repository name; docker refuses it too.
  if (IDENTIFIER.test(text)) {
    throw invalid(text, 'a 64-character hexadecimal string is an image ID, not a repository name');
  }

  // Neither names nor tags may contain "@", so the first one starts the digest.
  const at = text.indexOf('@');
  const nameAndTag = at < 0 ? text : text.slice(0, at);
  let digest: string | undefined;
  if (at >= 0) {
    digest = text.slice(at + 1);
    const problem = digestProblem(digest);
    if (problem !== undefined) throw invalid(text, problem);
  }
  if (nameAndTag === '' || nameAndTag.startsWith(':')) throw invalid(text, 'the repository name is missing');

  const { registry, remainder } = splitDomain(nameAndTag);
  if (!DOMAIN.test(registry)) {
    throw invalid(text, `registry host ${JSON.stringify(registry)} is not a valid host[:port]`);
  }

  // Repository paths cannot contain ":", so the first one (after the host) starts the tag.
  const colon = remainder.indexOf(':');
  const repository = colon < 0 ? remainder : remainder.slice(0, colon);
  const tag = colon < 0 ? undefined : remainder.slice(colon + 1);
  checkPath(text, repository);
  if (tag !== undefined && !TAG.test(tag)) {
    throw invalid(
      text,
      `tag ${JSON.stringify(tag)} must be 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
    );
  }

  return {
    original: text,
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** `registry/repository`, e.g. `docker.io/library/alpine`. */
export function fullName(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}`;
}

/** The name as docker prints it: `alpine`, `user/app`, `ghcr.io/o/app` (no tag or digest). */
export function familiarName(ref: ImageReference): string {
  if (ref.registry !== DOCKER_HUB) return fullName(ref);
  const official = ref.repository.startsWith(OFFICIAL_PREFIX)
    ? ref.repository.slice(OFFICIAL_PREFIX.length)
    : undefined;
  // `library/a/b` is not an official image and keeps its prefix, as in docker.
  return official !== undefined && !official.includes('/') ? official : ref.repository;
}

/**
 * The fully qualified `registry/repository[:tag][@digest]`. `opts.tag` / `opts.digest`
 * replace the reference's own when a string is given, and remove it when null.
 */
export function formatReference(
  ref: ImageReference,
  opts: { tag?: string | null; digest?: string | null } = {},
): string {
  const tag = opts.tag === undefined ? ref.tag : (opts.tag ?? undefined);
  const digest = opts.digest === undefined ? ref.digest : (opts.digest ?? undefined);
  const name = fullName(ref);
  if (tag !== undefined && !TAG.test(tag)) {
    throw invalid(`${name}:${tag}`, `tag ${JSON.stringify(tag)} is not a valid tag`);
  }
  if (digest !== undefined) {
    const problem = digestProblem(digest);
    if (problem !== undefined) throw invalid(`${name}@${digest}`, problem);
  }
  return name + (tag !== undefined ? `:${tag}` : '') + (digest !== undefined ? `@${digest}` : '');
}

/** The host the registry API is served from: Docker Hub's is not `docker.io`. */
export function registryHostForApi(registry: string): string {
  return registry === DOCKER_HUB || registry === LEGACY_DOCKER_HUB ? DOCKER_HUB_API : registry;
}

/** The name an image is known by whatever its spelling (`app` = `docker.io/library/app:latest`); the text itself when it is no reference. */
export function imageName(written: string): string {
  try {
    const ref = parseReference(written);
    return `${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}${ref.digest ? `@${ref.digest}` : ''}`;
  } catch {
    return written;
  }
}

/**
 * The name BuildKit looks a named build context up by (`--build-context`, compose's
 * `additional_contexts`): the familiar name with its tag and digest, `:latest` dropped
 * (`docker.io/library/alpine:latest` is `alpine`). Written as no reference parses, it stays as it is.
 */
export function contextName(written: string): string {
  try {
    const ref = parseReference(written);
    const name = `${familiarName(ref)}${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
    return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
  } catch {
    return written;
  }
}

/**
 * The part of a written reference before its tag and digest (`busybox-${OS}` of
 * `busybox-${OS}:1.36`), a `${…}` kept whole: the `:-` of a default inside one is no tag.
 */
export function repositoryPart(written: string): string {
  let depth = 0;
  let lastSlash = -1;
  let end = written.length;
  let tag: number | undefined;
  for (let i = 0; i < written.length; i++) {
    const c = written[i];
    if (c === '$' && written[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) {
      depth--;
    } else if (depth === 0 && c === '@') {
      end = i;
      break;
    } else if (depth === 0 && c === '/') {
      lastSlash = i;
      tag = undefined;
    } else if (depth === 0 && c === ':' && i > lastSlash) {
      tag = i;
    }
  }
  return written.slice(0, tag ?? end);
}
