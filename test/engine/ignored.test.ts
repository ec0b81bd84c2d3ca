import * as assert from 'node:assert/strict';
import { analyze } from '../../src/engine/analyze';
import { sharedAnswer, startAnswer, type AnswerMemo } from '../../src/engine/answerMemo';
import { statusMessage } from '../../src/engine/messages';
import { countActions, planPins } from '../../src/engine/planPins';
import { resolveOccurrence } from '../../src/engine/resolveOccurrence';
import { scanSource } from '../../src/engine/sources';
import type { ImageOccurrence } from '../../src/core/types';
import { AMD64, countingClient, occurrenceOf } from './fixtures';

/** The configuration's kind of hook: images of one repository are left alone. */
const ignoreTools = (occurrence: ImageOccurrence): string | undefined =>
  occurrence.reference.repository === 'acme/tools' ? '.docker-pin.yaml ignore: acme/tools' : undefined;

describe('ignored images', () => {
  const text = 'FROM acme/tools:1 AS tools\nFROM alpine:3.20\nCOPY --from=acme/tools:1 /x /x\n';

  it('are answered as ignored with their reason and never asked about', async () => {
    const client = countingClient();
    const analysis = await analyze({ kind: 'dockerfile', text }, client, { platform: AMD64, kind: 'platform', ignoreImages: ignoreTools });
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.line, s.state, s.occurrence.ignored]),
      [
        [1, 'ignored', '.docker-pin.yaml ignore: acme/tools'],
        [2, 'unpinned', undefined],
        [3, 'ignored', '.docker-pin.yaml ignore: acme/tools'],
      ],
    );
    assert.deepEqual(client.asked, ['library/alpine:3.20 amd64 platform']);
    assert.equal(statusMessage(analysis.statuses[0]), 'ignored acme/tools:1 (.docker-pin.yaml ignore: acme/tools)');
  });

  it('do not lend their answer to another line naming the same image, nor borrow one', async () => {
    const client = countingClient();
    // The same image twice in one file: one line ignored, the other resolved for itself.
    const ignoreFirst = (occurrence: ImageOccurrence) => (occurrence.line === 1 ? 'first line' : undefined);
    const twice = 'FROM acme/tools:1 AS a\nFROM acme/tools:1 AS b\n';
    const analysis = await analyze({ kind: 'dockerfile', text: twice }, client, { platform: AMD64, kind: 'platform', ignoreImages: ignoreFirst });
    assert.deepEqual(analysis.statuses.map((s) => s.state), ['ignored', 'unpinned']);
    // And across files sharing one memo, in either order.
    const answers: AnswerMemo = new Map();
    const shared = { platform: AMD64, kind: 'platform' as const, answers };
    const plain = occurrenceOf('FROM acme/tools:1\n');
    const ignored = { ...plain, ignored: 'ignore comment on line 1' };
    startAnswer(ignored, client, shared, answers);
    assert.equal(answers.size, 0);
    assert.equal((await sharedAnswer(plain, client, shared, answers)).state, 'unpinned');
    assert.equal((await sharedAnswer(ignored, client, shared, answers)).state, 'ignored');
  });

  it('resolveOccurrence, the extension\'s way in, asks nothing for an ignored line', async () => {
    const client = countingClient();
    const occurrence = { ...occurrenceOf('FROM alpine:3.20\n'), ignored: 'ignore comment on line 1' };
    const status = await resolveOccurrence(occurrence, client, { platform: AMD64, kind: 'platform' });
    assert.equal(status.state, 'ignored');
    assert.deepEqual(client.asked, []);
  });

  it('a reason the file gives wins over the configuration\'s', () => {
    const own = scanSource({ kind: 'dockerfile', text: 'FROM acme/tools:1\n' }, { ignoreImages: ignoreTools }).images[0];
    assert.equal(own.ignored, '.docker-pin.yaml ignore: acme/tools');
    assert.equal(scanSource({ kind: 'dockerfile', text: 'FROM alpine:3\n' }, { ignoreImages: ignoreTools }).images[0].ignored, undefined);
  });

  it('are never edited by a plan, and counted as ignored', async () => {
    const analysis = await analyze({ kind: 'dockerfile', text }, countingClient(), { platform: AMD64, kind: 'platform', ignoreImages: ignoreTools });
    const plan = planPins(analysis, { update: true });
    assert.deepEqual(plan.lines.map((l) => l.action), ['ignored', 'pin', 'ignored']);
    assert.equal(plan.edits.length, 1);
    assert.equal(plan.edits[0].range.start.line, 1);
    assert.deepEqual(countActions(plan.lines), { pinned: 1, updated: 0, unchanged: 0, ignored: 2, failed: 0 });
  });

  it('an ARG default that an ignored line shares is left alone for every line, saying why', async () => {
    const shared = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\n';
    const ignoreCopy = (occurrence: ImageOccurrence) => (occurrence.source === 'copy' ? 'ignore comment on line 2' : undefined);
    const analysis = await analyze({ kind: 'dockerfile', text: shared }, countingClient(), { platform: AMD64, kind: 'platform', ignoreImages: ignoreCopy });
    const plan = planPins(analysis, { update: true });
    assert.deepEqual(plan.edits, []);
    assert.deepEqual(plan.lines.map((l) => l.action), ['failed', 'ignored']);
    assert.match(plan.lines[0].note ?? '', /line 3, which also uses it, is ignored \(ignore comment on line 2\)$/);
  });
});
