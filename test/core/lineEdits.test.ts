import * as assert from 'node:assert/strict';
import { lineEdits } from '../../src/core/lineEdits';
import { applyEdits } from '../../src/core/pin';

describe('core lineEdits: the edits between two texts with the same lines', () => {
  const AMD64 = `sha256:${'a'.repeat(64)}`;
  const INDEX = `sha256:${'1'.repeat(64)}`;

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
