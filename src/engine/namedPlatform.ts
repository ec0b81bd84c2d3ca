// A Dockerfile whose name names an architecture (`Dockerfile.aarch64`, `Dockerfile-arm64v8`,
// `arm64.Dockerfile`) is built for it: its lines resolve for that platform, and BuildKit's platform
// args take it, as if the build were run with `--platform` for it. Applied where every front door
// scans (sources.ts), so a lens, a check line and a pin never disagree about it.
import { basename } from 'node:path';
import { platformNamed } from '../core/archName';
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
 * (which the name set) says so too. A `# syntax=` image is pulled for the builder, not the target,
 * and a line a build reads for several platforms has those: both are left as they are.
 */
export function withNamedPlatform(scan: ScanResult, fileName: string, platform: Platform): ScanResult {
  const name = basename(fileName);
  const images = scan.images.map((occurrence): ImageOccurrence => {
    if (occurrence.source === 'syntax' || occurrence.platforms !== undefined) return occurrence;
    if (occurrence.platform === undefined) return { ...occurrence, platform, platformNamedBy: name };
    return occurrence.buildTimePlatform === true ? { ...occurrence, platformNamedBy: name } : occurrence;
  });
  return { ...scan, images };
}
