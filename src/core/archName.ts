// The architecture a Dockerfile's name names: projects that keep one Dockerfile per architecture
// name each by it (linuxserver's `Dockerfile` + `Dockerfile.aarch64` + `Dockerfile.armhf`,
// `Dockerfile-arm64v8`, `arm64.Dockerfile`). Such a file is built for that architecture, so a pin
// for another one would build it from the wrong base.
import { normalizePlatform } from './platform';
import type { Platform } from './types';

/**
 * The words read as an architecture, lowercase: those containerd normalizes (`aarch64`, `armhf`,
 * `x86_64`, `i386`, …), Go's names of the architectures images are published for, and
 * docker-library's (bashbrew's `arm64v8`, `arm32v7`, …), with `uname -m`'s `armv7l`/`armv6l`.
 * Nothing else: `Dockerfile.prod` or `Dockerfile.alpine` names no architecture, and neither do
 * Go's `wasm` or `js`, which name no platform a Dockerfile's base images are pulled for.
 */
const ARCHITECTURES: Readonly<Record<string, { readonly architecture: string; readonly variant?: string }>> = {
  amd64: { architecture: 'amd64' },
  x86_64: { architecture: 'amd64' },
  'x86-64': { architecture: 'amd64' },
  '386': { architecture: '386' },
  i386: { architecture: '386' },
  arm64: { architecture: 'arm64' },
  aarch64: { architecture: 'arm64' },
  arm64v8: { architecture: 'arm64' },
  arm: { architecture: 'arm', variant: 'v7' },
  armhf: { architecture: 'arm', variant: 'v7' },
  arm32v7: { architecture: 'arm', variant: 'v7' },
  armv7: { architecture: 'arm', variant: 'v7' },
  armv7l: { architecture: 'arm', variant: 'v7' },
  armel: { architecture: 'arm', variant: 'v6' },
  arm32v6: { architecture: 'arm', variant: 'v6' },
  armv6: { architecture: 'arm', variant: 'v6' },
  armv6l: { architecture: 'arm', variant: 'v6' },
  arm32v5: { architecture: 'arm', variant: 'v5' },
  ppc64le: { architecture: 'ppc64le' },
  s390x: { architecture: 's390x' },
  riscv64: { architecture: 'riscv64' },
  mips64le: { architecture: 'mips64le' },
  loong64: { architecture: 'loong64' },
};

/** `Dockerfile.<q>`, `Dockerfile-<q>`, `Dockerfile_<q>` (and Containerfile), or `<q>.Dockerfile`. */
const SUFFIXED = /^(?:dockerfile|containerfile)[._-](.+)$/;
const PREFIXED = /^(.+)\.(?:dockerfile|containerfile)$/;

/** The architecture a name names (its OS is left to the caller). */
export interface NamedArchitecture {
  readonly architecture: string;
  readonly variant?: string;
}

/**
 * The architecture the base name of a Dockerfile names, if it names one: the whole qualifier after
 * `Dockerfile` and `.`, `-` or `_` (or before `.Dockerfile`), or its first or last part
 * (`Dockerfile.arm64v8-alpine`, `Dockerfile.alpine.aarch64`, `app-arm64.Dockerfile`); undefined
 * when none does, or when those parts name two different architectures.
 */
export function architectureNamed(baseName: string): NamedArchitecture | undefined {
  const lower = baseName.toLowerCase();
  const qualifier = SUFFIXED.exec(lower)?.[1] ?? PREFIXED.exec(lower)?.[1];
  if (qualifier === undefined) return undefined;
  const whole = ARCHITECTURES[qualifier];
  if (whole !== undefined) return whole;
  const parts = words(qualifier);
  const found = [parts[0], parts[parts.length - 1]].flatMap((part) => (ARCHITECTURES[part] === undefined ? [] : [ARCHITECTURES[part]]));
  if (found.length === 0) return undefined;
  const [first] = found;
  return found.every((f) => f.architecture === first.architecture && f.variant === first.variant) ? first : undefined;
}

/** The parts of a qualifier split at `.`, `-` and `_`, with `x86_64` and `x86-64` kept whole. */
function words(qualifier: string): string[] {
  const parts = qualifier.split(/[._-]/);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === 'x86' && parts[i + 1] === '64') {
      out.push('x86_64');
      i++;
    } else out.push(parts[i]);
  }
  return out;
}

/**
 * The platform a Dockerfile named `baseName` is built for when its name names an architecture
 * other than `configured`'s: `configured` with that architecture (its OS kept). Undefined when the
 * name names none, or names the configured one (an arm64 machine's `Dockerfile.aarch64`; for 32-bit
 * arm the variant counts, since v6 and v7 are different machines).
 */
export function platformNamed(baseName: string, configured: Platform): Platform | undefined {
  const named = architectureNamed(baseName);
  if (named === undefined) return undefined;
  const platform = normalizePlatform({ os: configured.os, architecture: named.architecture, variant: named.variant, osVersion: configured.osVersion });
  const same = configured.architecture === platform.architecture && (platform.architecture !== 'arm' || (configured.variant ?? '') === (platform.variant ?? ''));
  return same ? undefined : platform;
}
