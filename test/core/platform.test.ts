import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DockerPinError } from '../../src/core/errors';
import {
  defaultPlatform,
  formatPlatform,
  hostPlatform,
  isAttestation,
  normalizePlatform,
  parsePlatform,
  platformsEqual,
  rankPlatform,
  selectDescriptor,
} from '../../src/core/platform';
import type { Descriptor, Platform } from '../../src/core/types';
import { invalidPlatforms, onlyCases, orderCases, parseCases } from './platform.fixtures';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

function entry(n: number, platform?: Record<string, string>, annotations?: Record<string, string>): Descriptor {
  return {
    mediaType: MANIFEST,
    digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
    size: 100 + n,
    ...(platform ? { platform: platform as unknown as Platform } : {}),
    ...(annotations ? { annotations } : {}),
  };
}

describe('parsePlatform (containerd TestParseSelector)', () => {
  for (const c of parseCases) {
    it(`${c.input} -> ${formatPlatform(c)}`, () => {
      const expected: Platform = {
        os: c.os,
        architecture: c.architecture,
        ...(c.variant ? { variant: c.variant } : {}),
        ...(c.osVersion ? { osVersion: c.osVersion } : {}),
      };
      assert.deepEqual(parsePlatform(c.input), expected);
    });
  }

  it('takes a bare OS to mean that OS on this machine\'s architecture', () => {
    const host = hostPlatform();
    assert.deepEqual(parsePlatform('linux'), host);
    assert.deepEqual(parsePlatform('windows'), { ...host, os: 'windows' });
    assert.deepEqual(parsePlatform('windows(10.0.20348)'), { ...host, os: 'windows', osVersion: '10.0.20348' });
    assert.deepEqual(parsePlatform('macOS'), { ...host, os: 'darwin' });
  });

  describe('rejects malformed platforms, naming the text (containerd TestParseSelectorInvalid)', () => {
    for (const c of invalidPlatforms) {
      it(JSON.stringify(c.input), () => {
        assert.throws(
          () => parsePlatform(c.input),
          (e: unknown) => {
            assert.ok(e instanceof DockerPinError);
            assert.equal(e.code, 'INVALID_PLATFORM');
            assert.ok(e.message.startsWith(`invalid platform ${JSON.stringify(c.input)}: `), e.message);
            assert.ok(e.message.includes(c.message), e.message);
            return true;
          },
        );
      });
    }
  });

  it('never throws anything but a DockerPinError, and its output formats and parses back to itself', () => {
    const piece = fc.constantFrom('linux', 'windows', 'arm', 'arm64', 'amd64', 'v7', 'v8', '/', '(', ')', '.', '1', '*', ' ', 'X');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(piece).map((a) => a.join(''))), (text) => {
        let p: Platform;
        try {
          p = parsePlatform(text);
        } catch (e) {
          if (e instanceof DockerPinError && e.code === 'INVALID_PLATFORM') return;
          throw e;
        }
        // formatPlatform leaves the OS version out, so only os/arch/variant come back.
        assert.deepEqual(parsePlatform(formatPlatform(p)), normalizePlatform({ ...p, osVersion: undefined }));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizePlatform (containerd database.go)', () => {
  const cases: ReadonlyArray<[Parameters<typeof normalizePlatform>[0], string]> = [
    [{ os: 'linux', architecture: 'x86_64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'x86-64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'amd64', variant: 'v1' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'amd64', variant: 'v2' }, 'linux/amd64/v2'],
    [{ os: 'linux', architecture: 'aarch64' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'aarch64', variant: 'v8' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'arm64', variant: '8' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8.0' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'armhf' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'armel' }, 'linux/arm/v6'],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm', variant: '7' }, 'linux/arm/v7'],
    [{ os: 'linux', architecture: 'arm', variant: '6' }, 'linux/arm/v6'],
    [{ os: 'linux', architecture: 'arm', variant: 'V5' }, 'linux/arm/v5'],
    [{ os: 'linux', architecture: 'i386' }, 'linux/386'],
    [{ os: 'Linux', architecture: 'AMD64' }, 'linux/amd64'],
    [{ os: 'macos', architecture: 'arm64' }, 'darwin/arm64'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => {
      assert.equal(formatPlatform(normalizePlatform(input)), expected);
    });
  }

  it('keeps the OS version and adds no empty fields', () => {
    assert.deepEqual(normalizePlatform({ os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2113' }), {
      os: 'windows',
      architecture: 'amd64',
      osVersion: '10.0.20348.2113',
    });
    assert.deepEqual(normalizePlatform({ os: 'linux', architecture: 'x86_64', variant: '' }), { os: 'linux', architecture: 'amd64' });
  });
});

describe('formatPlatform', () => {
  it('writes os/arch[/variant] without the OS version', () => {
    assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
    assert.equal(formatPlatform({ os: 'linux', architecture: 'amd64' }), 'linux/amd64');
    assert.equal(formatPlatform({ os: 'windows', architecture: 'amd64', osVersion: '10.0.20348' }), 'windows/amd64');
  });
});

describe('hostPlatform and defaultPlatform', () => {
  it("maps node's process.arch to the OCI architecture, always on linux", () => {
    const expected: Record<string, string> = { x64: 'linux/amd64', arm64: 'linux/arm64', arm: 'linux/arm/v7', ia32: 'linux/386' };
    const host = hostPlatform();
    assert.equal(host.os, 'linux');
    if (process.arch in expected) assert.equal(formatPlatform(host), expected[process.arch]);
    else assert.equal(host.architecture, process.arch);
  });

  it('uses DOCKER_DEFAULT_PLATFORM when it is set, as docker does', () => {
    assert.deepEqual(defaultPlatform({ DOCKER_DEFAULT_PLATFORM: 'linux/arm/v6' }), { os: 'linux', architecture: 'arm', variant: 'v6' });
    assert.deepEqual(defaultPlatform({ DOCKER_DEFAULT_PLATFORM: ' linux/aarch64 ' }), { os: 'linux', architecture: 'arm64' });
  });

  it('falls back to the host when it is unset or empty', () => {
    assert.deepEqual(defaultPlatform({}), hostPlatform());
    assert.deepEqual(defaultPlatform({ DOCKER_DEFAULT_PLATFORM: '' }), hostPlatform());
  });

  it('reports a malformed DOCKER_DEFAULT_PLATFORM instead of guessing', () => {
    assert.throws(() => defaultPlatform({ DOCKER_DEFAULT_PLATFORM: 'linux/' }), { code: 'INVALID_PLATFORM' });
  });
});

describe('platformsEqual', () => {
  it('compares normalized platforms', () => {
    assert.ok(platformsEqual({ os: 'linux', architecture: 'aarch64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }));
    assert.ok(platformsEqual({ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'armhf' }));
    assert.ok(!platformsEqual({ os: 'linux', architecture: 'arm', variant: 'v6' }, { os: 'linux', architecture: 'arm', variant: 'v7' }));
    assert.ok(!platformsEqual({ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }));
    assert.ok(
      !platformsEqual(
        { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763' },
        { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348' },
      ),
    );
  });
});

describe('isAttestation', () => {
  it('recognizes BuildKit attestation manifests', () => {
    assert.ok(isAttestation(entry(1, { os: 'unknown', architecture: 'unknown' })));
    assert.ok(
      isAttestation(entry(2, { os: 'linux', architecture: 'amd64' }, { 'vnd.docker.reference.type': 'attestation-manifest' })),
    );
  });

  it('does not mistake images for attestations', () => {
    assert.ok(!isAttestation(entry(3, { os: 'linux', architecture: 'amd64' })));
    assert.ok(!isAttestation(entry(4, { os: 'linux', architecture: 'unknown' })));
    assert.ok(!isAttestation(entry(5, { os: 'linux', architecture: 'amd64' }, { 'org.opencontainers.image.source': 'x' })));
  });
});

describe('rankPlatform', () => {
  describe("matches what containerd's Only matches (compare_test.go TestOnly)", () => {
    for (const c of onlyCases) {
      it(c.platform, () => {
        const wanted = parsePlatform(c.platform);
        for (const m of c.matches) assert.ok(rankPlatform(wanted, parsePlatform(m)) >= 0, `${c.platform} should take ${m}`);
        for (const r of c.rejects) assert.equal(rankPlatform(wanted, parsePlatform(r)), -1, `${c.platform} should refuse ${r}`);
      });
    }
  });

  describe('prefers the closest platform', () => {
    for (const c of orderCases) {
      it(`${c.platform}: ${c.order.join(' < ')}`, () => {
        const wanted = parsePlatform(c.platform);
        const ranks = c.order.map((p) => rankPlatform(wanted, parsePlatform(p)));
        for (let i = 1; i < ranks.length; i++) {
          assert.ok(ranks[i - 1] >= 0 && ranks[i - 1] < ranks[i], `${c.order[i - 1]} (${ranks[i - 1]}) before ${c.order[i]} (${ranks[i]})`);
        }
      });
    }
  });

  it('takes non-normalized candidates as they appear in real indexes', () => {
    assert.equal(rankPlatform(parsePlatform('linux/arm64'), { os: 'linux', architecture: 'arm64', variant: 'v8' }), 0);
    assert.equal(rankPlatform(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'x86_64' }), 0);
    assert.equal(rankPlatform(parsePlatform('linux/arm/v7'), { os: 'linux', architecture: 'arm' }), 0);
  });

  describe('Windows os.version', () => {
    const ltsc2022 = parsePlatform('windows(10.0.20348)/amd64');
    it('requires the same build when the wanted platform names one', () => {
      assert.ok(rankPlatform(ltsc2022, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2113' }) >= 0);
      assert.equal(rankPlatform(ltsc2022, { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5122' }), -1);
      assert.equal(rankPlatform(ltsc2022, { os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.1' }), -1);
    });

    it('takes an image without os.version, after those of the right build', () => {
      const exact = rankPlatform(ltsc2022, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.1' });
      const unversioned = rankPlatform(ltsc2022, { os: 'windows', architecture: 'amd64' });
      assert.ok(unversioned > exact);
    });

    it('takes any build when the wanted platform names none', () => {
      const any = parsePlatform('windows/amd64');
      assert.ok(rankPlatform(any, { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5122' }) >= 0);
      assert.ok(rankPlatform(any, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2113' }) >= 0);
    });
  });
});

describe('selectDescriptor', () => {
  const amd64 = parsePlatform('linux/amd64');

  it('chooses the entry for the wanted platform from a multi-arch index', () => {
    const entries = [
      entry(1, { os: 'linux', architecture: 'arm64', variant: 'v8' }),
      entry(2, { os: 'linux', architecture: 'amd64' }),
      entry(3, { os: 'linux', architecture: 'arm', variant: 'v7' }),
    ];
    assert.equal(selectDescriptor(entries, amd64), entries[1]);
    assert.equal(selectDescriptor(entries, parsePlatform('linux/arm64')), entries[0]);
    assert.equal(selectDescriptor(entries, parsePlatform('linux/arm/v7')), entries[2]);
  });

  it('never chooses an attestation, even one that claims the wanted platform', () => {
    const entries = [
      entry(1, { os: 'linux', architecture: 'amd64' }, { 'vnd.docker.reference.type': 'attestation-manifest' }),
      entry(2, { os: 'unknown', architecture: 'unknown' }),
      entry(3, { os: 'linux', architecture: 'amd64' }),
    ];
    assert.equal(selectDescriptor(entries, amd64), entries[2]);
    assert.equal(selectDescriptor(entries.slice(0, 2), amd64), undefined);
  });

  it('skips entries without a platform', () => {
    const entries = [entry(1), entry(2, { os: 'linux', architecture: 'amd64' })];
    assert.equal(selectDescriptor(entries, amd64), entries[1]);
    assert.equal(selectDescriptor([entry(1)], amd64), undefined);
  });

  it('keeps index order between equally good entries', () => {
    const entries = [
      entry(1, { os: 'linux', architecture: 'arm64' }),
      entry(2, { os: 'linux', architecture: 'amd64' }),
      entry(3, { os: 'linux', architecture: 'x86_64' }),
      entry(4, { os: 'linux', architecture: 'amd64', variant: 'v1' }),
    ];
    assert.equal(selectDescriptor(entries, amd64), entries[1]);
    assert.equal(selectDescriptor(entries.slice(2), amd64), entries[2]);
  });

  it('prefers the closest fallback: arm/v6 for an arm/v7 host offered v5 and v6', () => {
    const entries = [
      entry(1, { os: 'linux', architecture: 'arm', variant: 'v5' }),
      entry(2, { os: 'linux', architecture: 'arm', variant: 'v6' }),
      entry(3, { os: 'linux', architecture: 'arm', variant: 'v8' }),
    ];
    assert.equal(selectDescriptor(entries, parsePlatform('linux/arm/v7')), entries[1]);
  });

  it('falls back to 386 for amd64 and to arm/v7 for arm64 only when nothing better exists', () => {
    const x86 = [entry(1, { os: 'linux', architecture: '386' }), entry(2, { os: 'linux', architecture: 'amd64' })];
    assert.equal(selectDescriptor(x86, amd64), x86[1]);
    assert.equal(selectDescriptor(x86.slice(0, 1), amd64), x86[0]);
    const arm = [entry(1, { os: 'linux', architecture: 'arm', variant: 'v7' }), entry(2, { os: 'linux', architecture: 'aarch64' })];
    assert.equal(selectDescriptor(arm, parsePlatform('linux/arm64')), arm[1]);
    assert.equal(selectDescriptor(arm.slice(0, 1), parsePlatform('linux/arm64')), arm[0]);
  });

  it('returns undefined when no entry can run on the wanted platform', () => {
    const entries = [entry(1, { os: 'linux', architecture: 's390x' }), entry(2, { os: 'windows', architecture: 'amd64' })];
    assert.equal(selectDescriptor(entries, amd64), undefined);
    assert.equal(selectDescriptor([], amd64), undefined);
  });

  it("reads Windows builds from the index JSON's os.version and picks the matching one", () => {
    const entries = [
      entry(1, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.5122' }),
      entry(2, { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2113' }),
      entry(3, { os: 'linux', architecture: 'amd64' }),
    ];
    assert.equal(selectDescriptor(entries, parsePlatform('windows(10.0.20348)/amd64')), entries[1]);
    assert.equal(selectDescriptor(entries, parsePlatform('windows(10.0.17763)/amd64')), entries[0]);
    assert.equal(selectDescriptor(entries, parsePlatform('windows(10.0.26100)/amd64')), undefined);
    assert.equal(selectDescriptor(entries, parsePlatform('windows/amd64')), entries[0]);
  });

  it('reads Windows builds already normalized to osVersion', () => {
    const entries = [
      entry(1, { os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.5122' }),
      entry(2, { os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2113' }),
    ];
    assert.equal(selectDescriptor(entries, parsePlatform('windows(10.0.20348)/amd64')), entries[1]);
  });
});
