import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { BuildOperand, BuildUse } from '../../src/engine/buildOperands';
import type { KustomizeReading } from '../../src/engine/kustomizeReadings';
import { kustomizePasses } from '../../src/engine/passes';
import { scanSource, type SourceFile } from '../../src/engine/sources';
import { liveReadings, readingsScan } from '../../src/extension/liveReadings';
import { readingFree } from '../../src/extension/readingFree';

// What of a file's lenses is drawn before the include index is known: for a Dockerfile, the lines
// every build reads alike, each exactly as the scan with the builds' readings has it; for a
// Kubernetes manifest, the lines whose image no kustomization's images: entry names.
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
    for (const occurrence of early.scan.images) assert.ok(full.images.some((o) => o.line === occurrence.line && o.expanded === occurrence.expanded), `line ${occurrence.line} names the same image`);
    // Read for amd64 directly and for arm64 by build a: the index digest, which fits both.
    assert.deepEqual(full.images.find((o) => o.line === 2)?.platforms, [undefined, parsePlatform('linux/arm64')]);
  });

  it('a Dockerfile without variables is drawn whole', () => {
    const scan = scanSource({ kind: 'dockerfile', text: 'FROM alpine:3.20\nFROM busybox:1.36\n' }, options);
    const early = readingFree('dockerfile', scan);
    assert.equal(early?.complete, true);
    assert.deepEqual(early?.scan.images, scan.images);
  });

  describe('a Kubernetes manifest: the lines no kustomization of the workspace can rename', () => {
    const MANIFEST = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: app',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: init',
      '          image: busybox:1.36',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '        - name: api',
      '          image: registry.example.com:5000/team/api:2.0',
      '        - name: bad',
      '          image: Not_A_Ref:1.0',
      '        - name: cache',
      '          image: redis:7@sha256:' + 'a'.repeat(64),
      '',
    ].join('\n');
    const manifest: SourceFile = { kind: 'kubernetes', text: MANIFEST };
    const alone = scanSource(manifest, options);
    // Two overlays that rename nginx differently; one replaces the api image's tag.
    const readings: KustomizeReading[] = [
      { by: 'overlays/a/kustomization.yaml renders it', steps: [{ name: 'nginx', newName: 'mirror.example.com/nginx', keepsTag: true }, { name: 'registry.example.com:5000/team/api', keepsTag: false }] },
      { by: 'overlays/b/kustomization.yaml renders it', steps: [{ name: 'nginx', newName: 'other.example.com/nginx', keepsTag: true }] },
    ];
    // The names their entries give (as kustomize splits an image: the port stays in the name), and
    // one of an entry whose image no manifest here names.
    const entryNames = new Set(['nginx', 'registry.example.com:5000/team/api', 'Not_A_Ref', 'postgres']);
    const described = (scan: { images: readonly { line: number; expanded: string; reference: unknown }[] }) => scan.images.map((o) => [o.line, o.expanded, o.reference]);

    it('an image no entry names is drawn as the renderings read it; a named one, and a problem at a named one, wait', () => {
      const early = readingFree('kubernetes', alone, entryNames);
      assert.ok(early);
      assert.equal(early.complete, false);
      assert.deepEqual(
        early.scan.images.map((o) => [o.line, o.expanded]),
        [
          [10, 'busybox:1.36'],
          [19, `redis:7@sha256:${'a'.repeat(64)}`],
        ],
      );
      assert.deepEqual(alone.problems.map((p) => [p.kind, p.range.start.line]), [['invalid', 16]]);
      assert.deepEqual(early.scan.problems, []);
      // As the include index has the manifest read: its first rendering, and every rendering for conflicts.
      const base = scanSource(manifest, { ...options, kustomize: readings[0] });
      const full = readingsScan(manifest, base, kustomizePasses(options, readings));
      // The renderings name the nginx line differently: a conflict the early scan had left out.
      assert.ok(full.problems.some((p) => p.kind === 'conflict' && p.range.start.line === 12));
      const fullLines = described(full);
      for (const line of described(early.scan)) assert.ok(fullLines.some((l) => JSON.stringify(l) === JSON.stringify(line)), `line ${String(line[0])} is drawn alike`);
    });

    it('a manifest none of whose images an entry names is drawn whole, its problems with it', () => {
      const early = readingFree('kubernetes', alone, new Set(['postgres', 'team/api']));
      assert.equal(early?.complete, true);
      assert.deepEqual(early?.scan.images, alone.images);
      assert.deepEqual(early?.scan.problems, alone.problems);
    });

    it('without the entries\' names (not known yet, or a kustomization itself) it waits whole', () => {
      assert.equal(readingFree('kubernetes', alone), undefined);
    });
  });

  it('other kinds wait whole: includes and pipelines give them their variables', () => {
    const compose = scanSource({ kind: 'compose', text: 'services:\n  app:\n    image: alpine:3.20\n' }, { ...options, environment: new Map() });
    assert.equal(readingFree('compose', compose), undefined);
    const gitlab = scanSource({ kind: 'gitlab-ci', text: 'job:\n  image: alpine:3.20\n' }, options);
    assert.equal(readingFree('gitlab-ci', gitlab), undefined);
  });
});
