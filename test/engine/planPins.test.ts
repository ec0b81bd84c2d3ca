import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { DockerPinError } from '../../src/core/errors';
import { countActions, planPins } from '../../src/engine/planPins';
import type { Analysis, ImageStatus, PinState } from '../../src/engine/types';
import type { DigestKind, ScanProblem } from '../../src/core/types';
import { AMD64 } from './fixtures';

const OLD = `sha256:${'1'.repeat(64)}`;
const NEW = `sha256:${'2'.repeat(64)}`;

/** Statuses for each image of `text`, in order, as the engine would give them. */
function analysisOf(text: string, states: ReadonlyArray<[PinState, DigestKind?]>): Analysis {
  const scan = scanDockerfile(text);
  assert.equal(scan.images.length, states.length);
  const statuses: ImageStatus[] = scan.images.map((occurrence, i) => {
    const [state, kind = 'platform'] = states[i];
    return {
      occurrence,
      platform: AMD64,
      state,
      kind,
      targetDigest: state === 'error' || state === 'digest-only' ? undefined : state === 'current' ? OLD : NEW,
      error: state === 'error' ? new DockerPinError('NOT_FOUND', `${occurrence.expanded}: manifest unknown`) : undefined,
    };
  });
  return { statuses, problems: scan.problems };
}

describe('planPins', () => {
  const text = ['FROM alpine:3.20 AS a', `FROM debian:12@${OLD} AS b`, `FROM busybox:1@${OLD} AS c`, `FROM ubuntu@${OLD}`, 'FROM acme/missing:1', ''].join('\n');
  const states: Array<[PinState, DigestKind?]> = [['unpinned'], ['stale', 'index'], ['current'], ['digest-only'], ['error']];

  it('pins unpinned lines and leaves stale ones alone without update', () => {
    const plan = planPins(analysisOf(text, states), { update: false });
    assert.deepEqual(
      plan.lines.map((l) => l.action),
      ['pin', 'stale', 'unchanged', 'unchanged', 'failed'],
    );
    assert.equal(plan.edits.length, 1);
    assert.equal(plan.edits[0].newText.includes(NEW), true);
    assert.deepEqual(countActions(plan.lines), { pinned: 1, updated: 0, unchanged: 3, ignored: 0, failed: 1 });
  });

  it('replaces stale digests with update', () => {
    const plan = planPins(analysisOf(text, states), { update: true });
    assert.deepEqual(
      plan.lines.map((l) => l.action),
      ['pin', 'update', 'unchanged', 'unchanged', 'failed'],
    );
    assert.equal(plan.edits.length, 2);
    assert.deepEqual(countActions(plan.lines), { pinned: 1, updated: 1, unchanged: 2, ignored: 0, failed: 1 });
  });

  it('reports failed lines with the error message and makes no edit for them', () => {
    const plan = planPins(analysisOf(text, states), { update: true });
    const failed = plan.notes.find((n) => n.action === 'failed');
    assert.match(failed?.note ?? '', /acme\/missing:1: manifest unknown/);
    assert.equal(failed?.edit, undefined);
  });

  it('reports a stale digest that comes from a variable instead of editing it', () => {
    const withVar = `ARG PIN=${OLD}\nFROM alpine:3.20@\${PIN}\n`;
    const plan = planPins(analysisOf(withVar, [['stale']]), { update: true });
    assert.equal(plan.edits.length, 0);
    assert.equal(plan.lines[0].action, 'variable-digest');
    assert.match(plan.lines[0].note ?? '', /\$PIN/);
  });

  it('counts every scan problem as failed: each leaves an image unpinned', () => {
    const plan = planPins(analysisOf('FROM alpine:3.20\n', [['unpinned']]), { update: false });
    const range = plan.lines[0].status.occurrence.range;
    const problem = (kind: ScanProblem['kind']): ScanProblem => ({ kind, range, text: 'x', message: kind });
    assert.deepEqual(countActions(plan.lines, [problem('invalid'), problem('unresolved'), problem('skipped')]), { pinned: 1, updated: 0, unchanged: 0, ignored: 0, failed: 3 });
  });

  it('leaves a gone pin without a chosen update, says what to pass, and counts it failed', () => {
    const analysis = analysisOf(`FROM acme/app:1@${OLD}\n`, [['gone']]);
    const unchosen = { ...analysis, statuses: analysis.statuses.map((s) => ({ ...s, targetDigest: undefined })) };
    for (const update of [true, false]) {
      const plan = planPins(unchosen, { update });
      assert.deepEqual(plan.edits, []);
      assert.equal(plan.lines[0].action, 'gone');
      assert.match(plan.lines[0].note ?? '', /^pinned manifest no longer in the registry; left as it is; .*--platform <os\/arch>.*--index/);
      assert.deepEqual(countActions(plan.lines), { pinned: 0, updated: 0, unchanged: 0, ignored: 0, failed: 1 });
    }
  });

  it('replaces a gone pin with the chosen digest only with update', () => {
    const analysis = analysisOf(`FROM acme/app:1@${OLD}\n`, [['gone']]);
    const updated = planPins(analysis, { update: true });
    assert.equal(updated.lines[0].action, 'update');
    assert.equal(updated.edits[0].newText, `@${NEW}`);
    const left = planPins(analysis, { update: false });
    assert.equal(left.lines[0].action, 'gone');
    assert.match(left.lines[0].note ?? '', new RegExp(`--update replaces it with ${NEW}`));
  });

  it('a plan of a fully pinned file has no edits', () => {
    const plan = planPins(analysisOf(`FROM alpine:3.20@${OLD}\n`, [['current']]), { update: true });
    assert.deepEqual(plan.edits, []);
    assert.deepEqual(plan.notes, []);
  });
});

