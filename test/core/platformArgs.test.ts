// Property: a Dockerfile naming images through BuildKit's automatic platform args is scanned as
// BuildKit would build it. The model below is BuildKit's `defaultArgs` written out by hand: TARGET*
// from the target platform, BUILD* from the build platform (the target when none is given), an
// absent variant empty, TARGETPLATFORM `os/arch[/variant]`; a line's own --platform changes none.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanDockerfile } from '../../src/core/dockerfile';
import { parseReference } from '../../src/core/reference';
import type { Platform } from '../../src/core/types';

const PLATFORM_NAMES = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'] as const;
type PlatformName = (typeof PLATFORM_NAMES)[number];

function modelValue(name: PlatformName, target: Platform, build: Platform): string {
  const p = name.startsWith('TARGET') ? target : build;
  switch (name.replace(/^(TARGET|BUILD)/, '')) {
    case 'PLATFORM':
      return [p.os, p.architecture, p.variant].filter((part) => part !== undefined && part !== '').join('/');
    case 'OS':
      return p.os;
    case 'ARCH':
      return p.architecture;
    default:
      return p.variant ?? '';
  }
}

/** Normalized platforms, variants included (arm/v6, arm64/v9, amd64/v3), as `--platform` gives them. */
const platform: fc.Arbitrary<Platform> = fc
  .tuple(
    fc.constantFrom('linux', 'windows', 'freebsd'),
    fc.constantFrom<[string, string[]]>(['amd64', ['', 'v2', 'v3']], ['arm64', ['', 'v9']], ['arm', ['v5', 'v6', 'v7']], ['386', ['']], ['ppc64le', ['']], ['s390x', ['']], ['riscv64', ['']]),
    fc.nat(),
  )
  .map(([os, [architecture, variants], n]) => {
    const variant = variants[n % variants.length];
    return variant === '' ? { os, architecture } : { os, architecture, variant };
  });

/** One piece of an image name: a literal, or a platform arg in one of the forms BuildKit expands. */
type Piece = { literal: string } | { name: PlatformName; form: 'braces' | 'bare' | 'default' };
const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.constantFrom('busybox', 'img', 'x1', 'v2').map((literal) => ({ literal })),
  fc.tuple(fc.constantFrom(...PLATFORM_NAMES), fc.constantFrom('braces' as const, 'bare' as const, 'default' as const)).map(([name, form]) => ({ name, form })),
);

/** Pieces are joined by '-': `$NAME` is then never followed by a character of a name. */
function written(pieces: readonly Piece[]): string {
  return pieces
    .map((p) => ('literal' in p ? p.literal : p.form === 'braces' ? `\${${p.name}}` : p.form === 'bare' ? `$${p.name}` : `\${${p.name}:-none}`))
    .join('-');
}

function modelExpanded(pieces: readonly Piece[], target: Platform, build: Platform): string {
  return pieces
    .map((p) => {
      if ('literal' in p) return p.literal;
      const value = modelValue(p.name, target, build);
      return p.form === 'default' && value === '' ? 'none' : value;
    })
    .join('-');
}

const usesPlatformArg = (pieces: readonly Piece[]) => pieces.some((p) => !('literal' in p));

describe('core/dockerfile: BuildKit platform args (property)', () => {
  it('every FROM, COPY --from and RUN --mount=from= naming an image through them expands as BuildKit would', () => {
    fc.assert(
      fc.property(
        platform,
        fc.option(platform, { nil: undefined }),
        fc.array(
          fc.record({
            repository: fc.array(piece, { minLength: 1, maxLength: 4 }),
            tag: fc.option(fc.array(piece, { minLength: 1, maxLength: 3 }), { nil: undefined }),
            flag: fc.constantFrom('', '$BUILDPLATFORM', '${TARGETPLATFORM}', 'linux/s390x'),
            source: fc.constantFrom('from' as const, 'copy' as const, 'mount' as const),
            // Through an ARG default (`ARG IMG_3=…` / `FROM ${IMG_3}`) instead of on the line.
            viaArg: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        (target, buildPlatform, lines, redeclare) => {
          const build = buildPlatform ?? target;
          const args: string[] = redeclare ? ['ARG TARGETARCH', 'ARG BUILDOS'] : [];
          const body: string[] = [];
          const texts = lines.map((l, i) => {
            const word = `acme/${written(l.repository)}${l.tag ? `:${written(l.tag)}` : ''}`;
            if (l.viaArg) args.push(`ARG IMG_${i}=${word}`);
            return l.viaArg ? `\${IMG_${i}}` : word;
          });
          lines.forEach((l, i) => {
            const text = texts[i];
            if (l.source === 'from') body.push(`FROM ${l.flag === '' ? '' : `--platform=${l.flag} `}${text} AS s${i}`);
            else if (l.source === 'copy') body.push(`FROM scratch AS s${i}`, `COPY --from=${text} /a /b`);
            else body.push(`FROM scratch AS s${i}`, `RUN --mount=type=bind,from=${text},target=/t true`);
          });
          const dockerfile = [...args, ...body, ''].join('\n');
          const scan = scanDockerfile(dockerfile, { platform: target, ...(buildPlatform ? { buildPlatform } : {}) });
          let next = 0;
          lines.forEach((l, i) => {
            const expanded = `acme/${modelExpanded(l.repository, target, build)}${l.tag ? `:${modelExpanded(l.tag, target, build)}` : ''}`;
            let valid = true;
            try {
              parseReference(expanded);
            } catch {
              valid = false;
            }
            const where = `line ${i} of\n${dockerfile}`;
            if (!valid) {
              // Not a reference once expanded (a `-` before an empty variant…): said so, never pinned.
              assert.ok(scan.problems.some((p) => p.kind === 'invalid' && p.text === texts[i]), where);
              return;
            }
            const occurrence = scan.images[next++];
            assert.ok(occurrence, where);
            assert.equal(occurrence.expanded, expanded, where);
            const flagged = l.source === 'from' && l.flag !== '';
            const wantPlatform = !flagged ? undefined : l.flag === '$BUILDPLATFORM' ? build : l.flag === 'linux/s390x' ? { os: 'linux', architecture: 's390x' } : target;
            assert.deepEqual(occurrence.platform, wantPlatform, where);
            const buildTime = usesPlatformArg(l.repository) || (l.tag !== undefined && usesPlatformArg(l.tag)) || (flagged && l.flag !== 'linux/s390x');
            assert.equal(occurrence.buildTimePlatform === true, buildTime, where);
          });
          assert.equal(next, scan.images.length, 'no other image');
          assert.ok(scan.problems.every((p) => p.kind === 'invalid'), JSON.stringify(scan.problems));
        },
      ),
      { numRuns: 500 },
    );
  });
});
