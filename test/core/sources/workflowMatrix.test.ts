import * as assert from 'node:assert/strict';
import { isScalar, parseDocument } from 'yaml';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { SourceText } from '../../../src/core/sources/sourceText';
import { expandMatrix } from '../../../src/core/sources/workflowMatrix';
import { lookup } from '../../../src/core/sources/yamlNodes';
import { D1, pinAll, problemViews, views } from './helpers';

/** The combinations of job `a`'s matrix as plain objects, or the reason they are not known. */
function expand(matrix: string): Record<string, unknown>[] | string {
  const text = `jobs:\n  a:\n    strategy:\n      matrix:\n${matrix.replace(/^/gm, '        ')}\n`;
  const doc = parseDocument(text, { merge: true, uniqueKeys: false });
  const job = lookup(doc, lookup(doc, doc.contents, 'jobs'), 'a');
  assert.ok(job !== undefined);
  const expansion = expandMatrix(doc, new SourceText(text), job, 'a');
  if (expansion.known === 'none') return 'none';
  if (expansion.known === false) return expansion.reason;
  return expansion.combinations.map((c) => Object.fromEntries([...c].map(([k, v]) => [k, isScalar(v) ? v.value : v.toJSON()])));
}

describe('core/sources/workflowMatrix', () => {
  it("expands include as GitHub's documentation example does", () => {
    const matrix = [
      'fruit: [apple, pear]',
      'animal: [cat, dog]',
      'include:',
      '  - color: green',
      '  - color: pink',
      '    animal: cat',
      '  - fruit: apple',
      '    shape: circle',
      '  - fruit: banana',
      '  - fruit: banana',
      '    animal: cat',
    ].join('\n');
    assert.deepEqual(expand(matrix), [
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });

  it('removes excluded combinations before include, a partial entry removing every one it matches', () => {
    const matrix = ['os: [a, b]', 'v: [1, 2]', 'exclude:', '  - os: a', '    v: 2', '  - os: b', 'include:', '  - os: b', '    v: 3'].join('\n');
    assert.deepEqual(expand(matrix), [{ os: 'a', v: 1 }, { os: 'b', v: 3 }]);
  });

  it('an include-only matrix runs each entry', () => {
    assert.deepEqual(expand('include:\n  - image: a\n  - image: b'), [{ image: 'a' }, { image: 'b' }]);
  });

  const unknown: Array<[string, string, RegExp]> = [
    ['a matrix key given by an expression', 'os: ${{ fromJSON(inputs.os) }}', /os of the matrix of job a \(line 5\) is the expression \$\{\{ fromJSON\(inputs\.os\) \}\}, known only when the workflow runs/],
    ['an include given by an expression', 'os: [a]\ninclude: ${{ fromJSON(inputs.extra) }}', /include of the matrix of job a \(line 6\) is the expression/],
    ['an exclude entry naming no key of the matrix', 'os: [a]\nexclude:\n  - arch: x', /names arch, which is not a key of the matrix of job a/],
    ['a match GitHub might decide otherwise ("20" and 20)', 'node: ["20"]\ninclude:\n  - node: 20\n    image: a', /whether the include entry on line 7 matches a combination cannot be told/],
    ['a match on an expression', 'os: [a]\nexclude:\n  - os: ${{ inputs.os }}', /whether the exclude entry on line 7 matches/],
  ];
  for (const [name, matrix, reason] of unknown) {
    it(`is not worked out for ${name}`, () => {
      const result = expand(matrix);
      assert.equal(typeof result, 'string', JSON.stringify(result));
      assert.match(result as string, reason);
    });
  }

  it('a job without a matrix has none', () => {
    const text = 'jobs:\n  a:\n    runs-on: x\n';
    const doc = parseDocument(text);
    const job = lookup(doc, lookup(doc, doc.contents, 'jobs'), 'a');
    assert.ok(job !== undefined);
    assert.deepEqual(expandMatrix(doc, new SourceText(text), job, 'a'), { known: 'none' });
  });
});

describe('core/sources/githubWorkflow: images from the matrix', () => {
  const job = (lines: string[]) => `jobs:\n  a:\n    runs-on: x\n${lines.map((l) => `    ${l}`).join('\n')}\n`;

  it('each literal is an occurrence where it is written, pinned there with its quotes; two places reading it share it', () => {
    const text = job([
      'strategy:',
      '  matrix:',
      "    image: [alpine:3.20, 'debian:12']",
      '    include:',
      '      - image: "node:20"',
      "container: ${{ matrix['image'] }}",
      'services:',
      '  db: { image: "${{matrix.image}}" }',
      'steps:',
      '  - run: docker run --rm ${{ matrix.image }} true',
    ]);
    const result = scanGithubWorkflow(text);
    assert.deepEqual(problemViews(text, result.problems), []);
    assert.deepEqual(
      views(text, result).map(({ source, written, expanded, line }) => ({ source, written, expanded, line })),
      [
        { source: 'container', written: 'alpine:3.20', expanded: 'alpine:3.20', line: 6 },
        { source: 'container', written: "'debian:12'", expanded: 'debian:12', line: 6 },
        { source: 'container', written: '"node:20"', expanded: 'node:20', line: 8 },
      ],
    );
    assert.equal(
      pinAll(text, result, D1),
      text.replace("[alpine:3.20, 'debian:12']", `[alpine:3.20@${D1}, 'debian:12@${D1}']`).replace('"node:20"', `"node:20@${D1}"`),
    );
  });

  it('a matrix shared through an anchor is read once for every job using it', () => {
    const text = [
      'jobs:',
      '  a:',
      '    strategy: &s',
      '      matrix: { image: [alpine:3.20] }',
      '    container: ${{ matrix.image }}',
      '  b:',
      '    strategy: *s',
      '    services: { x: { image: "${{ matrix.image }}" } }',
      '',
    ].join('\n');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(problemViews(text, result.problems), []);
    assert.deepEqual(
      views(text, result).map(({ written, line }) => ({ written, line })),
      [{ written: 'alpine:3.20', line: 4 }],
    );
  });

  it('a value an entry matches is skipped (a digest would stop the match); an excluded one is not read', () => {
    const text = job([
      'strategy:',
      '  matrix:',
      '    image: [alpine:3.20, debian:12, busybox:1.36]',
      '    os: [amd, arm]',
      '    exclude:',
      '      - image: debian:12',
      '        os: arm',
      '      - image: busybox:1.36',
      'container: ${{ matrix.image }}',
    ]);
    const result = scanGithubWorkflow(text);
    assert.deepEqual(views(text, result).map((v) => v.written), ['alpine:3.20']);
    const problems = problemViews(text, result.problems);
    assert.deepEqual(problems.map(({ kind, written, line }) => ({ kind, written, line })), [{ kind: 'skipped', written: 'debian:12', line: 6 }]);
    assert.match(problems[0].message, /the exclude entry on line 9 matches it, and a digest written here would stop it matching/);
  });

  it('an include entry overwriting an added value: only the value the combinations take is read', () => {
    const text = job([
      'strategy:',
      '  matrix:',
      '    os: [amd]',
      '    include:',
      '      - image: alpine:3.20',
      '      - image: debian:12',
      'container: ${{ matrix.image }}',
    ]);
    assert.deepEqual(views(text, scanGithubWorkflow(text)).map((v) => v.written), ['debian:12']);
  });

  it('a matrix value that is a mapping gives the whole container its image; as an image field it names none', () => {
    const text = job([
      'strategy:',
      '  matrix:',
      '    box:',
      '      - { image: "alpine:3.20", options: --privileged }',
      '      - { options: --cpus 1 }',
      'container: ${{ matrix.box }}',
      'services:',
      '  db:',
      '    image: ${{ matrix.box }}',
    ]);
    const result = scanGithubWorkflow(text);
    assert.deepEqual(views(text, result).map((v) => v.written), ['"alpine:3.20"']);
    assert.equal(pinAll(text, result, D1), text.replace('"alpine:3.20"', `"alpine:3.20@${D1}"`));
    const problems = problemViews(text, result.problems);
    assert.deepEqual(problems.map(({ kind, line }) => ({ kind, line })), [
      { kind: 'invalid', line: 8 },
      { kind: 'invalid', line: 7 },
    ]);
    assert.match(problems[0].message, /the container of job a: the matrix value \{ options: --cpus 1 \} is a mapping without image/);
    assert.match(problems[1].message, /service db of job a: the matrix value .* is not a string, so it names no image/);
  });

  const unresolved: Array<[string, string[], RegExp]> = [
    [
      'an if: comparing the value',
      ['strategy:', '  matrix:', '    image: [alpine:3.20]', 'if: matrix.image != \'x\'', 'container: ${{ matrix.image }}'],
      /matrix\.image is also read by "if: matrix\.image != 'x'" on line 7/,
    ],
    [
      'a combination without the key',
      ['strategy:', '  matrix:', '    os: [amd, arm]', '    include:', '      - os: amd', '        db: alpine:3.20', 'services:', '  db:', '    image: ${{ matrix.db }}'],
      /matrix\.db has no value in the combination \{os: arm\} of job a/,
    ],
    ['the matrix as an expression', ['strategy:', '  matrix: ${{ fromJSON(needs.a.outputs.m) }}', 'container: ${{ matrix.image }}'], /the matrix of job a is the expression \$\{\{ fromJSON\(needs\.a\.outputs\.m\) \}\}/],
    [
      'part of the image from the matrix',
      ['strategy:', '  matrix:', '    node: [node:20]', 'container: ${{ matrix.node }}-slim'],
      /built from the matrix value \$\{\{ matrix\.node \}\} with other text.*write the full image in the matrix/,
    ],
  ];
  for (const [name, lines, message] of unresolved) {
    it(`is unresolved with its reason: ${name}`, () => {
      const text = job(lines);
      const result = scanGithubWorkflow(text);
      assert.deepEqual(result.images, []);
      const problems = problemViews(text, result.problems);
      assert.deepEqual(problems.map((p) => p.kind), ['unresolved']);
      assert.match(problems[0].message, message);
    });
  }

  it('a matrix literal holding an expression is unresolved where it is written; the others are read', () => {
    const text = job(['strategy:', '  matrix:', '    image: [alpine:3.20, "${{ inputs.image }}"]', 'container: ${{ matrix.image }}']);
    const result = scanGithubWorkflow(text);
    assert.deepEqual(views(text, result).map((v) => v.written), ['alpine:3.20']);
    const problems = problemViews(text, result.problems);
    assert.deepEqual(problems.map(({ kind, written }) => ({ kind, written })), [{ kind: 'unresolved', written: '${{ inputs.image }}' }]);
    assert.match(problems[0].message, /matrix\.image of job a, the container of job a holds the workflow expression/);
  });
});
