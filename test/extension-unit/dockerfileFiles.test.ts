import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DOCKERFILE_GLOB, inSkippedFolder } from '../../src/extension/dockerfileFiles';

// `path.matchesGlob` (Node ≥ 20.17) implements the same glob syntax findFiles takes.
const matches = (file: string, glob: string) => (path as unknown as { matchesGlob(p: string, g: string): boolean }).matchesGlob(file, glob);

describe('extension dockerfileFiles: what Check Workspace searches', () => {
  const yes = ['Dockerfile', 'svc/Dockerfile', 'Dockerfile.dev', 'a/b/Containerfile', 'Containerfile.prod', 'Containerfile-arm', 'x/app.dockerfile', 'app.containerfile', 'web.Dockerfile'];
  const no = ['README.md', 'Dockerfile/notes.txt', 'docker-compose.yml', 'dockerfile.md'];
  for (const file of yes) it(`finds ${file}`, () => assert.ok(matches(file, DOCKERFILE_GLOB)));
  for (const file of no) it(`ignores ${file}`, () => assert.ok(!matches(file, DOCKERFILE_GLOB)));

  it('skips dependency and build folders at any depth', () => {
    for (const file of ['node_modules/pkg/Dockerfile', 'web/node_modules/x/Dockerfile', '.git/Dockerfile', 'out/Dockerfile', 'a\\dist\\Dockerfile', '.tools/code-server/Dockerfile']) {
      assert.ok(inSkippedFolder(file), file);
    }
  });

  it('keeps project Dockerfiles, including ones merely named like a skipped folder', () => {
    for (const file of ['Dockerfile', 'services/api/Dockerfile', 'outputs/Dockerfile', 'dist.Dockerfile', 'my-node_modules/Dockerfile']) {
      assert.ok(!inSkippedFolder(file), file);
    }
  });
});
