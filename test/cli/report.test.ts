import * as assert from 'node:assert/strict';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type ExitCode } from '../../src/cli/exitCodes';
import { formatLocated, problemMessages } from '../../src/cli/report';
import type { Range, ScanProblem } from '../../src/core/types';

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

  const unresolved = { kind: 'unresolved' as const, range: at(1, 5), text: 'alpine:${T}', message: 'no value for T: ARG T has no default' };
  const skipped = { kind: 'skipped' as const, range: at(3, 5), text: 'alpine', message: 'skipped "alpine": cannot tell where it stands in the file' };
  const invalid = { kind: 'invalid' as const, range: at(2, 5), text: 'Alpine/App', message: 'repository name must be lowercase' };

  const codes: Array<[string, ScanProblem[], boolean, ExitCode]> = [
    ['nothing', [], false, EXIT_OK],
    ['an unresolved line is a finding', [unresolved], false, EXIT_FINDINGS],
    ['an unresolved line allowed by --allow-unresolved', [unresolved], true, EXIT_OK],
    ['a skipped line is a finding, allowed or not', [skipped], true, EXIT_FINDINGS],
    ['an invalid reference is bad input', [invalid], false, EXIT_USAGE],
    ['bad input first', [unresolved, skipped, invalid], false, EXIT_USAGE],
  ];
  for (const [name, problems, allow, code] of codes) {
    it(`exit code: ${name}`, () => assert.equal(problemMessages(problems, allow).code, code));
  }

  it('names each problem by its kind, once', () => {
    assert.deepEqual(
      problemMessages([unresolved, skipped, invalid]).messages.map((m) => m.text),
      ['unresolved "alpine:${T}": no value for T: ARG T has no default', skipped.message, 'invalid "Alpine/App": repository name must be lowercase'],
    );
  });

  it('a problem at a line break or blank text (where a YAML error is found) is one line, with no empty quotes', () => {
    const yaml = (text: string): ScanProblem => ({ kind: 'invalid', range: at(26, 39), text, message: 'YAML error on line 27: All sequence items must start at the same column' });
    assert.deepEqual(
      problemMessages([yaml('\n'), yaml(' '), yaml('\r\n'), yaml('- key: a\n  b')]).messages.map((m) => m.text),
      [
        'invalid: YAML error on line 27: All sequence items must start at the same column',
        'invalid: YAML error on line 27: All sequence items must start at the same column',
        'invalid: YAML error on line 27: All sequence items must start at the same column',
        'invalid "- key: a": YAML error on line 27: All sequence items must start at the same column',
      ],
    );
  });
});
