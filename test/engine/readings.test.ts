import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { BuildScan } from '../../src/core/buildScan';
import { type Reading, readingConflicts } from '../../src/engine/readings';

// A Dockerfile read directly and as builds read it: where they disagree, and what only the index fits.
describe('engine readings: one Dockerfile read directly and as its builds read it', () => {
  const AMD64 = parsePlatform('linux/amd64');
  const ARM64 = parsePlatform('linux/arm64');
  const direct: Reading = { options: { platform: AMD64 } };
  const built = (by: string, platforms: readonly ReturnType<typeof parsePlatform>[], more: Partial<BuildScan> = {}, buildArgs = new Map<string, string>()): Reading => ({
    options: { platform: AMD64, buildArgs, build: { platforms, unknownArgs: new Map(), ...more } },
    by,
  });
  const TEXT = 'FROM alpine:3.20 AS app\nFROM ubuntu:24.04 AS dev\nFROM --platform=linux/amd64 busybox:1.36 AS tools\nFROM app\n';
  const at = (line: number) => ({ range: { start: { line: line - 1, character: 5 }, end: { line: line - 1, character: 5 } }, text: TEXT.split('\n')[line - 1].split(' ').find((w) => w.includes(':') && !w.startsWith('--')) ?? '' });
  const uses = (conflicts: ReturnType<typeof readingConflicts>, line: number) => {
    const found = conflicts.platformsOf({ ...at(line), source: 'from', expanded: '', reference: { registry: '', repository: '' }, variables: [], line } as never);
    return found === undefined ? undefined : { platforms: found.platforms.map((p) => (p === undefined ? 'configured' : `${p.os}/${p.architecture}`)), indexOnly: found.indexOnly };
  };

  it('a stage no build reaches, in a file its builds build for another platform, is used on theirs too, saying why; one with a platform of its own keeps it', () => {
    const conflicts = readingConflicts({ kind: 'dockerfile', text: TEXT }, [direct, built('a workflow builds it', [AMD64, ARM64])]);
    // The default target reaches app through the last stage.
    assert.deepEqual(uses(conflicts, 1)?.platforms, ['configured', 'linux/amd64', 'linux/arm64']);
    assert.equal(uses(conflicts, 1)?.indexOnly, undefined);
    const dev = uses(conflicts, 2);
    assert.deepEqual(dev?.platforms, ['configured', 'linux/arm64']);
    assert.match(dev?.indexOnly ?? '', /^no build the repository shows reaches this stage, and those it shows build this Dockerfile for linux\/amd64 and linux\/arm64/);
    assert.equal(uses(conflicts, 3), undefined);
  });

  it('builds for the configured platform alone leave such a stage to it', () => {
    const conflicts = readingConflicts({ kind: 'dockerfile', text: TEXT }, [direct, built('a workflow builds it', [AMD64])]);
    assert.equal(uses(conflicts, 2), undefined);
  });

  it('a conflict names a few of the readings that name one image, and how many more', () => {
    const text = 'ARG BASE=busybox:1.36\nFROM ${BASE}\n';
    const readings = [direct, ...[1, 2, 3, 4, 5].map((n) => built(`job ${n}`, [AMD64], {}, new Map([['BASE', 'golang:1.22']])))];
    const [problem] = readingConflicts({ kind: 'dockerfile', text }, readings).problems;
    assert.match(problem.message, /busybox:1\.36 \(read directly\) and golang:1\.22 \(as job 1 builds it, as job 2 builds it, and 3 more readings\)/);
  });
});
