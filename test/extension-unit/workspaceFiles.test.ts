import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { COMPOSE_GLOB, inSkippedFolder, MAKEFILE_GLOB, SHELL_SCRIPT_GLOB, WORKSPACE_GLOB, workspaceFileKind } from '../../src/extension/workspaceFiles';

// `path.matchesGlob` (Node ≥ 20.17) implements the same glob syntax findFiles takes.
const matches = (file: string, glob: string) => (path as unknown as { matchesGlob(p: string, g: string): boolean }).matchesGlob(file, glob);

describe('extension workspaceFiles: what Check Workspace searches and reads', () => {
  const yes = [
    'Dockerfile', 'svc/Dockerfile', 'Dockerfile.dev', 'Dockerfile-alpine', 'docker/Dockerfile_ci', 'a/b/Containerfile', 'Containerfile.prod', 'Containerfile-arm', 'x/app.dockerfile', 'app.containerfile', 'web.Dockerfile',
    // Paths inside dot folders (.github, .devcontainer) are left to the extension-host test: Node's
    // matchesGlob skips dot folders, VS Code's search does not.
    'docker-compose.yml', 'deploy/compose.prod.yaml', 'pwd.yml', 'k8s/deployment.yaml', 'action.yml', 'ci/x.gitlab-ci.yml',
    'devcontainer.json', '.devcontainer.json', 'overlay/Kustomization', 'k8s/pod.json', 'package.json',
    'docker-bake.hcl', 'build/docker-bake.override.hcl', 'docker-bake.json',
    'Makefile', 'tools/makefile', 'GNUmakefile', 'Makefile.common', 'build.mk',
    'build.sh', 'scripts/build-image.sh', 'ci/release.bash',
  ];
  const no = ['README.md', 'Dockerfile/notes.txt', 'dockerfile.md', 'tsconfig.jsonc', 'build.mkx', 'GNUmakefile-old'];
  for (const file of yes) it(`finds ${file}`, () => assert.ok(matches(file, WORKSPACE_GLOB)));
  for (const file of no) it(`ignores ${file}`, () => assert.ok(!matches(file, WORKSPACE_GLOB)));

  it('reads a found file as the kind its name and text say, and passes over YAML that names no image', () => {
    assert.equal(workspaceFileKind('svc/Dockerfile', 'FROM alpine\n'), 'dockerfile');
    assert.equal(workspaceFileKind('Containerfile-arm', 'FROM alpine\n'), 'dockerfile', 'the dockerfile language pattern Containerfile*');
    assert.equal(workspaceFileKind('Containerfile.dockerignore', '*\n'), undefined);
    assert.equal(workspaceFileKind('docker/Dockerfile_ci', 'FROM alpine\n'), 'dockerfile');
    assert.equal(workspaceFileKind('Dockerfile.md', '```\nFROM alpine\n```\n'), undefined, 'a Dockerfile.* name of documentation or code is not one');
    assert.equal(workspaceFileKind('pwd.yml', 'services:\n  web:\n    image: nginx:1.27\n'), 'compose');
    assert.equal(workspaceFileKind('k8s/app.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: nginx\n'), 'kubernetes');
    assert.equal(workspaceFileKind('.github/workflows/ci.yml', 'on: push\n'), 'github-workflow');
    assert.equal(workspaceFileKind('config/settings.yaml', 'name: x\nservices:\n  - mail\n'), undefined);
    assert.equal(workspaceFileKind('devcontainer.json', '{"image": "x"}'), undefined, 'only at the dev container paths');
    assert.equal(workspaceFileKind('k8s/pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "nginx"}]}}'), 'kubernetes');
    assert.equal(workspaceFileKind('package.json', '{"name": "web", "kind": "app", "image": "nginx"}'), undefined);
  });

  it('searches for the compose census only what WORKSPACE_GLOB finds that may be a compose or GitLab CI file', () => {
    for (const file of yes) {
      const compose = workspaceFileKind(file, 'services:\n  web:\n    image: nginx\n') === 'compose';
      if (compose || workspaceFileKind(file, 'job:\n  image: nginx\n') === 'gitlab-ci') assert.ok(matches(file, COMPOSE_GLOB), file);
      if (!/\.ya?ml$/.test(file)) assert.ok(!matches(file, COMPOSE_GLOB), file);
    }
  });

  it('finds for the include index the Makefiles GNU make reads by default and the makefiles they include; autotools inputs and documents are found but are no Makefiles', () => {
    for (const file of ['Makefile', 'operator/Makefile', 'makefile', 'GNUmakefile', 'Makefile.common', 'build/docker.mk']) {
      assert.ok(matches(file, MAKEFILE_GLOB), file);
      assert.equal(workspaceFileKind(file, 'all:\n\tdocker build .\n'), 'makefile', file);
    }
    for (const file of ['Makefile.am', 'Makefile.in', 'docs/Makefile.md']) assert.equal(workspaceFileKind(file, 'all:\n\tdocker build .\n'), undefined, file);
    for (const file of ['docs/Makefile-notes.txt', 'build.mkx']) assert.ok(!matches(file, MAKEFILE_GLOB), file);
  });

  it('finds for the include index the shell scripts by the names read as scripts (*.sh, *.bash), and no other file', () => {
    for (const file of ['build.sh', 'scripts/build-image.sh', 'ci/release.bash']) {
      assert.ok(matches(file, SHELL_SCRIPT_GLOB), file);
      assert.equal(workspaceFileKind(file, 'docker build .\n'), 'shell-script', file);
    }
    for (const file of ['build.zsh', 'scripts/build', 'notes.sh.md', 'bashrc']) assert.ok(!matches(file, SHELL_SCRIPT_GLOB), file);
  });

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
