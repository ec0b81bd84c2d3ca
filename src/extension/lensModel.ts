// What each CodeLens says and does for a resolved image, as plain data (no `vscode`), so the exact
// titles of the contract are unit-tested. The provider turns these into vscode.Command objects.
import { formatPlatform } from '../core/platform';
import { pinEdit } from '../core/pin';
import type { DigestKind, ImageOccurrence, Position, Range, TextEdit } from '../core/types';
import { GONE, linePinWarning, overrideOf, pinnedForWords, platformWords, valuePlace } from '../engine/messages';
import type { ImageStatus } from '../engine/types';
import { argPinCommand, argPinLine, type ArgPinTarget } from './argPinModel';
import { buildTimePlatformMessage, buildTimePlatformPin } from './buildTimePlatform';
import { Commands } from './commandIds';
import { shortReason } from './reasons';

export interface LensCommand {
  readonly title: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
  readonly tooltip?: string;
}

export interface LensContext {
  readonly uri: string;
  readonly version: number;
  /** The configured kind: decides which pin the first lens offers for an unpinned line. */
  readonly digestKind: DigestKind;
  /** The env files a compose file's values are read from and pinned into, as named to the user (default `.env`): several when includes read it each with its own. */
  readonly envFiles?: readonly string[];
  /** For a Dockerfile line whose image a compose build gives whole in its args: where its pin goes (argPinModel.ts). */
  readonly argPin?: (occurrence: ImageOccurrence) => ArgPinTarget | undefined;
}

/** `sha256:1a2b3c4d…`: enough to recognise a digest at a glance. */
export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':', 2);
  return hex === undefined ? digest : `${algorithm}:${hex.slice(0, 8)}…`;
}

/** How many lenses a line gets before anything is resolved: unpinned lines offer two pins. */
export function expectedLensCount(occurrence: ImageOccurrence): number {
  return occurrence.ignored !== undefined || occurrence.reference.digest || occurrence.valueAt?.file === 'env-file' || argPinLine(occurrence) ? 1 : 2;
}

/**
 * A compose value written in the project's .env (or in the env file of each include that reads the
 * file): its pin goes there, which Pin All Images in File writes (with the file's other pins, in one
 * undoable edit of every file).
 */
function envFileLens(status: ImageStatus, name: string, line: number, context: LensContext): LensCommand {
  const envFiles = context.envFiles ?? ['.env'];
  // The line is the first env file's: another's value may be on another line.
  const where = envFiles.length === 1 ? `${envFiles[0]} (line ${line + 1})` : envFilesWords(envFiles);
  return {
    title: `Pin All · pins ${name} in ${where}`,
    command: Commands.pinAll,
    arguments: [context.uri],
    tooltip: `${envFileNote(name, context.envFiles)}${status.targetDigest ? ` The digest: ${status.targetDigest}.` : ''}`,
  };
}

/** Several env files, as a lens names them: each by name while that stays short, else how many. */
function envFilesWords(envFiles: readonly string[]): string {
  if (envFiles.length > 3) return `${envFiles.length} env files`;
  return `${envFiles.slice(0, -1).join(', ')} and ${envFiles[envFiles.length - 1]}`;
}

