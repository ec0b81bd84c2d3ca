// What `check` reports, as the SARIF and GitHub formats name and rank it: one kind of finding per
// entry state, and the records every format reads. Formats decide nothing of their own: what is a
// finding, how severe it is and what fixes it are said here once.
import type { CheckEntry } from '../commands/check';
import { EXIT_OK, type ExitCode } from '../exitCodes';

/** One `check` entry and what it did to the exit code (0 for a current pin or an allowed unresolved line). */
export interface CheckRecord {
  readonly entry: CheckEntry;
  readonly code: ExitCode;
}

/** SARIF's levels; GitHub's commands are `error`, `warning` and `notice` for them. */
export type Level = 'error' | 'warning' | 'note';

export interface FindingKind {
  /** The rule id: the entry's state. */
  readonly id: CheckEntry['state'];
  readonly name: string;
  /** A few words, the annotation's title. */
  readonly title: string;
  /** What the finding means. */
  readonly description: string;
  /** How to fix it. */
  readonly help: string;
  readonly level: Level;
}

const KINDS: Record<CheckEntry['state'], FindingKind | undefined> = {
  // A current pin, a digest without a tag (nothing to compare it with) and an image an ignore
  // marker leaves alone are no findings: the formats that list findings leave them out.
  current: undefined,
  'digest-only': undefined,
  ignored: undefined,
  unpinned: {
    id: 'unpinned',
    name: 'UnpinnedImage',
    title: 'Image not pinned to a digest',
    description: 'The image is named by its tag alone. A tag can be moved to other content at any time, so a build or a deployment may run an image nobody reviewed.',
    help: "Pin it: `docker-pin pin <file>` writes the digest the finding names after the tag (name:tag@sha256:…), keeping the tag. Give it this check's --platform, --index and --build-arg options.",
    level: 'error',
  },
  stale: {
    id: 'stale',
    name: 'StalePin',
    title: 'Pinned digest is behind its tag',
    description: 'The image is pinned, but its tag now names another digest: the pin still gives the image it was made for, not the one the tag names today. In a Dockerfile whose name names an architecture (Dockerfile.aarch64), also a platform pin made for another architecture.',
    help: "Update it: `docker-pin pin --update <file>` moves the pin to the tag's current digest, keeping the pin's kind (platform or index) and platform; a platform pin in a Dockerfile named for an architecture moves to that architecture's digest.",
    level: 'warning',
  },
  gone: {
    id: 'gone',
    name: 'PinnedManifestGone',
    title: 'Pinned manifest no longer in the registry',
    description: 'The registry no longer has the manifest the pin names (deleted or garbage-collected): pulling the image by this digest fails, and nothing says which platform the pin was made for.',
    help: "Choose what replaces it: `docker-pin pin --update --platform <os/arch> <file>` writes the tag's digest for that platform, `docker-pin pin --update --index <file>` its index digest.",
    level: 'error',
  },
  unresolved: {
    id: 'unresolved',
    name: 'UnresolvedImage',
    title: 'Image cannot be worked out',
    description: 'The image is built from a variable that has no value here, or named in a file docker-pin cannot read: which image it is cannot be known, so it was not checked.',
    help: 'Give the variable a value, as the finding says: --build-arg NAME=VALUE or an ARG default for a Dockerfile, the environment or the project\'s .env for a compose file. --allow-unresolved reports such lines without failing the check.',
    level: 'warning',
  },
  skipped: {
    id: 'skipped',
    name: 'SkippedImage',
    title: 'No safe place for a digest',
    description: 'The image is written where docker-pin cannot tell where a digest would go, or where it does not write one (a compose dockerfile_inline): it is not pinned.',
    help: 'Move the image where docker-pin can pin it (the finding says where), or pin it by hand.',
    level: 'warning',
  },
  conflict: {
    id: 'conflict',
    name: 'ConflictingReadings',
    title: 'The file\'s readings name different images on the line',
    description: 'The file is read several ways (directly; by builds, a compose service or a dev container, with their args; by the compose projects that include or extend it; by the GitLab pipelines that include it), and the readings name different images on the line: one digest cannot pin them all, so it is not pinned.',
    help: 'Make the readings agree (the same build args, .env values or pipeline variables, or an ARG default every build keeps), or give each reading the image already pinned in its own value (name:tag@sha256:…), then pin again.',
    level: 'error',
  },
  invalid: {
    id: 'invalid',
    name: 'InvalidReference',
    title: 'Invalid image reference',
    description: 'The text where an image belongs is not a valid image reference, or cannot be expanded: no image can be pulled by it.',
    help: 'Correct the reference; the finding says what is wrong with it.',
    level: 'error',
  },
  error: {
    id: 'error',
    name: 'ResolutionFailed',
    title: 'Image could not be resolved',
    description: 'The registry gave no answer for this image (network, TLS, authentication, not found, no manifest for the platform, a digest that does not match): its pin was not checked.',
    help: 'Fix what the finding names (make the registry reachable, log in with docker login, correct the name or tag, or choose another --platform), then check again.',
    level: 'error',
  },
  unreadable: {
    id: 'unreadable',
    name: 'UnreadableFile',
    title: 'File could not be read',
    description: 'The file could not be read: none of its images were checked.',
    help: 'Make the file readable, or leave it out of the paths checked.',
    level: 'error',
  },
};

/** Every kind of finding, in a fixed order (SARIF's rules and their indexes). */
export const FINDING_KINDS: readonly FindingKind[] = Object.values(KINDS).filter((kind): kind is FindingKind => kind !== undefined);

/** The kind of finding a record is, with the level it has in this run; undefined for what is no finding. */
export function findingOf(record: CheckRecord): { kind: FindingKind; level: Level } | undefined {
  const kind = KINDS[record.entry.state];
  if (kind === undefined) return undefined;
  // Counted for nothing (`--allow-unresolved`): still said, as text says it on stderr.
  return { kind, level: record.code === EXIT_OK ? 'note' : kind.level };
}

/**
 * The entry's message and, when it names the digest a pin would write, how to write it: the
 * message itself says the fix for every other finding.
 */
export function findingMessage(entry: CheckEntry): string {
  if (entry.targetDigest === undefined) return entry.message;
  switch (entry.state) {
    case 'unpinned':
      return `${entry.message}: docker-pin pin with this check's options writes it`;
    case 'stale':
      return `${entry.message}: docker-pin pin --update writes it`;
    case 'gone':
      return `${entry.message}: docker-pin pin --update with this check's --platform or --index writes it`;
    default:
      return entry.message;
  }
}

/**
 * The column after the reference's last character, on its line: the end of the span an
 * annotation marks. Undefined when the entry names no text there.
 */
export function endColumnOf(entry: CheckEntry): number | undefined {
  const text = entry.reference;
  if (entry.column === undefined || text === undefined || text === '' || /[\r\n]/.test(text)) return undefined;
  return entry.column + text.length;
}
