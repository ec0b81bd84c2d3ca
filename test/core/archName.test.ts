import * as assert from 'node:assert/strict';
import { architectureNamed, platformNamed } from '../../src/core/archName';
import { parsePlatform } from '../../src/core/platform';

describe('core archName: the architecture a Dockerfile name names', () => {
  const named = (name: string) => {
    const found = architectureNamed(name);
    return found === undefined ? undefined : [found.architecture, found.variant].filter(Boolean).join('/');
  };

  it('reads the names projects give per-architecture Dockerfiles', () => {
    const table: [string, string][] = [
      ['Dockerfile.aarch64', 'arm64'],
      ['Dockerfile.armhf', 'arm/v7'],
      ['Dockerfile.arm64', 'arm64'],
      ['Dockerfile-arm64v8', 'arm64'],
      ['Dockerfile_aarch64', 'arm64'],
      ['Dockerfile.amd64', 'amd64'],
      ['Dockerfile.x86_64', 'amd64'],
      ['Dockerfile-x86-64', 'amd64'],
      ['arm64.Dockerfile', 'arm64'],
      ['AARCH64.dockerfile', 'arm64'],
      ['Containerfile.ppc64le', 'ppc64le'],
      ['Dockerfile.s390x', 's390x'],
      ['Dockerfile.riscv64', 'riscv64'],
      ['Dockerfile.i386', '386'],
      ['Dockerfile.386', '386'],
      ['Dockerfile.arm', 'arm/v7'],
      ['Dockerfile.armel', 'arm/v6'],
      ['Dockerfile.arm32v6', 'arm/v6'],
      ['Dockerfile.arm32v5', 'arm/v5'],
      ['Dockerfile.armv7l', 'arm/v7'],
      ['Dockerfile.mips64le', 'mips64le'],
      ['Dockerfile.arm64v8-alpine', 'arm64'],
      ['Dockerfile.alpine.aarch64', 'arm64'],
      ['Dockerfile-debian-x86_64', 'amd64'],
      ['app-arm64.Dockerfile', 'arm64'],
    ];
    for (const [name, arch] of table) assert.equal(named(name), arch, name);
  });

  it('reads nothing into names that name no architecture', () => {
    for (const name of [
      'Dockerfile', 'Containerfile', 'Dockerfile.prod', 'Dockerfile.alpine', 'Dockerfile-armor', 'Dockerfile_ci', 'Dockerfile.arm64ish', 'Dockerfile.wasm',
      'Dockerfile.js', 'prod.Dockerfile', 'Dockerfile-20.20-alpine3.23', 'Dockerfile.alpine.arm64.prod', 'aarch64', 'Makefile.aarch64', 'Dockerfile.x86',
      // Two architectures (a cross build): no one of them is the file's.
      'Dockerfile.amd64-to-arm64',
    ]) {
      assert.equal(named(name), undefined, name);
    }
  });

  it('gives the platform only when it differs from the configured one, keeping its OS', () => {
    const amd64 = parsePlatform('linux/amd64');
    assert.deepEqual(platformNamed('Dockerfile.aarch64', amd64), { os: 'linux', architecture: 'arm64' });
    assert.equal(platformNamed('Dockerfile.aarch64', parsePlatform('linux/arm64')), undefined);
    assert.equal(platformNamed('Dockerfile.aarch64', parsePlatform('linux/arm64/v8.2')), undefined, 'an arm64 revision is arm64');
    assert.equal(platformNamed('Dockerfile.amd64', parsePlatform('linux/amd64/v3')), undefined, 'an amd64 level is amd64');
    assert.deepEqual(platformNamed('Dockerfile.armhf', parsePlatform('linux/arm/v6')), { os: 'linux', architecture: 'arm', variant: 'v7' }, 'arm v6 and v7 are different machines');
    assert.equal(platformNamed('Dockerfile.armhf', parsePlatform('linux/arm/v7')), undefined);
    assert.equal(platformNamed('Dockerfile.prod', amd64), undefined);
  });
});
