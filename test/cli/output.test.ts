import * as assert from 'node:assert/strict';
import { location, type Output, stderrLogger } from '../../src/cli/output';

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: () => undefined, err: (line) => lines.push(line) };
}

describe('output', () => {
  it('locations are one-based', () => {
    assert.equal(location('a/Dockerfile', { start: { line: 0, character: 5 }, end: { line: 0, character: 9 } }), 'a/Dockerfile:1:6');
  });

  it('the logger shows only warnings and errors unless verbose', () => {
    const quiet = capture();
    const logger = stderrLogger(false, quiet);
    logger.trace('GET /v2/');
    logger.info('resolved');
    logger.warn('rate limit low');
    logger.error('broken');
    assert.deepEqual(quiet.lines, ['docker-pin: warning: rate limit low', 'docker-pin: error: broken']);
    const loud = capture();
    stderrLogger(true, loud).trace('GET /v2/');
    assert.deepEqual(loud.lines, ['docker-pin: trace: GET /v2/']);
  });
});
