// The files a Makefile includes, read through a front door's file access (engine/makefileIncludes.ts),
// and the paths of those files a front door watches (`includedPaths`): each file an include names,
// read or missing, and each file a pattern matched, whatever its name.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { AMD64 } from './fixtures';
import { sameForEveryFile } from '../../src/engine/fileOptions';
import { includedPaths, makefileIncludes } from '../../src/engine/makefileIncludes';
import { tempTree, type TempTree } from './tempTree';

describe('engine makefileIncludes and includedPaths', () => {
  let tree: TempTree;

  beforeEach(() => {
    tree = tempTree('docker-pin-makefile-includes-', sameForEveryFile({ platform: AMD64, kind: 'platform', environment: new Map() }));
  });
  afterEach(() => tree.remove());

  it('names each file the includes reach, read, missing or matched by a pattern, and nested ones from the Makefile’s folder', async () => {
    const makefile = tree.write('app/Makefile', ['include rules.inc', '-include local.mk', 'include $(CURDIR)/../common/*.make', ''].join('\n'));
    tree.write('app/rules.inc', 'include build/common.make\n');
    tree.write('app/build/common.make', 'image:\n\tdocker build .\n');
    tree.write('common/a.make', 'A = 1\n');
    tree.write('common/b.make', 'B = 2\n');
    const read = await makefileIncludes(makefile, tree.assembly());
    assert.ok(read !== undefined);
    const app = join(tree.root, 'app');
    assert.deepEqual(
      includedPaths(makefile, read.includes).sort(),
      [join(app, 'build/common.make'), join(app, 'local.mk'), join(app, 'rules.inc'), join(tree.root, 'common/a.make'), join(tree.root, 'common/b.make')].sort(),
    );
  });

  it('names none for a Makefile without includes', async () => {
    const makefile = tree.write('Makefile', 'image:\n\tdocker build .\n');
    assert.equal(await makefileIncludes(makefile, tree.assembly()), undefined);
    assert.deepEqual(includedPaths(makefile, new Map()), []);
  });
});
