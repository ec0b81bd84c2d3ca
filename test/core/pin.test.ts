import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanDockerfile } from '../../src/core/dockerfile';
import { applyEdits, pinEdit } from '../../src/core/pin';
import type { TextEdit } from '../../src/core/types';
import { unpinnedDockerfileText } from './dockerfile.arbitraries';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** Every edit that pins an image of `text` to `digest`, once each: lines sharing an ARG default get the same one. */
function pinEdits(text: string, digest: string): TextEdit[] {
  const edits = new Map<string, TextEdit>();
  for (const occ of scanDockerfile(text).images) {
    const edit = pinEdit(occ, digest);
    if (edit) edits.set(JSON.stringify(edit), edit);
  }
  return [...edits.values()];
}

/** Pins every image of `text` to `digest` and returns the new text. */
function pinAll(text: string, digest: string): string {
  return applyEdits(text, pinEdits(text, digest));
}

function edit(sl: number, sc: number, el: number, ec: number, newText: string): TextEdit {
  return { range: { start: { line: sl, character: sc }, end: { line: el, character: ec } }, newText };
}

describe('core/pin', () => {
  describe('pinEdit', () => {
    const cases: Array<[string, string, string]> = [
      ['a tag keeps its tag', 'FROM alpine:3.20 AS a\n', `FROM alpine:3.20@${D1} AS a\n`],
      ['a name without tag gets :latest with the digest, so the pin can be checked later', 'FROM alpine\n', `FROM alpine:latest@${D1}\n`],
      ['an explicit latest is kept as written', 'FROM alpine:latest\n', `FROM alpine:latest@${D1}\n`],
      ['a tag from an ARG: the digest goes on the line, never into the ARG', 'ARG TAG=3.20\nFROM alpine:${TAG}\n', `ARG TAG=3.20\nFROM alpine:\${TAG}@${D1}\n`],
      [
        'a whole reference from an ARG that serves only as an image: into the ARG default, once for every use',
        'ARG BASE=alpine:3\nFROM ${BASE}\nCOPY --from=$BASE /a /b\nRUN --mount=from=${BASE},target=/t true\n',
        `ARG BASE=alpine:3@${D1}\nFROM \${BASE}\nCOPY --from=$BASE /a /b\nRUN --mount=from=\${BASE},target=/t true\n`,
      ],
      ['a name without tag in an ARG default', 'ARG BASE=alpine\nFROM ${BASE}\n', `ARG BASE=alpine:latest@${D1}\nFROM \${BASE}\n`],
      ['a quoted ARG default keeps its quotes', 'ARG BASE="alpine:3" OTHER=1\nFROM $BASE\n', `ARG BASE="alpine:3@${D1}" OTHER=1\nFROM $BASE\n`],
      ['an ARG default on a CRLF line', 'ARG BASE=alpine:3\r\nFROM ${BASE}\r\n', `ARG BASE=alpine:3@${D1}\r\nFROM \${BASE}\r\n`],
      ['an old digest in an ARG default is replaced there', `ARG BASE='alpine:3@${D2}'\nFROM \${BASE}\n`, `ARG BASE='alpine:3@${D1}'\nFROM \${BASE}\n`],
      ['an ARG also used in a RUN: on each line', 'ARG BASE=alpine:3\nFROM ${BASE}\nRUN echo $BASE\n', `ARG BASE=alpine:3\nFROM \${BASE}@${D1}\nRUN echo $BASE\n`],
      ['an ARG default built from other variables: on each line', 'ARG V=3\nARG BASE=alpine:$V\nFROM ${BASE}\n', `ARG V=3\nARG BASE=alpine:$V\nFROM \${BASE}@${D1}\n`],
      ['COPY --from', 'FROM a\nCOPY --from=nginx:1 /a /b\n', `FROM a:latest@${D1}\nCOPY --from=nginx:1@${D1} /a /b\n`],
      ['a mount, before the next option', 'RUN --mount=from=busybox,target=/b true\n', `RUN --mount=from=busybox:latest@${D1},target=/b true\n`],
      ['a quoted reference gets the digest inside its quotes', 'FROM "alpine:3"\n', `FROM "alpine:3@${D1}"\n`],
      ['an old digest is replaced, the tag kept', `FROM alpine:3@${D2}\n`, `FROM alpine:3@${D1}\n`],
      ['an old digest inside quotes', `RUN --mount=from="alpine@${D2}" true\n`, `RUN --mount=from="alpine@${D1}" true\n`],
      ['a reference continued over two lines gets the digest at its end', 'FROM alp\\\nine:3\n', `FROM alp\\\nine:3@${D1}\n`],
      ['a quoted name without tag', 'FROM "alpine"\n', `FROM "alpine:latest@${D1}"\n`],
      ['CRLF is kept', 'FROM alpine\r\nFROM debian\r\n', `FROM alpine:latest@${D1}\r\nFROM debian:latest@${D1}\r\n`],
    ];
    for (const [name, before, after] of cases) {
      it(name, () => assert.equal(pinAll(before, D1), after));
    }

    it('gives no edit when the line already holds that digest', () => {
      const [occ] = scanDockerfile(`FROM alpine:3@${D1}\n`).images;
      assert.equal(pinEdit(occ, D1), undefined);
      const [quoted] = scanDockerfile(`FROM "alpine:3@${D1}"\n`).images;
      assert.equal(pinEdit(quoted, D1), undefined);
    });

    it('gives no edit when the digest comes from a variable', () => {
      const [occ] = scanDockerfile(`ARG DIGEST=${D2}\nFROM alpine@\${DIGEST}\n`).images;
      assert.equal(occ.reference.digest, D2);
      assert.equal(pinEdit(occ, D1), undefined);
    });
  });

  describe('applyEdits', () => {
    it('applies edits given in any order by positions on the original text', () => {
      const text = 'ab\r\ncd\ref';
      assert.equal(applyEdits(text, [edit(2, 1, 2, 1, '!'), edit(0, 0, 0, 1, 'A'), edit(1, 2, 1, 2, '?')]), 'Ab\r\ncd?\re!f');
    });

    it('keeps every other character: heredocs, comments, continuations, the escape directive', () => {
      const text = '# escape=`\r\n# c\r\nFROM alpine `\r\n  AS a\r\nRUN <<EOF\r\nFROM x\r\nEOF\r\n';
      assert.equal(pinAll(text, D1), text.replace('alpine', `alpine:latest@${D1}`));
    });

    it('allows an insertion right after a replacement', () => {
      assert.equal(applyEdits('abcd', [edit(0, 1, 0, 2, 'B'), edit(0, 2, 0, 2, '+')]), 'aB+cd');
    });

    it('returns the text unchanged without edits', () => {
      assert.equal(applyEdits('FROM a\r\n', []), 'FROM a\r\n');
    });

    const overlapping: Array<[string, TextEdit[]]> = [
      ['two replacements that overlap', [edit(0, 0, 0, 3, 'x'), edit(0, 2, 0, 4, 'y')]],
      ['two insertions at one point', [edit(0, 1, 0, 1, 'x'), edit(0, 1, 0, 1, 'y')]],
      ['an insertion inside a replacement', [edit(0, 0, 0, 3, 'x'), edit(0, 1, 0, 1, 'y')]],
      ['an insertion at the start of a replacement', [edit(0, 1, 0, 3, 'x'), edit(0, 1, 0, 1, 'y')]],
    ];
    for (const [name, edits] of overlapping) {
      it(`throws on ${name}`, () => assert.throws(() => applyEdits('abcdef', edits), /overlap/));
    }
  });

  describe('properties', () => {
    const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });

    it('pinning only inserts (:latest)?@sha256:<64 hex>, :latest exactly where no tag was: removing them gives back the original', () => {
      fc.assert(
        fc.property(unpinnedDockerfileText, hex64, (text, hex) => {
          const pinned = pinAll(text, `sha256:${hex}`);
          // One insertion per edit: per line, or once per ARG default its lines share.
          const edits = pinEdits(text, `sha256:${hex}`).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
          const untagged = new Set(scanDockerfile(text).images.filter((occ) => occ.reference.tag === undefined).map((occ) => JSON.stringify(pinEdit(occ, `sha256:${hex}`))));
          const pieces = pinned.split(`@sha256:${hex}`);
          assert.equal(pieces.length - 1, edits.length);
          const restored = pieces.map((piece, i) => {
            if (i === edits.length || !untagged.has(JSON.stringify(edits[i]))) return piece;
            assert.ok(piece.endsWith(':latest'), `${JSON.stringify(edits[i])} gets :latest`);
            return piece.slice(0, -':latest'.length);
          });
          assert.equal(restored.join(''), text);
        }),
        { numRuns: 500 },
      );
    });

    it('pinning twice with the same digest gives no edit the second time', () => {
      fc.assert(
        fc.property(unpinnedDockerfileText, hex64, (text, hex) => {
          const digest = `sha256:${hex}`;
          const before = scanDockerfile(text).images;
          const after = scanDockerfile(pinAll(text, digest)).images;
          assert.equal(after.length, before.length);
          for (const occ of after) {
            assert.equal(occ.reference.digest, digest);
            assert.equal(pinEdit(occ, digest), undefined);
          }
        }),
        { numRuns: 500 },
      );
    });

    it('re-pinning to another digest replaces the old one in place', () => {
      fc.assert(
        fc.property(unpinnedDockerfileText, hex64, hex64, (text, a, b) => {
          fc.pre(a !== b);
          const once = pinAll(text, `sha256:${a}`);
          assert.equal(pinAll(once, `sha256:${b}`), pinAll(text, `sha256:${b}`));
        }),
        { numRuns: 300 },
      );
    });
  });
});
