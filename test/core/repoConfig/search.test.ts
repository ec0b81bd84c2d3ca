// Which config applies to a directory: the nearest, up to the repository root, else the base.
import * as assert from 'node:assert/strict';
import { RepoConfigSearch } from '../../../src/core/repoConfig/search';
import { RepoConfigError } from '../../../src/core/repoConfig/parse';

/** A file system of the given paths (files and directories alike), counting the lookups. */
function fs(paths: string[]) {
  const present = new Set(paths);
  const asked: string[] = [];
  return { io: { exists: (path: string) => (asked.push(path), present.has(path)) }, asked };
}

describe('RepoConfigSearch', () => {
  it('the nearest config in the directory or above it, up to the repository root (.git, a file or a directory)', () => {
    const { io } = fs(['/r/.git', '/r/.docker-pin.yaml', '/r/svc/.docker-pin.yml', '/.docker-pin.yaml']);
    const search = new RepoConfigSearch(io, '/elsewhere');
    assert.equal(search.nearest('/r/svc/deep'), '/r/svc/.docker-pin.yml');
    assert.equal(search.nearest('/r/app'), '/r/.docker-pin.yaml');
    assert.equal(search.nearest('/r'), '/r/.docker-pin.yaml');
  });

  it('never above the repository root', () => {
    const { io } = fs(['/top/.docker-pin.yaml', '/top/r/.git']);
    assert.equal(new RepoConfigSearch(io, '/').nearest('/top/r/app'), undefined);
  });

  it('outside a repository: up to the base for directories under it, else the directory alone', () => {
    const { io } = fs(['/work/.docker-pin.yaml', '/tmp/.docker-pin.yaml']);
    const search = new RepoConfigSearch(io, '/work');
    assert.equal(search.nearest('/work/a/b'), '/work/.docker-pin.yaml');
    assert.equal(search.nearest('/tmp/x'), undefined);
    assert.equal(search.nearest('/tmp'), '/tmp/.docker-pin.yaml');
  });

  it('both names in one directory is an error', () => {
    const { io } = fs(['/r/.git', '/r/.docker-pin.yaml', '/r/.docker-pin.yml']);
    assert.throws(() => new RepoConfigSearch(io, '/').nearest('/r/a'), (error: unknown) => error instanceof RepoConfigError && /holds both/.test(error.message));
  });

  it('looks at each directory once', () => {
    const { io, asked } = fs(['/r/.git']);
    const search = new RepoConfigSearch(io, '/');
    for (const dir of ['/r/a/b', '/r/a/c', '/r/a/b']) search.nearest(dir);
    assert.equal(asked.length, new Set(asked).size);
  });
});