function plainRange(range: Range): { start: Position; end: Position } {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function applyPin(title: string, status: ImageStatus, digest: string | undefined, context: LensContext, tooltip?: string): LensCommand {
  const edit = digest ? pinEdit(status.occurrence, digest) : undefined;
  if (!edit || !digest) {
    // The digest is written by a variable (or is already there): nothing to edit on this line.
    return {
      title: '⚠ pin comes from a variable',
      command: Commands.showLog,
      arguments: [],
      tooltip: 'The digest of this reference is set through an ARG; update the ARG default by hand.',
    };
  }
  const tip = [tooltip, placementTip(status)].filter((part) => part !== undefined).join(' ');
  return { title, command: Commands.applyPin, arguments: applyPinArguments(context, status.occurrence, edit, digest), tooltip: tip || undefined };
}

/** `dockerPin.applyPin`'s arguments: the edit, and what the re-read check expects of it (the image at the occurrence's start carries `digest`). */
export function applyPinArguments(doc: { readonly uri: string; readonly version: number }, occurrence: ImageOccurrence, edit: TextEdit, digest: string): readonly unknown[] {
  const at = occurrence.range.start;
  return [doc.uri, doc.version, plainRange(edit.range), edit.newText, { line: at.line, character: at.character }, digest];
}

/** Where the digest goes when the reference is built from ARGs, and what that means for `--build-arg`. */
export function placementTip(status: ImageStatus): string | undefined {
  const occurrence = status.occurrence;
  const place = valuePlace(occurrence);
  if (place !== undefined) {
    const name = occurrence.valueAt?.name ?? '';
    const index = status.indexOnly === undefined ? '' : ` Only the index digest fits: ${status.indexOnly}.`;
    return `Writes the digest into ${place}, which every use shares: ${overrideOf(occurrence, name)} replaces tag and digest together.${index}`;
  }
  const warning = linePinWarning(occurrence);
  return warning === undefined ? undefined : `${warning[0].toUpperCase()}${warning.slice(1)}.`;
}

/** Why a compose image whose value is in `.env` (or in each include's env file) is not pinned on its line, and where its pin goes. */
export function envFileNote(name: string, envFiles: readonly string[] = ['.env']): string {
  if (envFiles.length > 1) {
    return (
      `Its value is ${name} in the env files ${envFiles.slice(0, -1).join(', ')} and ${envFiles[envFiles.length - 1]} (each include that reads this file reads its own), ` +
      `so its pin goes into each (${name}=image:tag@sha256:…), where an override of ${name} replaces tag and digest together; ` +
      'a digest on this line would win over every later value. Pin All Images in File writes them all, with the file\'s other pins, in one undoable edit.'
    );
  }
  const envFile = envFiles[0] ?? '.env';
  const where = envFile === '.env' ? "the project's .env file" : `the env file ${envFile}`;
  return (
    `Its value is ${name} in ${where}, so its pin goes there (${name}=image:tag@sha256:…), where an override of ${name} replaces tag and digest together; ` +
    'a digest on this line would win over every later value. Pin All Images in File writes it there, with the file\'s other pins, in one undoable edit.'
  );
}

const IGNORED_TIP = 'Docker Pin leaves this image alone: it is not resolved, pinned or reported. Remove the ignore comment (or the configuration\'s pattern) to pin it.';
const INDEX_TIP = 'The multi-arch index digest: works on every architecture (docker pull picks the matching image).';
function platformTip(platform: string): string {
  return `The ${platform} manifest digest: exact for ${platform}, but a multi-arch build from it uses this ${platform} base everywhere.`;
}

function manifestArgs(status: ImageStatus, platform?: string): readonly unknown[] {
  return platform ? [status.occurrence.expanded, platform] : [status.occurrence.expanded];
}

/** The lenses of one resolved image, in order. Every lens has a command. */
export function lensCommands(status: ImageStatus, context: LensContext): LensCommand[] {
  const target = context.argPin?.(status.occurrence);
  const argPin = target === undefined ? undefined : argPinCommand(status, target, context);
  if (argPin !== undefined) return [argPin];
  const valueAt = status.occurrence.valueAt;
  if (valueAt?.file === 'env-file' && (status.state === 'unpinned' || status.state === 'stale' || status.state === 'gone')) {
    return [envFileLens(status, valueAt.name, valueAt.range.start.line, context)];
  }
  const platform = formatPlatform(status.platform);
  // The platform as the CLI names it: with the file name when a Dockerfile's name chose it.
  const label = platformWords(status);
  const resolution = status.resolution;
  switch (status.state) {
    case 'unpinned': {
      // An ARG default serving several platforms: a platform digest there would be wrong for some.
      if (status.indexOnly !== undefined) return [applyPin(`Pin index ${shortDigest(status.targetDigest ?? '')} (multi-arch)`, status, status.targetDigest, context, INDEX_TIP)];
      // Two lenses even for a single-platform tag (where both pins are the same digest), so the
      // line's lenses do not jump around as resolutions arrive.
      // The kind the answer is for: the setting's, or the one the line's place needs (`# syntax=`: the index).
      if (status.kind === 'index') {
        const first = applyPin(`Pin index ${shortDigest(status.targetDigest ?? '')} (multi-arch)`, status, status.targetDigest, context, INDEX_TIP);
        const second: LensCommand = resolution?.platformDigest
          ? applyPin(`Pin to ${label}`, status, resolution.platformDigest, context, platformTip(platform))
          : {
              // The index was found with a HEAD; the platform digest needs the body, fetched on click.
              title: `Pin to ${label}`,
              command: Commands.pinAs,
              arguments: [context.uri, context.version, { ...status.occurrence.range.start }, 'platform'],
              tooltip: platformTip(platform),
            };
        return [first, second];
      }
      // Where the platform is decided at build time, the tooltip says for which builds the digest is right.
      const tip = buildTimePlatformPin(status) ? buildTimePlatformMessage(status) : platformTip(platform);
      const first = applyPin(`Pin to ${shortDigest(status.targetDigest ?? '')} (${label})`, status, status.targetDigest, context, tip);
      return [first, applyPin('Pin index (multi-arch)', status, resolution?.indexDigest, context, INDEX_TIP)];
    }
    case 'current':
      return status.kind === 'index'
        ? [{ title: 'Pinned · index (multi-arch) · Show manifest', command: Commands.openManifest, arguments: manifestArgs(status) }]
        : [{ title: `Pinned · ${label} · Show manifest`, command: Commands.openManifest, arguments: manifestArgs(status, platform) }];
    case 'stale':
      if (status.pinnedFor !== undefined) {
        // Not a moved tag: a pin for another architecture than the file's name says.
        return [applyPin(`Update pin (pinned for ${formatPlatform(status.pinnedFor)}, not ${label})`, status, status.targetDigest, context, `${capitalized(pinnedForWords(status) ?? '')}: the update is its digest ${status.targetDigest ?? ''}.`)];
      }
      return [
        applyPin(
          'Update pin (tag moved)',
          status,
          status.targetDigest,
          context,
          `The tag now points to ${status.targetDigest ?? 'another digest'} (${status.kind === 'index' ? 'index' : label}).`,
        ),
      ];
    case 'digest-only':
      return [{ title: 'Pinned by digest · Show manifest', command: Commands.openManifest, arguments: manifestArgs(status) }];
    case 'gone':
      if (status.targetDigest !== undefined) {
        return [applyPin('⚠ Pinned manifest gone · Update pin', status, status.targetDigest, context, `${GONE}; the tag's digest is ${status.targetDigest} (${status.kind === 'index' ? 'index' : platform}).`)];
      }
      // The index digest is right on every architecture, so it is the one a single click offers;
      // the quick fixes offer the platform digest too.
      return [
        {
          title: '⚠ Pinned manifest gone · Pin index (multi-arch)',
          command: Commands.pinAs,
          arguments: [context.uri, context.version, { ...status.occurrence.range.start }, 'index'],
          tooltip: `${GONE}, so the platform it was made for is unknown. Pin the index digest, or choose a platform digest with the quick fix.`,
        },
      ];
    case 'error':
      return [
        {
          title: `⚠ ${shortReason(status.error)}`,
          command: Commands.showLog,
          arguments: [],
          tooltip: status.error?.message ?? 'Could not resolve this image; see the log.',
        },
      ];
    case 'ignored':
      // Nothing to do on the line: the lens only says why it is left alone.
      return [{ title: `Ignored · ${status.occurrence.ignored ?? ''}`, command: Commands.showLog, arguments: [], tooltip: IGNORED_TIP }];
  }
}

function capitalized(text: string): string {
  return text === '' ? text : `${text[0].toUpperCase()}${text.slice(1)}`;
}
