// The typed settings snapshot, built from raw configuration values (no `vscode`, so every
// fallback is unit-tested). Bad values never stop the extension: they fall back to the default
// and are reported once through `problems` — except the platform, where another platform would be
// a wrong answer: an invalid one leaves `platform` undefined and says why.
import { defaultPlatform, formatPlatform, parsePlatform } from '../core/platform';
import { imageIgnorer, inEffect } from '../core/repoConfig/apply';
import type { RepoConfig } from '../core/repoConfig/parse';
import type { DigestKind, ImageOccurrence, Platform } from '../core/types';

export type UnpinnedSeverity = 'error' | 'warning' | 'information' | 'hint' | 'none';

/**
 * Where the platform in effect comes from, as the CLI decides it: `--platform` (here the setting),
 * else the repository config, else the variable, else the host.
 */
export type PlatformSource = 'dockerPin.platform' | '.docker-pin.yaml' | 'DOCKER_DEFAULT_PLATFORM' | 'host';

/** The environment variable the CLI and docker read when no platform is given. */
export const PLATFORM_VARIABLE = 'DOCKER_DEFAULT_PLATFORM';

export interface Settings {
  /**
   * The platform in effect: `dockerPin.platform`, else `DOCKER_DEFAULT_PLATFORM` (as the CLI and
   * docker read it), else the host's. Undefined when the value in effect is invalid: nothing is
   * then resolved for another platform in its place (`platformProblem` says why).
   */
  readonly platform: Platform | undefined;
  /** `linux/amd64`, as shown in lens titles and the status bar; the value as written when it is invalid. */
  readonly platformText: string;
  readonly platformSource: PlatformSource;
  /** Why the value in effect is not a platform, naming the setting or variable it came from. */
  readonly platformProblem?: string;
  /**
   * Values for ARGs, as `docker build --build-arg NAME=VALUE` gives them: the repository config's
   * `buildArgs` (not in an untrusted workspace), each replaced by `dockerPin.buildArgs`' value of the same name.
   */
  readonly buildArgs: ReadonlyMap<string, string>;
  /** The reason the repository config leaves an image alone (`ignore.images`), for the scan; undefined when it names none. */
  readonly ignoreImages?: (occurrence: ImageOccurrence) => string | undefined;
  readonly digestKind: DigestKind;
  readonly codeLensEnabled: boolean;
  readonly unpinnedSeverity: UnpinnedSeverity;
  readonly mirrors: Readonly<Record<string, string>>;
  readonly insecureRegistries: readonly string[];
  /** Undefined: `$DOCKER_CONFIG`, else `~/.docker`. */
  readonly dockerConfig?: string;
  readonly timeoutMs: number;
  readonly cacheLifetimeMs: number;
  /** Messages about values that were ignored. */
  readonly problems: readonly string[];
}

/** Values as `WorkspaceConfiguration.get` returns them: anything a user may have typed. */
export interface RawSettings {
  readonly platform?: unknown;
  /** Only a value set explicitly (user, workspace or folder), never the default: unset, the repository config decides. */
  readonly digestKind?: unknown;
  readonly codeLensEnabled?: unknown;
  readonly unpinnedSeverity?: unknown;
  readonly mirrors?: unknown;
  readonly insecureRegistries?: unknown;
  readonly dockerConfig?: unknown;
  readonly timeout?: unknown;
  readonly cacheLifetime?: unknown;
  readonly buildArgs?: unknown;
}

/** The extension host's environment, where `DOCKER_DEFAULT_PLATFORM` is read. */
export type Environment = Readonly<Record<string, string | undefined>>;

const SEVERITIES: readonly UnpinnedSeverity[] = ['error', 'warning', 'information', 'hint', 'none'];

function seconds(value: unknown, fallback: number, min: number, name: string, problems: string[]): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    problems.push(`dockerPin.${name} must be a number of seconds ≥ ${min}; using ${fallback}.`);
    return fallback;
  }
  return value;
}

function stringRecord(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('dockerPin.mirrors must map registries to URLs; ignored.');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [registry, url] of Object.entries(value as Record<string, unknown>)) {
    if (typeof url === 'string' && url.trim() !== '') out[registry] = url.trim();
    else problems.push(`dockerPin.mirrors["${registry}"] is not a URL; ignored.`);
  }
  return out;
}

/** A Dockerfile ARG name, as `docker build --build-arg` accepts it for a declared ARG. */
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function buildArgs(value: unknown, problems: string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push('dockerPin.buildArgs must map ARG names to values, e.g. {"GO_VERSION": "1.23"}; ignored.');
    return out;
  }
  for (const [name, arg] of Object.entries(value as Record<string, unknown>)) {
    // A number would lose what was typed (1.20 becomes "1.2"), so only strings are taken.
    if (!ARG_NAME.test(name)) problems.push(`dockerPin.buildArgs: "${name}" is not an ARG name; ignored.`);
    else if (typeof arg !== 'string') problems.push(`dockerPin.buildArgs["${name}"] must be a string (write "${String(arg)}" in quotes); ignored.`);
    else out.set(name, arg);
  }
  return out;
}

interface PlatformInEffect {
  readonly platform: Platform | undefined;
  readonly platformText: string;
  readonly platformSource: PlatformSource;
  readonly platformProblem?: string;
}

