// The loader runs in child processes: mocha itself runs with --enable-source-maps, under which
// loadBundle hands the bundle to Node's own loader, as it must.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { cacheFileOf } from '../../src/build/codeCache';
import { tempDir } from '../cli/helpers';

const LOADER = join(__dirname, '..', '..', 'src', 'build', 'codeCache.js');

interface ChildResult {
  outcome: string;
  exports: unknown;
  stderr: string;
}

/** Loads `bundle` in a fresh node (flags as given), optionally writing its cache on exit. */
async function loadInChild(bundle: string, options: { writeCache?: boolean; nodeFlags?: string[] } = {}): Promise<ChildResult> {
  const script = [
    `const { loadBundle, cacheFileOf } = require(${JSON.stringify(LOADER)});`,
    `const loaded = loadBundle(${JSON.stringify(bundle)}, module);`,
    options.writeCache ? `loaded.writeCache(cacheFileOf(${JSON.stringify(bundle)}));` : '',
    'process.stdout.write(JSON.stringify({ outcome: loaded.outcome, exports: loaded.exports }));',
  ].join('\n');
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...(options.nodeFlags ?? []), '-e', script], { env });
  return { ...(JSON.parse(stdout) as { outcome: string; exports: unknown }), stderr };
}

function writeBundle(dir: string, body: string): string {
  const file = join(dir, 'bundle.js');
  writeFileSync(file, body);
  return file;
}

const program = (answer: string): string =>
  `#!/usr/bin/env node\nconst path = require('node:path');\nmodule.exports = { answer: '${answer}', file: path.basename(__filename), same: module.exports === exports };\n`;

describe('loading a bundle from its code cache', () => {
  it('runs the bundle as CommonJS from source first, then from the cache it wrote', async () => {
    const bundle = writeBundle(tempDir('cache'), program('AAAA'));
    const first = await loadInChild(bundle, { writeCache: true });
    assert.equal(first.outcome, 'missing');
    assert.deepEqual(first.exports, { answer: 'AAAA', file: 'bundle.js', same: true });
    const second = await loadInChild(bundle);
    assert.equal(second.outcome, 'used');
    assert.deepEqual(second.exports, first.exports);
  });

  it('ignores a cache made from other text of the same length (V8 alone would run the old code)', async () => {
    const bundle = writeBundle(tempDir('cache'), program('AAAA'));
    await loadInChild(bundle, { writeCache: true });
    writeBundle(join(bundle, '..'), program('BBBB'));
    const r = await loadInChild(bundle);
    assert.equal(r.outcome, 'stale');
    assert.deepEqual(r.exports, { answer: 'BBBB', file: 'bundle.js', same: true });
  });

  it('compiles from source when V8 refuses the cache', async () => {
    const bundle = writeBundle(tempDir('cache'), program('AAAA'));
    await loadInChild(bundle, { writeCache: true });
    const cache = readFileSync(cacheFileOf(bundle));
    writeFileSync(cacheFileOf(bundle), Buffer.concat([cache.subarray(0, 32), Buffer.alloc(cache.length - 32, 7)]));
    const r = await loadInChild(bundle);
    assert.equal(r.outcome, 'rejected');
    assert.deepEqual(r.exports, { answer: 'AAAA', file: 'bundle.js', same: true });
  });

  it('leaves compiling to Node under --enable-source-maps, so stack traces name the TypeScript source', async () => {
    const dir = tempDir('cache-maps');
    writeFileSync(join(dir, 'thrower.ts'), 'export function where(): string {\n  // line 2\n  return new Error("here").stack ?? "";\n}\n');
    const bundle = join(dir, 'bundle.js');
    await build({ entryPoints: [join(dir, 'thrower.ts')], outfile: bundle, bundle: true, platform: 'node', format: 'cjs', sourcemap: true, logLevel: 'silent', footer: { js: 'module.exports.stack = module.exports.where();' } });
    const r = await loadInChild(bundle, { nodeFlags: ['--enable-source-maps'] });
    assert.equal(r.outcome, 'source-maps');
    assert.match((r.exports as { stack: string }).stack, /thrower\.ts:3:\d+/);
  });

  it('keeps line numbers in stack traces without source maps', async () => {
    const bundle = writeBundle(tempDir('cache'), '#!/usr/bin/env node\n\nmodule.exports = { stack: new Error("x").stack };\n');
    const r = await loadInChild(bundle);
    assert.match((r.exports as { stack: string }).stack, /bundle\.js:3:\d+/);
  });
});
