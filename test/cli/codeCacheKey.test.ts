// Which cache a bundle runs from (src/startup/codeCache.ts): V8 checks only the source's length,
// so the file name carries a hash of the bundle, and a bundle rebuilt at the same length never
// runs the code cached for the one before.
import * as assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBundle } from '../../src/startup/codeCache';
import { tempDir } from './helpers';

describe('the code cache of a bundle', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('code-cache-key');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `text` as the bundle, runs it as the loaders do, and keeps its cache. */
  function run(text: string): { exports: unknown; outcome: string } {
    const bundle = join(dir, 'bundle.js');
    writeFileSync(bundle, text);
    // A fresh module each time, as a new process would load it.
    delete require.cache[bundle];
    const ran = runBundle(bundle, module, { directory: join(dir, 'code'), name: 'pin' });
    ran.save();
    return { exports: ran.exports, outcome: ran.outcome };
  }

  it('a bundle changed at the same length runs its own code, from a cache of its own', () => {
    const one = '#!/usr/bin/env node\nmodule.exports = () => "one";\n';
    const two = '#!/usr/bin/env node\nmodule.exports = () => "two";\n';
    assert.equal(one.length, two.length);
    assert.equal(run(one).outcome, 'missing');
    const again = run(one);
    assert.deepEqual([again.outcome, (again.exports as () => string)()], ['used', 'one']);
    const changed = run(two);
    assert.equal(changed.outcome, 'missing');
    assert.equal((changed.exports as () => string)(), 'two');
    assert.equal(run(two).outcome, 'used');
    assert.equal(readdirSync(join(dir, 'code')).length, 1, 'the cache of the bundle before is removed');
  });

  it('a bundle of non-ASCII text keys and runs as it reads', () => {
    const text = 'module.exports = "Grüße → 世界";\n';
    assert.equal(run(text).exports, 'Grüße → 世界');
    assert.deepEqual(run(text), { exports: 'Grüße → 世界', outcome: 'used' });
  });
});