describe('planPins: references written as one ARG', () => {
  const shared = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\n';

  it('lines sharing an ARG default get one edit there, and each counts as pinned', () => {
    const plan = planPins(analysisOf(shared, [['unpinned'], ['unpinned']]), { update: false });
    assert.deepEqual(plan.lines.map((l) => l.action), ['pin', 'pin']);
    assert.equal(plan.edits.length, 1);
    assert.deepEqual(plan.edits[0], { range: { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, newText: `@${NEW}` });
    assert.equal(plan.lines[0].edit, plan.lines[1].edit);
    assert.deepEqual(plan.notes, []);
    assert.deepEqual(countActions(plan.lines), { pinned: 2, updated: 0, unchanged: 0, ignored: 0, failed: 0 });
  });

  it('a stale pin in the ARG default is updated there with update, reported without', () => {
    const text = `ARG BASE=alpine:3.20@${OLD}\nFROM \${BASE} AS a\nCOPY --from=$BASE /a /b\n`;
    const updated = planPins(analysisOf(text, [['stale'], ['stale']]), { update: true });
    assert.deepEqual(updated.lines.map((l) => l.action), ['update', 'update']);
    assert.deepEqual(updated.edits, [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 92 } }, newText: `@${NEW}` }]);
    const left = planPins(analysisOf(text, [['stale'], ['stale']]), { update: false });
    assert.deepEqual(left.lines.map((l) => l.action), ['stale', 'stale']);
    assert.deepEqual(left.edits, []);
  });

  it('a line that could not be resolved leaves the shared default alone for every line, saying why', () => {
    const plan = planPins(analysisOf(shared, [['unpinned'], ['error']]), { update: true });
    assert.deepEqual(plan.edits, []);
    assert.deepEqual(plan.lines.map((l) => l.action), ['failed', 'failed']);
    assert.match(plan.lines[0].note ?? '', /^not pinned: the default of ARG BASE serves several lines and line 3, which also uses it, could not be resolved$/);
  });

  it('lines that want different digests leave the default alone', () => {
    const analysis = analysisOf(shared, [['unpinned'], ['unpinned']]);
    const other = `sha256:${'3'.repeat(64)}`;
    const statuses = [analysis.statuses[0], { ...analysis.statuses[1], targetDigest: other }];
    const plan = planPins({ statuses, problems: [] }, { update: true });
    assert.deepEqual(plan.edits, []);
    assert.match(plan.lines[0].note ?? '', new RegExp(`line 3, which also uses it, resolves to ${other}`));
  });

  it('an ARG default serving several platforms takes the index digest, and the plan says so', () => {
    const analysis = analysisOf(shared, [['unpinned', 'index'], ['unpinned', 'index']]);
    const indexOnly = 'the default of ARG BASE serves linux/amd64 and linux/arm64';
    const plan = planPins({ statuses: analysis.statuses.map((s) => ({ ...s, indexOnly })), problems: [] }, { update: false });
    assert.equal(plan.edits.length, 1);
    assert.equal(plan.notes[0].note, `the index digest goes into the default of ARG BASE on line 1: ${indexOnly}`);
  });

  it('a digest on a line built from ARGs comes with a note that --build-arg no longer changes it', () => {
    const plan = planPins(analysisOf('ARG GO_VERSION=1.22\nFROM golang:${GO_VERSION}\n', [['unpinned']]), { update: false });
    assert.equal(plan.lines[0].action, 'pin');
    assert.equal(plan.notes[0].note, 'a digest on this line wins over --build-arg GO_VERSION=…: the override no longer changes the image here');
  });

  it('an ARG also used elsewhere is pinned on the line, with the reason', () => {
    const plan = planPins(analysisOf('ARG BASE=alpine:3.20\nFROM ${BASE} AS ${BASE}\n', [['unpinned']]), { update: false });
    assert.equal(plan.edits[0].range.start.line, 1);
    assert.equal(
      plan.notes[0].note,
      'a digest on this line wins over --build-arg BASE=…: the override no longer changes the image here (BASE is also used on line 2, so its default cannot take the pin), and one that names another repository makes the build fail: it does not hold this digest',
    );
  });
});
