import * as assert from 'node:assert/strict';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';
import { D1, pinAll } from './helpers';
import { SHOP_MANIFESTS } from './kubernetes.fixtures';
import { platformName, problemLines, view } from './views';

const D = `sha256:${'7'.repeat(64)}`;

/** The lines an Argo Workflow starts with, up to its templates. */
const ARGO_WORKFLOW = ['apiVersion: argoproj.io/v1alpha1', 'kind: Workflow', 'metadata: {generateName: w-}', 'spec:', '  templates:'];

/** The file is read as YAML, not skipped as a Helm chart template: these images, no problem. */
function readAsYaml(text: string, images: string[]): void {
  const result = scanKubernetes(text);
  assert.deepEqual(result.images.map((i) => `${i.line}:${i.expanded}`), images);
  assert.deepEqual(result.problems, []);
}

/** The file's images as `line:reference platform`, and no problem. */
function readsImages(text: string, images: string[]): void {
  const scan = scanKubernetes(text);
  assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded} ${platformName(i.platform)}`), images);
  assert.deepEqual(scan.problems, []);
}

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;

describe('kubernetes source', () => {
  describe('a multi-document file of every workload kind', () => {
    const scan = scanKubernetes(SHOP_MANIFESTS);

    it('finds every container, init, ephemeral and volume image, with its platform', () => {
      assert.deepEqual(scan.images.map((occ) => view(SHOP_MANIFESTS, occ)), [
        { source: 'init-container', written: 'ghcr.io/shop/web:2.4.1', line: 19, platform: 'linux/arm64' },
        { source: 'container', written: '"ghcr.io/shop/web:2.4.1"', line: 23, platform: 'linux/arm64' },
        { source: 'container', written: "'prom/statsd-exporter:v0.27.1'", line: 26, platform: 'linux/arm64' },
        { source: 'image-volume', written: 'ghcr.io/shop/models:2025.01', line: 30, platform: 'linux/arm64' },
        { source: 'container', written: `postgres:16.4@${D}`, line: 50, platforms: ['linux/amd64', 'linux/arm64'], digest: `@${D}` },
        { source: 'container', written: 'ghcr.io/shop/report:1.0.3', line: 67, platform: 'linux/amd64' },
        { source: 'container', written: '"busybox:1.36.1"', line: 75 },
        { source: 'container', written: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', line: 86, platform: 'windows/amd64' },
        { source: 'ephemeral-container', written: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', line: 89, platform: 'windows/amd64' },
        { source: 'container', written: 'docker.io/datadog/agent:7.57.2', line: 119 },
        { source: 'container', written: 'nginx', line: 128 },
        { source: 'init-container', written: 'alpine/git:v2.45.2', line: 141, platform: 'linux/arm64' },
        { source: 'container', written: 'python:3.12-slim', line: 144, platform: 'linux/arm64' },
      ]);
      assert.deepEqual(scan.problems, []);
      assert.ok(scan.images.every((occ) => occ.fileKind === 'kubernetes' && occ.expanded === occ.reference.original));
    });

    it('reads the same file with CRLF line breaks at the same places', () => {
      const crlf = SHOP_MANIFESTS.replace(/\n/g, '\r\n');
      assert.deepEqual(
        scanKubernetes(crlf).images.map((occ) => view(crlf, occ)),
        scan.images.map((occ) => view(SHOP_MANIFESTS, occ)),
      );
    });
  });

  describe('platforms from node selection', () => {
    const platformsOf = (spec: string, options = {}) => {
      const [occ] = scanKubernetes(pod(spec), options).images;
      return occ.platforms ? occ.platforms.map(platformName) : [platformName(occ.platform)];
    };

    it('nodeSelector on arch and os, beta labels included', () => {
      assert.deepEqual(platformsOf('  nodeSelector: {kubernetes.io/arch: arm}\n  containers: [{image: a}]\n'), ['linux/arm/v7']);
      assert.deepEqual(platformsOf('  nodeSelector: {beta.kubernetes.io/os: linux, beta.kubernetes.io/arch: s390x}\n  containers: [{image: a}]\n'), ['linux/s390x']);
      assert.deepEqual(platformsOf('  nodeSelector: {kubernetes.io/os: linux}\n  containers: [{image: a}]\n'), ['configured']);
      assert.deepEqual(platformsOf('  nodeSelector: {disktype: ssd}\n  containers: [{image: a}]\n'), ['configured']);
    });

    it('an OS other than the configured one takes the configured architecture', () => {
      const spec = '  nodeSelector: {kubernetes.io/os: windows}\n  containers: [{image: a}]\n';
      assert.deepEqual(platformsOf(spec, { platform: { os: 'linux', architecture: 'arm64' } }), ['windows/arm64']);
    });

    it('required node affinity: alternatives add up, expressions of one term narrow, In only', () => {
      const affinity = (terms: string) =>
        `  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n${terms}  containers: [{image: a}]\n`;
      assert.deepEqual(
        platformsOf(affinity('          - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]\n          - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]\n')),
        ['linux/arm64', 'linux/amd64'],
      );
      assert.deepEqual(
        platformsOf(affinity('          - matchExpressions:\n              - {key: kubernetes.io/arch, operator: In, values: [arm64, amd64]}\n              - {key: kubernetes.io/arch, operator: In, values: [arm64]}\n')),
        ['linux/arm64'],
      );
      assert.deepEqual(
        platformsOf(affinity('          - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]\n          - matchExpressions: [{key: disktype, operator: In, values: [ssd]}]\n')),
        ['configured'],
      );
      assert.deepEqual(platformsOf(affinity('          - matchExpressions: [{key: kubernetes.io/arch, operator: NotIn, values: [arm]}]\n')), ['configured']);
    });

    it('nodeSelector and affinity together must both hold', () => {
      const spec =
        '  nodeSelector: {kubernetes.io/arch: arm64}\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64, arm64]}]\n  containers: [{image: a}]\n';
      assert.deepEqual(platformsOf(spec), ['linux/arm64']);
    });

    it('preferred affinity says nothing about where the pod runs', () => {
      const spec =
        '  affinity:\n    nodeAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n        - weight: 1\n          preference: {matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]}\n  containers: [{image: a}]\n';
      assert.deepEqual(platformsOf(spec), ['configured']);
    });
  });

  describe('manifests written as JSON', () => {
    const POD = [
      '{',
      '\t"apiVersion": "v1",',
      '\t"kind": "Pod",',
      '\t"metadata": {"name": "web"},',
      '\t"spec": {',
      '\t\t"nodeSelector": {"kubernetes.io/arch": "arm64"},',
      '\t\t"containers": [',
      '\t\t\t{"name": "web", "image": "nginx:1.25"},',
      '\t\t\t{"name": "old", "image": "busybox:1.36@' + D + '"},',
      '\t\t\t{"name": "esc", "image": "alpine\\u003a3.20"}',
      '\t\t]',
      '\t}',
      '}',
      '',
    ].join('\r\n');
    const LIST = '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"apps/v1","kind":"Deployment","spec":{"template":{"spec":{"containers":[{"name":"a","image":"golang:1.22"}]}}}}]}';

    it('reads a Pod (tabs, CRLF) and a List as the YAML they are, each image inside its quotes', () => {
      const pod = scanKubernetes(POD);
      assert.deepEqual(pod.images.map((occ) => view(POD, occ)), [
        { source: 'container', written: '"nginx:1.25"', line: 8, platform: 'linux/arm64' },
        { source: 'container', written: `"busybox:1.36@${D}"`, line: 9, platform: 'linux/arm64', digest: `@${D}` },
      ]);
      assert.deepEqual(problemLines(pod.problems), [{ kind: 'skipped', line: 10 }], 'an escape leaves no safe place for a digest');
      assert.deepEqual(scanKubernetes(LIST).images.map((occ) => view(LIST, occ)), [{ source: 'container', written: '"golang:1.22"', line: 1 }]);
    });

    it('a pin goes inside the quotes: the file stays valid JSON, otherwise byte-identical', () => {
      const pinned = pinAll(POD, scanKubernetes(POD), D1);
      assert.equal(pinned, POD.replace('"nginx:1.25"', `"nginx:1.25@${D1}"`).replace(`@${D}"`, `@${D1}"`));
      const parsed = JSON.parse(pinned) as { spec: { containers: { image: string }[] } };
      assert.deepEqual(parsed.spec.containers.map((c) => c.image), [`nginx:1.25@${D1}`, `busybox:1.36@${D1}`, 'alpine:3.20']);
      const list = pinAll(LIST, scanKubernetes(LIST), D1);
      assert.equal(list, LIST.replace('"golang:1.22"', `"golang:1.22@${D1}"`));
      assert.doesNotThrow(() => JSON.parse(list));
    });
  });

  describe('JSON streams and broken JSON', () => {
    const pod = (name: string, image: string) => `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "${name}"}, "spec": {"containers": [{"name": "${name}", "image": "${image}"}]}}`;

    it('reads every object of a stream written one after another (jq -c, concatenated kubectl output), each image pinned in place', () => {
      const stream = [pod('a', 'nginx:1.25'), pod('b', 'redis:7'), '', `  ${pod('c', 'mongo:8')}${pod('d', 'golang:1.22')}`, ''].join('\r\n');
      const scan = scanKubernetes(stream);
      assert.deepEqual(problemLines(scan.problems), []);
      assert.deepEqual(scan.images.map((occ) => [view(stream, occ).written, occ.line]), [['"nginx:1.25"', 1], ['"redis:7"', 2], ['"mongo:8"', 4], ['"golang:1.22"', 4]]);
      const pinned = pinAll(stream, scan, D1);
      assert.equal(pinned, stream.replace(/"(nginx:1\.25|redis:7|mongo:8|golang:1\.22)"/g, `"$1@${D1}"`));
    });

    it('a broken manifest is one JSON error at its line and column, saying what is wrong; what stands before it is read', () => {
      const text = [
        '{',
        '  "apiVersion": "apps/v1",',
        '  "kind": "Deployment",',
        '  "spec": {"template": {"spec": {"containers": [',
        '    {"name": "a", "image": "nginx:1.25"}',
        '    {"name": "b", "image": "redis:7"}',
        '  ]}}}',
        '}',
        pod('next', 'mongo:8'),
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((occ) => view(text, occ).written), ['"nginx:1.25"']);
      assert.deepEqual(
        scan.problems.map((p) => [p.kind, p.range.start.line + 1, p.range.start.character + 1, p.message]),
        [['invalid', 6, 5, 'JSON error on line 6, column 5 (CommaExpected): a comma was expected here, between two entries; nothing after it is read']],
      );
      assert.ok(!scan.problems.some((p) => /YAML/.test(p.message)), 'JSON is never reported as YAML');
    });

    it('what kubectl refuses in JSON is reported as such: a trailing comma, a comment, an unclosed string, a value that is no object', () => {
      const cases: [string, string, string[]][] = [
        ['{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a:1",}]}}', 'JSON error on line 1, column 77 (PropertyNameExpected): a comma before the closing bracket (JSON allows no trailing comma)', ['"a:1"']],
        ['{"apiVersion": "v1", "kind": "Pod",\n // docker-pin: ignore\n "spec": {"containers": [{"image": "a:1"}]}}', 'JSON error on line 2, column 2 (InvalidCommentToken): JSON has no comments', []],
        ['{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "a:1}]}}', 'JSON error on line 1, column 71 (UnexpectedEndOfString): a string is not closed on its line', []],
      ];
      for (const [text, message, images] of cases) {
        const scan = scanKubernetes(text);
        assert.equal(scan.problems.length, 1, text);
        assert.ok(scan.problems[0].message.startsWith(message), scan.problems[0].message);
        assert.deepEqual(scan.images.map((occ) => view(text, occ).written), images, 'what stands before the error is read, nothing after it');
      }
      const array = `${pod('a', 'nginx:1.25')}\n[1]\n`;
      assert.deepEqual(problemLines(scanKubernetes(array).problems), [{ kind: 'invalid', line: 2 }]);
      assert.equal(scanKubernetes(array).images.length, 1);
    });
  });

  describe('typed lists', () => {
    it("reads a typed list as the API server writes it (PodList, DeploymentList: items without apiVersion and kind) and a List's items", () => {
      const podList = '{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"},"spec":{"containers":[{"name":"a","image":"nginx:1.25"}]}}]}';
      const deployments = [
        '{',
        '  "kind": "DeploymentList",',
        '  "apiVersion": "apps/v1",',
        '  "items": [',
        '    {"metadata": {"name": "w"}, "spec": {"template": {"spec": {"nodeSelector": {"kubernetes.io/arch": "arm64"}, "containers": [{"name": "w", "image": "redis:7"}]}}}},',
        '    {"apiVersion": "batch/v1", "kind": "Job", "spec": {"template": {"spec": {"containers": [{"name": "j", "image": "golang:1.22"}]}}}}',
        '  ]',
        '}',
      ].join('\n');
      assert.deepEqual(scanKubernetes(podList).images.map((occ) => view(podList, occ).written), ['"nginx:1.25"']);
      assert.deepEqual(scanKubernetes(deployments).images.map((occ) => view(deployments, occ)), [
        { source: 'container', written: '"redis:7"', line: 5, platform: 'linux/arm64' },
        { source: 'container', written: '"golang:1.22"', line: 6 },
      ]);
      const yaml = 'apiVersion: v1\nkind: PodList\nitems:\n- spec:\n    containers:\n    - image: nginx:1.25\n';
      assert.deepEqual(scanKubernetes(yaml).images.map((occ) => view(yaml, occ).written), ['nginx:1.25'], 'the same in YAML');
    });
  });

  describe('custom resources whose containers are not in pod-spec lists', () => {
    it("Tekton's steps and sidecars, in a Task and in a taskSpec a trigger template embeds; a $(params) image is unresolved", () => {
      const text = [
        'apiVersion: tekton.dev/v1',
        'kind: Task',
        'metadata: {name: build}',
        'spec:',
        '  steps:',
        '    - name: a',
        '      image: alpine:3.20',
        '    - name: b',
        '      image: $(params.builder)',
        '  sidecars:',
        '    - {name: docker, image: "docker:27-dind"}',
        '---',
        'apiVersion: triggers.tekton.dev/v1beta1',
        'kind: TriggerTemplate',
        'metadata: {name: t}',
        'spec:',
        '  resourcetemplates:',
        '    - apiVersion: tekton.dev/v1',
        '      kind: PipelineRun',
        '      spec:',
        '        pipelineSpec:',
        '          tasks:',
        '            - name: x',
        '              taskSpec:',
        '                steps: [{name: s, image: busybox:1.36}]',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded}`), ['7:alpine:3.20', '11:docker:27-dind', '25:busybox:1.36']);
      assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line + 1]), [['unresolved', 9]]);
    });

    it("a Tekton stepTemplate's image, which the steps without one run", () => {
      const text = [
        'apiVersion: tekton.dev/v1',
        'kind: TaskRun',
        'spec:',
        '  taskSpec:',
        '    stepTemplate:',
        '      image: ubuntu:24.04',
        '      env: [{name: HOME, value: /root}]',
        '    steps:',
        '    - {name: foo, script: echo hello}',
        '',
      ].join('\n');
      readsImages(text, ['6:ubuntu:24.04 configured']);
    });

    it("the Prometheus Operator's spec.image and a Prometheus's Thanos sidecar (spec.thanos.image), for the platform its node selector names", () => {
      const text = [
        'apiVersion: monitoring.coreos.com/v1',
        'kind: Prometheus',
        'metadata: {name: k8s}',
        'spec:',
        '  image: quay.io/prometheus/prometheus:v3.1.0',
        '  nodeSelector: {kubernetes.io/arch: arm64}',
        '  containers: [{name: prometheus}]',
        '  thanos:',
        '    image: quay.io/thanos/thanos:v0.37.2',
        '    objectStorageConfig: {name: thanos, key: objstore.yaml}',
        '---',
        'apiVersion: monitoring.coreos.com/v1',
        'kind: ServiceMonitor',
        'spec: {image: nope:1, thanos: {image: nope:2}}',
        '---',
        'apiVersion: monitoring.coreos.com/v1',
        'kind: ThanosRuler',
        'spec: {image: "quay.io/thanos/thanos:v0.37.2", thanos: {image: nope:3}}',
        '',
      ].join('\n');
      readsImages(text, ['5:quay.io/prometheus/prometheus:v3.1.0 linux/arm64', '9:quay.io/thanos/thanos:v0.37.2 linux/arm64', '18:quay.io/thanos/thanos:v0.37.2 configured']);
    });

    it("a kind cluster's config: the node image of each of its nodes, which kind pulls to run them", () => {
      // The shape of Dapr's tests/config/kind.yaml.
      const text = [
        'apiVersion: kind.x-k8s.io/v1alpha4',
        'kind: Cluster',
        'nodes:',
        '- role: control-plane',
        '  image: kindest/node:v1.31.0',
        '- role: worker',
        '- {role: worker, image: "kindest/node:v1.30.4"}',
        'containerdConfigPatches:',
        '- |-',
        '  [plugins."io.containerd.grpc.v1.cri".registry]',
        '',
      ].join('\n');
      readsImages(text, ['5:kindest/node:v1.31.0 configured', '7:kindest/node:v1.30.4 configured']);
    });

    it("a k3d cluster's config: the k3s image of its nodes and the image of the registry it creates", () => {
      // The shape of k3d's own config files (k3d.io/v1alpha5, kind: Simple).
      const text = [
        'apiVersion: k3d.io/v1alpha5',
        'kind: Simple',
        'metadata: {name: dev}',
        'servers: 1',
        'image: rancher/k3s:v1.31.4-k3s1',
        'registries:',
        '  create:',
        '    name: registry.localhost',
        '    image: docker.io/library/registry:2',
        '',
      ].join('\n');
      readsImages(text, ['5:rancher/k3s:v1.31.4-k3s1 configured', '9:docker.io/library/registry:2 configured']);
    });

    it("an operator bundle's ClusterServiceVersion: the images of spec.relatedImages, beside those of its deployments", () => {
      const text = [
        'apiVersion: operators.coreos.com/v1alpha1',
        'kind: ClusterServiceVersion',
        'metadata: {name: acme.v1.0.0, annotations: {containerImage: "ghcr.io/acme/operator:1.0.0"}}',
        'spec:',
        '  install:',
        '    strategy: deployment',
        '    spec:',
        '      deployments:',
        '        - name: acme-operator',
        '          spec:',
        '            template:',
        '              spec:',
        '                containers: [{name: manager, image: "ghcr.io/acme/operator:1.0.0"}]',
        '  relatedImages:',
        '    - name: operand',
        '      image: ghcr.io/acme/operand:2.3.0',
        '    - {name: proxy, image: "quay.io/brancz/kube-rbac-proxy:v0.18.1"}',
        '---',
        'apiVersion: operators.coreos.com/v1alpha1',
        'kind: Subscription',
        'spec: {relatedImages: [{image: nope:1}]}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.source}:${i.expanded}`), [
        '13:container:ghcr.io/acme/operator:1.0.0',
        '16:image:ghcr.io/acme/operand:2.3.0',
        '17:image:quay.io/brancz/kube-rbac-proxy:v0.18.1',
      ]);
      assert.deepEqual(scan.problems, []);
    });

    it("a custom resource of a group docker-pin has no table for: its spec's image fields written as an image reference, at any depth", () => {
      const text = [
        'apiVersion: elasticsearch.k8s.elastic.co/v1',
        'kind: Elasticsearch',
        'metadata: {name: quickstart, image: not-read:1}',
        'spec:',
        '  version: 8.15.0',
        '  image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0',
        '  nodeSets:',
        '    - name: default',
        '      podTemplate:',
        '        spec:',
        '          containers:',
        '            - name: elasticsearch',
        '              image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0-custom',
        '---',
        'apiVersion: postgres-operator.crunchydata.com/v1beta1',
        'kind: PostgresCluster',
        'metadata: {name: hippo}',
        'spec:',
        `  image: registry.developers.crunchydata.com/crunchydata/crunchy-postgres@${D}`,
        '  backups:',
        '    pgbackrest:',
        '      image: "registry.developers.crunchydata.com/crunchydata/crunchy-pgbackrest:ubi8-2.53-1"',
        '  proxy:',
        '    pgBouncer: {image: ghcr.io/example/pgbouncer}',
        '---',
        'apiVersion: tailscale.com/v1alpha1',
        'kind: ProxyClass',
        'metadata: {name: prod}',
        'spec:',
        '  statefulSet:',
        '    pod:',
        '      tailscaleContainer:',
        '        image: tailscale/tailscale:v1.76.1',
        'status:',
        '  image: not-read:2',
        '',
      ].join('\n');
      readsImages(text, [
        '6:docker.elastic.co/elasticsearch/elasticsearch:8.15.0 configured',
        '13:docker.elastic.co/elasticsearch/elasticsearch:8.15.0-custom configured',
        `19:registry.developers.crunchydata.com/crunchydata/crunchy-postgres@${D} configured`,
        '22:registry.developers.crunchydata.com/crunchydata/crunchy-pgbackrest:ubi8-2.53-1 configured',
        '24:ghcr.io/example/pgbouncer configured',
        '33:tailscale/tailscale:v1.76.1 configured',
      ]);
    });

    it("a configuration kind of an unknown group, with no spec: its image fields outside metadata and status, at any depth", () => {
      // The shape of Katib's katib-config.yaml (kubeflow/manifests), which a configMapGenerator hands to Katib's controller,
      // and of a kpt package's Kptfile, whose pipeline runs each function's image.
      const text = [
        'apiVersion: config.kubeflow.org/v1beta1',
        'kind: KatibConfig',
        'init:',
        '  controller: {webhookPort: 8443}',
        'runtime:',
        '  metricsCollectors:',
        '    - kind: StdOut',
        '      image: ghcr.io/kubeflow/katib/file-metrics-collector:v0.19.0',
        '  suggestions:',
        '    - algorithmName: random',
        '      image: ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0',
        '  earlyStoppings:',
        '    - {algorithmName: medianstop, image: "ghcr.io/kubeflow/katib/earlystopping-medianstop:v0.19.0"}',
        '---',
        'apiVersion: kpt.dev/v1',
        'kind: Kptfile',
        'metadata: {name: app, image: not-read:1}',
        'pipeline:',
        '  mutators:',
        '    - image: gcr.io/kpt-fn/set-namespace:v0.4.1',
        '      configMap: {namespace: prod}',
        'status:',
        '  image: not-read:2',
        '',
      ].join('\n');
      readsImages(text, [
        '8:ghcr.io/kubeflow/katib/file-metrics-collector:v0.19.0 configured',
        '11:ghcr.io/kubeflow/katib/suggestion-hyperopt:v0.19.0 configured',
        '13:ghcr.io/kubeflow/katib/earlystopping-medianstop:v0.19.0 configured',
        '20:gcr.io/kpt-fn/set-namespace:v0.4.1 configured',
      ]);
    });

    it('a custom resource of a group under k8s.io that is not one of Kubernetes\' own (a CRD approved for it) is read as custom resources are', () => {
      const text = [
        'apiVersion: sparkoperator.k8s.io/v1beta2',
        'kind: SparkApplication',
        'metadata: {name: spark-pi}',
        'spec:',
        '  type: Scala',
        '  image: spark:4.0.0',
        '  executor:',
        '    image: ghcr.io/example/spark-executor:4.0.0',
        '---',
        'apiVersion: example.x.k8s.io/v1',
        'kind: Runner',
        'metadata: {name: r}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: main',
        '          image: busybox',
        '---',
        'apiVersion: networking.k8s.io/v1',
        'kind: Ingress',
        'metadata: {name: web}',
        'spec: {ingressClassName: nginx}',
        '',
      ].join('\n');
      readsImages(text, ['6:spark:4.0.0 configured', '8:ghcr.io/example/spark-executor:4.0.0 configured', '18:busybox configured']);
    });

    it("a Kyverno policy's patterns (validate pattern and anyPattern, verifyImages) and a resource's status are not read; the containers a policy adds or generates are", () => {
      const text = [
        'apiVersion: kyverno.io/v1',
        'kind: ClusterPolicy',
        'metadata: {name: p}',
        'spec:',
        '  rules:',
        '    - name: only-nginx',
        '      validate:',
        '        pattern:',
        '          spec:',
        '            containers:',
        '              - image: nginx:1.27',
        '        anyPattern:',
        '          - spec: {initContainers: [{image: "ghcr.io/acme/init:1"}]}',
        '    - name: signed',
        '      verifyImages:',
        '        - image: ghcr.io/acme/app:1',
        '    - name: sidecar',
        '      mutate:',
        '        patchStrategicMerge:',
        '          spec:',
        '            containers:',
        '              - name: proxy',
        '                image: ghcr.io/acme/proxy:2.1',
        'status:',
        '  autogen:',
        '    rules:',
        '      - validate: {pattern: {spec: {template: {spec: {containers: [{image: nginx:1.27}]}}}}}',
        '      - generate: {data: {spec: {containers: [{image: "ghcr.io/acme/other:1"}]}}}',
        '',
      ].join('\n');
      readsImages(text, ['23:ghcr.io/acme/proxy:2.1 configured']);
    });

    it("an image field of an unknown custom resource in a mapping shaped as a container (imagePullPolicy, command or args beside it) is read though it names no tag; an empty one is the operator's default", () => {
      const text = [
        'apiVersion: kubeflow.org/v1beta1',
        'kind: ScheduledWorkflow',
        'metadata: {name: every-minute}',
        'spec:',
        '  workflow:',
        '    spec:',
        '      templates:',
        '        - name: whalesay',
        '          container:',
        '            image: docker/whalesay',
        '            command: [cowsay]',
        '---',
        'apiVersion: example.com/v1',
        'kind: Runner',
        'metadata: {name: r}',
        'spec:',
        '  image: ghcr.io/example/runner',
        '  imagePullPolicy: Always',
        '  task: {image: busybox, args: [sh]}',
        '  machine: {image: ubuntu-2204-lts, size: small}',
        '  kes: {image: "", imagePullPolicy: IfNotPresent}',
        '',
      ].join('\n');
      readsImages(text, ['10:docker/whalesay configured', '17:ghcr.io/example/runner configured', '19:busybox configured']);
    });

    it("an image field of an unknown custom resource that is not written as an image reference, a chart's values, a build's output, Flux's image automation: left alone", () => {
      readsImages(
        [
          'apiVersion: compute.gcp.upbound.io/v1beta1',
          'kind: Instance',
          'metadata: {name: vm}',
          'spec:',
          '  forProvider:',
          '    bootDisk:',
          '      initializeParams: {image: debian-cloud/debian-11}',
          '    image: projects/ubuntu-os-cloud/global/images/ubuntu-2204-lts',
          '---',
          'apiVersion: install.istio.io/v1alpha1',
          'kind: IstioOperator',
          'spec:',
          '  hub: docker.io/istio',
          '  tag: 1.24.0',
          '  values: {global: {proxy: {image: proxyv2}}}',
          '  other: {image: 3, list: [{image: "${IMAGE}"}]}',
          '---',
          'apiVersion: image.toolkit.fluxcd.io/v1beta2',
          'kind: ImageRepository',
          'spec: {image: ghcr.io/stefanprodan/podinfo, interval: 5m}',
          '---',
          'apiVersion: helm.toolkit.fluxcd.io/v2',
          'kind: HelmRelease',
          'spec:',
          '  chart: {spec: {chart: podinfo}}',
          '  values: {image: "ghcr.io/stefanprodan/podinfo:6.7.0"}',
          '---',
          'apiVersion: shipwright.io/v1beta1',
          'kind: Build',
          'spec:',
          '  strategy: {name: buildkit, kind: ClusterBuildStrategy}',
          '  output: {image: "ghcr.io/example/app:latest"}',
          '',
        ].join('\n'),
        [],
      );
    });

    it('an image field of an unknown custom resource written in parts (repository and tag) is skipped, naming the parts: no one place can take a digest', () => {
      const scan = scanKubernetes(
        [
          'apiVersion: example.com/v1',
          'kind: Database',
          'metadata: {name: db}',
          'spec:',
          '  image:',
          '    repository: ghcr.io/example/db',
          '    tag: "8.1"',
          '  backup:',
          '    image: {registry: quay.io, repository: example/backup, tag: v2, pullPolicy: Always}',
          '  exporter:',
          '    image: {repository: example/exporter, tag: v1, digest: "sha256:0000000000000000000000000000000000000000000000000000000000000000"}',
          '  sidecar: {image: "busybox:1.36"}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(
        scan.images.map((i) => `${i.line}:${i.expanded}`),
        ['12:busybox:1.36'],
      );
      assert.deepEqual(
        scan.problems.map((p) => [p.kind, p.range.start.line + 1, p.text, p.message]),
        [
          [
            'skipped',
            6,
            'ghcr.io/example/db',
            'this image is written in parts (repository ghcr.io/example/db, tag 8.1), which the operator puts together: no one place in the file holds the reference, so no digest can be placed — write the whole reference in one field if the resource takes one, or leave it alone with an ignore comment',
          ],
          [
            'skipped',
            9,
            'example/backup',
            'this image is written in parts (registry quay.io, repository example/backup, tag v2), which the operator puts together: no one place in the file holds the reference, so no digest can be placed — write the whole reference in one field if the resource takes one, or leave it alone with an ignore comment',
          ],
        ],
      );
    });

    it("an image field of an unknown custom resource written as a mapping of its components' images (Confluent for Kubernetes) reads each field written as an image reference", () => {
      // The shape of kubernetes-engine-samples' streaming/kafka-confluent manifests.
      const text = [
        'apiVersion: platform.confluent.io/v1beta1',
        'kind: Kafka',
        'metadata: {name: kafka}',
        'spec:',
        '  replicas: 3',
        '  image:',
        '    application: confluentinc/cp-server:7.4.0',
        '    init: "confluentinc/confluent-init-container:2.6.0"',
        '    pullPolicy: IfNotPresent',
        '  dependencies:',
        '    zookeeper: {endpoint: zookeeper.confluent.svc.cluster.local:2181}',
        '',
      ].join('\n');
      readsImages(text, ['7:confluentinc/cp-server:7.4.0 configured', '8:confluentinc/confluent-init-container:2.6.0 configured']);
    });

    it("a Tekton run's embedded steps and sidecars run on the nodes its pod template places them: a TaskRun's podTemplate, a PipelineRun's taskRunSpecs entry over its taskRunTemplate", () => {
      const text = [
        'apiVersion: tekton.dev/v1',
        'kind: TaskRun',
        'metadata: {name: tr}',
        'spec:',
        '  podTemplate: {nodeSelector: {kubernetes.io/arch: arm64}}',
        '  taskSpec:',
        '    stepTemplate: {image: "alpine:3.20"}',
        '    steps: [{name: a, image: "busybox:1.36"}]',
        '    sidecars: [{name: s, image: "redis:7"}]',
        '---',
        'apiVersion: tekton.dev/v1',
        'kind: PipelineRun',
        'metadata: {name: pr}',
        'spec:',
        '  taskRunTemplate:',
        '    podTemplate: {nodeSelector: {kubernetes.io/arch: arm64}}',
        '  taskRunSpecs:',
        '    - pipelineTaskName: on-amd',
        '      podTemplate: {nodeSelector: {kubernetes.io/arch: amd64}}',
        '  pipelineSpec:',
        '    tasks:',
        '      - name: on-arm',
        '        taskSpec: {steps: [{name: b, image: "ghcr.io/acme/b:1"}]}',
        '      - name: on-amd',
        '        taskSpec: {steps: [{name: c, image: "ghcr.io/acme/c:1"}]}',
        '    finally:',
        '      - name: last',
        '        taskSpec: {steps: [{name: d, image: "ghcr.io/acme/d:1"}]}',
        '---',
        'apiVersion: tekton.dev/v1beta1',
        'kind: PipelineRun',
        'metadata: {name: old}',
        'spec:',
        '  podTemplate: {nodeSelector: {kubernetes.io/arch: arm64}}',
        '  taskRunSpecs: [{pipelineTaskName: t, taskPodTemplate: {nodeSelector: {kubernetes.io/os: windows}}}]',
        '  pipelineSpec:',
        '    tasks: [{name: t, taskSpec: {steps: [{name: e, image: "ghcr.io/acme/e:1"}]}}]',
        '',
      ].join('\n');
      readsImages(text, [
        '7:alpine:3.20 linux/arm64',
        '8:busybox:1.36 linux/arm64',
        '9:redis:7 linux/arm64',
        '23:ghcr.io/acme/b:1 linux/arm64',
        '25:ghcr.io/acme/c:1 linux/amd64',
        '28:ghcr.io/acme/d:1 linux/arm64',
        // The entry's nodeSelector replaces the run's whole: windows, on the configured architecture.
        '37:ghcr.io/acme/e:1 windows/amd64',
      ]);
    });

    it("Tekton's StepAction spec.image and Condition spec.check.image; the same places in other Tekton kinds are not images", () => {
      const text = [
        'apiVersion: tekton.dev/v1beta1',
        'kind: StepAction',
        'metadata: {name: git-clone}',
        'spec:',
        '  image: cgr.dev/chainguard/git:latest',
        '  script: git clone "$(params.url)"',
        '---',
        'apiVersion: tekton.dev/v1alpha1',
        'kind: Condition',
        'metadata: {name: file-exists}',
        'spec:',
        '  check:',
        "    image: 'alpine:3.20'",
        '    script: test -f $(params.path)',
        '---',
        'apiVersion: tekton.dev/v1',
        'kind: Pipeline',
        'spec: {image: nope:1, check: {image: nope:2}}',
        '---',
        'apiVersion: tekton.dev/v1beta1',
        'kind: StepAction',
        'spec: {image: $(params.image)}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded} ${platformName(i.platform)}`), [
        '5:cgr.dev/chainguard/git:latest configured',
        '13:alpine:3.20 configured',
      ]);
      assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line + 1]), [['unresolved', 22]]);
    });

    it("Knative's cached Image spec.image and Rook's CephCluster spec.cephVersion.image; the same places in other kinds are not images", () => {
      const text = [
        'apiVersion: caching.internal.knative.dev/v1alpha1',
        'kind: Image',
        'metadata: {name: queue-proxy, namespace: knative-serving}',
        'spec:',
        '  image: gcr.io/knative-releases/knative.dev/serving/cmd/queue:v1.16.0',
        '---',
        'apiVersion: ceph.rook.io/v1',
        'kind: CephCluster',
        'metadata: {name: rook-ceph}',
        'spec:',
        '  cephVersion:',
        '    image: quay.io/ceph/ceph:v19.2.0',
        '    allowUnsupported: false',
        '---',
        'apiVersion: ceph.rook.io/v1',
        'kind: CephBlockPool',
        'spec: {cephVersion: {image: nope:1}, image: nope:2}',
        '',
      ].join('\n');
      readsImages(text, ['5:gcr.io/knative-releases/knative.dev/serving/cmd/queue:v1.16.0 configured', '12:quay.io/ceph/ceph:v19.2.0 configured']);
    });

    it("Crossplane's packages: a Provider's, a Function's and a Configuration's spec.package, a revision's spec.image, a ControllerConfig's image, and a DeploymentRuntimeConfig's containers; a package without a registry is unresolved", () => {
      // The shape of crossplane's test/e2e/manifests (setup/provider.yaml, setup/functions.yaml).
      const text = [
        'apiVersion: pkg.crossplane.io/v1',
        'kind: Provider',
        'metadata: {name: provider-nop}',
        'spec:',
        '  package: xpkg.upbound.io/crossplane-contrib/provider-nop:v0.3.0',
        '  runtimeConfigRef: {name: debug}',
        '---',
        'apiVersion: pkg.crossplane.io/v1beta1',
        'kind: Function',
        'metadata: {name: function-dummy}',
        'spec:',
        '  package: xpkg.crossplane.io/crossplane-contrib/function-dummy:v0.4.1',
        '---',
        'apiVersion: pkg.crossplane.io/v1',
        'kind: Configuration',
        'metadata: {name: platform-ref}',
        'spec:',
        '  package: crossplane-contrib/configuration-quickstart:v0.1.0',
        '---',
        'apiVersion: pkg.crossplane.io/v1',
        'kind: ProviderRevision',
        'metadata: {name: provider-nop-1}',
        'spec: {image: "xpkg.upbound.io/crossplane-contrib/provider-nop:v0.3.0", revision: 1, desiredState: Active}',
        '---',
        'apiVersion: pkg.crossplane.io/v1alpha1',
        'kind: ControllerConfig',
        'metadata: {name: debug-config}',
        'spec:',
        '  image: ghcr.io/acme/provider-nop:debug',
        '---',
        'apiVersion: pkg.crossplane.io/v1beta1',
        'kind: DeploymentRuntimeConfig',
        'metadata: {name: debug}',
        'spec:',
        '  deploymentTemplate:',
        '    spec:',
        '      selector: {}',
        '      template:',
        '        spec:',
        '          containers:',
        '          - {name: package-runtime, image: busybox}',
        '---',
        'apiVersion: pkg.crossplane.io/v1beta1',
        'kind: ImageConfig',
        'metadata: {name: mirror}',
        'spec: {matchImages: [{prefix: xpkg.upbound.io}], rewriteImage: {prefix: registry.example.com}}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded} ${platformName(i.platform)}`), [
        '5:xpkg.upbound.io/crossplane-contrib/provider-nop:v0.3.0 configured',
        '12:xpkg.crossplane.io/crossplane-contrib/function-dummy:v0.4.1 configured',
        '23:xpkg.upbound.io/crossplane-contrib/provider-nop:v0.3.0 configured',
        '29:ghcr.io/acme/provider-nop:debug configured',
        '41:busybox configured',
      ]);
      assert.deepEqual(
        scan.problems.map((p) => [p.kind, p.range.start.line + 1]),
        [['unresolved', 18]],
      );
      assert.match(scan.problems[0].message, /names no registry.*xpkg\.crossplane\.io since Crossplane 1\.20.*not Docker Hub/);
      // Crossplane takes a tag and a digest together (its package field's validation): the pin goes after the tag.
      assert.match(pinAll(text, scan, D1), new RegExp(`package: xpkg\\.upbound\\.io/crossplane-contrib/provider-nop:v0\\.3\\.0@${D1}\n`));
    });

    it("a Gatekeeper Assign's value: the image it writes at a container's image, the image of the container it injects; other locations and mutators name none", () => {
      // The shapes of gatekeeper's test/externaldata/dummy-provider/mutation/valid.yaml and its mutation docs.
      const text = [
        'apiVersion: mutations.gatekeeper.sh/v1',
        'kind: Assign',
        'metadata: {name: a-sidecar-injection}',
        'spec:',
        '  applyTo: [{groups: [""], kinds: ["Pod"], versions: ["v1"]}]',
        '  location: "spec.containers[name:networking]"',
        '  parameters:',
        '    assign:',
        '      value:',
        '        name: networking',
        '        image: busybox',
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1',
        'kind: Assign',
        'metadata: {name: pin-proxy}',
        'spec:',
        '  applyTo: [{groups: ["apps"], kinds: ["Deployment"], versions: ["v1"]}]',
        '  location: \'spec.template.spec."initContainers"[name: *].image\'',
        '  parameters:',
        '    pathTests: [{subPath: "spec.template.spec.initContainers[name: *]", condition: MustExist}]',
        '    assign: {value: "registry.example.com/proxy:1.2"}',
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1',
        'kind: Assign',
        'metadata: {name: always-pull}',
        'spec:',
        '  location: "spec.containers[name: *].imagePullPolicy"',
        '  parameters: {assign: {value: Always}}',
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1',
        'kind: Assign',
        'metadata: {name: from-provider}',
        'spec:',
        '  location: "spec.containers[name: *].image"',
        '  parameters: {assign: {externalData: {provider: tagger, dataSource: ValueAtLocation}}}',
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1',
        'kind: Assign',
        'metadata: {name: not-a-container}',
        'spec:',
        '  location: "spec.volumes[name: cache]"',
        '  parameters: {assign: {value: {name: cache, image: {reference: "quay.io/acme/data:1"}}}}',
        '',
      ].join('\n');
      readsImages(text, ['11:busybox configured', '21:registry.example.com/proxy:1.2 configured']);
      assert.match(pinAll(text, scanKubernetes(text), D1), new RegExp(`assign: \\{value: "registry\\.example\\.com/proxy:1\\.2@${D1}"\\}`));
    });

    it('a Gatekeeper AssignImage writing a tag into the images it matches is reported skipped; one writing a digest, or only a domain, is not', () => {
      // The shape of gatekeeper's mutation docs (AssignImage).
      const text = [
        'apiVersion: mutations.gatekeeper.sh/v1alpha1',
        'kind: AssignImage',
        'metadata: {name: latest-everywhere}',
        'spec:',
        '  location: "spec.containers[name:*].image"',
        '  parameters: {assignDomain: my.registry.io, assignPath: repo/app, assignTag: ":latest"}',
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1alpha1',
        'kind: AssignImage',
        'metadata: {name: pinned}',
        'spec:',
        '  location: "spec.initContainers[name:*].image"',
        `  parameters: {assignPath: repo/app, assignTag: "@${D1}"}`,
        '---',
        'apiVersion: mutations.gatekeeper.sh/v1alpha1',
        'kind: AssignImage',
        'metadata: {name: mirror}',
        'spec:',
        '  location: "spec.containers[name:*].image"',
        '  parameters: {assignDomain: mirror.example.com}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images, []);
      assert.deepEqual(
        scan.problems.map((p) => [p.kind, p.range.start.line + 1, p.text]),
        [['skipped', 6, ':latest']],
      );
      assert.match(scan.problems[0].message, /writes the tag :latest into the image of every container.*write the digest as assignTag/);
    });

    it("CloudNativePG's Cluster imageName and extension images (for its affinity's architecture), a catalog's images, and a Pooler's PgBouncer image", () => {
      const text = [
        'apiVersion: postgresql.cnpg.io/v1',
        'kind: Cluster',
        'metadata: {name: pg}',
        'spec:',
        '  instances: 3',
        '  imageName: ghcr.io/cloudnative-pg/postgresql:18.6-system-trixie',
        '  affinity:',
        '    nodeSelector: {kubernetes.io/arch: arm64}',
        '  postgresql:',
        '    extensions:',
        '      - name: postgis',
        '        image:',
        '          reference: ghcr.io/cloudnative-pg/postgis-extension:3.6.1-18-trixie',
        '---',
        'apiVersion: postgresql.cnpg.io/v1',
        'kind: ClusterImageCatalog',
        'metadata: {name: catalog}',
        'spec:',
        '  images:',
        '    - major: 17',
        '      image: ghcr.io/cloudnative-pg/postgresql:17.7',
        '      extensions: [{name: vector, image: {reference: "ghcr.io/acme/pgvector:0.8-17"}}]',
        '    - {major: 18, image: ghcr.io/cloudnative-pg/postgresql:18.1}',
        '  componentImages:',
        '    - key: pgbouncer',
        '      image: ghcr.io/cloudnative-pg/pgbouncer:1.25.1',
        '---',
        'apiVersion: postgresql.cnpg.io/v1',
        'kind: Pooler',
        'metadata: {name: pooler-rw}',
        'spec:',
        '  cluster: {name: pg}',
        '  pgbouncer:',
        '    poolMode: session',
        '    image: ghcr.io/cloudnative-pg/pgbouncer:1.25.1',
        '  template:',
        '    spec:',
        '      nodeSelector: {kubernetes.io/arch: arm64}',
        '      containers: []',
        '---',
        'apiVersion: postgresql.cnpg.io/v1',
        'kind: Database',
        'spec: {name: app, cluster: {name: pg}, imageName: nope:1, image: nope:2}',
        '',
      ].join('\n');
      readsImages(text, [
        '6:ghcr.io/cloudnative-pg/postgresql:18.6-system-trixie linux/arm64',
        '13:ghcr.io/cloudnative-pg/postgis-extension:3.6.1-18-trixie linux/arm64',
        '21:ghcr.io/cloudnative-pg/postgresql:17.7 configured',
        '22:ghcr.io/acme/pgvector:0.8-17 configured',
        '23:ghcr.io/cloudnative-pg/postgresql:18.1 configured',
        '26:ghcr.io/cloudnative-pg/pgbouncer:1.25.1 configured',
        '35:ghcr.io/cloudnative-pg/pgbouncer:1.25.1 linux/arm64',
      ]);
    });

    it("the OpenTelemetry Operator's collector, target allocator and OpAMP bridge spec.image, and an Instrumentation's image for each language", () => {
      const text = [
        'apiVersion: opentelemetry.io/v1beta1',
        'kind: OpenTelemetryCollector',
        'metadata: {name: otel}',
        'spec:',
        '  mode: daemonset',
        '  image: ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.115.0',
        '  nodeSelector: {kubernetes.io/arch: arm64}',
        '  targetAllocator:',
        '    enabled: true',
        '    image: ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:0.115.0',
        '---',
        'apiVersion: opentelemetry.io/v1alpha1',
        'kind: OpAMPBridge',
        'spec: {endpoint: "ws://opamp:4320/v1/opamp", image: ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:0.115.0}',
        '---',
        'apiVersion: opentelemetry.io/v1alpha1',
        'kind: Instrumentation',
        'metadata: {name: java}',
        'spec:',
        '  exporter: {endpoint: "http://collector:4318"}',
        '  java:',
        '    image: ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.10.0',
        '  python: {image: "ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.49b2"}',
        '  nginx: {env: []}',
        '---',
        'apiVersion: opentelemetry.io/v1alpha1',
        'kind: Instrumentation',
        'spec: {image: nope:1, sampler: {image: nope:2}}',
        '',
      ].join('\n');
      const ghcr = 'ghcr.io/open-telemetry';
      readsImages(text, [
        `6:${ghcr}/opentelemetry-collector-releases/opentelemetry-collector-contrib:0.115.0 linux/arm64`,
        `10:${ghcr}/opentelemetry-operator/target-allocator:0.115.0 configured`,
        `14:${ghcr}/opentelemetry-operator/operator-opamp-bridge:0.115.0 configured`,
        `22:${ghcr}/opentelemetry-operator/autoinstrumentation-java:2.10.0 configured`,
        `23:${ghcr}/opentelemetry-operator/autoinstrumentation-python:0.49b2 configured`,
      ]);
    });

    it("an OpenTelemetry collector's additionalContainers run in its pods, for the platform its node selector names", () => {
      const text = [
        'apiVersion: opentelemetry.io/v1beta1',
        'kind: OpenTelemetryCollector',
        'spec:',
        '  nodeSelector: {kubernetes.io/arch: arm64}',
        '  additionalContainers:',
        '  - name: log-shipper',
        '    image: fluent/fluent-bit:3.2',
        '',
      ].join('\n');
      readsImages(text, ['7:fluent/fluent-bit:3.2 linux/arm64']);
    });

    it("KubeVirt's container disks and kernel boot containers, in a VirtualMachineInstance and the template of a VirtualMachine, for the platform the VM runs on", () => {
      const text = [
        'apiVersion: kubevirt.io/v1',
        'kind: VirtualMachineInstance',
        'metadata: {name: vmi-arm}',
        'spec:',
        '  architecture: arm64',
        '  domain:',
        '    firmware:',
        '      kernelBoot:',
        '        container:',
        '          image: quay.io/kubevirt/alpine-ext-kernel-boot-demo:v1.4.0',
        '          kernelPath: /boot/vmlinuz-virt',
        '    devices: {disks: [{name: containerdisk, disk: {bus: virtio}}]}',
        '  volumes:',
        '  - name: containerdisk',
        '    containerDisk:',
        '      image: quay.io/kubevirt/cirros-container-disk-demo:v1.4.0',
        '  - name: cloudinitdisk',
        '    cloudInitNoCloud: {userData: "#cloud-config"}',
        '---',
        'apiVersion: kubevirt.io/v1',
        'kind: VirtualMachine',
        'metadata: {name: vm-fedora}',
        'spec:',
        '  runStrategy: Always',
        '  template:',
        '    spec:',
        '      nodeSelector: {kubernetes.io/arch: s390x}',
        '      domain: {devices: {}}',
        '      volumes:',
        '      - {name: disk0, containerDisk: {image: "quay.io/containerdisks/fedora:41"}}',
        '---',
        'apiVersion: kubevirt.io/v1',
        'kind: KubeVirt',
        'spec: {configuration: {volumes: [{containerDisk: {image: nope:1}}]}}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.source}:${i.expanded} ${platformName(i.platform)}`), [
        '10:container:quay.io/kubevirt/alpine-ext-kernel-boot-demo:v1.4.0 linux/arm64',
        '16:image-volume:quay.io/kubevirt/cirros-container-disk-demo:v1.4.0 linux/arm64',
        '30:image-volume:quay.io/containerdisks/fedora:41 linux/s390x',
      ]);
      assert.deepEqual(scan.problems, []);
    });

    it("a CDI registry import (docker://) of a DataVolume or a VM's data volume template is reported with how to pin it; a DataImportCron's, which follows its tag on purpose, is not", () => {
      const text = [
        'apiVersion: cdi.kubevirt.io/v1beta1',
        'kind: DataVolume',
        'metadata: {name: fedora}',
        'spec:',
        '  source:',
        '    registry: {url: "docker://quay.io/containerdisks/fedora:41"}',
        '---',
        'apiVersion: kubevirt.io/v1',
        'kind: VirtualMachine',
        'spec:',
        '  dataVolumeTemplates:',
        '  - metadata: {name: alpine-dv}',
        '    spec:',
        '      source:',
        '        registry:',
        '          url: docker://registry:5000/kubevirt/alpine-container-disk-demo:devel',
        '---',
        'apiVersion: cdi.kubevirt.io/v1beta1',
        'kind: DataImportCron',
        'spec:',
        '  template: {spec: {source: {registry: {url: "docker://quay.io/containerdisks/centos-stream:9"}}}}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images, []);
      assert.deepEqual(problemLines(scan.problems), [
        { kind: 'skipped', line: 6 },
        { kind: 'skipped', line: 16 },
      ]);
      assert.match(scan.problems[0].message, /CDI imports quay.io\/containerdisks\/fedora:41 .*tag and a digest together.*docker:\/\/quay.io\/containerdisks\/fedora@sha256:/);
    });

    it("Argo Workflows' container and script templates and their sidecars; the same keys elsewhere are not images", () => {
      const text = [
        ...ARGO_WORKFLOW,
        '    - name: main',
        '      container: {image: alpine:3.20, command: [echo]}',
        '      sidecars: [{name: db, image: "postgres:16"}]',
        '    - name: py',
        '      script:',
        '        image: python:3.12',
        '        source: print(1)',
        '---',
        // A group with places of its own elsewhere: only those are read (an unknown group's image fields all are).
        'apiVersion: monitoring.coreos.com/v1',
        'kind: ServiceMonitor',
        'spec:',
        '  container: {image: nope:1}',
        '  steps: [{image: nope:2}]',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded}`), ['7:alpine:3.20', '8:postgres:16', '11:python:3.12']);
      assert.deepEqual(scan.problems, []);
    });
    it("an Argo template's containerSet containers are read beside the template's own initContainers and sidecars, which run in the same pod", () => {
      const text = [
        ...ARGO_WORKFLOW,
        '    - name: main',
        '      initContainers: [{name: init, image: "busybox:1.36"}]',
        '      sidecars: [{name: db, image: "postgres:16"}]',
        '      containerSet:',
        '        containers:',
        '        - {name: a, image: "alpine:3.20", command: [sh]}',
        '        - {name: b, image: "ghcr.io/acme/b:1.0"}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded}`), ['7:busybox:1.36', '8:postgres:16', '11:alpine:3.20', '12:ghcr.io/acme/b:1.0']);
      assert.deepEqual(scan.problems, []);
    });
    it("an Argo template's containers run on the nodes its pod is placed on: its own nodeSelector or affinity, else its caller's or the workflow's", () => {
      const text = [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Workflow',
        'metadata: {generateName: w-}',
        'spec:',
        '  nodeSelector: {kubernetes.io/arch: arm64}',
        '  templates:',
        '    - name: own',
        '      nodeSelector: {kubernetes.io/arch: amd64}',
        '      container: {image: "alpine:3.20"}',
        '      initContainers: [{name: i, image: "busybox:1.36"}]',
        '      containerSet: {containers: [{name: a, image: "ghcr.io/acme/a:1"}]}',
        '    - name: inherits',
        '      script: {image: "python:3.12", source: x}',
        '      sidecars: [{name: db, image: "postgres:16"}]',
        '---',
        ...ARGO_WORKFLOW,
        '    - name: by-affinity',
        '      affinity:',
        '        nodeAffinity:',
        '          requiredDuringSchedulingIgnoredDuringExecution:',
        '            nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [arm64]}]}]',
        '      container: {image: "ghcr.io/acme/b:1"}',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: CronWorkflow',
        'metadata: {name: c}',
        'spec:',
        '  schedule: "0 * * * *"',
        '  workflowSpec:',
        '    templateDefaults: {nodeSelector: {kubernetes.io/arch: arm64}}',
        '    templates:',
        '      - name: main',
        '        container: {image: "ghcr.io/acme/c:1"}',
        '',
      ].join('\n');
      readsImages(text, [
        '9:alpine:3.20 linux/amd64',
        '10:busybox:1.36 linux/amd64',
        '11:ghcr.io/acme/a:1 linux/amd64',
        '13:python:3.12 linux/arm64',
        '14:postgres:16 linux/arm64',
        '26:ghcr.io/acme/b:1 linux/arm64',
        '37:ghcr.io/acme/c:1 linux/arm64',
      ]);
    });

    it('an Argo template without a node selection of its own is read for each a steps or DAG template calling it may give, and the workflow\'s', () => {
      const text = [
        ...ARGO_WORKFLOW,
        '    - name: main',
        '      nodeSelector: {kubernetes.io/arch: arm64}',
        '      steps: [[{name: s, template: leaf}]]',
        '    - name: leaf',
        '      container: {image: "alpine:3.20"}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded} ${(i.platforms ?? [i.platform]).map(platformName).join(',')}`), ['10:alpine:3.20 configured,linux/arm64']);
      assert.deepEqual(scan.problems, []);
    });

    it("an Argo template whose nodeSelector holds an input parameter is unresolved at the selection, and its images are read for the configured platform", () => {
      // The shape of argo-workflows' examples/node-selector.yaml.
      const text = [...ARGO_WORKFLOW, '    - name: print-arch', '      nodeSelector:', '        beta.kubernetes.io/arch: "{{inputs.parameters.arch}}"', '      container: {image: "alpine:3.20"}', ''].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((i) => `${i.line}:${i.expanded} ${platformName(i.platform)}`), ['9:alpine:3.20 configured']);
      assert.deepEqual(problemLines(scan.problems), [{ kind: 'unresolved', line: 7 }]);
      assert.match(scan.problems[0].message, /holds the parameter \{\{inputs.parameters.arch\}\}, filled in when the pod is created.*checked for the configured one/);
    });

    it("a subgroup of argoproj.io (Argo Dataflow's dataflow.argoproj.io) is another API, read as an unknown group is: its steps' image fields are all read", () => {
      // The shape of argo-workflows' ui/test/ui/ui-pipeline.yaml: a git step names its image beside no container.
      const text = [
        'apiVersion: dataflow.argoproj.io/v1alpha1',
        'kind: Pipeline',
        'spec:',
        '  steps:',
        '    - name: container',
        '      container: {image: golang:1.17, args: [sh]}',
        '    - name: git',
        '      git:',
        '        branch: main',
        '        command: [go, run, .]',
        '        image: golang:1.18',
        '        url: https://github.com/argoproj-labs/argo-dataflow',
        '      sidecar: {resources: {}}',
        '',
      ].join('\n');
      readsImages(text, ['6:golang:1.17 configured', '11:golang:1.18 configured']);
    });

    it("an Argo CD Application's kustomize image overrides are reported, in one source or several and in an ApplicationSet's template", () => {
      const text = [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata: {name: guestbook}',
        'spec:',
        '  source:',
        '    repoURL: https://github.com/argoproj/argocd-example-apps.git',
        '    kustomize:',
        '      images:',
        '      - quay.io/argoprojlabs/argocd-e2e-container:0.2',
        '      - my-app=gcr.io/my-repo/my-app:0.1',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: ApplicationSet',
        'spec:',
        '  template:',
        '    spec:',
        '      sources:',
        '      - {repoURL: "https://example.com/r.git", kustomize: {images: ["nginx:1.27"]}}',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images, []);
      assert.deepEqual(problemLines(scan.problems), [
        { kind: 'skipped', line: 9 },
        { kind: 'skipped', line: 10 },
        { kind: 'skipped', line: 18 },
      ]);
      assert.match(scan.problems[1].message, /Argo CD sets the image my-app to gcr.io\/my-repo\/my-app:0.1 through kustomize/);
      assert.match(scan.problems[0].message, /by hand/);
    });
  });

  describe("an Argo Workflows resource template's manifest", () => {
    const workflow = (manifest: string) =>
      [...ARGO_WORKFLOW, '    - name: job', '      resource:', '        action: create', manifest, ''].join('\n');

    it('a literal block is read as the manifest Argo creates: its images are found at their lines, with their pods\' platforms, and pinned inside the block', () => {
      const text = workflow(
        [
          '        manifest: |',
          '          apiVersion: batch/v1',
          '          kind: Job',
          '          spec:',
          '            template:',
          '              spec:',
          '                nodeSelector: {kubernetes.io/arch: arm64}',
          '',
          '                containers:',
          '                  - name: a',
          '                    image: "python:3.12"',
          '                  - {name: b, image: "{{inputs.parameters.image}}"}',
        ].join('\n'),
      );
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images.map((occ) => view(text, occ)), [{ source: 'container', written: '"python:3.12"', line: 19, platform: 'linux/arm64' }]);
      assert.equal(scan.images[0].text, '"python:3.12"');
      assert.deepEqual(problemLines(scan.problems), [{ kind: 'unresolved', line: 20 }]);
      assert.equal(scan.problems[0].range.start.character, 38);
      assert.match(pinAll(text, scan, D1), new RegExp(`\\n {20}image: "python:3\\.12@${D1}"\\n`));
    });

    it('a manifest that is not YAML until Argo fills in a {{…}} is reported where it stops being read, with the fix; a YAML error in it at its line in the file', () => {
      const block = (name: string) => ['        manifest: |', '          apiVersion: v1', '          kind: Pod', `          metadata: {name: ${name}}`, '          spec:', '            containers: [{name: a, image: nginx:1.27}]'].join('\n');
      const templated = scanKubernetes(workflow(block('{{workflow.name}}-x')));
      assert.deepEqual(templated.images, []);
      assert.deepEqual(problemLines(templated.problems), [{ kind: 'skipped', line: 12 }]);
      assert.match(templated.problems[0].message, /not YAML until Argo fills in its \{\{…\}\} parameters.*quote the values/);
      const quoted = scanKubernetes(workflow(block('"{{workflow.name}}-x"')));
      assert.deepEqual(quoted.images.map((occ) => `${occ.line}:${occ.expanded}`), ['14:nginx:1.27']);
      assert.deepEqual(quoted.problems, []);
      const broken = scanKubernetes(workflow(block('a, b: [}')));
      assert.equal(broken.problems[0].kind, 'invalid');
      assert.match(broken.problems[0].message, new RegExp(`^YAML error on line ${broken.problems[0].range.start.line + 1}: `));
    });

    it('a manifest written as a quoted or folded string is reported at each image it names: no digest can be placed in it safely', () => {
      const text = workflow('        manifest: "apiVersion: v1\\nkind: Pod\\nspec:\\n  containers: [{name: a, image: nginx:1.27}]\\n"');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.images, []);
      assert.deepEqual(problemLines(scan.problems), [{ kind: 'skipped', line: 9 }]);
      assert.match(scan.problems[0].message, /nginx:1\.27/);
      assert.match(scan.problems[0].message, /literal block/);
    });
  });

  describe('what is not an image, or not readable', () => {
    it('images outside pod specs of built-in kinds are not images', () => {
      const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  image: nginx:1\n---\napiVersion: apps/v1\nkind: Deployment\nspec:\n  image: nope\n  template:\n    image: nope\n';
      assert.deepEqual(scanKubernetes(text), { images: [], problems: [] });
    });

    it('a document without apiVersion and kind is not a manifest', () => {
      assert.deepEqual(scanKubernetes('spec:\n  containers: [{image: nginx}]\n').images, []);
    });

    it('a Helm chart template is one problem, not a crash', () => {
      const template = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: {{ include "shop.fullname" . }}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
        '{{- if .Values.sidecar.enabled }}',
        '        - image: busybox',
        '{{- end }}',
        '',
      ].join('\n');
      const result = scanKubernetes(template);
      assert.deepEqual(result.images, []);
      assert.deepEqual(problemLines(result.problems), [{ kind: 'skipped', line: 4 }]);
      assert.match(result.problems[0].message, /Helm chart template.*helm template/);
    });

    it('a Helm chart template that begins with {{ (an if around the whole file) is the same problem, not a JSON error', () => {
      const template = ['{{- if .Values.cainjector.enabled }}', 'apiVersion: apps/v1', 'kind: Deployment', 'spec:', '  template:', '    spec:', '      containers:', '        - image: quay.io/jetstack/cert-manager-cainjector:v1.16.2', '{{- end }}', ''].join('\n');
      for (const text of [template, `\uFEFF${template}`, `  \n${template}`]) {
        const result = scanKubernetes(text);
        assert.deepEqual(result.images, []);
        assert.equal(result.problems.length, 1);
        assert.equal(result.problems[0].kind, 'skipped');
        assert.match(result.problems[0].message, /Helm chart template.*helm template/);
      }
    });

    it('{{ on a line of a block scalar is text, not a Helm action: the images around it are read', () => {
      const text = [
        'apiVersion: tekton.dev/v1',
        'kind: Task',
        'metadata: {name: review}',
        'spec:',
        '  steps:',
        '    - name: ask',
        '      image: python:3.12',
        '      script: |',
        '        prompt = """Answer in JSON:',
        '        - Format:  {{"reviews": []}}',
        '        {{ not a template }}',
        '        """',
        '',
      ].join('\n');
      readAsYaml(text, ['7:python:3.12']);
      const helm = scanKubernetes(text.replace('      image: python:3.12', '      image: {{ .Values.image }}'));
      assert.deepEqual(problemLines(helm.problems), [{ kind: 'skipped', line: 7 }]);
    });

    it('{{ on a continuation line of a quoted string is text, not a Helm action: the images around it are read', () => {
      const text = [
        ...ARGO_WORKFLOW,
        '    - name: echo',
        '      container:',
        '        image: alpine:3.20',
        '        args: ["',
        "          echo 'input value: {{inputs.parameters.in}}' &&",
        "          echo 'single: {{inputs.parameters.in}}'",
        '          "]',
        "        command: ['sh',",
        "          'echo: {{workflow.name}}']",
        '',
      ].join('\n');
      readAsYaml(text, ['8:alpine:3.20']);
    });

    it('rendered YAML with {{ }} inside strings is read, and a templated image (envsubst ${NAME} or $NAME too) is reported as one, not as an invalid reference', () => {
      const text = pod(
        '  containers:\n    - image: nginx:1.27\n      env: [{name: MSG, value: "{{ not a template here }}"}]\n    - image: "{{ .Values.image }}"\n    - image: ${IMAGE}\n' +
          '    - image: $IMAGE_URL\n    - image: gcr.io/$PROJECT_ID/app:v1\n',
      );
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27']);
      assert.deepEqual(problemLines(result.problems), [8, 9, 10, 11].map((line) => ({ kind: 'unresolved', line })));
      assert.match(result.problems[2].message, /template variable \(\$IMAGE_URL\)/);
    });

    it('a {NAME} or @NAME@ placeholder a script fills in is unresolved as the template variable it is, not an invalid reference', () => {
      // cert-manager's make/config/bind/deployment.yaml (sed -e "s|{IMAGE}|$(IMAGE)|g") and tektoncd/catalog's gke-deploy sample.
      const text = pod('  containers:\n    - image: "{IMAGE}"\n    - image: gcr.io/@IMAGE_REGISTRY_PROJECT@/gke-deploy-tekton-demo\n    - image: registry.example/{team}/app:1\n    - image: nginx:1.27\n');
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27']);
      assert.deepEqual(problemLines(result.problems), [6, 7, 8].map((line) => ({ kind: 'unresolved', line })));
      assert.match(result.problems[0].message, /template variable \(\{IMAGE\}\)/);
      assert.match(result.problems[1].message, /template variable \(gcr\.io\/@IMAGE_REGISTRY_PROJECT@\/gke-deploy-tekton-demo\)/);
    });

    it("a ko:// import path is reported as the image ko builds from that Go package, not as an invalid reference", () => {
      const text = pod('  containers:\n    - image: ko://github.com/acme/app/cmd/server\n    - image: nginx:1.27\n');
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27']);
      assert.deepEqual(problemLines(result.problems), [{ kind: 'skipped', line: 6 }]);
      assert.match(result.problems[0].message, /ko builds this image from the Go package github\.com\/acme\/app\/cmd\/server/);
      assert.match(result.problems[0].message, /ko resolve/);
      assert.match(result.problems[0].message, /defaultBaseImage/);
    });

    it("Istio's image: auto, which its injector replaces with the proxy image, is reported skipped, not read as an image named auto", () => {
      // The shape of Istio's gateway deployment (istio.io "Installing Gateways") and its injection test data.
      const text = pod(
        '  containers:\n    - name: istio-proxy\n      image: auto\n  initContainers:\n    - {name: istio-init, image: "auto"}\n    - {name: setup, image: auto:1.0}\n',
      );
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['auto:1.0']);
      assert.deepEqual(problemLines(result.problems), [
        { kind: 'skipped', line: 7 },
        { kind: 'skipped', line: 9 },
      ]);
      assert.match(result.problems[0].message, /Istio's placeholder: its sidecar injector puts in the proxy image/);
      assert.match(result.problems[0].message, /docker\.io\/library\/auto:latest/);
    });

    it('an error in one document is reported at its line and the other documents are read', () => {
      const text = [pod('  containers:\n    - image: nginx:1\n\t  - image: redis:7\n'), pod('  containers: [{image: alpine:3}]\n')].join('---\n');
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1', 'alpine:3']);
      assert.deepEqual(problemLines(result.problems), [{ kind: 'invalid', line: 7 }]);
    });

    it('a repeated key is reported and the last one read; an image that is not a string is reported', () => {
      const text = pod('  containers:\n    - name: a\n      image: nginx:1.26\n      image: nginx:1.27\n    - name: b\n      image: {repository: nginx}\n');
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['nginx:1.27']);
      assert.deepEqual(problemLines(result.problems), [
        { kind: 'invalid', line: 8 },
        { kind: 'invalid', line: 10 },
      ]);
    });

    it('an image anchored once and used by two pods of a List is one occurrence with both platforms', () => {
      const text = [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: Pod',
        '    spec:',
        '      nodeSelector: {kubernetes.io/arch: arm64}',
        '      containers: [{name: a, image: &img "nginx:1.27"}]',
        '  - apiVersion: v1',
        '    kind: Pod',
        '    spec:',
        '      nodeSelector: {kubernetes.io/arch: amd64}',
        '      containers: [{name: a, image: *img}]',
        '',
      ].join('\n');
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => view(text, occ)), [
        { source: 'container', written: '"nginx:1.27"', line: 8, platforms: ['linux/arm64', 'linux/amd64'] },
      ]);
    });

    it('an alias names an anchor of its own document only', () => {
      const text = [
        pod('  containers: [{name: a, image: &img "nginx:1.27"}]\n'),
        pod('  containers: [{name: a, image: *img}]\n'),
      ].join('---\n');
      const result = scanKubernetes(text);
      assert.equal(result.images.length, 1);
      assert.deepEqual(problemLines(result.problems), [{ kind: 'invalid', line: 11 }]);
      assert.match(result.problems[0].message, /\*img names no anchor/);
    });
  });

  describe('kustomization files', () => {
    it("each images entry naming a whole image is an occurrence at its name, for the image kustomize renders, pinned in its digest: field", () => {
      const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deploy.yaml]\nimages:\n  - name: nginx\n    newTag: 1.27.2\n';
      const result = scanKubernetes(text);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.images.map((occ) => [occ.text, occ.line, occ.expanded, occ.range.start.line]), [['nginx', 5, 'nginx:1.27.2', 4]]);
      assert.equal(pinAll(text, result, D1), text.replace('newTag: 1.27.2\n', `newTag: 1.27.2\n    digest: ${D1}\n`));
    });

    it("a kustomize Component's images entries are read as a Kustomization's are", () => {
      const text = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n- name: us-central1-docker.pkg.dev/acme/shop/cart\n  newTag: v0.10.2\n';
      const result = scanKubernetes(text);
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['us-central1-docker.pkg.dev/acme/shop/cart:v0.10.2']);
    });

    it('an images entry that already has a digest: is a pinned occurrence of the renamed image, its digest replaced in place', () => {
      const old = `sha256:${'2'.repeat(64)}`;
      const text = `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n- name: docker\n  newName: my-docker2\n  newTag: "1"\n  digest: ${old}\n`;
      const result = scanKubernetes(text);
      assert.deepEqual(result.problems, []);
      assert.deepEqual(result.images.map((occ) => [occ.expanded, occ.reference.digest]), [[`my-docker2:1@${old}`, old]]);
      assert.equal(pinAll(text, result, D1), text.replace(old, D1));
    });

    it('an entry naming no tag, or with no safe place for digest:, is reported and not pinned', () => {
      const text = 'kind: Kustomization\nimages:\n- name: redis\n  newName: ghcr.io/acme/redis\n- name: nginx\n  newTag: |\n    1.27\n';
      const result = scanKubernetes(text);
      assert.deepEqual(result.images, []);
      assert.deepEqual(problemLines(result.problems), [{ kind: 'skipped', line: 3 }, { kind: 'skipped', line: 6 }]);
      assert.match(result.problems[0].message, /kustomize renames the image redis to ghcr\.io\/acme\/redis .*keeping each one's tag and digest.* none of those manifests is read with it now/);
      // Read with its manifests, which are checked and pinned as the renamed image: nothing left to say about the rename.
      assert.deepEqual(problemLines(scanKubernetes(text, { rendersRead: true }).problems), [{ kind: 'skipped', line: 6 }]);
    });

    it('a kustomization without apiVersion and kind is recognized by its images entries', () => {
      const result = scanKubernetes('resources: [a.yaml]\nimages:\n  - {name: redis, newName: ghcr.io/acme/redis, newTag: "7.4"}\n');
      assert.deepEqual(result.images.map((occ) => occ.expanded), ['ghcr.io/acme/redis:7.4']);
    });
  });

  describe('kustomize patches', () => {
    it('a JSON patch file (patches: - path: …) is read for the containers and images its operations add or replace, each pinned in its value', () => {
      // The shape of KEDA's config/e2e/file_auth/patch_operator.yml and Argo CD's redis-ha overlay.
      const text = [
        '- op: add',
        '  path: /spec/template/spec/volumes/-',
        '  value: {name: auth-volume, emptyDir: {}}',
        '- op: add',
        '  path: /spec/template/spec/initContainers',
        '  value:',
        '    - name: init-auth',
        '      image: busybox',
        '- op: add',
        '  path: /spec/template/spec/initContainers/0',
        '  value:',
        '    name: secret-init',
        '    image: quay.io/argoproj/argocd:latest',
        '- op: replace',
        '  path: /spec/template/spec/containers/0/image',
        "  value: 'nginx:1.27'",
        '- op: add',
        '  path: /spec/template/spec/containers/0/args/-',
        '  value: --image=not-an-image',
        '- op: test',
        '  path: /spec/template/spec/containers/1/image',
        '  value: redis:7',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(scan.problems, []);
      assert.deepEqual(
        scan.images.map((occ) => view(text, occ)),
        [
          { source: 'init-container', written: 'busybox', line: 8 },
          { source: 'init-container', written: 'quay.io/argoproj/argocd:latest', line: 13 },
          { source: 'container', written: "'nginx:1.27'", line: 16 },
        ],
      );
      assert.match(pinAll(text, scan, D1), new RegExp(`\n  value: 'nginx:1\\.27@${D1}'\n`));
    });

    it("a kustomization's inline patches are read as the patches they are: a literal block is pinned in place, another string is reported at each image it names", () => {
      const text = [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources: [deploy.yaml]',
        'patches:',
        '  - target: {kind: Deployment, name: web}',
        '    patch: |-',
        '      - op: replace',
        '        path: /spec/template/spec/containers/0/image',
        '        value: nginx:1.27',
        '  - patch: |-',
        '      apiVersion: apps/v1',
        '      kind: Deployment',
        '      metadata: {name: web}',
        '      spec:',
        '        template:',
        '          spec:',
        '            initContainers:',
        '              - {name: init, image: "busybox:1.36"}',
        'patchesJson6902:',
        '  - target: {version: v1, kind: Pod, name: p}',
        '    patch: "[{op: replace, path: /spec/containers/0/image, value: redis:7}]"',
        'patchesStrategicMerge:',
        '  - |-',
        '    apiVersion: v1',
        '    kind: Pod',
        '    metadata: {name: p}',
        '    spec: {containers: [{name: a, image: alpine:3.20}]}',
        '  - extra.yaml',
        '',
      ].join('\n');
      const scan = scanKubernetes(text);
      assert.deepEqual(
        scan.images.map((occ) => view(text, occ)),
        [
          { source: 'container', written: 'nginx:1.27', line: 9 },
          { source: 'init-container', written: '"busybox:1.36"', line: 18 },
          { source: 'container', written: 'alpine:3.20', line: 27 },
        ],
      );
      assert.deepEqual(problemLines(scan.problems), [{ kind: 'skipped', line: 21 }]);
      assert.match(scan.problems[0].message, /^this patch names redis:7, which kustomize applies as written; it is not written as a literal block \(patch: \|\), so no digest can be placed in it safely — write it as a literal block to have its images pinned$/);
      assert.match(pinAll(text, scan, D1), new RegExp(`\n        value: nginx:1\\.27@${D1}\n`));
    });

    it('a kustomization.yaml without apiVersion and kind that lists patches is read as one', () => {
      // The shape of Argo CD's manifests/dev-tilt/kustomization.yaml.
      const text = ['namespace: argocd', 'resources: [../base]', 'patches:', '  - target: {kind: Deployment, name: repo}', '    patch: |-', '      - op: replace', '        path: /spec/template/spec/initContainers/0/image', '        value: ghcr.io/acme/job:1.0', ''].join('\n');
      readsImages(text, ['8:ghcr.io/acme/job:1.0 configured']);
    });
  });
});
