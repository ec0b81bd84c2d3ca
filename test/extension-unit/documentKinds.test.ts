import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DOCUMENT_FILTERS, DOCUMENT_LANGUAGES, documentKind } from '../../src/extension/documentKinds';

// `path.matchesGlob` (Node ≥ 20.17) implements the glob syntax document filters take.
const matches = (file: string, glob: string) => (path as unknown as { matchesGlob(p: string, g: string): boolean }).matchesGlob(file, glob);

/** The kind of a document, and whether its text was read to decide. */
function kindOf(file: string, languageId: string, text = '', scheme = 'file'): { kind: string | undefined; read: boolean } {
  let read = false;
  const kind = documentKind({ path: `/ws/${file}`, languageId, scheme }, () => ((read = true), text));
  return { kind, read };
}

const MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';
const JSON_MANIFEST = '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}\n';

describe('extension documentKinds: which documents are read, as which kind', () => {
  it('takes the kind a language gives: Dockerfiles, the dockercompose and github-actions-workflow languages', () => {
    assert.equal(kindOf('Dockerfile.web', 'dockerfile').kind, 'dockerfile');
    assert.equal(kindOf('ops/my-docker-compose.yml', 'dockercompose').kind, 'compose', 'named as VS Code names compose files');
    assert.equal(kindOf('.github/workflows/ci.yml', 'github-actions-workflow').kind, 'github-workflow');
    assert.equal(kindOf('Dockerfile', 'dockerfile').read, false);
  });

  it('reads yaml files named as a kind by their name, without reading the text', () => {
    for (const [file, kind] of [
      ['compose.yaml', 'compose'],
      ['docker-compose.override.yml', 'compose'],
      ['.github/workflows/release.yaml', 'github-workflow'],
      ['action.yml', 'github-action'],
      ['.gitlab-ci.yml', 'gitlab-ci'],
      ['.ko.yaml', 'ko'],
      ['.goreleaser.yaml', 'goreleaser'],
    ] as const) {
      assert.deepEqual(kindOf(file, 'yaml', 'anything'), { kind, read: false }, file);
    }
  });

  it('reads a Bake file by its name: in HCL (the hcl language) or JSON', () => {
    assert.deepEqual(kindOf('docker-bake.hcl', 'hcl', 'anything'), { kind: 'bake', read: false });
    assert.deepEqual(kindOf('ci/docker-bake.override.json', 'json', 'anything'), { kind: 'bake', read: false });
    assert.equal(kindOf('main.hcl', 'hcl', 'target "x" {}').kind, undefined);
  });

  it('reads no Makefile: it names no image to pin (the include index reads the Dockerfiles its recipes build)', () => {
    assert.equal(kindOf('Makefile', 'makefile', 'image:\n\tdocker build -t x .\n').kind, undefined);
    assert.ok(!DOCUMENT_LANGUAGES.includes('makefile'));
  });

  it('reads no shell script: it names no image to pin (the include index reads the Dockerfiles its builds build)', () => {
    for (const [path, language] of [['scripts/build-image.sh', 'shellscript'], ['release.bash', 'shellscript'], ['build.sh', 'plaintext']]) {
      assert.equal(kindOf(path, language, 'docker buildx build --platform linux/amd64,linux/arm64 .\n').kind, undefined, path);
    }
    assert.ok(!DOCUMENT_LANGUAGES.includes('shellscript'));
  });

  it('reads no Skaffold config, by name or content: it names no image to pin, and is no Kubernetes manifest (the include index reads the Dockerfiles its artifacts build)', () => {
    const SKAFFOLD = 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: app\n';
    assert.deepEqual(kindOf('skaffold.yaml', 'yaml', SKAFFOLD), { kind: undefined, read: false });
    assert.equal(kindOf('deploy/dev.yaml', 'yaml', SKAFFOLD).kind, undefined);
  });

  it('reads other yaml files by content: a manifest, a compose file under any name', () => {
    assert.equal(kindOf('k8s/web.yaml', 'yaml', MANIFEST).kind, 'kubernetes');
    assert.equal(kindOf('pwd.yml', 'yaml', COMPOSE).kind, 'compose');
  });

  it('reads nothing from a yaml file that names no image', () => {
    assert.deepEqual(kindOf('config/app.yaml', 'yaml', 'name: app\nreplicas: 3\n'), { kind: undefined, read: true });
    assert.equal(kindOf('mkdocs.yml', 'yaml', 'site_name: x\nnav:\n  - image: gallery.md\n').kind, undefined, 'the word alone is not enough');
  });

  it('reads dev container configs as JSONC, JSON manifests by content, and no other JSON', () => {
    assert.equal(kindOf('.devcontainer/devcontainer.json', 'jsonc').kind, 'devcontainer');
    assert.equal(kindOf('.devcontainer/python/devcontainer.json', 'jsonc').kind, 'devcontainer');
    assert.equal(kindOf('.devcontainer.json', 'json').kind, 'devcontainer');
    assert.equal(kindOf('.vscode/settings.json', 'jsonc', '{"image": "x"}').kind, undefined);
    assert.equal(kindOf('package.json', 'json', '{"name": "web", "kind": "app", "image": "x"}').kind, undefined);
    assert.equal(kindOf('k8s/pod.json', 'json', JSON_MANIFEST).kind, 'kubernetes');
    assert.equal(kindOf('k8s/pod.json', 'jsonc', JSON_MANIFEST).kind, undefined, 'JSON with comments is never a manifest kubectl reads');
  });

  it('decides a large JSON document that is no manifest from a text check, never a parse', () => {
    // 6 MB of lock-file JSON naming images, and a JSON array of manifests (kubectl reads no top-level array).
    const entry = (i: number) => `    "node_modules/pkg-${i}": {"version": "1.0.${i}", "kind": "lib", "image": "x", "integrity": "sha512-${'a'.repeat(60)}"},\n`;
    const lock = `{\n  "name": "web",\n  "packages": {\n${Array.from({ length: 40_000 }, (_, i) => entry(i)).join('')}    "": {}\n  }\n}\n`;
    const array = `[${JSON_MANIFEST}]`;
    const started = process.hrtime.bigint();
    assert.equal(kindOf('package-lock.json', 'json', lock).kind, undefined);
    assert.equal(kindOf('pods.json', 'json', array).kind, undefined);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Substring tests over 6 MB take a few milliseconds; a parse of it takes far longer.
    assert.ok(ms < 100, `${ms.toFixed(1)} ms`);
  });

  it('never reads a document of another language or scheme: a git original, a diff side, a plain-text compose file', () => {
    assert.equal(kindOf('compose.yaml', 'yaml', COMPOSE, 'git').kind, undefined);
    assert.equal(kindOf('Dockerfile', 'dockerfile', '', 'vscode-scm').kind, undefined);
    assert.equal(kindOf('compose.yaml', 'plaintext', COMPOSE).kind, undefined);
    assert.equal(kindOf('Dockerfile', 'yaml').kind, undefined, 'a kind the language cannot hold');
    assert.equal(kindOf('Dockerfile', 'dockerfile', '', 'untitled').kind, 'dockerfile');
    assert.equal(kindOf('Dockerfile', 'dockerfile', '', 'vscode-remote').kind, 'dockerfile');
  });

  it('registers providers for every language and scheme it reads, JSON with comments at the dev container paths only', () => {
    for (const language of DOCUMENT_LANGUAGES) {
      for (const scheme of ['file', 'untitled', 'vscode-remote']) {
        assert.ok(DOCUMENT_FILTERS.some((f) => f.language === language && f.scheme === scheme), `${language} ${scheme}`);
      }
    }
    assert.ok(DOCUMENT_FILTERS.filter((f) => f.language === 'json').every((f) => f.pattern === undefined), 'a JSON manifest may have any name');
    const jsonc = DOCUMENT_FILTERS.filter((f) => f.language === 'jsonc');
    for (const filter of jsonc) {
      assert.ok(filter.pattern);
      assert.ok(matches('/ws/.devcontainer/devcontainer.json', filter.pattern));
      assert.ok(matches('/ws/.devcontainer/node/devcontainer.json', filter.pattern));
      assert.ok(matches('/ws/.devcontainer.json', filter.pattern));
      assert.ok(!matches('/ws/package.json', filter.pattern));
    }
  });
});
