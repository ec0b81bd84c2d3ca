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

  it('a wildcard a file names is reported with the front door’s advice', async () => {
    const gitlab = write('.gitlab-ci.yml', "include:\n  - local: 'ci/*.yml'\nlint:\n  image: busybox:1.36\n  script: [true]\n");
    const [operand] = await withBuilds([{ path: gitlab, kind: 'gitlab-ci' }], assembly());
    assert.deepEqual(
      operand.buildProblems.map((p) => p.message),
      ['.gitlab-ci.yml names ci/*.yml, which is a pattern docker-pin does not expand; list its files one by one: the images it names cannot be checked'],
    );
  });
});
