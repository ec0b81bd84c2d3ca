import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { ImageOccurrence } from '../../src/core/types';
import { scanSource } from '../../src/engine/sources';
import type { ImageStatus } from '../../src/engine/types';
import { lineEdits } from '../../src/core/lineEdits';
import { pinEveryReading, type PinReading } from '../../src/extension/readingPins';
import { applyEdits } from '../../src/core/pin';
import { AMD64, INDEX } from './fixtures';

// A compose file two includes read, each with its own env file, pinned as the CLI pins it: every
// reading's plan and re-read check in turn, each env file taking the pins of the readings that read it.
describe('extension readingPins: every include reading of a compose file pinned', () => {
  const TEXT = 'services:\n  app:\n    image: ${IMAGE}\n  tool:\n    image: busybox:1.36\n';
  const platform = parsePlatform('linux/amd64');
  const digests: Record<string, string> = { 'alpine:3.20': AMD64, 'busybox:1.36': INDEX };
  const none = new Map<string, string>();
  const reading = (envPath: string | null, by?: string): PinReading => ({ options: { environment: none }, envPath, ...(by === undefined ? {} : { by }) });
  /** The live reading's answers: every image unpinned, with its digest. */
  function unpinned(envText: string): ImageStatus[] {
    return scanSource({ kind: 'compose', text: TEXT, envFile: { text: envText } }, { environment: none }).images.map(
      (occurrence: ImageOccurrence): ImageStatus => ({ occurrence, platform, state: 'unpinned', kind: 'platform', targetDigest: digests[occurrence.expanded] }),
    );
  }

  it('a value each reading reads alike from its own env file is pinned in both; the line both read alike once', () => {
    const envTexts = new Map([
      ['/w/a.env', 'IMAGE=alpine:3.20\n'],
      ['/w/b.env', 'OTHER=x\nIMAGE=alpine:3.20\n'],
    ]);
    const result = pinEveryReading('compose', TEXT, [reading('/w/a.env'), reading('/w/b.env', 'compose.b.yaml includes it')], envTexts, unpinned('IMAGE=alpine:3.20\n'), true);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.text, TEXT.replace('busybox:1.36', `busybox:1.36@${INDEX}`));
    assert.deepEqual(Object.fromEntries([...result.envFiles].map(([path, env]) => [path, env.after])), {
      '/w/a.env': `IMAGE=alpine:3.20@${AMD64}\n`,
      '/w/b.env': `OTHER=x\nIMAGE=alpine:3.20@${AMD64}\n`,
    });
  });

  it('an env file two readings share takes the pin once', () => {
    const envTexts = new Map([['/w/a.env', 'IMAGE=alpine:3.20\n']]);
    const result = pinEveryReading('compose', TEXT, [reading('/w/a.env'), reading('/w/a.env', 'compose.b.yaml includes it')], envTexts, unpinned('IMAGE=alpine:3.20\n'), true);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.envFiles.get('/w/a.env')?.after, `IMAGE=alpine:3.20@${AMD64}\n`);
  });

  it('refuses when a reading now names another image on a line the readings agreed on', () => {
    const envTexts = new Map([
      ['/w/a.env', 'IMAGE=alpine:3.20\n'],
      ['/w/b.env', 'IMAGE=alpine:3.21\n'],
    ]);
    const result = pinEveryReading('compose', TEXT, [reading('/w/a.env'), reading('/w/b.env', 'compose.b.yaml includes it')], envTexts, unpinned('IMAGE=alpine:3.20\n'), true);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /^line 3 \(as compose\.b\.yaml includes it\): it names alpine:3\.21 where the file's reading names alpine:3\.20/);
  });

  it('leaves alone a line the live reading does not pin (its readings disagree there)', () => {
    const envTexts = new Map([
      ['/w/a.env', 'IMAGE=alpine:3.20\n'],
      ['/w/b.env', 'IMAGE=alpine:3.21\n'],
    ]);
    const agreed = unpinned('IMAGE=alpine:3.20\n').filter((status) => status.occurrence.expanded === 'busybox:1.36');
    const result = pinEveryReading('compose', TEXT, [reading('/w/a.env'), reading('/w/b.env', 'compose.b.yaml includes it')], envTexts, agreed, true);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(result.text, TEXT.replace('busybox:1.36', `busybox:1.36@${INDEX}`));
    assert.equal(result.envFiles.size, 0);
  });
});

describe('extension lineEdits: the edits between two texts with the same lines', () => {
  it('one edit per changed line, from its first to its last changed character, that give the new text back', () => {
    const before = `a: x\nimage: busybox:1.36@${AMD64}\nb: y\r\nc: alpine\n`;
    const after = `a: x\nimage: busybox:1.36@${INDEX}\nb: y\r\nc: alpine@${AMD64}\n`;
    const edits = lineEdits(before, after);
    assert.ok(edits);
    assert.equal(edits.length, 2);
    assert.equal(edits[1].newText, `@${AMD64}`);
    assert.deepEqual(edits[1].range, { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } });
    assert.equal(applyEdits(before, edits), after);
  });

  it('none for texts whose lines differ in number', () => {
    assert.equal(lineEdits('a\n', 'a\nb\n'), undefined);
  });
});
