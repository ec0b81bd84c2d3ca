import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { planPins } from '../../src/engine/planPins';
import { rewrite } from '../../src/engine/rewrite';
import type { Analysis } from '../../src/engine/types';
import { AMD64 } from './fixtures';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

function unpinnedAnalysis(text: string, digests: string[]): Analysis {
  const scan = scanDockerfile(text, { platform: AMD64 });
  return {
    statuses: scan.images.map((occurrence, i) => ({ occurrence, platform: AMD64, state: 'unpinned', kind: 'platform', targetDigest: digests[i] })),
    problems: scan.problems,
  };
}

describe('rewrite', () => {
  it('inserts the digests after the references as written and keeps every other byte', () => {
    const text = '# base\r\nARG V=3.20\r\nFROM alpine:${V} AS a\r\nCOPY --from=busybox:1 \\\r\n  /bin/sh /sh\r\n';
    const result = rewrite({ kind: 'dockerfile', text }, planPins(unpinnedAnalysis(text, [D1, D2]), { update: false }), { platform: AMD64 });
    assert.ok(result.ok);
    assert.equal(result.changed, true);
    assert.equal(result.text, `# base\r\nARG V=3.20\r\nFROM alpine:\${V}@${D1} AS a\r\nCOPY --from=busybox:1@${D2} \\\r\n  /bin/sh /sh\r\n`);
  });

  it('reports no change when there is nothing to pin', () => {
    const text = 'FROM scratch\n';
    const result = rewrite({ kind: 'dockerfile', text }, planPins(unpinnedAnalysis(text, []), { update: false }), { platform: AMD64 });
    assert.deepEqual(result, { ok: true, text, changed: false });
  });

  it('refuses a text whose images do not match the plan', () => {
    const text = 'FROM alpine:3.20\n';
    const plan = planPins(unpinnedAnalysis(text, [D1]), { update: false });
    // An edit that changes the name as well as adding a digest must never be written.
    const bad = { ...plan, edits: [{ ...plan.edits[0], newText: `-edge@${D1}` }] };
    const result = rewrite({ kind: 'dockerfile', text }, bad, { platform: AMD64 });
    assert.equal(result.ok, false);
  });
});

/** The options the analyses here scan with. */
const SCAN = { platform: AMD64 };

describe('rewrite: ARG defaults', () => {
  it('pins an ARG default once for every use, keeping CRLF', () => {
    const text = 'ARG BASE="alpine:3.20"\r\nFROM ${BASE} AS a\r\nCOPY --from=$BASE /a /b\r\n';
    const result = rewrite({ kind: 'dockerfile', text }, planPins(unpinnedAnalysis(text, [D1, D1]), { update: false }), SCAN);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.text, `ARG BASE="alpine:3.20@${D1}"\r\nFROM \${BASE} AS a\r\nCOPY --from=$BASE /a /b\r\n`);
  });

  it('pins two ARG defaults on one line', () => {
    const two = 'ARG A=alpine:3.20 B="busybox:1"\nFROM ${A} AS a\nCOPY --from=$B /a /b\n';
    const result = rewrite({ kind: 'dockerfile', text: two }, planPins(unpinnedAnalysis(two, [D1, D2]), { update: false }), SCAN);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.text, `ARG A=alpine:3.20@${D1} B="busybox:1@${D2}"\nFROM \${A} AS a\nCOPY --from=$B /a /b\n`);
  });

  const text = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\n';
  const atDefault = { range: { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, newText: `@${D1}` };

  it('refuses a plan that pins the default for one of the lines that share it', () => {
    const plan = planPins(unpinnedAnalysis(text, [D1, D1]), { update: false });
    const bad = { ...plan, lines: [plan.lines[0], { ...plan.lines[1], action: 'unchanged' as const, edit: undefined }] };
    const result = rewrite({ kind: 'dockerfile', text }, bad, SCAN);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /^line 3: .* would change its digest, which was not planned$/);
  });

  it('refuses a plan that writes the digest on a line whose pin belongs in the default', () => {
    const plan = planPins(unpinnedAnalysis(text, [D1, D1]), { update: false });
    const onLine = { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, newText: `@${D1}` };
    const lines = plan.lines.map((line, i) => (i === 0 ? { ...line, edit: onLine } : line));
    const result = rewrite({ kind: 'dockerfile', text }, { ...plan, lines, edits: [onLine, atDefault] }, SCAN);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /^line 2: an edit falls outside "alpine:3.20"$/);
  });

  it('refuses an ARG default edit for an ARG used elsewhere, where the digest would also reach a RUN', () => {
    const used = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nRUN echo $BASE\n';
    const plan = planPins(unpinnedAnalysis(used, [D1]), { update: false });
    // As if the plan had taken the default for the line's own text: the edit lies outside the line.
    const lines = plan.lines.map((line) => ({ ...line, edit: atDefault }));
    assert.equal(rewrite({ kind: 'dockerfile', text: used }, { ...plan, lines, edits: [atDefault] }, SCAN).ok, false);
    // Even when the edit is made to look like the line's: the re-read sees the digest come from a variable.
    const occurrence = { ...plan.lines[0].status.occurrence, range: { start: { line: 0, character: 9 }, end: { line: 1, character: 12 } } };
    const disguised = [{ ...lines[0], status: { ...lines[0].status, occurrence } }];
    const result = rewrite({ kind: 'dockerfile', text: used }, { ...plan, lines: disguised, edits: [atDefault] }, SCAN);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /would come from a variable instead of being written on the line/);
  });

  it('refuses an edit that belongs to no planned line', () => {
    const plan = planPins(unpinnedAnalysis(text, [D1, D1]), { update: false });
    const stray = { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '#' };
    const result = rewrite({ kind: 'dockerfile', text }, { ...plan, edits: [...plan.edits, stray] }, SCAN);
    assert.deepEqual(result, { ok: false, reason: 'an edit belongs to no planned line' });
  });
});
