// The typed settings snapshot, built from raw configuration values (no `vscode`, so every
// fallback is unit-tested). Bad values never stop the extension: they fall back to the default
// and are reported once through `problems`.
import { formatPlatform, parsePlatform } from '../core/platform';
import type { DigestKind, Platform } from '../core/types';

export type UnpinnedSeverity = 'error' | 'warning' | 'information' | 'hint' | 'none';

export interface Settings {
  /** The configured platform, with `''` resolved to the host's. */
  readonly platform: Platform;
  /** `linux/amd64`, as shown in lens titles and the status bar. */
  readonly platformText: string;
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
  readonly digestKind?: unknown;
  readonly codeLensEnabled?: unknown;
  readonly unpinnedSeverity?: unknown;
  readonly mirrors?: unknown;
  readonly insecureRegistries?: unknown;
  readonly dockerConfig?: unknown;
  readonly timeout?: unknown;
  readonly cacheLifetime?: unknown;
}

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

export function toSettings(raw: RawSettings, host: Platform): Settings {
  const problems: string[] = [];
  let platform = host;
  if (typeof raw.platform === 'string' && raw.platform.trim() !== '') {
    try {
      platform = parsePlatform(raw.platform.trim());
    } catch (e) {
      problems.push(`dockerPin.platform: ${(e as Error).message}; using ${formatPlatform(host)}.`);
    }
  }
  let digestKind: DigestKind = 'platform';
  if (raw.digestKind === 'index' || raw.digestKind === 'platform') digestKind = raw.digestKind;
  else if (raw.digestKind !== undefined) problems.push(`dockerPin.digestKind must be "platform" or "index"; using "platform".`);
  let unpinnedSeverity: UnpinnedSeverity = 'information';
  if (SEVERITIES.includes(raw.unpinnedSeverity as UnpinnedSeverity)) unpinnedSeverity = raw.unpinnedSeverity as UnpinnedSeverity;
  else if (raw.unpinnedSeverity !== undefined) problems.push(`dockerPin.unpinnedSeverity must be one of ${SEVERITIES.join(', ')}; using "information".`);
  const insecure = Array.isArray(raw.insecureRegistries) ? raw.insecureRegistries.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [];
  const dockerConfig = typeof raw.dockerConfig === 'string' && raw.dockerConfig.trim() !== '' ? raw.dockerConfig.trim() : undefined;
  return {
    platform,
    platformText: formatPlatform(platform),
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
