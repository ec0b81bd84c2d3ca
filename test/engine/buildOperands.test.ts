// The engine puts a front door's files together whatever that front door is: here with absolute
// paths, names relative to a workspace folder and the folder as the repository, as the extension
// does, and nothing read from the current directory.
import * as assert from 'node:assert/strict';
import { relative } from 'node:path';
import { AMD64 } from './fixtures';
import type { Assembly } from '../../src/engine/assembly';
import { withBuilds } from '../../src/engine/buildOperands';
import { checkReadings } from '../../src/engine/checkReadings';
import type { FileAccess } from '../../src/engine/fileAccess';
import { sameForEveryFile } from '../../src/engine/fileOptions';
import { readSource } from '../../src/engine/readSource';
import { scanSource } from '../../src/engine/sources';
import { tempTree, type TempTree } from './tempTree';
import { ToldAlone } from '../../src/engine/toldAlone';
import type { ImageStatus } from '../../src/engine/types';

describe('engine withBuilds and checkReadings: a workspace put together by absolute paths', () => {
  let tree: TempTree;
  let root: string;
  let files: FileAccess;
  const assembly = (): Assembly => tree.assembly();
  const write = (name: string, text: string): string => tree.write(name, text);

  // Every image unpinned: what each reading says, without a registry.
  const unpinned = async (file: Parameters<typeof scanSource>[0], options: Parameters<typeof scanSource>[1]) => {
    const scan = scanSource(file, options);
    const statuses: ImageStatus[] = scan.images.map((occurrence) => ({ occurrence, platform: AMD64, state: 'unpinned', kind: 'platform' }));
    return { statuses, problems: scan.problems };
  };

  beforeEach(() => {
    tree = tempTree('docker-pin-assembly-', sameForEveryFile({ platform: AMD64, kind: 'platform', environment: new Map() }));
    ({ root, files } = tree);
  });
  afterEach(() => tree.remove());

  it('a Dockerfile gains the build that uses it; an included compose file the including project’s .env; a line read two ways is one conflict', async () => {
    const dockerfile = write('app/Dockerfile', 'ARG BASE=alpine:3.19\nFROM ${BASE}\n');
    const compose = write('compose.yaml', 'include:\n  - cache/compose.yaml\nservices:\n  web:\n    build:\n      context: app\n      args:\n        BASE: alpine:3.20\n');
    write('.env', 'TAG=7.4\n');
    write('cache/compose.yaml', 'services:\n  cache:\n    image: redis:${TAG}\n');
    // The Dockerfile and the included file are found through the compose file alone.
    const operands = await withBuilds([{ path: compose, kind: 'compose' }], assembly());
    assert.deepEqual(
      operands.map((o) => [relative(root, o.path), o.direct, o.builds.map((b) => b.by)]),
      [
        ['compose.yaml', true, []],
        ['app/Dockerfile', false, ['service web in compose.yaml']],
        ['cache/compose.yaml', true, []],
      ],
    );
    const included = operands[2];
    const read = await readSource(included, files);
    assert.deepEqual(scanSource(read.file, included.options).images.map((o) => o.expanded), ['redis:7.4']);

    // Read directly too (the workspace holds it): a conflict, never a finding of each reading.
    const both = await withBuilds([{ path: compose, kind: 'compose' }, { path: dockerfile, kind: 'dockerfile' }], assembly());
    const operand = both.find((o) => o.path === dockerfile);
    assert.ok(operand?.direct);
    const said = await checkReadings(operand, (await readSource(operand, files)).file, unpinned);
    assert.deepEqual(
      said.map((s) => ('problem' in s ? `${s.problem.kind}: ${s.problem.message.split(', and one')[0]}` : `${s.status.state} ${s.status.occurrence.expanded}`)),
      ['conflict: conflict "${BASE}": its readings name different images, alpine:3.19 (read directly) and alpine:3.20 (as service web in compose.yaml builds it)'],
    );
  });

  it('a compose file two projects include with different env files is read both ways: a line they name differently is one conflict naming both', async () => {
    const a = write('compose.a.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: a.env\nservices: {}\n');
    const b = write('compose.b.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: b.env\nservices: {}\n');
    write('a.env', 'CACHE=redis:7.4\n');
    write('b.env', 'CACHE=redis:7.2\n');
    write('shared/stack.yaml', 'services:\n  cache:\n    image: ${CACHE}\n  db:\n    image: postgres:16\n');
    const operands = await withBuilds([{ path: a, kind: 'compose' }, { path: b, kind: 'compose' }], assembly());
    const shared = operands.find((o) => relative(root, o.path) === 'shared/stack.yaml');
    assert.ok(shared);
    const said = await checkReadings(shared, (await readSource(shared, files)).file, unpinned);
    assert.deepEqual(
      said.map((s) => ('problem' in s ? `${s.problem.kind}: ${s.problem.message.split(', and one')[0]}` : `${s.status.state} ${s.status.occurrence.expanded}${s.by === undefined ? '' : ` (${s.by})`}`)),
      ['conflict: conflict "${CACHE}": its readings name different images, redis:7.4 (as compose.a.yaml includes it) and redis:7.2 (as compose.b.yaml includes it)', 'unpinned postgres:16'],
    );
  });

  describe('a GitLab include written as a wildcard pattern', () => {
    const JOB = (name: string) => `${name}:\n  image: $IMAGE\n  script: [make]\n`;
    /** What each GitLab file's pipeline says of `name`: where its winning value is set (`here`: in the file itself) and what it is. */
    const variable = (operands: Awaited<ReturnType<typeof withBuilds>>, name: string) =>
      operands.map((o) => {
        const v = o.options.gitlabPipeline?.variables.get(name);
        return [relative(root, o.path), v === undefined ? 'none' : `${'text' in v.value ? v.value.text : '?'} ${v.definedIn ?? 'here'}${v.imageElsewhere === true ? ', the image of other files' : ''}`];
      });

    it('reads each file of the repository it matches (ci/*.yml, /ci/**/*.yml) with the variables of the whole pipeline', async () => {
      const gitlab = write('.gitlab-ci.yml', "include:\n  - local: 'ci/*.yml'\n  - local: '/ci/**/*.yml'\nvariables:\n  IMAGE: busybox:1.36\n");
      write('ci/build.yml', JOB('build'));
      write('ci/notes.md', 'not YAML\n');
      write('ci/jobs/test.yml', JOB('test'));
      write('ci/jobs/deep/lint.yml', JOB('lint'));
      write('ci/jobs/deep/other.yaml', JOB('other'));
      write('other/skip.yml', JOB('skip'));
      const operands = await withBuilds([{ path: gitlab, kind: 'gitlab-ci' }], assembly());
      assert.deepEqual(operands[0].buildProblems, []);
      assert.deepEqual(variable(operands, 'IMAGE'), [
        ['.gitlab-ci.yml', 'busybox:1.36 here, the image of other files'],
        ['ci/build.yml', 'busybox:1.36 .gitlab-ci.yml'],
        ['ci/jobs/deep/lint.yml', 'busybox:1.36 .gitlab-ci.yml'],
        ['ci/jobs/test.yml', 'busybox:1.36 .gitlab-ci.yml'],
      ]);
      assert.ok(operands.every((o) => o.kind === 'gitlab-ci'));
    });

    it("includes the files it matches in git's path order, a later one's variables winning, as GitLab does (the short form, `**` reaching every depth)", async () => {
      const gitlab = write('.gitlab-ci.yml', "include: 'ci/**.yml'\n");
      write('ci/b.yml', 'variables:\n  IMAGE: alpine:3.20\n');
      write('ci/a/z.yml', 'variables:\n  IMAGE: alpine:3.19\n');
      write('ci/a.yml', JOB('build'));
      const operands = await withBuilds([{ path: gitlab, kind: 'gitlab-ci' }], assembly());
      assert.deepEqual(
        operands.map((o) => relative(root, o.path)),
        ['.gitlab-ci.yml', 'ci/a.yml', 'ci/a/z.yml', 'ci/b.yml'],
      );
      assert.deepEqual(variable(operands, 'IMAGE')[1], ['ci/a.yml', 'alpine:3.20 ci/b.yml']);
    });

    it("that matches a file GitLab refuses to include (not .yml or .yaml) is unresolved at the include, naming the file and GitLab's error, as is a path naming one; its YAML matches are still read", async () => {
      const gitlab = write('.gitlab-ci.yml', "include:\n  - local: 'ci/*'\n  - local: 'ci/*.yml'\n  - local: /ci/notes.txt\nvariables:\n  IMAGE: busybox:1.36\n");
      write('ci/build.yml', JOB('build'));
      write('ci/notes.txt', 'not YAML\n');
      write('ci/deploy.YAML', JOB('deploy'));
      write('ci/.yml', JOB('nameless'));
      const operands = await withBuilds([{ path: gitlab, kind: 'gitlab-ci' }], assembly());
      assert.deepEqual(
        operands.map((o) => relative(root, o.path)),
        ['.gitlab-ci.yml', 'ci/build.yml', 'ci/deploy.YAML'],
      );
      const refused = (pattern: string, named: string) =>
        `.gitlab-ci.yml includes ${pattern}, which matches ${named} GitLab refuses to include: an included file's name must end in .yml or .yaml (in any case), ` +
        'and GitLab fails the whole pipeline ("Included file `ci/.yml` does not have YAML extension!"); write the pattern so that it matches only YAML files, or move the others out of its reach';
      // Said by the file's own scan, so the editor's live reading of it says it too. `ci/*.yml`
      // matches `ci/.yml` too (`*` matches no character as well), whose name GitLab refuses.
      const said = await checkReadings(operands[0], (await readSource(operands[0], files)).file, unpinned);
      assert.deepEqual(
        said.flatMap((s) => ('problem' in s ? [[s.problem.kind, s.problem.range.start.line, s.problem.text, s.problem.message]] : [])),
        [
          ['unresolved', 1, 'ci/*', refused('ci/*', 'ci/.yml and ci/notes.txt, files')],
          ['unresolved', 2, 'ci/*.yml', refused('ci/*.yml', 'ci/.yml, a file')],
          // A path, not a pattern: refused by its name alone, as GitLab names it.
          [
            'unresolved',
            3,
            '/ci/notes.txt',
            ".gitlab-ci.yml includes /ci/notes.txt, a file GitLab refuses to include: an included file's name must end in .yml or .yaml (in any case), " +
              'and GitLab fails the whole pipeline ("Included file `/ci/notes.txt` does not have YAML extension!"); name a .yml or .yaml file',
          ],
        ],
      );
      assert.deepEqual(operands[0].buildProblems, []);
    });

    it('that matches nothing, or reaches outside the repository, is unresolved at the line naming it, saying why', async () => {
      write('ci/build.yml', JOB('build'));
      const gitlab = write('.gitlab-ci.yml', "include:\n  - local: 'ci/none/*.yml'\n  - local: 'ci/*.json'\n  - local: '../shared/*.yml'\n");
      const [operand] = await withBuilds([{ path: gitlab, kind: 'gitlab-ci' }], assembly());
      const none = (pattern: string) =>
        `.gitlab-ci.yml includes ${pattern}, which matches no .yml or .yaml file in the repository (${root}): GitLab includes nothing for it and runs the pipeline without it, so the files it is meant to include are missing or named otherwise`;
      assert.deepEqual(
        operand.buildProblems.map((p) => [p.kind, p.range.start.line, p.text, p.message]),
        [
          ['unresolved', 1, 'ci/none/*.yml', none('ci/none/*.yml')],
          ['unresolved', 2, 'ci/*.json', none('ci/*.json')],
          ['unresolved', 3, '../shared/*.yml', `.gitlab-ci.yml names ../shared/*.yml, which lies outside the repository (${root}): the images it names cannot be checked`],
        ],
      );
    });
  });

  describe('what a Dockerfile read alone is told of the builds a tree reads (ToldAlone)', () => {
    const script = [
      '#!/bin/bash',
      'cd "$(dirname "$0")/.."',
      'docker buildx build --platform "$PLATFORMS" -t app app',
      'docker buildx build --platform linux/amd64,linux/arm64 -f "$DOCKERFILE" -t other .',
      'docker buildx build --platform linux/amd64,linux/arm64 -t web web',
      '',
    ].join('\n');

    it("is what a named Dockerfile's reading says at its top: a build whose platforms only its runner knows, and one of a Dockerfile the build does not name", async () => {
      const app = write('app/Dockerfile', 'FROM alpine:3.20\n');
      const web = write('web/Dockerfile', 'FROM alpine:3.20\n');
      const release = write('scripts/release.sh', script);
      // The tree's reading: the builds are said at the script's lines, and kept for each Dockerfile read alone.
      const told = new ToldAlone();
      const tree = await withBuilds([{ path: release, kind: 'shell-script' }], assembly(), [], told);
      assert.deepEqual(
        tree.map((o) => [relative(root, o.path), o.buildProblems.length]),
        [
          ['scripts/release.sh', 0],
          ['web/Dockerfile', 0],
        ],
      );
      for (const dockerfile of [app, web]) {
        // Named alone, with the script as its repository's build file (check Dockerfile).
        const [named] = await withBuilds([{ path: dockerfile, kind: 'dockerfile' }], assembly(), [{ path: release, kind: 'shell-script' }]);
        assert.deepEqual(told.of(dockerfile, AMD64), named.buildProblems, relative(root, dockerfile));
      }
      assert.deepEqual(
        told.of(app, AMD64).map((p) => [p.kind, p.range.start.line, p.text]),
        [
          ['unresolved', 0, 'scripts/release.sh:3'],
          ['unresolved', 0, 'scripts/release.sh:4'],
        ],
      );
      // Another repository's Dockerfile is told nothing of this one's builds.
      assert.deepEqual(told.of('/elsewhere/Dockerfile', AMD64), []);
    });

    it('is equal for two trees whose builds tell alike, and differs once a build does', async () => {
      write('app/Dockerfile', 'FROM alpine:3.20\n');
      const release = write('scripts/release.sh', script);
      const keyOf = async () => {
        const told = new ToldAlone();
        await withBuilds([{ path: release, kind: 'shell-script' }], assembly(), [], told);
        return told.key();
      };
      const before = await keyOf();
      assert.equal(await keyOf(), before);
      write('scripts/release.sh', script.replace('"$PLATFORMS"', 'linux/amd64,linux/arm64'));
      assert.notEqual(await keyOf(), before);
    });
  });
});
