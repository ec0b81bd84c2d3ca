// The hover's Markdown for one image, as a string (no `vscode`), so its content is unit-tested:
// the index digest, every platform with its digest, which one a pin would use, and media types.
import { formatPlatform, platformsEqual } from '../core/platform';
import { GONE, linePinWarning, namedPlatform, overrideOf, pinnedForWords, platformWords, valuePlace, withNamedPlatformFix } from '../engine/messages';
import type { ImageStatus } from '../engine/types';
import type { Resolution } from '../registry/types';
import { buildTimePlatformHover, buildTimePlatformPin } from './buildTimePlatform';

const STATE: Record<ImageStatus['state'], string> = {
  unpinned: 'not pinned',
  current: 'pinned, current',
  stale: 'pinned, tag has moved',
  'digest-only': 'pinned by digest',
  gone: GONE,
  error: 'could not be resolved',
  ignored: 'ignored',
};

/** Backticks in a code span would end it; registry data should never hold any, but be safe. */
function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

function platformTable(resolution: Resolution, chosenDigest: string | undefined): string[] {
  const platforms = resolution.platforms ?? [];
  if (platforms.length === 0) return [];
  const lines = ['| Platform | Digest | Media type |', '|---|---|---|'];
  for (const entry of platforms) {
    const chosen = entry.digest === chosenDigest || (resolution.platform !== undefined && chosenDigest === undefined && platformsEqual(entry.platform, resolution.platform));
    const name = formatPlatform(entry.platform);
    lines.push(`| ${chosen ? `**${name}** ← pin` : name} | ${code(entry.digest)} | ${code(entry.mediaType)} |`);
  }
  return lines;
}

/**
 * `resolution` may be richer than `status.resolution` (an index HEAD has no platform list; the
 * hover fetches the body when the user asks).
 */
export function hoverMarkdown(status: ImageStatus, resolution: Resolution | undefined = status.resolution): string {
  const occurrence = status.occurrence;
  const platform = formatPlatform(status.platform);
  const out: string[] = [`**${code(occurrence.expanded)}** (${STATE[status.state]})`, ''];
  if (status.state === 'error') {
    out.push(status.error === undefined ? 'Unknown error; see the Docker Pin log.' : withNamedPlatformFix(status, status.error.message));
    return out.join('\n');
  }
  if (status.state === 'ignored') {
    out.push(`Left alone: ${status.occurrence.ignored ?? ''}. Docker Pin does not resolve, pin or report it.`);
    return out.join('\n');
  }
  if (status.state === 'digest-only') {
    out.push(`Digest ${code(occurrence.reference.digest ?? '')}; there is no tag to compare it with.`);
    return out.join('\n');
  }
  if (!resolution) return out.join('\n');
  const kindNote = status.kind === 'index' ? 'the multi-arch index' : `the ${platform} manifest`;
  // The file's name chose the platform, not the configuration: said as the CLI says it.
  if (namedPlatform(status)) out.push(`Resolved for ${platformWords(status)}.`, '');
  if (status.state === 'stale') {
    const other = pinnedForWords(status);
    out.push(other === undefined ? `Pinned to ${code(occurrence.reference.digest ?? '')}; the tag now points elsewhere.` : `Pinned to ${code(occurrence.reference.digest ?? '')}: ${other}.`, '');
  }
  if (status.state === 'gone') {
    out.push(`Pinned to ${code(occurrence.reference.digest ?? '')}, which the registry no longer has: the platform it was made for is unknown. Choose a new pin (quick fix): the index digest or a platform digest.`, '');
  }
  out.push(
    `${resolution.isIndex ? 'Index' : 'Manifest'} ${code(resolution.indexDigest)} · ${code(resolution.indexMediaType)}`,
    '',
  );
  const chosenPlatformDigest = status.kind === 'platform' ? (status.targetDigest ?? resolution.platformDigest) : resolution.platformDigest;
  // A gone pin with no choice made: no entry is the one a pin would use, whatever this machine is.
  const unchosen = status.state === 'gone' && status.targetDigest === undefined;
  out.push(...(unchosen ? platformTable({ ...resolution, platform: undefined }, undefined) : platformTable(resolution, chosenPlatformDigest)));
  if (status.targetDigest && status.state !== 'current') out.push('', `A pin writes ${kindNote} digest ${code(status.targetDigest)}.`);
  if (status.state === 'current') out.push('', `The pin is ${kindNote} digest, and it is current.`);
  const placement = placementMarkdown(status);
  if (placement !== undefined) out.push('', placement);
  // Why a line no ARG default holds takes the index alone (used on several platforms: builds, CI runners); an ARG default's placement says it.
  if (occurrence.valueAt === undefined && status.indexOnly !== undefined) out.push('', `Only the index digest fits: ${status.indexOnly}.`);
  if (buildTimePlatformPin(status)) out.push('', buildTimePlatformHover(status));
  else if (resolution.isIndex) {
    out.push(
      '',
      `*A platform pin fixes one architecture (${platform}): a multi-arch build from it uses that base everywhere. The index pin works on every architecture.*`,
    );
  }
  return out.join('\n');
}

/** Where the pin of a reference built from ARGs is (or goes), and what that means for `--build-arg`. */
function placementMarkdown(status: ImageStatus): string | undefined {
  const occurrence = status.occurrence;
  const value = occurrence.valueAt;
  if (value !== undefined) {
    const index = status.indexOnly === undefined ? '' : ` Only the index digest fits: ${status.indexOnly}.`;
    return `The pin is in ${valuePlace(occurrence) ?? ''}, shared by every use: ${overrideOf(occurrence, value.name)} replaces tag and digest together.${index}`;
  }
  const warning = linePinWarning(occurrence);
  return warning === undefined ? undefined : `**Note:** ${warning}.`;
}
