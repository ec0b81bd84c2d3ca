import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { expandWord, globalArgEnvironment, markedNames, unsetMarker } from '../../src/core/args';

describe('core/args', () => {
  describe('expandWord', () => {
    const env = new Map([
      ['TAG', '3.20'],
      ['EMPTY', ''],
      ['ÄRG', 'u'],
    ]);
    const cases: Array<[string, string, string[]?]> = [
      ['alpine:$TAG', 'alpine:3.20'],
      ['alpine:${TAG}', 'alpine:3.20'],
      ['alpine:${TAG}-x', 'alpine:3.20-x'],
      ['alpine:$TAG.1', 'alpine:3.20.1'],
      ['alpine:${MISSING:-edge}', 'alpine:edge'],
      ['alpine:${EMPTY:-edge}', 'alpine:edge'],
      ['alpine:${EMPTY-edge}', 'alpine:', []],
      ['alpine:${MISSING-edge}', 'alpine:edge'],
      ['alpine${TAG:+:fixed}', 'alpine:fixed'],
      ['alpine${EMPTY:+:fixed}', 'alpine'],
      ['alpine${EMPTY+:fixed}', 'alpine:fixed'],
      ['alpine${MISSING:+:fixed}', 'alpine'],
      ['alpine:${MISSING:-${TAG}}', 'alpine:3.20'],
      ['"alpine:$TAG"', 'alpine:3.20'],
      ["'alpine:$TAG'", 'alpine:$TAG'],
      ['alpine:\\$TAG', 'alpine:$TAG'],
      ['"a\\"b"', 'a"b'],
      ['"a\\xb"', 'a\\xb'],
      ['price$', 'price$'],
      ['a$-b', 'ab', ['-']],
      ['$ÄRG', 'u'],
      ['alpine:$MISSING', 'alpine:', ['MISSING']],
      ['alpine:${MISSING:?need it}', 'alpine:', ['MISSING']],
      ['alpine:${TAG:?need it}', 'alpine:3.20'],
    ];
    for (const [word, want, unresolved = []] of cases) {
      it(`${word} → ${want}`, () => {
        const got = expandWord(word, env);
        assert.equal(got.error, undefined);
        assert.equal(got.value, want);
        assert.deepEqual(got.unresolved, unresolved);
      });
    }

    it('lists every variable the word uses, once, in order', () => {
      assert.deepEqual(expandWord('${A:-$B}:$A$C', env).variables, ['B', 'A', 'C']);
    });

    it('uses the escape character of the Dockerfile', () => {
      assert.equal(expandWord('a`$TAG', env, { escape: '`' }).value, 'a$TAG');
      assert.equal(expandWord('a\\b', env, { escape: '`' }).value, 'a\\b');
    });

    it('substitutes the given marker for an unset variable whose value is needed', () => {
      assert.equal(expandWord('x$NOPE', env, { unset: (n) => `<${n}>` }).value, 'x<NOPE>');
    });

    const errors: Array<[string, RegExp]> = [
      ['alpine:${TAG', /missing '}'/],
      ['alpine:${', /missing '}'/],
      ['${}', /bad substitution/],
      ['${:-x}', /bad substitution/],
      ['${TAG%.*}', /does not expand/],
      ['${TAG/3/4}', /does not expand/],
      ['"alpine', /double quote/],
      ["'alpine", /single quote/],
    ];
    for (const [word, message] of errors) {
      it(`reports ${word} as not expandable`, () => assert.match(expandWord(word, env).error ?? '', message));
    }

    it('never throws', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '+', '?', '"', "'", '\\', 'A', 'TAG', '%', '/') }), (w) => {
          expandWord(w, env);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('globalArgEnvironment', () => {
    it('expands each default with the ARGs before it and leaves an ARG without default unset', () => {
      const env = globalArgEnvironment([
        { name: 'REG', value: 'ghcr.io' },
        { name: 'IMAGE', value: '"$REG/app"' },
        { name: 'NODEF' },
        { name: 'LATER', value: 'x$NODEF' },
      ]);
      assert.equal(env.get('IMAGE'), 'ghcr.io/app');
      assert.equal(env.has('NODEF'), false);
      assert.deepEqual(markedNames(env.get('LATER') ?? '').unset, ['NODEF']);
    });

    it('keeps BuildKit platform ARGs as markers, even when redeclared', () => {
      const env = globalArgEnvironment([{ name: 'TARGETPLATFORM', value: 'linux/amd64' }, { name: 'P', value: '$TARGETPLATFORM' }]);
      assert.deepEqual(markedNames(env.get('P') ?? ''), { platform: ['TARGETPLATFORM'], unset: [] });
    });

    it('a redeclaration without default unsets the ARG', () => {
      const env = globalArgEnvironment([{ name: 'A', value: '1' }, { name: 'A' }]);
      assert.equal(env.has('A'), false);
    });

    it('marks the markers it makes', () => {
      assert.deepEqual(markedNames(`a${unsetMarker('X')}b${unsetMarker('X')}`), { platform: [], unset: ['X'] });
    });
  });
});
