import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import type { FileKind } from '../../../src/core/types';

describe('detectKind', () => {
  const byName: [string, FileKind | undefined][] = [
    ['Dockerfile', 'dockerfile'],
    ['services/api/Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['docker/dev.Dockerfile', 'dockerfile'],
    ['build/app.containerfile', 'dockerfile'],
    ['dockerfile', 'dockerfile'],
    ['Dockerfile.dockerignore', undefined],
    ['Dockerfile-alpine', 'dockerfile'],
    ['docker/Dockerfile_ci', 'dockerfile'],
    ['Dockerfile_tei', 'dockerfile'],
    ['Containerfile-arm64', 'dockerfile'],
    ['Dockerfile-3.12', 'dockerfile'],
    ['Dockerfile.alpine.template', 'dockerfile'],
    ['Dockerfile.md', undefined],
    ['docs/dockerfile.txt', undefined],
    ['frontend/dockerfile/dockerfile_test.go', undefined],
    ['dockerfile.go', undefined],
    ['Dockerfile.orig', undefined],
    // A shell script, whatever it is named after.
    ['Dockerfile.sh', 'shell-script'],
    ['scripts/build-image.sh', 'shell-script'],
    ['hack/release.bash', 'shell-script'],
    ['build.sh.tmpl', undefined],
    ['Dockerfile.yml', undefined],
    ['Dockerfiles', undefined],
    ['Dockerfile~', undefined],
    ['mydockerfile', undefined],
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.yaml', 'compose'],
    ['compose.override.yaml', 'compose'],
    ['deploy/docker-compose.prod.yml', 'compose'],
    ['overrides/compose.full.yaml', 'compose'],
    ['.github/workflows/ci.yml', 'github-workflow'],
    ['repo/.github/workflows/release.yaml', 'github-workflow'],
    ['C:\\src\\repo\\.github\\workflows\\ci.yml', 'github-workflow'],
    ['.gitea/workflows/ci.yaml', 'github-workflow'],
    ['repo/.forgejo/workflows/release.yml', 'github-workflow'],
    ['.github/workflows/nested/ci.yml', undefined],
    ['.gitea/ci.yml', undefined],
    ['.github/ci.yml', undefined],
    ['action.yml', 'github-action'],
    ['actions/setup/action.yaml', 'github-action'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['ci/templates/build.gitlab-ci.yml', 'gitlab-ci'],
    ['.devcontainer/devcontainer.json', 'devcontainer'],
    ['.devcontainer/python/devcontainer.json', 'devcontainer'],
    ['.devcontainer.json', 'devcontainer'],
    ['devcontainer.json', undefined],
    ['.devcontainer/a/b/devcontainer.json', undefined],
    ['k8s/overlays/prod/kustomization.yaml', 'kubernetes'],
    ['kustomization.yml', 'kubernetes'],
    ['README.md', undefined],
    ['values.yaml', undefined],
  ];
  for (const [path, kind] of byName) {
    it(`${path} → ${kind ?? 'not read'} by its name`, () => assert.equal(detectKind(path), kind));
  }

  it('a dev container config is read as one by its name, never as a manifest', () => {
    assert.equal(detectKind('.devcontainer/devcontainer.json', '{"apiVersion": "v1", "kind": "Pod", "image": "a"}'), 'devcontainer');
  });

  it('a name wins over content', () => {
    assert.equal(detectKind('compose.yaml', 'apiVersion: v1\nkind: Pod\n'), 'compose');
  });

  const byContent: [string, string, FileKind | undefined][] = [
    ['pwd.yml', 'services:\n  web:\n    image: nginx\n', 'compose'],
    ['stack.yaml', '# stack\nservices:\n  api:\n    build: ./api\n', 'compose'],
    ['flow.yml', 'services: {web: {image: nginx}}\nx-note: 1\n', 'compose'],
    ['deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [{image: nginx}]\n', 'kubernetes'],
    ['all.yaml', '---\n# many\napiVersion: v1\nkind: List\nitems: []\n---\napiVersion: v1\nkind: Pod\nspec: {containers: [{image: a}]}\n', 'kubernetes'],
    ['vm-dv.yaml', 'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nspec:\n  dataVolumeTemplates:\n  - spec: {source: {registry: {url: "docker://quay.io/containerdisks/fedora:41"}}}\n', 'kubernetes'],
    ['patch_operator.yml', '- op: add\n  path: /spec/template/spec/initContainers\n  value:\n    - name: init\n      image: busybox\n', 'kubernetes'],
    ['patch.yaml', '- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: nginx:1.27\n', 'kubernetes'],
    ['scorecard-patch.yaml', '- op: add\n  path: /stages/0/tests/-\n  value:\n    image: quay.io/operator-framework/scorecard-test:v1\n', undefined],
    ['args-patch.yaml', '- op: add\n  path: /spec/template/spec/containers/0/args/-\n  value: --image-gc=true\n', undefined],
    ['svc.yaml', 'apiVersion: v1\nkind: Service\nspec: {ports: [{port: 80}]}\n', undefined],
    // A Crossplane package is an image named in a field of another name.
    ['provider.yaml', 'apiVersion: pkg.crossplane.io/v1\nkind: Provider\nmetadata: {name: provider-nop}\nspec:\n  package: xpkg.upbound.io/crossplane-contrib/provider-nop:v0.3.0\n', 'kubernetes'],
    ['function.json', '{"apiVersion": "pkg.crossplane.io/v1", "kind": "Function", "spec": {"package": "xpkg.crossplane.io/crossplane-contrib/function-dummy:v0.4.1"}}', 'kubernetes'],
    ['functions.yaml', 'apiVersion: pkg.crossplane.io/v1\nkind: Function\nspec: {package: xpkg.crossplane.io/crossplane-contrib/function-dummy:v0.4.1}\n', 'kubernetes'],
    // A Rego policy's `package` line names no image.
    ['template.yaml', 'apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nspec:\n  targets:\n  - rego: |\n      package k8srequiredlabels\n      violation[{"msg": msg}] { true }\n', undefined],
    ['ci.yml', 'image: docker:24\nservices:\n  - docker:24-dind\n', undefined],
    // Woodpecker CI's pipeline has a services: map too, beside steps: Compose refuses its other top-level keys; its name makes it Woodpecker's.
    ['.woodpecker.yml', 'clone:\n  git:\n    image: woodpeckerci/plugin-git\nsteps:\n  build:\n    image: golang:1.22\nservices:\n  db:\n    image: postgres:16\n', 'woodpecker'],
    ['pipeline.yml', 'clone:\n  git:\n    image: woodpeckerci/plugin-git\nsteps:\n  build:\n    image: golang:1.22\nservices:\n  db:\n    image: postgres:16\n', undefined],
    ['stack.yml', 'version: "3.8"\nname: shop\nservices:\n  web: {image: nginx}\nx-logging: {driver: json-file}\nvolumes: {}\n', 'compose'],
    ['config.yaml', 'services:\n  web:\n    port: 80\n# image: nginx\n    build_dir: x\n', undefined],
    ['notes.txt', 'services:\n  web:\n    image: nginx\n', undefined],
    ['empty.yaml', '', undefined],
    ['k8s/pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "nginx:1.25"}]}}', 'kubernetes'],
    ['all.JSON', '{\n\t"kind": "List",\n\t"apiVersion": "v1",\n\t"items": [{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}]\n}\n', 'kubernetes'],
    ['svc.json', '{"apiVersion": "v1", "kind": "Service", "spec": {"ports": [{"port": 80}]}}', undefined],
    ['package.json', '{"name": "web", "kind": "app", "config": {"apiVersion": "2", "image": "nginx"}}', undefined],
    ['review.json', '{"request": {"object": {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}}}', undefined],
    ['pod.schema.json', '{"properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, "image": {"type": "string"}}}', undefined],
    ['pods.json', '[{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}]', undefined],
    ['pod.jsonc', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}', undefined],
    ['stream.json', '{"apiVersion": "v1", "kind": "ConfigMap", "data": {}}\n{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}\n', 'kubernetes'],
    ['broken-pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"} {"image": "b"}]}}', 'kubernetes'],
    ['cut-pod.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "spec": {"containers": [{"image": "a"', 'kubernetes'],
    ['broken/package.json', '{\n  "name": "web",\n  "kind": "app"\n  "apiVersion": {"image": "x"},\n}\n', undefined],
    ['notes.json', '{"text": "\\"apiVersion\\": \\"v1\\", \\"kind\\": \\"Pod\\", \\"image\\": \\"a\\"" ', undefined],
    // kubectl reads a .yaml file that opens with `{` as JSON (argo-cd's openfaas Function test data).
    ['function.yaml', '{\n    "apiVersion": "openfaas.com/v1",\n    "kind": "Function",\n    "spec": {\n        "image": "ghcr.io/openfaas/alpine:latest"\n    }\n}\n', 'kubernetes'],
    ['pod.yml', '  {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a"}]}}', 'kubernetes'],
    ['settings.yaml', '{"name": "web", "kind": "app", "config": {"apiVersion": "2", "image": "nginx"}}', undefined],
    // A Helm template whose first action opens the file is still told by its YAML lines.
    ['templates/pod.yaml', '{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: {{ .Values.image }}\n{{- end }}\n', 'kubernetes'],
    // A script without an extension, by its first line's #!: a POSIX shell's, by path or through env.
    ['script/cibuild', '#!/usr/bin/env bash\nset -e\n', 'shell-script'],
    ['hack/build-image', '#!/bin/sh -eu\n', 'shell-script'],
    ['bin/release', '#!/usr/bin/env -S bash -eu\n', 'shell-script'],
    ['tools/deploy', '#! /bin/zsh\r\n', 'shell-script'],
    ['tools/gen', '#!/usr/bin/env python3\nimport os\n', undefined],
    ['tools/fishy', '#!/usr/bin/fish\n', undefined],
    ['tools/shellcheck-all', '#!/usr/bin/env shellcheck\n', undefined],
    ['notes/later', 'echo\n#!/bin/sh\n', undefined],
    ['notes.txt', '#!/bin/sh\n', undefined],
  ];
  for (const [path, text, kind] of byContent) {
    it(`${path} → ${kind ?? 'not read'} by its content`, () => assert.equal(detectKind(path, text), kind));
  }
});
