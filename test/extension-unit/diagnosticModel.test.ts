import * as assert from 'node:assert/strict';
import type { ScanProblem, ScanResult } from '../../src/core/types';
import { diagnosticsFor, saidDiagnostics } from '../../src/extension/diagnosticModel';
import { AMD64, INDEX, OLD, occurrence, resolution, status } from './fixtures';

describe('extension diagnosticModel: which lines get a diagnostic', () => {
  const unpinned = occurrence('alpine:3.20', 0);
  const pinned = occurrence(`debian:12@${OLD}`, 1);
  const skipped: ScanProblem = {
    kind: 'skipped',
    text: 'node:${V}',
    message: 'skipped "node:${V}": cannot tell where it stands in the file',
    range: { start: { line: 2, character: 5 }, end: { line: 2, character: 14 } },
  };
  const scan: ScanResult = { images: [unpinned, pinned], problems: [skipped] };

  it('before resolving: unpinned lines (no registry needed) and skipped lines, which are warnings', () => {
    const out = diagnosticsFor(scan, [undefined, undefined], 'information');
    assert.deepEqual(out.map((d) => [d.code, d.severity, d.range.start.line]), [
      ['unpinned', 'information', 0],
      ['skipped', 'warning', 2],
    ]);
    assert.match(out[1]?.message ?? '', /cannot tell where it stands in the file\. This line is not pinned; pin it by hand\./);
  });

  it('after resolving: stale pins are warnings with both digests', () => {
    const out = diagnosticsFor(scan, [status('unpinned', unpinned, { target: AMD64 }), status('stale', pinned, { target: AMD64 })], 'warning');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['unpinned', 'warning'],
      ['stale', 'warning'],
      ['skipped', 'warning'],
    ]);
    assert.match(out[0]?.message ?? '', /alpine:3\.20 is not pinned.*sha256:aaaaaaaa… \(linux\/amd64\)/);
    assert.match(out[1]?.message ?? '', /sha256:0f0f0f0f….*sha256:aaaaaaaa…/);
  });

  it('failures replace the unpinned diagnostic and carry the error message', () => {
    const out = diagnosticsFor(scan, [status('error', unpinned, { error: { code: 'NOT_FOUND', message: 'tag 3.20 not found' } }), status('current', pinned)], 'information');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['unresolved', 'warning'],
      ['skipped', 'warning'],
    ]);
    assert.match(out[0]?.message ?? '', /tag 3\.20 not found/);
  });

  it('a pin whose manifest is gone is a warning with the reason and the choice to make', () => {
    const out = diagnosticsFor(scan, [undefined, status('gone', pinned)], 'none');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['gone', 'warning'],
      ['skipped', 'warning'],
    ]);
    assert.match(out[0]?.message ?? '', /sha256:0f0f0f0f…: pinned manifest no longer in the registry\. The platform it was made for is unknown: choose the index digest or a platform digest/);
    const chosen = diagnosticsFor(scan, [undefined, status('gone', pinned, { target: AMD64 })], 'none');
    assert.match(chosen[0]?.message ?? '', /Its tag now points to sha256:aaaaaaaa… \(linux\/amd64\)/);
  });

  it('severity "none" hides unpinned lines only', () => {
    const out = diagnosticsFor(scan, [undefined, status('stale', pinned, { target: AMD64 })], 'none');
    assert.deepEqual(out.map((d) => d.code), ['stale', 'skipped']);
  });

  it('an invalid reference is a warning of its own', () => {
    const bad: ScanResult = { images: [], problems: [{ kind: 'invalid', text: 'Alpine', message: 'invalid reference "Alpine"', range: unpinned.range }] };
    assert.deepEqual(diagnosticsFor(bad, [], 'information').map((d) => [d.code, d.severity]), [['invalid', 'warning']]);
  });

  it('a variable without a value is a warning with the reason and the setting that fixes it', () => {
    const noValue: ScanResult = {
      images: [],
      problems: [{ kind: 'unresolved', text: 'golang:${GO_VERSION}', message: 'no value for GO_VERSION: pass --build-arg GO_VERSION=…', range: unpinned.range }],
    };
    const out = diagnosticsFor(noValue, [], 'none');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [['unresolved-variable', 'warning']]);
    assert.equal(out[0]?.message, 'no value for GO_VERSION: pass --build-arg GO_VERSION=… In VS Code, build args (--build-arg NAME=VALUE) are given in the dockerPin.buildArgs setting.');
  });

  it("a file a line names that cannot be read (a missing include) is labelled as the CLI's JSON labels it, unresolved, not as a variable without a value", () => {
    const missing: ScanResult = {
      images: [],
      problems: [{ kind: 'unresolved', text: 'ci/missing.yml', message: '.gitlab-ci.yml names ci/missing.yml, which does not exist', range: unpinned.range, aboutFile: true }],
    };
    assert.deepEqual(diagnosticsFor(missing, [], 'none').map((d) => [d.code, d.severity]), [['unresolved', 'warning']]);
  });

  describe('platform pins where the platform is decided at build time', () => {
    const golang = occurrence('golang:1.23', 0, { buildTimePlatform: true });
    const golangPinned = occurrence(`golang:1.23@${AMD64}`, 0, { buildTimePlatform: true });
    const only = (images: ScanResult['images']): ScanResult => ({ images, problems: [] });

    it('an unpinned line that would get a platform digest has a hint besides the unpinned diagnostic', () => {
      const out = diagnosticsFor(only([golang]), [status('unpinned', golang, { target: AMD64 })], 'information');
      assert.deepEqual(out.map((d) => [d.code, d.severity]), [
        ['build-time-platform', 'hint'],
        ['unpinned', 'information'],
      ]);
      assert.match(out[0]?.message ?? '', /would write the linux\/amd64 digest.*decided at build time.*right for a linux\/amd64 builder or target only\. Pin the index digest/);
    });

    it('a current or stale platform pin has the hint too', () => {
      for (const state of ['current', 'stale'] as const) {
        const out = diagnosticsFor(only([golangPinned]), [status(state, golangPinned, { target: AMD64 })], 'information');
        assert.ok(out.some((d) => d.code === 'build-time-platform' && d.severity === 'hint' && /pinned to its linux\/amd64 manifest/.test(d.message)), state);
      }
    });

    it('no hint for an index pin, a single-platform image, a line whose platform is fixed, or before the answer is known', () => {
      const index = occurrence(`golang:1.23@${INDEX}`, 0, { buildTimePlatform: true });
      const single = resolution({ isIndex: false, indexDigest: AMD64, platforms: [] });
      const cases = [
        diagnosticsFor(only([index]), [status('current', index, { kind: 'index', target: INDEX })], 'information'),
        diagnosticsFor(only([golang]), [status('unpinned', golang, { kind: 'index', target: INDEX })], 'information'),
        diagnosticsFor(only([golang]), [status('unpinned', golang, { target: AMD64, resolution: single })], 'information'),
        diagnosticsFor(only([unpinned]), [status('unpinned', unpinned, { target: AMD64 })], 'information'),
        diagnosticsFor(only([golang]), [undefined], 'information'),
      ];
      for (const out of cases) assert.deepEqual(out.filter((d) => d.code === 'build-time-platform'), []);
    });
  });
});

