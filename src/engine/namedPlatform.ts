// A Dockerfile whose name names an architecture (`Dockerfile.aarch64`, `Dockerfile-arm64v8`,
// `arm64.Dockerfile`) is built for it: its lines resolve for that platform, and BuildKit's platform
// args take it, as if the build were run with `--platform` for it. Applied where every front door
// scans (sources.ts), so a lens, a check line and a pin never disagree about it.
import { basename } from 'node:path';
import { platformNamed } from '../core/archName';
import { platformsEqual } from '../core/platform';
import type { ImageOccurrence, Platform, ScanOptions, ScanResult } from '../core/types';

/** The platform the file `fileName` (a path or base name) is built for, when its name names another architecture than `options.platform`. */
export function namedPlatformOf(fileName: string | undefined, options: ScanOptions): Platform | undefined {
  if (fileName === undefined || options.platform === undefined) return undefined;
  return platformNamed(basename(fileName), options.platform);
}

/** `options` for scanning a file built for `platform`: its target, and its builder unless one was given. */
export function scanOptionsFor<O extends ScanOptions>(options: O, platform: Platform): O {
  return { ...options, platform, buildPlatform: options.buildPlatform ?? platform };
}

/**
 * `scan` of a file named `fileName` built for `platform`: each line without a `--platform` of its
 * own resolves for it, and says so; a line whose platform comes from BuildKit's platform args
 * (which the name set) says so too. So does each use of an ARG default that serves several lines
 * (`ArgValue.platforms`) and each build of a line read for several (`platforms`), where undefined
 * meant the configured platform. A `# syntax=` image is pulled for the builder, not the target:
 * it is left as it is.
 */
export function withNamedPlatform(scan: ScanResult, fileName: string, platform: Platform): ScanResult {
  const name = basename(fileName);
  const images = scan.images.map((found): ImageOccurrence => {
    if (found.source === 'syntax') return found;
    const occurrence = found.valueAt === undefined ? found : { ...found, valueAt: { ...found.valueAt, platforms: found.valueAt.platforms.map((p) => p ?? platform) } };
    if (occurrence.platforms !== undefined) return withUses(occurrence, occurrence.platforms.map((p) => p ?? platform), name);
    if (occurrence.platform === undefined) return { ...occurrence, platform, platformNamedBy: name };
    return occurrence.buildTimePlatform === true ? { ...occurrence, platformNamedBy: name } : occurrence;
  });
  return { ...scan, images };
}

/** A line read for each of `platforms`: for that one when they are all the same, else for all of them (the index). */
function withUses(occurrence: ImageOccurrence, platforms: readonly Platform[], name: string): ImageOccurrence {
  const [first] = platforms;
  if (first === undefined || !platforms.every((p) => platformsEqual(p, first))) return { ...occurrence, platforms };
  const one: ImageOccurrence = { ...occurrence, platform: first, platformNamedBy: name };
  delete (one as { platforms?: unknown }).platforms;
  return one;
}
