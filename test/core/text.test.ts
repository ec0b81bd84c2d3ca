import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { comparePositions, lineStarts, offsetAt, positionAt } from '../../src/core/text';

describe('core/text', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks, as the LSP does', () => {
    assert.deepEqual(lineStarts('a\nb\r\nc\rd'), [0, 2, 5, 7]);
    assert.deepEqual(positionAt('a\nb\r\nc\rd', 7), { line: 3, character: 0 });
    assert.equal(offsetAt('a\nb\r\nc\rd', { line: 2, character: 0 }), 5);
  });

  it('finds the same line starts in a file with only \\n breaks (its own fast path)', () => {
    assert.deepEqual(lineStarts(''), [0]);
    assert.deepEqual(lineStarts('\n'), [0, 1]);
    assert.deepEqual(lineStarts('a\n\nbc\n'), [0, 2, 3, 6]);
    assert.deepEqual(lineStarts('FROM a\nRUN b'), [0, 7]);
  });

  it('clamps a character past the end of its line to the line end, before the break', () => {
    assert.equal(offsetAt('ab\r\ncd', { line: 0, character: 99 }), 2);
    assert.equal(offsetAt('ab\ncd', { line: 9, character: 0 }), 5);
    assert.equal(offsetAt('ab', { line: -1, character: 3 }), 0);
  });

  it('clamps offsets outside the text', () => {
    assert.deepEqual(positionAt('ab\ncd', -4), { line: 0, character: 0 });
    assert.deepEqual(positionAt('ab\ncd', 99), { line: 1, character: 2 });
  });

  it('counts characters in UTF-16 code units', () => {
    assert.deepEqual(positionAt('😀x\ny', 2), { line: 0, character: 2 });
    assert.equal(offsetAt('😀x\ny', { line: 0, character: 3 }), 3);
  });

  it('round-trips every offset that is not inside a \\r\\n', () => {
    const text = fc.array(fc.constantFrom('a', 'é', '😀', '\n', '\r', '\r\n', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.nat(60), (t, n) => {
        const offset = Math.min(n, t.length);
        fc.pre(!(t[offset - 1] === '\r' && t[offset] === '\n'));
        assert.equal(offsetAt(t, positionAt(t, offset)), offset);
      }),
    );
  });

  it('orders positions by line, then character', () => {
    assert.equal(comparePositions({ line: 1, character: 0 }, { line: 0, character: 9 }), 1);
    assert.equal(comparePositions({ line: 1, character: 2 }, { line: 1, character: 3 }), -1);
    assert.equal(comparePositions({ line: 1, character: 2 }, { line: 1, character: 2 }), 0);
  });
});
