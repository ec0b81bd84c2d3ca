import * as assert from 'node:assert/strict';
import { soleVariable } from '../../src/core/argDefaults';
import { scanDockerfile } from '../../src/core/dockerfile';
import { offsetAt } from '../../src/core/text';
import type { ImageOccurrence, ScanOptions } from '../../src/core/types';

const D = `sha256:${'a'.repeat(64)}`;

/** What the scan says of each image about its ARG default: where the pin goes, or why not there. */
function places(text: string, options: ScanOptions = {}): Array<string | { default: string; platforms: string[] } | undefined> {
  return scanDockerfile(text, options).images.map((occ: ImageOccurrence) => {
    if (occ.valueAt) {
      const { range, platforms } = occ.valueAt;
      const written = text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
      assert.equal(written, occ.valueAt.text);
      return { default: `${range.start.line + 1}:${written}`, platforms: platforms.map((platform) => platform?.architecture ?? '-') };
    }
    return occ.valueRefused;
  });
}

describe('core/argDefaults', () => {
  it('recognises a reference written as exactly one variable', () => {
    assert.equal(soleVariable('${BASE}'), 'BASE');
    assert.equal(soleVariable('$BASE'), 'BASE');
    assert.equal(soleVariable('$_b2'), '_b2');
    // Names are letters, digits and underscores of any script, as BuildKit reads them.
    assert.equal(soleVariable('${BASIS_ÄÖ}'), 'BASIS_ÄÖ');
    assert.equal(soleVariable('$образ2'), 'образ2');
    for (const text of ['${BASE}:1', 'x$BASE', ' $BASE', '${BASE:-alpine}', '"${BASE}"', '${BASE}@' + D, '$1', '$', '${}', 'alpine', '']) {
      assert.equal(soleVariable(text), undefined, text);
    }
  });

  const shared = { default: '1:python:3.12-slim', platforms: ['-', '-', '-'] };
  const cases: Array<[string, string, ReturnType<typeof places>, ScanOptions?]> = [
    [
      'an ARG that serves only as an image, in FROM, COPY --from and RUN --mount',
      'ARG BASE=python:3.12-slim\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\nRUN --mount=from=${BASE},target=/t true\n',
      [shared, shared, shared],
    ],
    ['a quoted default, quotes kept in what is written', 'ARG OTHER=1 BASE="python:3.12"\nFROM $BASE\n', [{ default: '1:"python:3.12"', platforms: ['-'] }]],
    ['a default already pinned', `ARG BASE=python:3.12@${D}\r\nFROM \${BASE}\r\n`, [{ default: `1:python:3.12@${D}`, platforms: ['-'] }]],
    [
      "each use's own --platform",
      'ARG BASE=python:3.12\nFROM ${BASE} AS a\nFROM --platform=linux/arm64 ${BASE} AS b\n',
      [
        { default: '1:python:3.12', platforms: ['-', 'arm64'] },
        { default: '1:python:3.12', platforms: ['-', 'arm64'] },
      ],
    ],
    [
      'a bare ARG in a stage only brings the default in (COPY --from needs it)',
      'ARG BASE=python\nFROM alpine:3\nARG BASE\nCOPY --from=${BASE} / /\n',
      [undefined, { default: '1:python', platforms: ['-'] }],
    ],
    ['a variable that is only part of the reference has no default to take the pin', 'ARG GO=1.22\nFROM golang:${GO}\n', [undefined]],
    ['a comment naming the ARG is no use of it', 'ARG BASE=python\n# built from $BASE\nFROM $BASE\n', [{ default: '1:python', platforms: ['-'] }]],
    ['used in a RUN command', 'ARG BASE=python\nFROM $BASE\nARG BASE\nRUN echo "${BASE}"\n', ['BASE is also used on line 4, so its default cannot take the pin']],
    ['used in a heredoc', 'ARG BASE=python\nFROM $BASE\nARG BASE\nRUN <<EOF\necho $BASE\nEOF\n', ['BASE is also used on line 5, so its default cannot take the pin']],
    ['used as a stage name', 'ARG BASE=python\nFROM ${BASE} AS ${BASE}\n', ['BASE is also used on line 2, so its default cannot take the pin']],
    ['used in a LABEL', 'ARG BASE=python\nFROM ${BASE}\nARG BASE\nLABEL base=$BASE\n', ['BASE is also used on line 4, so its default cannot take the pin']],
    ['used in an ENV', 'ARG BASE=python\nFROM ${BASE}\nARG BASE\nENV B=${BASE:-x}\n', ['BASE is also used on line 4, so its default cannot take the pin']],
    ["used in another ARG's default", 'ARG BASE=python\nARG FULL=${BASE}-x\nFROM ${BASE}\n', ['BASE is also used on line 2, so its default cannot take the pin']],
    [
      'used with a digest on the line, as earlier versions pinned',
      `ARG BASE=python:3\nFROM \${BASE}@${D} AS a\nFROM \${BASE}\n`,
      [undefined, 'BASE is also used on line 2, so its default cannot take the pin'],
    ],
    ['given another value in a stage', 'ARG BASE=python\nFROM ${BASE}\nARG BASE=ruby\n', ['BASE is given another value on line 3, so its default cannot take the pin']],
    ['a default built from other variables', 'ARG PY=3.12\nARG BASE=python:${PY}\nFROM ${BASE}\n', ['the default of BASE is built from other variables']],
    ['declared twice', 'ARG BASE=python\nARG BASE=ruby\nFROM ${BASE}\n', ['BASE is declared 2 times before the first FROM']],
    ['a default written with an escape', 'ARG BASE=pyth\\on:3\nFROM ${BASE}\n', ['the default of BASE is written with escapes or over several lines']],
    ['given with --build-arg', 'ARG BASE=python\nFROM ${BASE}\n', ['BASE is given with --build-arg, so there is no default to pin in'], { buildArgs: new Map([['BASE', 'ruby']]) }],
    ['a name that is not an ARG of the file is left alone', 'FROM alpine:3\nFROM $TARGETARCH\n', [undefined, undefined]],
  ];
  for (const [name, text, want, options] of cases) {
    it(name, () => assert.deepEqual(places(text, options), want));
  }
});
