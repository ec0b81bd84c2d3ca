import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanDockerfile } from '../../src/core/dockerfile';
import { offsetAt } from '../../src/core/text';
import { parsePlatform } from '../../src/core/platform';
import type { ImageOccurrence, Range, ScanOptions } from '../../src/core/types';
import { dockerfileText } from './dockerfile.arbitraries';

const D = `sha256:${'a'.repeat(64)}`;
const AMD64 = parsePlatform('linux/amd64');
const ARM64 = parsePlatform('linux/arm64');

function at(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** What a user sees of one occurrence: the text the range covers and what it resolves to. */
function view(text: string, occ: ImageOccurrence) {
  return {
    source: occ.source,
    written: at(text, occ.range),
    expanded: occ.expanded,
    line: occ.line,
    ...(occ.platform ? { platform: occ.platform } : {}),
    ...(occ.digestRange ? { digest: at(text, occ.digestRange) } : {}),
    ...(occ.buildTimePlatform ? { buildTime: true } : {}),
  };
}

interface Case {
  name: string;
  text: string;
  /** Default: a build for linux/amd64, on linux/amd64, without build args. */
  options?: ScanOptions;
  images: Array<ReturnType<typeof view>>;
  problems?: Array<{ kind: 'invalid' | 'unresolved' | 'skipped'; written: string; message: RegExp }>;
}

const cases: Case[] = [
  {
    name: 'FROM with a tag',
    text: 'FROM alpine:3.20\n',
    images: [{ source: 'from', written: 'alpine:3.20', expanded: 'alpine:3.20', line: 1 }],
  },
  {
    name: 'keywords in any case, and AS in any case',
    text: 'from alpine:3 As Build\nFrOm build\ncopy --from=BUILD /a /b\nrun --mount=from=build true\n',
    images: [{ source: 'from', written: 'alpine:3', expanded: 'alpine:3', line: 1 }],
  },
  {
    name: 'a FROM naming a later stage is an image, one naming an earlier stage is not',
    text: 'FROM app\nFROM node:20 AS app\nFROM app\n',
    images: [
      { source: 'from', written: 'app', expanded: 'app', line: 1 },
      { source: 'from', written: 'node:20', expanded: 'node:20', line: 2 },
    ],
  },
  {
    name: 'scratch is never an image',
    text: 'FROM scratch\nFROM SCRATCH AS s\n',
    images: [],
  },
  {
    name: 'COPY --from an image, a stage, or a stage index',
    text: 'FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=build /a /a\nCOPY --from=0 /a /a\nCOPY --chown=1 --from=nginx:1.27 /etc/nginx /etc\n',
    images: [
      { source: 'from', written: 'golang:1.22', expanded: 'golang:1.22', line: 1 },
      { source: 'from', written: 'alpine', expanded: 'alpine', line: 2 },
      { source: 'copy', written: 'nginx:1.27', expanded: 'nginx:1.27', line: 5 },
    ],
  },
  {
    name: 'several RUN --mount flags, from= anywhere among the options',
    text:
      'FROM alpine AS base\n' +
      'RUN --mount=type=cache,target=/c --mount=from=busybox:1.36,type=bind,target=/b --mount=type=bind,target=/x,from=ghcr.io/o/tools:v2 --mount=type=bind,from=base,target=/s true\n',
    images: [
      { source: 'from', written: 'alpine', expanded: 'alpine', line: 1 },
      { source: 'mount', written: 'busybox:1.36', expanded: 'busybox:1.36', line: 2 },
      { source: 'mount', written: 'ghcr.io/o/tools:v2', expanded: 'ghcr.io/o/tools:v2', line: 2 },
    ],
  },
  {
    name: 'escape directive with backtick continuations, one inside the reference',
    text: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS b\nRUN dir c:\\ `\n  && echo hi\nFROM mcr.microsoft.com/powershell:lts-`\nnanoserver-ltsc2022\n',
    images: [
      { source: 'from', written: 'mcr.microsoft.com/windows/servercore:ltsc2022', expanded: 'mcr.microsoft.com/windows/servercore:ltsc2022', line: 2 },
      {
        source: 'from',
        written: 'mcr.microsoft.com/powershell:lts-`\nnanoserver-ltsc2022',
        expanded: 'mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022',
        line: 5,
      },
    ],
  },
  {
    name: 'a FROM-looking line inside a heredoc body is not an instruction',
    text: 'FROM alpine:3\nRUN <<EOF\nFROM evil:1\nCOPY --from=evil:2 / /\nEOF\nCOPY <<-EOT /etc/x\n\tFROM evil:3\n\tEOT\nFROM debian:12\n',
    images: [
      { source: 'from', written: 'alpine:3', expanded: 'alpine:3', line: 1 },
      { source: 'from', written: 'debian:12', expanded: 'debian:12', line: 9 },
    ],
  },
  {
    name: 'CRLF line endings',
    text: 'ARG TAG=3.20\r\nFROM alpine:${TAG} AS a\r\nCOPY --from=nginx:1 /a /b\r\n',
    images: [
      { source: 'from', written: 'alpine:${TAG}', expanded: 'alpine:3.20', line: 2 },
      { source: 'copy', written: 'nginx:1', expanded: 'nginx:1', line: 3 },
    ],
  },
  {
    name: 'comments, including one inside a continued FROM',
    text: '# FROM evil:1\n  # COPY --from=evil:2 / /\nFROM \\\n# a comment between the lines\n  alpine:3\n',
    images: [{ source: 'from', written: 'alpine:3', expanded: 'alpine:3', line: 3 }],
  },
  {
    name: 'ARG forms before the first FROM',
    text:
      'ARG REG=ghcr.io OWNER="o"\nARG IMAGE=$REG/${OWNER}/app\nARG TAG\nARG VARIANT=slim\n' +
      'FROM ${IMAGE}:${TAG:-latest}\nFROM debian:12${VARIANT:+-$VARIANT}\nFROM debian:12${TAG:+-$TAG}\n',
    images: [
      { source: 'from', written: '${IMAGE}:${TAG:-latest}', expanded: 'ghcr.io/o/app:latest', line: 5 },
      { source: 'from', written: 'debian:12${VARIANT:+-$VARIANT}', expanded: 'debian:12-slim', line: 6 },
      { source: 'from', written: 'debian:12${TAG:+-$TAG}', expanded: 'debian:12', line: 7 },
    ],
  },
  {
    name: 'an ARG without default, or declared after the first FROM, leaves the reference unresolved',
    text: 'ARG TAG\nFROM alpine:${TAG}\nARG LATE=1\nFROM busybox:$LATE\nCOPY --from=nginx:$TAG /a /b\n',
    images: [],
    problems: [
      {
        kind: 'unresolved',
        written: 'alpine:${TAG}',
        message: /^no value for TAG: ARG TAG has no default and no build arg gives one; pass --build-arg TAG=… or give the ARG a default \(ARG TAG=…\)$/,
      },
      {
        kind: 'unresolved',
        written: 'busybox:$LATE',
        message: /^LATE is not declared before the first FROM, so a build sees it empty and no build arg can reach it; declare ARG LATE=… before the first FROM$/,
      },
      { kind: 'unresolved', written: 'nginx:$TAG', message: /^no value for TAG: / },
    ],
  },
  {
    name: 'an unresolved variable reached through another ARG is reported by its name',
    text: 'ARG V\nARG TAG=1.$V\nFROM alpine:$TAG\n',
    images: [],
    problems: [{ kind: 'unresolved', written: 'alpine:$TAG', message: /^no value for V: ARG V has no default/ }],
  },
  {
    name: 'several variables without a value are named together, each with its fix',
    text: 'ARG A B\nFROM ${A}:${B}${C}\n',
    images: [],
    problems: [
      {
        kind: 'unresolved',
        written: '${A}:${B}${C}',
        message: /^no value for A, B: ARG A, ARG B have no default .*pass --build-arg A=… --build-arg B=… .*; C is not declared before the first FROM/,
      },
    ],
  },
  {
    name: "a dev container template's ${templateOption:…}, in the image or an ARG default, is unresolved as the template option it is",
    text: 'ARG VARIANT="${templateOption:imageVariant}"\nFROM mcr.microsoft.com/devcontainers/python:3-${VARIANT}\nFROM mcr.microsoft.com/devcontainers/go:2-${templateOption:goVariant} AS go\nFROM alpine:${TAG}${templateOption:tag}\n',
    images: [],
    problems: [
      {
        kind: 'unresolved',
        written: 'mcr.microsoft.com/devcontainers/python:3-${VARIANT}',
        message: /^\$\{templateOption:imageVariant\} is a dev container template option, filled in when the template is applied to a project: pin the image in the file the template writes there$/,
      },
      { kind: 'unresolved', written: 'mcr.microsoft.com/devcontainers/go:2-${templateOption:goVariant}', message: /^\$\{templateOption:goVariant\} is a dev container template option/ },
      { kind: 'unresolved', written: 'alpine:${TAG}${templateOption:tag}', message: /^\$\{templateOption:tag\} is a dev container template option.*; TAG is not declared before the first FROM/ },
    ],
  },
  {
    name: "a template's {{ … }} placeholder (docker-library's Dockerfile.template, Jinja, Go templates), in the image or an ARG default, is skipped as the template it is; its stage names still count",
    text: [
      'ARG BASE={{ .base }}',
      'FROM alpine:{{ .alpine.version }} AS build',
      'COPY --from=golang:{{ env.variant }} /usr/local/go /go',
      'FROM {{ .image }}',
      'FROM ${BASE} AS b',
      'FROM busybox:1.36',
      'COPY --from=build /out /out',
      '',
    ].join('\n'),
    images: [{ source: 'from', written: 'busybox:1.36', expanded: 'busybox:1.36', line: 6 }],
    problems: [
      { kind: 'skipped', written: 'alpine:{{', message: /^skipped "alpine:\{\{": this Dockerfile is a template \(\{\{ \}\}\), not a Dockerfile until it is rendered: its images cannot be read here — check the Dockerfile it renders to instead$/ },
      { kind: 'skipped', written: 'golang:{{', message: /^skipped "golang:\{\{": this Dockerfile is a template/ },
      { kind: 'skipped', written: '{{', message: /^skipped "\{\{": this Dockerfile is a template/ },
      { kind: 'skipped', written: '${BASE}', message: /^skipped "\$\{BASE\}": this Dockerfile is a template/ },
    ],
  },
  {
    name: "a sed template's %%NAME%% placeholder (nginx's and nextcloud's Dockerfile-debian.template) is skipped as the template it is",
    text: ['ARG BASE=debian:%%DEBIAN_VERSION%%-slim', 'FROM php:%%PHP_VERSION%%-%%VARIANT%% AS build', 'FROM ${BASE}', 'COPY --from=build /usr/local /usr/local', 'FROM busybox:1.36', ''].join('\n'),
    images: [{ source: 'from', written: 'busybox:1.36', expanded: 'busybox:1.36', line: 5 }],
    problems: [
      { kind: 'skipped', written: 'php:%%PHP_VERSION%%-%%VARIANT%%', message: /^skipped "php:%%PHP_VERSION%%-%%VARIANT%%": this Dockerfile is a template \(%%NAME%%\), not a Dockerfile until it is rendered: its images cannot be read here — check the Dockerfile it renders to instead$/ },
      { kind: 'skipped', written: '${BASE}', message: /^skipped "\$\{BASE\}": this Dockerfile is a template \(%%NAME%%\)/ },
    ],
  },
  {
    name: 'build args give declared ARGs their values, over defaults, as BuildKit does',
    text: 'ARG TAG=3.19\nARG SUFFIX\nFROM alpine:${TAG}${SUFFIX}\nFROM busybox:${UNDECLARED}\n',
    options: { platform: AMD64, buildArgs: new Map([['TAG', '3.20'], ['SUFFIX', '-slim'], ['UNDECLARED', '1']]) },
    images: [{ source: 'from', written: 'alpine:${TAG}${SUFFIX}', expanded: 'alpine:3.20-slim', line: 3 }],
    // A build arg only reaches an ARG declared before the first FROM.
    problems: [{ kind: 'unresolved', written: 'busybox:${UNDECLARED}', message: /UNDECLARED is not declared before the first FROM/ }],
  },
  {
    name: 'an ARG whose default cannot be expanded makes its uses invalid, naming it',
    text: 'ARG BAD=${X\nFROM alpine:$BAD\n',
    images: [],
    problems: [{ kind: 'invalid', written: 'alpine:$BAD', message: /^the default of ARG BAD cannot be expanded: missing '}'$/ }],
  },
  {
    name: '--platform forms',
    text:
      'ARG ARM=linux/arm64\nARG NOPLAT\n' +
      'FROM --platform=linux/aarch64 alpine AS a\n' +
      'FROM --platform=$BUILDPLATFORM golang AS b\n' +
      'FROM --platform=${TARGETPLATFORM} debian AS c\n' +
      'FROM --platform=linux/$TARGETARCH ubuntu AS d\n' +
      'FROM --platform=$ARM node AS e\n' +
      'FROM --platform=windows/amd64 busybox AS f\n',
    images: [
      { source: 'from', written: 'alpine', expanded: 'alpine', line: 3, platform: { os: 'linux', architecture: 'arm64' } },
      { source: 'from', written: 'golang', expanded: 'golang', line: 4, platform: AMD64, buildTime: true },
      { source: 'from', written: 'debian', expanded: 'debian', line: 5, platform: AMD64, buildTime: true },
      { source: 'from', written: 'ubuntu', expanded: 'ubuntu', line: 6, platform: AMD64, buildTime: true },
      { source: 'from', written: 'node', expanded: 'node', line: 7, platform: { os: 'linux', architecture: 'arm64' } },
      { source: 'from', written: 'busybox', expanded: 'busybox', line: 8, platform: { os: 'windows', architecture: 'amd64' } },
    ],
  },
  {
    name: 'a --platform that cannot be read makes its image a problem, not a guess',
    text: 'ARG NOPLAT\nFROM --platform=$NOPLAT alpine\nFROM --platform=linux/amd64/v2/x debian\n',
    images: [],
    problems: [
      { kind: 'unresolved', written: 'alpine', message: /^--platform=\$NOPLAT: no value for NOPLAT: ARG NOPLAT has no default/ },
      { kind: 'invalid', written: 'debian', message: /invalid platform "linux\/amd64\/v2\/x"/ },
    ],
  },
  {
    name: "BuildKit's platform args name images without any ARG, for the target platform",
    text: 'FROM quay.io/prometheus/busybox-${TARGETOS}-${TARGETARCH}:latest\nFROM acme/tool:1-$TARGETARCH${TARGETVARIANT:+-$TARGETVARIANT}\n',
    options: { platform: parsePlatform('linux/arm/v7') },
    images: [
      { source: 'from', written: 'quay.io/prometheus/busybox-${TARGETOS}-${TARGETARCH}:latest', expanded: 'quay.io/prometheus/busybox-linux-arm:latest', line: 1, buildTime: true },
      { source: 'from', written: 'acme/tool:1-$TARGETARCH${TARGETVARIANT:+-$TARGETVARIANT}', expanded: 'acme/tool:1-arm-v7', line: 2, buildTime: true },
    ],
  },
  {
    name: "a line's own --platform does not change TARGET*; BUILD* come from the build platform; a global ARG TARGETARCH keeps the value",
    text:
      'ARG TARGETARCH\nARG IMG=acme/img-${BUILDARCH}\n' +
      'FROM --platform=linux/amd64 acme/busybox-${TARGETARCH}:1 AS a\n' +
      'FROM --platform=$BUILDPLATFORM ${IMG}:1 AS b\n' +
      'FROM --platform=$TARGETPLATFORM acme/plain:1 AS c\n',
    options: { platform: ARM64, buildPlatform: AMD64 },
    images: [
      { source: 'from', written: 'acme/busybox-${TARGETARCH}:1', expanded: 'acme/busybox-arm64:1', line: 3, platform: AMD64, buildTime: true },
      { source: 'from', written: '${IMG}:1', expanded: 'acme/img-amd64:1', line: 4, platform: AMD64, buildTime: true },
      { source: 'from', written: 'acme/plain:1', expanded: 'acme/plain:1', line: 5, platform: ARM64, buildTime: true },
    ],
  },
  {
    name: 'a word that expands to a stage name is a stage reference: no image, no problem',
    text:
      'ARG VARIANT=slim\n' +
      'FROM golang:1.22 AS build-amd64\nFROM golang:1.22 AS build-arm64\nFROM debian:12 AS base-slim\n' +
      'FROM build-${TARGETARCH} AS app\nFROM base-${VARIANT}\n' +
      'COPY --from=build-${TARGETARCH} /a /b\nRUN --mount=from=build-$TARGETARCH,target=/t true\n',
    images: [
      { source: 'from', written: 'golang:1.22', expanded: 'golang:1.22', line: 2 },
      { source: 'from', written: 'golang:1.22', expanded: 'golang:1.22', line: 3 },
      { source: 'from', written: 'debian:12', expanded: 'debian:12', line: 4 },
    ],
  },
  {
    name: 'a word whose value is missing cannot be told from a stage name: it is unresolved, not quiet',
    text: 'ARG VARIANT\nFROM debian:12 AS base-slim\nFROM base-${VARIANT}\n',
    images: [{ source: 'from', written: 'debian:12', expanded: 'debian:12', line: 2 }],
    problems: [{ kind: 'unresolved', written: 'base-${VARIANT}', message: /^no value for VARIANT/ }],
  },
  {
    name: 'a word dockerfile-ast reads apart from its text has no safe place for a digest: skipped',
    text: 'FROM \\alpine:3.20\n',
    images: [],
    problems: [{ kind: 'skipped', written: '\\alpine:3.20', message: /^skipped "alpine:3\.20": cannot tell where it stands in the file/ }],
  },
  {
    name: 'a digest written on the line',
    text: `FROM alpine:3.20@${D} AS a\nCOPY --from="nginx@${D}" /a /b\n`,
    images: [
      { source: 'from', written: `alpine:3.20@${D}`, expanded: `alpine:3.20@${D}`, line: 1, digest: `@${D}` },
      { source: 'copy', written: `"nginx@${D}"`, expanded: `nginx@${D}`, line: 2, digest: `@${D}` },
    ],
  },
  {
    name: 'a digest that comes from a variable has no digest range',
    text: `ARG DIGEST=${D}\nFROM alpine@\${DIGEST}\n`,
    images: [{ source: 'from', written: 'alpine@${DIGEST}', expanded: `alpine@${D}`, line: 2 }],
  },
  {
    name: 'references that are not valid',
    text: 'FROM ghcr.io/Owner/app:1\nCOPY --from=alpine:bad!tag /a /b\nFROM alpine:${TAG\n',
    images: [],
    problems: [
      { kind: 'invalid', written: 'ghcr.io/Owner/app:1', message: /invalid reference "ghcr\.io\/Owner\/app:1"/ },
      { kind: 'invalid', written: 'alpine:bad!tag', message: /invalid reference "alpine:bad!tag"/ },
      { kind: 'invalid', written: 'alpine:${TAG', message: /cannot expand "alpine:\$\{TAG": missing '}'/ },
    ],
  },
  {
    // ONBUILD triggers are read in test/core/onbuild.test.ts.
    name: 'FROM without an image names nothing to pin',
    text: 'FROM\nFROM --platform=linux/amd64\n',
    images: [],
  },
];

describe('core/dockerfile', () => {
  describe('scanDockerfile', () => {
    for (const c of cases) {
      it(c.name, () => {
        const result = scanDockerfile(c.text, c.options ?? { platform: AMD64 });
        assert.deepEqual(
          result.images.map((occ) => view(c.text, occ)),
          c.images,
        );
        const problems = result.problems.map((p) => ({ kind: p.kind, written: at(c.text, p.range), message: p.message }));
        const want = c.problems ?? [];
        assert.equal(problems.length, want.length, `problems: ${JSON.stringify(problems)}`);
        want.forEach((w, i) => {
          assert.equal(problems[i].kind, w.kind);
          assert.equal(problems[i].written, w.written);
          assert.match(problems[i].message, w.message);
        });
      });
    }

    it('reports the reference as written, its variables, and the parsed reference', () => {
      const [occ] = scanDockerfile('ARG TAG=3.20\nFROM alpine:${TAG}\n').images;
      assert.equal(occ.text, 'alpine:${TAG}');
      assert.deepEqual(occ.variables, ['TAG']);
      assert.equal(occ.reference.registry, 'docker.io');
      assert.equal(occ.reference.repository, 'library/alpine');
      assert.equal(occ.reference.tag, '3.20');
    });

    it('never throws, on any string', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
          const result = scanDockerfile(text);
          for (const problem of result.problems) assert.doesNotMatch(problem.message, /could not read this instruction/);
        }),
        { numRuns: 1000 },
      );
    });

    it('never throws nor fails inside, on Dockerfile-like mixes of lines', () => {
      fc.assert(
        fc.property(dockerfileText, (text) => {
          const result = scanDockerfile(text);
          for (const problem of result.problems) assert.doesNotMatch(problem.message, /could not read this instruction/);
          for (const occ of result.images) assert.ok(at(text, occ.range).length > 0);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
