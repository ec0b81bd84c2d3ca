// fast-check generators of Dockerfile-like text, shared by the scanner and pin property tests.
import fc from 'fast-check';

/** Image texts without a written digest (so a pin is always an insertion). */
export const unpinnedImage = fc.constantFrom(
  'alpine',
  'alpine:3.20',
  'ghcr.io/owner/app:v1',
  'localhost:5000/team/tool:1.0',
  'library/debian:12-slim',
  '"node:20"',
  'alpine:${TAG}',
  '${BASE}',
  '${BASE}:${TAG:-latest}',
  'base',
  'scratch',
  '0',
);

const image = fc.oneof(unpinnedImage, fc.constantFrom(`nginx@sha256:${'c'.repeat(64)}`, 'alpine@${DIGEST}', 'Bad/Name', 'x:${TAG', '$NODEF'));

const line = (img: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    img.map((i) => `FROM ${i}`),
    img.map((i) => `from ${i} AS base`),
    fc.tuple(fc.constantFrom('linux/arm64', '$BUILDPLATFORM', '${TARGETPLATFORM}', '$PLAT', 'bogus//'), img).map(([p, i]) => `FROM --platform=${p} ${i}`),
    img.map((i) => `COPY --from=${i} /a /b`),
    img.map((i) => `RUN --mount=type=bind,from=${i},target=/t --mount=type=cache,target=/c true`),
    img.map((i) => `FROM \\\n  ${i}`),
    fc.constantFrom(
      'ARG TAG=3.20',
      'ARG BASE=alpine',
      'ARG PLAT=linux/amd64',
      `ARG DIGEST=sha256:${'d'.repeat(64)}`,
      'ARG NODEF',
      '# FROM evil:1',
      '',
      '   ',
      'RUN echo \\\n  hi',
      'RUN <<EOF\nFROM evil:1\nEOF',
      'COPY <<EOT /x\nCOPY --from=evil:2 / /\nEOT',
      'WORKDIR /app',
      'ENV A=1',
      'ONBUILD FROM x',
      'RUN echo `',
      'FROM',
      'COPY --from= /a /b',
    ),
  );

function assemble(lines: readonly string[], eol: string, directive: string): string {
  return directive + lines.join('\n').replace(/\n/g, eol) + eol;
}

const directive = fc.constantFrom('', '# escape=`\n', '# escape=\\\n', '# syntax=docker/dockerfile:1\n');
const eol = fc.constantFrom('\n', '\r\n');

/** Any mix of Dockerfile lines, digests included. */
export const dockerfileText = fc.tuple(fc.array(line(image), { maxLength: 12 }), eol, directive).map(([l, e, d]) => assemble(l, e, d));

/** A mix of Dockerfile lines whose images carry no written digest. */
export const unpinnedDockerfileText = fc
  .tuple(fc.array(line(unpinnedImage), { maxLength: 12 }), eol, directive)
  .map(([l, e, d]) => assemble(l, e, d));
