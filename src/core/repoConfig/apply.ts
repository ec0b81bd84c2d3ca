// What a repository config changes, the same for the CLI and the extension: the values a run
// uses (an explicit choice first — a command-line flag, a set dockerPin.* setting — then the
// config, then the front door's fallback), the files it does not read, and the images it leaves alone.
import ignore, { type Ignore } from 'ignore';
import type { DigestKind, ImageOccurrence, Platform } from '../types';
import type { RepoConfig } from './parse';

/** What the user chose for this run or window; undefined where nothing was chosen. */
export interface Chosen {
  readonly platform?: Platform;
  readonly digestKind?: DigestKind;
  /** `--build-arg`s (`dockerPin.buildArgs`): each wins over the config's value of the same name. */
  readonly buildArgs?: ReadonlyMap<string, string>;
}

export interface InEffect {
  /** Undefined when neither the choice nor the config names one: the front door's fallback (DOCKER_DEFAULT_PLATFORM, then the host) decides. */
  readonly platform?: Platform;
  readonly platformFrom?: 'chosen' | 'config';
  readonly digestKind?: DigestKind;
  readonly buildArgs: ReadonlyMap<string, string>;
}

/** The choice, then the config, per key; build args merged name by name, the choice's value winning. */
export function inEffect(chosen: Chosen, config: Pick<RepoConfig, 'platform' | 'digestKind' | 'buildArgs'> | undefined): InEffect {
  const platform = chosen.platform ?? config?.platform;
  return {
    ...(platform === undefined ? {} : { platform, platformFrom: chosen.platform !== undefined ? 'chosen' : 'config' }),
    ...((chosen.digestKind ?? config?.digestKind) === undefined ? {} : { digestKind: chosen.digestKind ?? config?.digestKind }),
    buildArgs: new Map([...(config?.buildArgs ?? []), ...(chosen.buildArgs ?? [])]),
  };
}

/**
 * Whether the config's `ignore.paths` leave out the file at `relativePath` (from the config's
 * directory, `/`-separated), as git decides for `.gitignore` patterns: the last matching pattern
 * wins, `!` takes a file back, and nothing inside an ignored directory comes back.
 */
export function pathIgnorer(config: Pick<RepoConfig, 'ignorePaths'>): (relativePath: string) => boolean {
  if (config.ignorePaths.length === 0) return () => false;
  const rules: Ignore = ignore().add([...config.ignorePaths]);
  return (relativePath) => relativePath !== '' && !relativePath.startsWith('../') && rules.ignores(relativePath);
}

/**
 * The reason the config leaves an image alone (`.docker-pin.yaml: ignore registry.internal/*`, the
 * first pattern that matches), for the engine's `ignoreImages`; undefined when it sets no pattern.
 */
export function imageIgnorer(config: Pick<RepoConfig, 'file' | 'ignoreImages'>): ((occurrence: Pick<ImageOccurrence, 'reference'>) => string | undefined) | undefined {
  if (config.ignoreImages.length === 0) return undefined;
  return (occurrence) => {
    const pattern = config.ignoreImages.find((p) => p.matches(occurrence.reference));
    return pattern === undefined ? undefined : `${config.file}: ignore ${pattern.text}`;
  };
}
