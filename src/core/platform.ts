// Platforms: containerd/platforms normalization and `Only` matching (REGISTRY-RULES §5).
// Every Platform this module returns is normalized, so callers may compare fields directly.

import { DockerPinError } from './errors';
import { Descriptor, Platform } from './types';

/** Operating systems Go knows (containerd's isKnownOS): a bare one of these is an OS, not an arch. */
const KNOWN_OS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux',
  'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'windows', 'zos',
]);

/** Architectures Go knows (containerd's isKnownArch), after normalization. */
const KNOWN_ARCH = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64',
  'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64',
  's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);

const OS_PART = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.-]*)\))?$/;
const PART = /^[A-Za-z0-9_.-]+$/;

/** The annotation BuildKit puts on attestation manifests inside an index. */
const ATTESTATION_ANNOTATION = 'vnd.docker.reference.type';

type PlatformLike = { os: string; architecture: string; variant?: string; osVersion?: string };

function make(os: string, architecture: string, variant?: string, osVersion?: string): Platform {
  return {
    os,
    architecture,
    ...(variant ? { variant } : {}),
    ...(osVersion ? { osVersion } : {}),
  };
}

function normalizeArch(arch: string, variant: string): { architecture: string; variant: string } {
  arch = arch.toLowerCase();
  variant = variant.toLowerCase();
  switch (arch) {
    case 'i386':
      return { architecture: '386', variant: '' };
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      // v1 is the baseline every amd64 CPU has, so it says nothing.
      return { architecture: 'amd64', variant: variant === 'v1' ? '' : variant };
    case 'aarch64':
    case 'arm64': {
      // v8 is arm64's baseline; images say `arm64` and `arm64/v8` for the same thing.
      // `v9.0` is `v9` (and `v8.0` is `v8`), so the matcher need not know both spellings.
      const plain = variant.replace(/^v?(\d+)(?:\.0)?$/, 'v$1');
      return { architecture: 'arm64', variant: plain === 'v8' ? '' : plain };
    }
    case 'armhf':
      return { architecture: 'arm', variant: 'v7' };
    case 'armel':
      return { architecture: 'arm', variant: 'v6' };
    case 'arm':
      if (variant === '' || variant === '7') return { architecture: 'arm', variant: 'v7' };
      if (variant === '5' || variant === '6' || variant === '8') return { architecture: 'arm', variant: `v${variant}` };
      return { architecture: 'arm', variant };
    default:
      return { architecture: arch, variant };
  }
}

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** Brings an OCI platform to containerd's canonical form (`aarch64` → `arm64`, `armhf` → `arm/v7`, ...). */
export function normalizePlatform(p: PlatformLike): Platform {
  const { architecture, variant } = normalizeArch(p.architecture, p.variant ?? '');
  return make(normalizeOs(p.os), architecture, variant, p.osVersion);
}

function invalidPlatform(text: string, why: string): DockerPinError {
  return new DockerPinError('INVALID_PLATFORM', `invalid platform ${JSON.stringify(text)}: ${why}`);
}

/**
 * Parses `os[/arch[/variant]]` (the OS may carry a version, `windows(10.0.20348)/amd64`), or a
 * bare architecture (`arm64` means linux/arm64), or a bare OS (host architecture).
 */
export function parsePlatform(text: string): Platform {
  if (text === '') throw invalidPlatform(text, 'the platform is empty');
  const parts = text.split('/');
  if (text.includes('*')) throw invalidPlatform(text, 'wildcards are not supported');
  if (parts.length > 3) throw invalidPlatform(text, 'expected os[/arch[/variant]]');
  const osMatch = OS_PART.exec(parts[0]);
  if (!osMatch) {
    throw invalidPlatform(text, `${JSON.stringify(parts[0])} is not a valid operating system`);
  }
  for (const part of parts.slice(1)) {
    if (!PART.test(part)) {
      throw invalidPlatform(text, `${JSON.stringify(part)} must be letters, digits, "_", "." or "-"`);
    }
  }
  const osVersion = osMatch[2] ?? '';
  if (parts.length === 1) {
    const os = normalizeOs(osMatch[1]);
    if (KNOWN_OS.has(os)) {
      const host = hostPlatform();
      return make(os, host.architecture, host.variant, osVersion);
    }
    const { architecture, variant } = normalizeArch(parts[0], '');
    // Container images are Linux images unless said otherwise, whatever OS this tool runs on.
    if (KNOWN_ARCH.has(architecture)) return make('linux', architecture, variant);
    throw invalidPlatform(text, 'not a known operating system or architecture');
  }
  return normalizePlatform({
    os: osMatch[1],
    architecture: parts[1],
    variant: parts[2],
    osVersion,
  });
}

/** Whether Go (and so docker) knows the platform's OS and architecture: a typo like `linux/amd6` is not one. */
export function isKnownPlatform(p: Pick<Platform, 'os' | 'architecture'>): boolean {
  return KNOWN_OS.has(p.os) && KNOWN_ARCH.has(p.architecture);
}

/** `os/arch[/variant]`, e.g. `linux/arm/v7`; the OS version is not shown. */
export function formatPlatform(p: PlatformLike): string {
  return [p.os, p.architecture, p.variant].filter((s) => s !== undefined && s !== '').join('/');
}

/** Node's `process.arch` names, mapped to OCI architectures. */
const NODE_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64' };

/** The Linux platform matching this machine's CPU (images run in a Linux VM on macOS and Windows too). */
export function hostPlatform(): Platform {
  const arch = Object.prototype.hasOwnProperty.call(NODE_ARCH, process.arch) ? NODE_ARCH[process.arch] : process.arch;
  return normalizePlatform({ os: 'linux', architecture: arch });
}

