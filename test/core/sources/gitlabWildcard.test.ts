// GitLab's wildcard `include:local` paths, matched as GitLab matches them: the cases of GitLab's
// own documentation (`configs/*.yml`, `configs/**.yml`, `configs/**/*.yml`) and of its
// Repository#search_files_by_wildcard_path, over one repository's files.
import * as assert from 'node:assert/strict';
import { isIncludableName, isWildcardPath, wildcardMatches } from '../../../src/core/sources/gitlabWildcard';

const FILES = [
  '.gitlab-ci.yml',
  'README.md',
  'build.yml',
  'configs/.hidden.yml',
  'configs/a.yml',
  'configs/b.yaml',
  'configs/deploy.YML',
  'configs/notes.md',
  'configs/sub/c.yml',
  'configs/sub/deeper/d.yml',
  'configs/sub.yml',
  'configs/[x].yml',
  'configs/x.yml',
  'other/configs/e.yml',
  'configs/.yml',
];

describe('GitLab include:local wildcard paths', () => {
  const cases: [string, string[]][] = [
    // One folder: not its subfolders.
    ['configs/*.yml', ['configs/.hidden.yml', 'configs/.yml', 'configs/[x].yml', 'configs/a.yml', 'configs/sub.yml', 'configs/x.yml']],
    // The folder and every subfolder.
    ['configs/**.yml', ['configs/.hidden.yml', 'configs/.yml', 'configs/[x].yml', 'configs/a.yml', 'configs/sub.yml', 'configs/sub/c.yml', 'configs/sub/deeper/d.yml', 'configs/x.yml']],
    // Only the subfolders.
    ['configs/**/*.yml', ['configs/sub/c.yml', 'configs/sub/deeper/d.yml']],
    // From the repository root, with or without a leading slash.
    ['/configs/*/*.yml', ['configs/sub/c.yml']],
    ['//configs/*.yaml', ['configs/b.yaml']],
    ['*.yml', ['.gitlab-ci.yml', 'build.yml']],
    ['**/*.yml', ['configs/.hidden.yml', 'configs/.yml', 'configs/[x].yml', 'configs/a.yml', 'configs/sub.yml', 'configs/sub/c.yml', 'configs/sub/deeper/d.yml', 'configs/x.yml', 'other/configs/e.yml']],
    // Every name matches, a YAML one or not: GitLab refuses the others (isIncludableName) rather than pass them over.
    ['configs/*', ['configs/.hidden.yml', 'configs/.yml', 'configs/[x].yml', 'configs/a.yml', 'configs/b.yaml', 'configs/deploy.YML', 'configs/notes.md', 'configs/sub.yml', 'configs/x.yml']],
    ['configs/*.md', ['configs/notes.md']],
    // `?` and `[` are name characters, not wildcards; `.` is a dot.
    ['configs/[x]*.yml', ['configs/[x].yml']],
    ['configs/?.yml', []],
    ['configs/*xyml', []],
    ['nothing/*.yml', []],
  ];
  for (const [pattern, expected] of cases) {
    it(`${pattern} includes ${expected.length === 0 ? 'nothing' : expected.join(', ')}`, () => {
      assert.deepEqual(wildcardMatches(pattern, FILES), expected);
    });
  }

  it("lists matches in git's path order (bytes), whatever order the files came in", () => {
    assert.deepEqual(wildcardMatches('ci/**.yml', ['ci/b.yml', 'ci/a/z.yml', 'ci/a.yml', 'ci/a-b.yml', 'ci/B.yml']), ['ci/B.yml', 'ci/a-b.yml', 'ci/a.yml', 'ci/a/z.yml', 'ci/b.yml']);
  });

  it("GitLab's rule for an included file's name: a base name of something then .yml or .yaml, in any case", () => {
    const names = ['ci/a.yml', 'ci/b.YAML', 'ci/c.Yml', 'ci/.hidden.yml', 'x.yaml', 'ci/.yml', 'ci/.yaml', 'ci/notes.txt', 'ci/a.yml.txt', 'ci/a.ymlx', 'ci/yml', 'ci.yml/a'];
    assert.deepEqual(
      names.filter((name) => isIncludableName(name)),
      ['ci/a.yml', 'ci/b.YAML', 'ci/c.Yml', 'ci/.hidden.yml', 'x.yaml'],
    );
  });

  it('only `*` makes a path a pattern', () => {
    assert.deepEqual(['ci/*.yml', 'ci/**', 'ci/a?.yml', 'ci/[ab].yml', 'ci/a.yml'].map(isWildcardPath), [true, true, false, false, false]);
  });
});
