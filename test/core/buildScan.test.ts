import * as assert from 'node:assert/strict';
import { scanBuild } from '../../src/core/buildScan';
import { parsePlatform } from '../../src/core/platform';
import { targetStages } from '../../src/core/targetStages';

const amd64 = parsePlatform('linux/amd64');
const arm64 = parsePlatform('linux/arm64');

const DOCKERFILE = [
  'ARG BASE_TAG=3.19', //                      0
  'FROM alpine:${BASE_TAG} AS base', //        1
  'FROM golang:1.22 AS build', //              2
  'COPY --from=base /etc/os-release /x', //    3
  'FROM busybox:1.36 AS test', //              4
  'RUN --mount=from=node:20,target=/n true', // 5
  'FROM base AS prod', //                      6
  'COPY --from=build /go/bin/app /app', //     7
  'COPY --from=nginx:1.27 /etc/nginx /n', //   8
  '',
].join('\n');

describe('core/buildScan', () => {
  it('reads only the stages the target needs, through FROM <stage> and COPY --from, with the build args', () => {
    const scan = scanBuild(DOCKERFILE, { platform: amd64, buildArgs: new Map([['BASE_TAG', '3.20']]) }, { target: 'prod', platforms: [], unknownArgs: new Map() });
    assert.deepEqual(
      scan.images.map((i) => `${i.line}:${i.expanded}`),
      ['2:alpine:3.20', '3:golang:1.22', '9:nginx:1.27'],
    );
    assert.deepEqual(scan.problems, []);
  });

  it('builds the last stage without a target, and keeps every stage when a stage reference has no value', () => {
    const last = scanBuild(DOCKERFILE, { platform: amd64 }, { platforms: [], unknownArgs: new Map() });
    assert.equal(last.images.some((i) => i.expanded === 'busybox:1.36'), false);
    const unknown = targetStages('FROM a:1 AS one\nFROM b:1 AS two\nCOPY --from=${STAGE} / /\n', undefined, {});
    assert.ok('keeps' in unknown && unknown.keeps(0), 'a COPY --from without a value may name any stage');
  });

  it('reports a target the Dockerfile does not have', () => {
    const scan = scanBuild(DOCKERFILE, { platform: amd64 }, { target: 'release', platforms: [], unknownArgs: new Map() });
    assert.equal(scan.images.length, 0);
    assert.match(scan.problems[0].message, /target stage "release" is not in this Dockerfile/);
  });

  it('gives a line built for several platforms all of them, and skips one naming different images per platform', () => {
    const text = 'ARG TARGETARCH\nFROM alpine:3.20 AS a\nFROM busybox-${TARGETARCH}:1\nCOPY --from=a / /\n';
    const scan = scanBuild(text, { platform: amd64 }, { platforms: [amd64, arm64], unknownArgs: new Map() });
    assert.equal(scan.images.length, 1);
    assert.equal(scan.images[0].platform, undefined);
    assert.deepEqual(scan.images[0].platforms, [amd64, arm64]);
    assert.equal(scan.problems.length, 1);
    assert.equal(scan.problems[0].kind, 'skipped');
    assert.match(scan.problems[0].message, /busybox-amd64:1.*busybox-arm64:1/);
  });

  it('a line built on the builder ($BUILDPLATFORM, $BUILDARCH) is for the machine the build runs on when the build says it, else the configured platform; target lines keep the targets', () => {
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM tool-${BUILDARCH}:1 AS tool\nFROM alpine:3.20\nCOPY --from=build / /\nCOPY --from=tool / /\n';
    const platforms = (builder?: typeof amd64) =>
      scanBuild(text, { platform: amd64 }, { platforms: [amd64], ...(builder === undefined ? {} : { builder }), unknownArgs: new Map() }).images.map((i) => `${i.expanded} ${i.platform?.architecture}`);
    assert.deepEqual(platforms(), ['golang:1.22 amd64', 'tool-amd64:1 amd64', 'alpine:3.20 amd64']);
    assert.deepEqual(platforms(arm64), ['golang:1.22 arm64', 'tool-arm64:1 amd64', 'alpine:3.20 amd64']);
  });

  it('a builder of a platform the build file does not say (a remote buildx driver): a line built for its platform takes the index digest, with why; one it names differently is unresolved', () => {
    const why = 'its job sets up a builder with the kubernetes driver';
    const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM tool-${BUILDARCH}:1 AS tool\nFROM --platform=linux/arm64 busybox:1.36 AS fixed\nFROM alpine:3.20\nCOPY --from=build / /\nCOPY --from=tool / /\nCOPY --from=fixed / /\n';
    const read = (build: { platforms: typeof amd64[]; platform?: typeof amd64 }, configured = amd64) => {
      const scan = scanBuild(text, { platform: configured }, { ...build, builderUnknown: why, unknownArgs: new Map() });
      return {
        images: scan.images.map((i) => `${i.expanded} ${i.platform?.architecture ?? i.platforms?.map((p) => p?.architecture).join('+')}${i.indexOnly === undefined ? '' : ' index-only'}`),
        problems: scan.problems.map((p) => `${p.kind} ${p.range.start.line}: ${p.message}`),
      };
    };
    // Targets named: only the lines built for the builder depend on it.
    const named = read({ platforms: [amd64] });
    assert.deepEqual(named.images, ['golang:1.22 amd64+arm64 index-only', 'busybox:1.36 arm64', 'alpine:3.20 amd64']);
    assert.deepEqual(named.problems, [
      `unresolved 1: the image "tool-\${BUILDARCH}:1" names depends on the platform of its build's builder, and ${why}: give the build a builder on the runner, or write the image without the builder's platform args`,
    ]);
    const golang = scanBuild(text, { platform: arm64 }, { platforms: [amd64, arm64], builderUnknown: why, unknownArgs: new Map() }).images[0];
    assert.equal(golang.indexOnly, `it is built for the platform of its build's builder, and ${why}`);
    // No target named: the build is for the builder's platform, unknown, so every line not fixed to one is.
    assert.deepEqual(read({ platforms: [] }, arm64).images, ['golang:1.22 arm64+amd64 index-only', 'busybox:1.36 arm64', 'alpine:3.20 arm64+amd64 index-only']);
    // A build's own platform (a service's `platform:`) is its target, whatever the builder.
    assert.deepEqual(read({ platforms: [], platform: arm64 }).images, ['golang:1.22 amd64+arm64 index-only', 'busybox:1.36 arm64', 'alpine:3.20 arm64']);
  });

  it("builds for the service's platform, and leaves a line built from an unknowable arg unresolved", () => {
    const text = 'ARG BASE=alpine:3.20\nFROM ${BASE}\nCOPY --from=debian:12 / /\n';
    const scan = scanBuild(text, { platform: amd64 }, { platform: arm64, platforms: [], unknownArgs: new Map([['BASE', 'it uses ${localEnv:BASE}']]) });
    assert.deepEqual(scan.images.map((i) => [i.expanded, i.platform]), [['debian:12', arm64]]);
    assert.equal(scan.problems[0].kind, 'unresolved');
    assert.match(scan.problems[0].message, /localEnv:BASE/);
  });

  it('a line naming an image another build of the project makes, however spelled, is no image to pin', () => {
    const text = 'ARG BASE=acme/base\nFROM ${BASE} AS a\nFROM docker.io/acme/base:latest AS b\nFROM acme/base:2\nCOPY --from=a / /a\nCOPY --from=b / /b\n';
    const localImages = new Set(['docker.io/acme/base:latest']);
    const scan = scanBuild(text, { platform: amd64 }, { platforms: [], unknownArgs: new Map(), localImages });
    assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded}`), ['4:acme/base:2']);
    assert.deepEqual(scan.problems, []);
  });

  it("a name the build's additional_contexts give is that context, however spelled (BuildKit drops docker.io/library/ and :latest), not an image", () => {
    const text = 'FROM docker.io/library/base:latest AS a\nFROM base:2 AS b\nCOPY --from=tools / /t\nRUN --mount=from=ghcr.io/o/x,target=/x true\nFROM a\nCOPY --from=b / /b\n';
    const namedContexts = new Set(['base', 'tools', 'ghcr.io/o/x:latest']);
    const scan = scanBuild(text, { platform: amd64 }, { platforms: [], unknownArgs: new Map(), namedContexts });
    assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded}`), ['2:base:2']);
    assert.deepEqual(scan.problems, []);
  });

  it('a line the build gives whole in its args is told where its value is written; pinned there, or built from part of an arg, it is not', () => {
    const text = 'ARG BASE\nARG TAG=1\nARG PINNED\nFROM ${BASE} AS a\nFROM golang:${TAG} AS b\nFROM $PINNED\nCOPY --from=a / /a\nCOPY --from=b / /b\n';
    const buildArgs = new Map([['BASE', 'alpine:3.20'], ['TAG', '1.22'], ['PINNED', `busybox:1.36@sha256:${'a'.repeat(64)}`]]);
    const argPlaces = new Map([['BASE', 'compose.yaml:7']]);
    const scan = scanBuild(text, { platform: amd64, buildArgs }, { platforms: [], unknownArgs: new Map(), argPlaces });
    assert.deepEqual(scan.images.map((i) => [i.expanded.split('@')[0], i.valueElsewhere]), [
      ['alpine:3.20', 'the build arg BASE that compose.yaml:7 gives'],
      ['golang:1.22', undefined],
      ['busybox:1.36', undefined],
    ]);
    // Without a known place, the build names it.
    const unplaced = scanBuild(text, { platform: amd64, buildArgs }, { platforms: [], unknownArgs: new Map() });
    assert.equal(unplaced.images[0].valueElsewhere, 'the build arg BASE that the build gives');
  });
});
