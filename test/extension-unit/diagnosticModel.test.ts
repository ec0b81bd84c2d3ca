import * as assert from 'node:assert/strict';
import type { ScanResult } from '../../src/core/types';
import { diagnosticsFor } from '../../src/extension/diagnosticModel';
import { AMD64, OLD, occurrence, status } from './fixtures';

describe('extension diagnosticModel: which lines get a diagnostic', () => {
  const unpinned = occurrence('alpine:3.20', 0);
  const pinned = occurrence(`debian:12@${OLD}`, 1);
  const scan: ScanResult = {
    images: [unpinned, pinned],
    problems: [{ kind: 'skipped', text: 'node:${V}', message: 'skipped "node:${V}": variable V has no default before the first FROM', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 14 } } }],
  };

  it('before resolving: unpinned lines (no registry needed) and skipped lines', () => {
    const out = diagnosticsFor(scan, [undefined, undefined], 'information');
    assert.deepEqual(out.map((d) => [d.code, d.severity, d.range.start.line]), [
      ['unpinned', 'information', 0],
      ['skipped', 'information', 2],
    ]);
  });

  it('after resolving: stale pins are warnings with both digests', () => {
    const out = diagnosticsFor(scan, [status('unpinned', unpinned, { target: AMD64 }), status('stale', pinned, { target: AMD64 })], 'warning');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['unpinned', 'warning'],
      ['stale', 'warning'],
      ['skipped', 'information'],
    ]);
    assert.match(out[0]?.message ?? '', /alpine:3\.20 is not pinned.*sha256:aaaaaaaa… \(linux\/amd64\)/);
    assert.match(out[1]?.message ?? '', /sha256:0f0f0f0f….*sha256:aaaaaaaa…/);
  });

  it('failures replace the unpinned diagnostic and carry the error message', () => {
    const out = diagnosticsFor(scan, [status('error', unpinned, { error: { code: 'NOT_FOUND', message: 'tag 3.20 not found' } }), status('current', pinned)], 'information');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['unresolved', 'warning'],
      ['skipped', 'information'],
    ]);
    assert.match(out[0]?.message ?? '', /tag 3\.20 not found/);
  });

  it('a pin whose manifest is gone is a warning with the reason and the choice to make', () => {
    const out = diagnosticsFor(scan, [undefined, status('gone', pinned)], 'none');
    assert.deepEqual(out.map((d) => [d.code, d.severity]), [
      ['gone', 'warning'],
      ['skipped', 'information'],
    ]);
    assert.match(out[0]?.message ?? '', /sha256:0f0f0f0f…: pinned manifest no longer in the registry\. The platform it was made for is unknown: choose the index digest or a platform digest/);
    const chosen = diagnosticsFor(scan, [undefined, status('gone', pinned, { target: AMD64 })], 'none');
    assert.match(chosen[0]?.message ?? '', /Its tag now points to sha256:aaaaaaaa… \(linux\/amd64\)/);
  });

  it('severity "none" hides unpinned lines only', () => {
    const out = diagnosticsFor(scan, [undefined, status('stale', pinned, { target: AMD64 })], 'none');
    assert.deepEqual(out.map((d) => d.code), ['stale', 'skipped']);
  });

  it('an invalid reference is reported as unresolved', () => {
    const bad: ScanResult = { images: [], problems: [{ kind: 'invalid', text: 'Alpine', message: 'invalid reference "Alpine"', range: unpinned.range }] };
    assert.deepEqual(diagnosticsFor(bad, [], 'information').map((d) => [d.code, d.severity]), [['unresolved', 'warning']]);
  });
});
