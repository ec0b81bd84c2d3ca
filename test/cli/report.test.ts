import * as assert from 'node:assert/strict';
import { EXIT_OK, EXIT_USAGE } from '../../src/cli/exitCodes';
import { formatLocated, problemMessages } from '../../src/cli/report';
import type { Range } from '../../src/core/types';

const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character: character + 1 } });

describe('report', () => {
  it('prints messages as one-based file:line:col, in document order', () => {
    assert.deepEqual(
      formatLocated('Dockerfile', [
        { range: at(4, 5), text: 'later' },
        { range: at(0, 0), text: 'first' },
        { range: at(4, 2), text: 'same line, earlier' },
      ]),
      ['Dockerfile:1:1: first', 'Dockerfile:5:3: same line, earlier', 'Dockerfile:5:6: later'],
    );
  });

  it('an invalid reference makes the exit code 2; a skipped line does not', () => {
    const skipped = { kind: 'skipped' as const, range: at(1, 5), text: 'alpine:${T}', message: 'skipped "alpine:${T}": variable T has no default before the first FROM' };
    const invalid = { kind: 'invalid' as const, range: at(2, 5), text: 'Alpine/App', message: 'repository name must be lowercase' };
    assert.equal(problemMessages([skipped]).code, EXIT_OK);
    const both = problemMessages([skipped, invalid]);
    assert.equal(both.code, EXIT_USAGE);
    assert.deepEqual(
      both.messages.map((m) => m.text),
      [skipped.message, 'invalid "Alpine/App": repository name must be lowercase'],
    );
  });
});