/**
 * The setting, else the repository config's, else the variable through the CLI's own
 * `defaultPlatform`, else the host; never another platform in place of an invalid one.
 */
function platformInEffect(setting: unknown, host: Platform, env: Environment, repo: Platform | undefined): PlatformInEffect {
  const written = typeof setting === 'string' ? setting.trim() : '';
  const variable = env[PLATFORM_VARIABLE]?.trim() ?? '';
  if (written === '' && repo !== undefined) return { platform: repo, platformText: formatPlatform(repo), platformSource: '.docker-pin.yaml' };
  const platformSource: PlatformSource = written !== '' ? 'dockerPin.platform' : variable !== '' ? PLATFORM_VARIABLE : 'host';
  if (platformSource === 'host') return { platform: host, platformText: formatPlatform(host), platformSource };
  try {
    const platform = platformSource === 'dockerPin.platform' ? parsePlatform(written) : defaultPlatform(env);
    return { platform, platformText: formatPlatform(platform), platformSource };
  } catch (e) {
    const message = (e as Error).message;
    const named = message.includes(platformSource) ? message : `${platformSource}: ${message}`;
    const fix = platformSource === 'dockerPin.platform' ? 'correct the setting' : `set dockerPin.platform or correct ${PLATFORM_VARIABLE} in the environment VS Code was started from`;
    return {
      platform: undefined,
      platformText: platformSource === 'dockerPin.platform' ? written : variable,
      platformSource,
      platformProblem: `${named}; nothing is resolved until it is a platform (${fix}).`,
    };
  }
}

/** The repository config of a document (`.docker-pin.yaml`), as the extension may use it. */
export interface RepoConfigInput {
  readonly config?: RepoConfig;
  /** Why the config cannot be used: nothing is then resolved, as the CLI refuses to run. */
  readonly problem?: string;
  /** An untrusted workspace: the config's build args are left out (they can make an image come from another registry). */
  readonly untrusted?: boolean;
}

/**
 * An explicitly set `dockerPin.*` setting is to the extension what a flag is to the CLI: it wins over
 * the repository config, which wins over `DOCKER_DEFAULT_PLATFORM`, the host and the defaults.
 */
export function toSettings(raw: RawSettings, host: Platform, env: Environment = {}, repo: RepoConfigInput = {}): Settings {
  const problems: string[] = [];
  const config = repo.problem === undefined ? repo.config : undefined;
  const platform: PlatformInEffect =
    repo.problem !== undefined
      ? { platform: undefined, platformText: '.docker-pin.yaml', platformSource: '.docker-pin.yaml', platformProblem: `${repo.problem}; nothing is resolved until the repository config is corrected.` }
      : platformInEffect(raw.platform, host, env, config?.platform);
  if (platform.platformProblem !== undefined) problems.push(platform.platformProblem);
  let digestKind: DigestKind = config?.digestKind ?? 'platform';
  if (raw.digestKind === 'index' || raw.digestKind === 'platform') digestKind = raw.digestKind;
  else if (raw.digestKind !== undefined) problems.push(`dockerPin.digestKind must be "platform" or "index"; using "${digestKind}".`);
  const ignoreImages = config === undefined ? undefined : imageIgnorer(config);
  let unpinnedSeverity: UnpinnedSeverity = 'information';
  if (SEVERITIES.includes(raw.unpinnedSeverity as UnpinnedSeverity)) unpinnedSeverity = raw.unpinnedSeverity as UnpinnedSeverity;
  else if (raw.unpinnedSeverity !== undefined) problems.push(`dockerPin.unpinnedSeverity must be one of ${SEVERITIES.join(', ')}; using "information".`);
  const insecure = Array.isArray(raw.insecureRegistries) ? raw.insecureRegistries.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [];
  const dockerConfig = typeof raw.dockerConfig === 'string' && raw.dockerConfig.trim() !== '' ? raw.dockerConfig.trim() : undefined;
  return {
    ...platform,
    buildArgs: inEffect({ buildArgs: buildArgs(raw.buildArgs, problems) }, repo.untrusted ? undefined : config).buildArgs,
    ...(ignoreImages === undefined ? {} : { ignoreImages }),
    digestKind,
    codeLensEnabled: raw.codeLensEnabled !== false,
    unpinnedSeverity,
    mirrors: stringRecord(raw.mirrors, problems),
    insecureRegistries: insecure.map((h) => h.trim()),
    dockerConfig,
    timeoutMs: seconds(raw.timeout, 30, 1, 'timeout', problems) * 1000,
    cacheLifetimeMs: seconds(raw.cacheLifetime, 300, 0, 'cacheLifetime', problems) * 1000,
    problems,
  };
}

/** Whether two snapshots need a new registry client (anything it was constructed with). */
export function clientSettingsChanged(a: Settings, b: Settings): boolean {
  return (
    JSON.stringify([a.mirrors, a.insecureRegistries, a.dockerConfig, a.timeoutMs, a.cacheLifetimeMs]) !==
    JSON.stringify([b.mirrors, b.insecureRegistries, b.dockerConfig, b.timeoutMs, b.cacheLifetimeMs])
  );
}
