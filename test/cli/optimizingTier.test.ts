// The CLI caps V8's tiers for its own short runs (src/cli/optimizingTier.ts), unless whoever
// started Node chose them: `node --max-opt=3 $(which docker-pin) …` must get what it asked for.
import * as assert from 'node:assert/strict';
import { optimizerChosen } from '../../src/cli/optimizingTier';

describe('the CLI\'s cap on V8\'s optimizing tier', () => {
  it('applies when Node was started without a tier switch', () => {
    assert.equal(optimizerChosen([]), false);
    assert.equal(optimizerChosen(['--enable-source-maps', '--max-old-space-size=512', '--trace-opt']), false);
  });

  it('gives way to a tier the user chose on the node command line', () => {
    for (const arg of ['--max-opt=3', '--max-opt', '--no-opt', '--opt', '--turbofan', '--no-turbofan', '--maglev', '--no-maglev']) {
      assert.equal(optimizerChosen([arg]), true, arg);
    }
  });

  it('does not mistake a longer switch for a tier switch', () => {
    assert.equal(optimizerChosen(['--optimize-for-size', '--opt-foo', '--maglev-inlining']), false);
  });
});
