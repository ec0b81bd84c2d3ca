import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { BuildOperand, BuildUse } from '../../src/engine/buildOperands';
import { scanSource, type SourceFile } from '../../src/engine/sources';
import { liveReadings, readingsScan } from '../../src/extension/liveReadings';
import { readingFree } from '../../src/extension/readingFree';

// What of a file's lenses is drawn before the include index is known: for a Dockerfile, the lines
// every build reads alike, each exactly as the scan with the builds' readings has it.
describe('extension readingFree: the lines no reading can change', () => {
  const platform = parsePlatform('linux/amd64');
  const TEXT = [
    'ARG BASE=alpine:3.20',
    'FROM golang:1.23 AS tools',
    'FROM ${NOT_GIVEN}:1.0 AS other',
    'FROM --platform=$BUILDPLATFORM busybox:1.36 AS cross',
    // The last stage, which the builds build, uses every other.
    'FROM ${BASE}',
    'COPY --from=tools /bin /bin',
    'COPY --from=other /lib /lib',
    'COPY --from=cross /etc /etc',
    'COPY --from=nginx:1.27 /etc/nginx /etc/nginx',
    '',
  ].join('\n');
  const file: SourceFile = { kind: 'dockerfile', text: TEXT };
  const options = { platform, kind: 'platform' as const };
  const build = (service: string, base: string, platforms: string[]): BuildUse => ({
    by: `service ${service} in compose.yaml`,
    builder: { path: '/w/compose.yaml', kind: 'compose', direct: true, builds: [], buildProblems: [], options },
    reading: 0,
    build: {
      by: `service ${service}`,
      dockerfile: 'Dockerfile',
      buildArgs: new Map([['BASE', base], ['NOT_GIVEN', 'redis']]),
      platforms: platforms.map(parsePlatform),
      unknownArgs: new Map(),
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
    },
  });
  const base = scanSource(file, options);
  const lines = (scan: { images: readonly { line: number; expanded: string }[] }) => scan.images.map((o) => [o.line, o.expanded]);

  it('a Dockerfile: its lines without a variable, each as the builds\' readings leave it; the rest waits', () => {
    const early = readingFree('dockerfile', base);
    assert.ok(early);
    assert.equal(early.complete, false);
    assert.deepEqual(lines(early.scan), [[2, 'golang:1.23'], [4, 'busybox:1.36'], [9, 'nginx:1.27']]);
    // NOT_GIVEN has no value read alone; a build may give it one.
    assert.deepEqual(base.problems.map((p) => [p.kind, p.range.start.line]), [['unresolved', 2]]);
    assert.deepEqual(early.scan.problems, []);
    // Two builds that give BASE other values and build for other platforms.
    const operand: BuildOperand = { path: '/w/Dockerfile', kind: 'dockerfile', direct: false, buildProblems: [], options, builds: [build('a', 'alpine:3.19', ['linux/arm64']), build('b', 'debian:12', [])] };
    const passes = liveReadings(operand);
    assert.ok(passes);
    const full = readingsScan(file, base, passes);
    // The line a build names otherwise is a conflict now: the early scan had left it out.
    assert.ok(full.problems.some((p) => p.kind === 'conflict' && p.range.start.line === 4));
    for (const occurrence of early.scan.images) assert.ok(full.images.includes(occurrence), `line ${occurrence.line} is drawn alike`);
  });

  it('a Dockerfile without variables is drawn whole', () => {
    const scan = scanSource({ kind: 'dockerfile', text: 'FROM alpine:3.20\nFROM busybox:1.36\n' }, options);
    const early = readingFree('dockerfile', scan);
    assert.equal(early?.complete, true);
    assert.deepEqual(early?.scan.images, scan.images);
  });

  it('other kinds wait whole: includes and pipelines give them their variables', () => {
    const compose = scanSource({ kind: 'compose', text: 'services:\n  app:\n    image: alpine:3.20\n' }, { ...options, environment: new Map() });
    assert.equal(readingFree('compose', compose), undefined);
    const gitlab = scanSource({ kind: 'gitlab-ci', text: 'job:\n  image: alpine:3.20\n' }, options);
    assert.equal(readingFree('gitlab-ci', gitlab), undefined);
  });
});
