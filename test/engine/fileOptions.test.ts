import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { namingEachFile, repositoryPathOf, sameForEveryFile } from '../../src/engine/fileOptions';

// A shell script's `$(dirname "$0")` is its folder: the engine (and the editor, through the same
// function) gives a script its path from its repository's root, and no other file gets one.
describe('engine fileOptions: the options each file is read with', () => {
  const root = join('/', 'work', 'repo');
  const repositoryRoot = async () => root;

  it("gives a shell script its path from its repository's root, /-separated", async () => {
    assert.equal(await repositoryPathOf(join(root, 'scripts', 'build-image.sh'), repositoryRoot), 'scripts/build-image.sh');
    assert.equal(await repositoryPathOf(join(root, 'release.bash'), repositoryRoot), 'release.bash');
    const options = await namingEachFile(sameForEveryFile({ platform: { os: 'linux', architecture: 'amd64' } } as never), repositoryRoot).of(join(root, 'scripts', 'build-image.sh'));
    assert.equal(options.repositoryPath, 'scripts/build-image.sh');
  });

  it('gives none to another kind, or to a script outside the root it is given', async () => {
    assert.equal(await repositoryPathOf(join(root, 'Makefile'), repositoryRoot), undefined);
    assert.equal(await repositoryPathOf(join('/', 'elsewhere', 'build.sh'), repositoryRoot), undefined);
    assert.equal(await repositoryPathOf(join(root, '..', 'build.sh'), repositoryRoot), undefined);
  });
});
