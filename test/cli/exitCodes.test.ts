import * as assert from 'node:assert/strict';
import { EXIT_FINDINGS, EXIT_OK, EXIT_UNRESOLVED, EXIT_USAGE, worstExitCode } from '../../src/cli/exitCodes';

describe('exit codes', () => {
  it('are the documented numbers', () => {
    assert.deepEqual([EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNRESOLVED], [0, 1, 2, 3]);
  });

  it('an input error outranks a resolution failure, which outranks findings', () => {
    assert.equal(worstExitCode([]), EXIT_OK);
    assert.equal(worstExitCode([EXIT_OK, EXIT_FINDINGS]), EXIT_FINDINGS);
    assert.equal(worstExitCode([EXIT_FINDINGS, EXIT_UNRESOLVED, EXIT_OK]), EXIT_UNRESOLVED);
    assert.equal(worstExitCode([EXIT_UNRESOLVED, EXIT_USAGE, EXIT_FINDINGS]), EXIT_USAGE);
  });
});
