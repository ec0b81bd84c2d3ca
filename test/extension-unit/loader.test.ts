// The extension as VS Code loads it: extension/dist/extension.js is a small loader that runs the
// bundle (extension-main.js) from a V8 code cache its first activation made in the extension's
// global storage (src/extension/loader.ts, src/startup/codeCache.ts). Each activation here is a
// process of its own, as each extension host is; what it shows must not depend on the cache.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildCli, tempDir } from '../cli/helpers';
import { extensionRoot } from '../extension/harness/paths';

interface Activation {
  readonly log: string[];
  readonly lensLines: number[];
}

describe('the extension starting from its code cache', function () {
  this.timeout(60_000);
  let storage: string;
  const bundle = join(extensionRoot, 'dist', 'extension.js');
  const codeDir = () => join(storage, 'code');
  const cacheFiles = () => (existsSync(codeDir()) ? readdirSync(codeDir()) : []);

  before(() => buildCli());
  beforeEach(() => {
    storage = join(tempDir('extension-storage'), 'globalStorage');
  });
  afterEach(() => rmSync(join(storage, '..'), { recursive: true, force: true }));

  async function activate(env: NodeJS.ProcessEnv = {}): Promise<Activation & { started: string }> {
    const script = join(__dirname, 'activateInNode.js');
    const { stdout } = await promisify(execFile)(process.execPath, [script, bundle, storage], { env: { ...process.env, NODE_OPTIONS: '', ...env } });
    const result = JSON.parse(stdout) as Activation;
    const line = result.log.find((l) => l.startsWith('activated ('));
    assert.ok(line, `an activation line in the log: ${result.log.join(' | ')}`);
    return { ...result, started: line };
  }

  it('the first activation runs the bundle from source and leaves a cache private to the user, which the next one starts from', async () => {
    const first = await activate();
    assert.match(first.started, /no code cache yet: one is made for the next start/);
    assert.deepEqual(first.lensLines, [0, 2, 3], 'a lens above each image reference');
    const files = cacheFiles();
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], new RegExp(`^extension-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    assert.equal(statSync(join(codeDir(), files[0])).mode & 0o777, 0o600);
    assert.equal(statSync(codeDir()).mode & 0o777, 0o700);

    const second = await activate();
    assert.match(second.started, /started from its code cache/);
    assert.deepEqual(second.lensLines, first.lensLines, 'the same lenses as from source');
    assert.deepEqual(cacheFiles(), files, 'a cache that was used is left as it is');
  });

  it('a damaged cache is refused by V8 and replaced, with the same lenses', async () => {
    await activate();
    const [file] = cacheFiles();
    const path = join(codeDir(), file);
    writeFileSync(path, Buffer.alloc(statSync(path).size, 7), { mode: 0o600 });
    const damaged = await activate();
    assert.match(damaged.started, /code cache refused by this Node: a new one is made/);
    assert.deepEqual(damaged.lensLines, [0, 2, 3]);
    const again = await activate();
    assert.match(again.started, /started from its code cache/, 'the replacement is used');
  });

  it('a cache others may write is never run', async () => {
    await activate();
    const [file] = cacheFiles();
    const path = join(codeDir(), file);
    writeFileSync(path, Buffer.alloc(16, 1), { mode: 0o666 });
    // The mode argument applies only when the file is created; the umask would mask it anyway.
    chmodSync(path, 0o666);
    const run = await activate();
    assert.match(run.started, /code cache not used: others may write its file/);
    assert.deepEqual(run.lensLines, [0, 2, 3]);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off: nothing is read or written', async () => {
    const run = await activate({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.match(run.started, /code cache off/);
    assert.deepEqual(run.lensLines, [0, 2, 3]);
    assert.deepEqual(cacheFiles(), []);
  });
});
