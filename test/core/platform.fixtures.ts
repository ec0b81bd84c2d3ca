// Tables ported from containerd/platforms: platforms_test.go (TestParseSelector,
// TestParseSelectorInvalid) and compare_test.go (TestOnly). Where containerd fills in the host's
// OS for a bare architecture, this tool says linux (container images are Linux images unless
// told otherwise); and arm without a variant is kept as arm/v7 rather than left blank.

export const parseCases: ReadonlyArray<{ input: string; os: string; architecture: string; variant?: string; osVersion?: string }> = [
  { input: 'linux/arm64', os: 'linux', architecture: 'arm64' },
  { input: 'linux/arm64/v8', os: 'linux', architecture: 'arm64' },
  { input: 'linux/arm', os: 'linux', architecture: 'arm', variant: 'v7' },
  { input: 'linux/arm/v6', os: 'linux', architecture: 'arm', variant: 'v6' },
  { input: 'linux/arm/v7', os: 'linux', architecture: 'arm', variant: 'v7' },
  { input: 'arm', os: 'linux', architecture: 'arm', variant: 'v7' },
  { input: 'armel', os: 'linux', architecture: 'arm', variant: 'v6' },
  { input: 'armhf', os: 'linux', architecture: 'arm', variant: 'v7' },
  { input: 'Aarch64', os: 'linux', architecture: 'arm64' },
  { input: 'x86_64', os: 'linux', architecture: 'amd64' },
  { input: 'Linux/x86_64', os: 'linux', architecture: 'amd64' },
  { input: 'i386', os: 'linux', architecture: '386' },
  { input: 's390x', os: 'linux', architecture: 's390x' },
  { input: 'linux/s390x', os: 'linux', architecture: 's390x' },
  { input: 'linux/ppc64le', os: 'linux', architecture: 'ppc64le' },
  { input: 'linux/riscv64', os: 'linux', architecture: 'riscv64' },
  { input: 'linux/amd64', os: 'linux', architecture: 'amd64' },
  { input: 'linux/amd64/v1', os: 'linux', architecture: 'amd64' },
  { input: 'linux/amd64/v3', os: 'linux', architecture: 'amd64', variant: 'v3' },
  { input: 'linux/x86-64/v2', os: 'linux', architecture: 'amd64', variant: 'v2' },
  { input: 'linux/386', os: 'linux', architecture: '386' },
  { input: 'linux/arm64/v8.2', os: 'linux', architecture: 'arm64', variant: 'v8.2' },
  { input: 'linux/arm64/v9.0', os: 'linux', architecture: 'arm64', variant: 'v9' },
  { input: 'windows/amd64', os: 'windows', architecture: 'amd64' },
  { input: 'windows(10.0.17763)/amd64', os: 'windows', architecture: 'amd64', osVersion: '10.0.17763' },
  { input: 'WINDOWS/AMD64', os: 'windows', architecture: 'amd64' },
  { input: 'macOS/arm64', os: 'darwin', architecture: 'arm64' },
];

export const invalidPlatforms: ReadonlyArray<{ input: string; message: string }> = [
  { input: '', message: 'empty' },
  { input: '/linux/arm', message: '"" is not a valid operating system' },
  { input: 'linux/arm/', message: '""' },
  { input: 'linux /arm', message: '"linux " is not a valid operating system' },
  { input: 'linux/&arm', message: '"&arm"' },
  { input: 'linux/arm/foo/bar', message: 'expected os[/arch[/variant]]' },
  { input: '*', message: 'wildcards' },
  { input: 'linux/*', message: 'wildcards' },
  { input: 'amd46', message: 'not a known operating system or architecture' },
  { input: 'linux//amd64', message: '""' },
  { input: 'windows(10.0/amd64', message: 'is not a valid operating system' },
];

/** compare_test.go TestOnly: which platforms an image for `platform` may be chosen from. */
export const onlyCases: ReadonlyArray<{ platform: string; matches: readonly string[]; rejects: readonly string[] }> = [
  {
    platform: 'linux/amd64',
    matches: ['linux/amd64', 'linux/386'],
    rejects: ['linux/amd64/v2', 'linux/arm/v7', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/amd64/v2',
    matches: ['linux/amd64', 'linux/amd64/v1', 'linux/amd64/v2', 'linux/386'],
    rejects: ['linux/amd64/v3', 'linux/amd64/v4', 'linux/arm/v7', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/386',
    matches: ['linux/386'],
    rejects: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'windows/amd64',
    matches: ['windows/amd64', 'windows(10.0.17763)/amd64'],
    rejects: ['linux/amd64', 'linux/arm/v7', 'linux/arm64', 'windows/arm'],
  },
  {
    platform: 'linux/arm/v8',
    matches: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8'],
    rejects: ['linux/amd64', 'linux/arm/v4', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm/v7',
    matches: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7'],
    rejects: ['linux/amd64', 'linux/arm/v4', 'linux/arm/v8', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm/v6',
    matches: ['linux/arm/v5', 'linux/arm/v6'],
    rejects: ['linux/amd64', 'linux/arm', 'linux/arm/v4', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm/v5',
    matches: ['linux/arm/v5'],
    rejects: ['linux/amd64', 'linux/arm', 'linux/arm/v4', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm/v4',
    matches: ['linux/arm/v4'],
    rejects: ['linux/amd64', 'linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm64/v9',
    matches: [
      'linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'linux/arm64/v8',
      'linux/arm64/v8.1', 'linux/arm64/v8.2', 'linux/arm64/v8.3', 'linux/arm64/v8.4', 'linux/arm64/v8.5',
      'linux/arm64/v9', 'linux/arm64/v9.0',
    ],
    rejects: ['linux/amd64', 'linux/arm/v4', 'windows/amd64', 'windows/arm', 'linux/arm64/v8.6'],
  },
  {
    platform: 'linux/arm64/v8.1',
    matches: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'linux/arm64/v8', 'linux/arm64/v8.1'],
    rejects: ['linux/amd64', 'linux/arm/v4', 'linux/arm/v9', 'linux/arm64/v9', 'windows/amd64', 'windows/arm'],
  },
  {
    platform: 'linux/arm64',
    matches: ['linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm/v8', 'linux/arm64', 'linux/arm64/v8'],
    rejects: ['linux/amd64', 'linux/arm/v4', 'linux/arm/v9', 'linux/arm64/v9', 'windows/amd64', 'windows/arm'],
  },
];

/** Best first: what `platform` prefers when an index offers several that match. */
export const orderCases: ReadonlyArray<{ platform: string; order: readonly string[] }> = [
  { platform: 'linux/arm/v7', order: ['linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5'] },
  { platform: 'linux/arm/v8', order: ['linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5'] },
  { platform: 'linux/arm64', order: ['linux/arm64', 'linux/arm/v8', 'linux/arm/v7', 'linux/arm/v6', 'linux/arm/v5'] },
  { platform: 'linux/arm64/v8.2', order: ['linux/arm64/v8.2', 'linux/arm64/v8.1', 'linux/arm64', 'linux/arm/v8', 'linux/arm/v7'] },
  { platform: 'linux/arm64/v9.1', order: ['linux/arm64/v9.1', 'linux/arm64/v9', 'linux/arm64/v8.6', 'linux/arm64/v8.5', 'linux/arm64', 'linux/arm/v8'] },
  { platform: 'linux/amd64/v3', order: ['linux/amd64/v3', 'linux/amd64/v2', 'linux/amd64', 'linux/386'] },
  { platform: 'linux/amd64', order: ['linux/amd64', 'linux/386'] },
];