/** `DOCKER_DEFAULT_PLATFORM` when set (as docker itself honours it), else the host platform. */
export function defaultPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const configured = env.DOCKER_DEFAULT_PLATFORM?.trim();
  return configured ? parsePlatform(configured) : hostPlatform();
}

export function platformsEqual(a: PlatformLike, b: PlatformLike): boolean {
  const x = normalizePlatform(a);
  const y = normalizePlatform(b);
  return (
    x.os === y.os &&
    x.architecture === y.architecture &&
    (x.variant ?? '') === (y.variant ?? '') &&
    (x.osVersion ?? '') === (y.osVersion ?? '')
  );
}

/** Attestation manifests (SBOM, provenance) sit in indexes beside images but are not runnable. */
export function isAttestation(d: Descriptor): boolean {
  if (d.annotations && Object.prototype.hasOwnProperty.call(d.annotations, ATTESTATION_ANNOTATION)) return true;
  return d.platform?.os === 'unknown' && d.platform.architecture === 'unknown';
}

function versionNumber(variant: string | undefined): number | undefined {
  const m = /^v(\d+)$/.exec(variant ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * The platforms `wanted` can run, best first (containerd's platformVector): arm/vN then vN-1..v5;
 * arm64 then arm/v8..v5; amd64/vN then vN-1..v1 then 386.
 */
function candidates(wanted: Platform): Platform[] {
  const out: Platform[] = [wanted];
  const { os, architecture, variant } = wanted;
  if (architecture === 'amd64') {
    const level = versionNumber(variant);
    if (level !== undefined) {
      for (let v = level - 1; v >= 1; v--) out.push(make(os, 'amd64', v === 1 ? '' : `v${v}`));
    }
    out.push(make(os, '386'));
  } else if (architecture === 'arm') {
    const level = versionNumber(variant);
    if (level !== undefined) for (let v = level - 1; v >= 5; v--) out.push(make(os, 'arm', `v${v}`));
  } else if (architecture === 'arm64') {
    out.push(...arm64Fallbacks(os, variant));
    // arm64 runs 32-bit arm binaries: containerd treats any arm64 (v8.x, v9.x) as arm/v8.
    for (let v = 8; v >= 5; v--) out.push(make(os, 'arm', `v${v}`));
  }
  return out;
}

/**
 * Older arm64 revisions an arm64 CPU also runs, best first: v8.x runs v8.(x-1)..v8; v9.x runs
 * v9.(x-1)..v9, then v8.(x+5)..v8, because v9.0 branched from v8.5 (containerd compare.go).
 */
function arm64Fallbacks(os: string, variant: string | undefined): Platform[] {
  const m = /^v(\d+)(?:\.(\d+))?$/.exec(variant || 'v8');
  if (!m) return [];
  let major = Number(m[1]);
  let minor = m[2] === undefined ? 0 : Number(m[2]);
  const out: Platform[] = [];
  const revision = (maj: number, min: number): Platform =>
    normalizePlatform({ os, architecture: 'arm64', variant: min === 0 ? `v${maj}` : `v${maj}.${min}` });
  if (major === 9) {
    for (let v = minor - 1; v >= 0; v--) out.push(revision(9, v));
    major = 8;
    minor += 5;
    out.push(revision(8, minor));
  }
  if (major !== 8) return out;
  for (let v = minor - 1; v >= 0; v--) out.push(revision(8, v));
  return out;
}

/** Major.minor.build of a Windows version `10.0.20348.2113`, or undefined when it has none. */
function windowsBuild(osVersion: string | undefined): string | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:\.|$)/.exec(osVersion ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}.${Number(m[3])}` : undefined;
}

/**
 * How well `candidate` suits `wanted`: -1 when it cannot run there, else lower is better.
 * Windows images run only on the same build, so when `wanted` names one the build must match;
 * a candidate that does not say its build is accepted after those that match.
 */
export function rankPlatform(wanted: Platform, candidate: Platform): number {
  const w = normalizePlatform(wanted);
  const c = normalizePlatform(candidate);
  const index = candidates(w).findIndex(
    (p) => p.os === c.os && p.architecture === c.architecture && (p.variant ?? '') === (c.variant ?? ''),
  );
  if (index < 0) return -1;
  const wantedBuild = w.os === 'windows' ? windowsBuild(w.osVersion) : undefined;
  if (wantedBuild === undefined) return index;
  const candidateBuild = windowsBuild(c.osVersion);
  if (candidateBuild === undefined) return index * 2 + 1;
  return candidateBuild === wantedBuild ? index * 2 : -1;
}

/** A descriptor's platform in our form; index JSON spells the OS version `os.version`. */
function descriptorPlatform(d: Descriptor): Platform | undefined {
  const p = d.platform as (Platform & { 'os.version'?: string }) | undefined;
  if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') return undefined;
  return normalizePlatform({
    os: p.os,
    architecture: p.architecture,
    variant: typeof p.variant === 'string' ? p.variant : undefined,
    osVersion: p.osVersion ?? p['os.version'],
  });
}

/**
 * The index entry that best suits `wanted`: lowest rank, the earlier entry on a tie (as the
 * registry listed them), never an attestation or an entry without a platform.
 */
export function selectDescriptor(entries: readonly Descriptor[], wanted: Platform): Descriptor | undefined {
  let best: Descriptor | undefined;
  let bestRank = Infinity;
  for (const entry of entries) {
    if (isAttestation(entry)) continue;
    const platform = descriptorPlatform(entry);
    if (!platform) continue;
    const rank = rankPlatform(wanted, platform);
    if (rank >= 0 && rank < bestRank) {
      best = entry;
      bestRank = rank;
    }
  }
  return best;
}