describe('extension diagnosticModel: ignored images', () => {
  it('get no diagnostic, before or after resolving', () => {
    const ignored = occurrence('alpine:3.20', 0, { ignored: 'ignore comment on line 1' });
    const scan: ScanResult = { images: [ignored], problems: [] };
    assert.deepEqual(diagnosticsFor(scan, [undefined], 'warning'), []);
    assert.deepEqual(diagnosticsFor(scan, [status('ignored', ignored)], 'warning'), []);
  });
});

describe('extension diagnosticModel: a file read every way it is read (Check Workspace)', () => {
  const direct = occurrence('alpine:3.20', 0);
  // `FROM $BASE` as a build whose args give BASE reads it.
  const built = { ...occurrence('alpine:3.20', 1), text: '$BASE', variables: ['BASE'] };
  const unresolved: ScanProblem = {
    kind: 'unresolved',
    text: '$BASE',
    message: 'BASE has no value: give it one with --build-arg BASE=…',
    range: { start: { line: 1, character: 5 }, end: { line: 1, character: 10 } },
  };

  it('a line read directly reads as an open file does; a line a build reads says what the CLI says, with the build', () => {
    const out = saidDiagnostics(
      [
        { problem: unresolved },
        { status: status('unpinned', direct, { target: AMD64 }) },
        { status: status('unpinned', built, { target: AMD64 }), by: 'service app in compose.yaml' },
      ],
      'information',
    );
    assert.deepEqual(out.map((d) => [d.range.start.line, d.code]), [
      [0, 'unpinned'],
      [1, 'unresolved-variable'],
      [1, 'unpinned'],
    ]);
    assert.deepEqual(out[0]?.message, diagnosticsFor({ images: [direct], problems: [] }, [status('unpinned', direct, { target: AMD64 })], 'information')[0]?.message);
    assert.equal(
      out[2]?.message,
      `unpinned alpine:3.20 (would pin ${AMD64}; a digest on this line wins over --build-arg BASE=…: the override no longer changes the image here, and one that names another repository makes the build fail: it does not hold this digest) (as service app in compose.yaml builds it)`,
    );
  });

  it("a problem only a build meets names the build after its reason, before the way out", () => {
    const out = saidDiagnostics([{ problem: { ...unresolved, kind: 'skipped', message: 'skipped "$BASE": no place for a digest.' }, by: 'the dev container in devcontainer.json' }], 'information');
    assert.equal(out[0]?.message, 'skipped "$BASE": no place for a digest (as the dev container in devcontainer.json builds it). This line is not pinned; pin it by hand.');
  });
});
