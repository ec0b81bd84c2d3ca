import * as assert from 'node:assert/strict';
import type { ScanProblem } from '../../src/core/types';
import { problemLenses, problemMessage } from '../../src/extension/scanProblems';

const range = { start: { line: 3, character: 5 }, end: { line: 3, character: 25 } };

describe('extension scanProblems: lines that name an image but cannot be pinned', () => {
  it('a variable without a value: the reason, and a lens that opens dockerPin.buildArgs', () => {
    const message = 'no value for GO_VERSION: ARG GO_VERSION has no default and no build arg gives one; pass --build-arg GO_VERSION=… or give the ARG a default';
    const problem: ScanProblem = { kind: 'unresolved', range, text: 'golang:${GO_VERSION}', message };
    const lenses = problemLenses(problem);
    assert.deepEqual(lenses.map((l) => [l.title, l.command, l.arguments]), [
      [`⚠ not pinned: ${message}`, '', []],
      ['Set dockerPin.buildArgs', 'workbench.action.openSettings', ['dockerPin.buildArgs']],
    ]);
    assert.equal(lenses[0]?.tooltip, problemMessage(problem));
  });

  it('a variable no build arg can reach (not declared before the first FROM) gets no setting to open', () => {
    const message = 'V is not declared before the first FROM, so a build sees it empty and no build arg can reach it; declare ARG V=… before the first FROM';
    assert.deepEqual(problemLenses({ kind: 'unresolved', range, text: 'x:${V}', message }).map((l) => l.title), [`⚠ not pinned: ${message}`]);
  });

  it('a value no file gives (a workflow expression, a CI variable, an unset compose variable) is not sent to the build args setting', () => {
    const message = 'the image is given by the expression ${{ matrix.image }}, which is known only when the workflow runs';
    const problem: ScanProblem = { kind: 'unresolved', range, text: '${{ matrix.image }}', message };
    assert.deepEqual(problemLenses(problem).map((l) => l.title), [`⚠ not pinned: ${message}`]);
    assert.doesNotMatch(problemMessage(problem), /buildArgs/);
    assert.match(problemMessage(problem), /counted, never guessed/);
  });

  it("a problem of the whole file (a build of it whose platforms only its runner knows) is unresolved, not a line's 'not pinned': the line keeps its own pins", () => {
    const message = 'the docker build command on line 3 of the script in scripts/release.sh builds this Dockerfile, and its --platform is known only when the script runs';
    const problem: ScanProblem = { kind: 'unresolved', range, text: 'scripts/release.sh:3', message, aboutFile: true };
    assert.deepEqual(problemLenses(problem).map((l) => l.title), [`⚠ unresolved: ${message}`]);
    assert.match(problemMessage(problem), /counted, never guessed, until what it names is put right; each line keeps its own pins/);
  });

  it('skipped and invalid lines say why, without a setting to open', () => {
    for (const kind of ['skipped', 'invalid'] as const) {
      const lenses = problemLenses({ kind, range, text: 'x', message: `why ${kind}` });
      assert.deepEqual(lenses.map((l) => l.title), [`⚠ not pinned: why ${kind}`]);
    }
  });

  it('a reason gets a full stop before the fix, unless it ends with one', () => {
    assert.match(problemMessage({ kind: 'skipped', range, text: 'x', message: 'no safe place (see above).' }), /^no safe place \(see above\)\. This line/);
    assert.match(problemMessage({ kind: 'invalid', range, text: 'x', message: 'bad reference' }), /^bad reference\. Correct the reference\.$/);
  });
});
