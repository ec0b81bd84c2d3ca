import * as assert from 'node:assert/strict';
import { kustomizationFacts, renderedImage, renderedScan } from '../../../src/core/sources/kustomizeRender';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';

const D = `sha256:${'9'.repeat(64)}`;
const MIRROR = { name: 'nginx', newName: 'registry.example.com/mirror/nginx', keepsTag: true };

describe('kustomize rendering of a manifest image', () => {
  // kustomize's imagetag updater: newName alone keeps the manifest's tag and digest; newTag, digest or tagSuffix replace both.
  const cases: [string, string, { name: string; newName?: string; keepsTag: boolean }[], string | undefined][] = [
    ['renames, keeping the tag', 'nginx:1.27', [MIRROR], 'registry.example.com/mirror/nginx:1.27'],
    ['keeps a digest written after the tag', `nginx:1.27@${D}`, [MIRROR], `registry.example.com/mirror/nginx:1.27@${D}`],
    ['keeps a digest alone', `nginx@${D}`, [MIRROR], `registry.example.com/mirror/nginx@${D}`],
    ['renames a name without tag', 'nginx', [MIRROR], 'registry.example.com/mirror/nginx'],
    ['matches the name as written only', 'docker.io/library/nginx:1.27', [MIRROR], undefined],
    ['leaves other names', 'redis:7', [MIRROR], undefined],
    ['splits a host with a port', 'localhost:5000/app:1', [{ name: 'localhost:5000/app', newName: 'ghcr.io/acme/app', keepsTag: true }], 'ghcr.io/acme/app:1'],
    ['chains a base then an overlay', 'nginx:1.27', [MIRROR, { name: 'registry.example.com/mirror/nginx', newName: 'ghcr.io/acme/nginx', keepsTag: true }], 'ghcr.io/acme/nginx:1.27'],
    ['an entry replacing the tag leaves the line as written', 'nginx:1.27', [MIRROR, { name: 'registry.example.com/mirror/nginx', keepsTag: false }], undefined],
  ];
  for (const [what, written, steps, expected] of cases) it(what, () => assert.equal(renderedImage(written, steps), expected));

  it("reads a scan's images as rendered, keeping their text and place", () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: a, image: nginx:1.27}\n    - {name: b, image: redis:7}\n';
    const scan = renderedScan(scanKubernetes(text), [MIRROR], 'kustomization.yaml renders it');
    assert.deepEqual(
      scan.images.map((o) => [o.text, o.expanded, o.reference.registry, o.reference.repository]),
      [
        ['nginx:1.27', 'registry.example.com/mirror/nginx:1.27', 'registry.example.com', 'mirror/nginx'],
        ['redis:7', 'redis:7', 'docker.io', 'library/redis'],
      ],
    );
  });

  it("renames only the places kustomize's images transformer acts on: containers and initContainers at any depth, image volumes at spec and spec/template/spec", () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        spec:',
      '          initContainers: [{name: i, image: "nginx:1"}]',
      '          containers: [{name: c, image: "nginx:2"}]',
      '          ephemeralContainers: [{name: e, image: "nginx:3"}]',
      '          volumes: [{name: v, image: {reference: "nginx:4"}}]',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: c, image: "nginx:5"}]',
      '      volumes: [{name: v, image: {reference: "nginx:6"}}]',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'spec: {image: "nginx:7"}',
      '---',
      'apiVersion: example.com/v1',
      'kind: Thing',
      'spec:',
      '  image: "nginx:8"',
      '  deep: {pod: {containers: [{name: c, image: "nginx:9"}]}}',
      '',
    ].join('\n');
    const scan = renderedScan(scanKubernetes(text), [MIRROR], 'kustomization.yaml renders it');
    assert.deepEqual(
      scan.images.map((o) => o.expanded),
      [
        'registry.example.com/mirror/nginx:1',
        'registry.example.com/mirror/nginx:2',
        'nginx:3',
        'nginx:4',
        'registry.example.com/mirror/nginx:5',
        'registry.example.com/mirror/nginx:6',
        'nginx:7',
        'nginx:8',
        'registry.example.com/mirror/nginx:9',
      ],
    );
  });

  it("renames an operator's image field where a transformer config's field spec names it, for the kinds it selects only", () => {
    const text = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: {name: main}',
      'spec:',
      '  image: nginx:1.27',
      '---',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Alertmanager',
      'metadata: {name: main}',
      'spec:',
      '  image: nginx:1.28',
      '---',
      'apiVersion: example.com/v1',
      'kind: MyKind',
      'spec:',
      '  runLatest:',
      '    containers:',
      '      - {name: a, image: nginx:1.29}',
      '',
    ].join('\n');
    const fieldSpecs = [
      { path: ['spec', 'image'], written: 'spec/image', kind: 'Prometheus', group: 'monitoring.coreos.com' },
      { path: ['spec', 'runLatest', 'containers', 'image'], written: 'spec/runLatest/containers[]/image', kind: 'Other' },
    ];
    const rendered = (steps: Parameters<typeof renderedScan>[1]) => renderedScan(scanKubernetes(text), steps, 'kustomization.yaml renders it').images.map((o) => [o.text, o.expanded]);
    assert.deepEqual(rendered([{ ...MIRROR, fieldSpecs }]), [
      ['nginx:1.27', 'registry.example.com/mirror/nginx:1.27'],
      ['nginx:1.28', 'nginx:1.28'],
      // A container list at any depth is kustomize's own place, whatever the field specs say.
      ['nginx:1.29', 'registry.example.com/mirror/nginx:1.29'],
    ]);
    // Without the field specs (another kustomization's entry), the operator's field is read as written.
    assert.deepEqual(rendered([MIRROR]).map(([, expanded]) => expanded), ['nginx:1.27', 'nginx:1.28', 'registry.example.com/mirror/nginx:1.29']);
  });

  it('reports a rendered name that is no reference', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: a, image: nginx:1.27}\n';
    const scan = renderedScan(scanKubernetes(text), [{ name: 'nginx', newName: 'Bad/Name', keepsTag: true }], 'kustomization.yaml renders it');
    assert.equal(scan.images.length, 0);
    assert.match(scan.problems[0]?.message ?? '', /^kustomization\.yaml renders it as Bad\/Name:1\.27: /);
  });

  it("reads a kustomization's resources, bases, components and entries", () => {
    const facts = kustomizationFacts(
      [
        'kind: Kustomization',
        'resources: [deploy.yaml, ../base]',
        'bases: [../old]',
        'components: [../c]',
        'images:',
        '  - {name: nginx, newName: mirror/nginx}',
        '  - {name: redis, newTag: "7"}',
        '  - {name: app, newName: ghcr.io/app, tagSuffix: -rc}',
        '  - {newName: nameless}',
        '',
      ].join('\n'),
    );
    assert.deepEqual(facts, {
      component: false,
      resources: ['deploy.yaml', '../base', '../old'],
      components: ['../c'],
      images: [
        { name: 'nginx', newName: 'mirror/nginx', keepsTag: true },
        { name: 'redis', keepsTag: false },
        { name: 'app', newName: 'ghcr.io/app', keepsTag: false },
      ],
      configurations: [],
      patches: [],
      inlinePatches: false,
    });
    assert.deepEqual(kustomizationFacts('configurations: [kustomizeconfig/crd.yaml, {path: x}]\n').configurations, ['kustomizeconfig/crd.yaml', undefined]);
    assert.equal(kustomizationFacts('kind: Component\n').component, true);
    assert.deepEqual(kustomizationFacts('{{ broken').resources, []);
  });

  it("reads a kustomization's patch files and whether it writes a patch inline", () => {
    const facts = kustomizationFacts(
      [
        'patches:',
        '  - path: merge.yaml',
        '  - {path: ops.yaml, target: {kind: Deployment}}',
        'patchesJson6902:',
        '  - {path: legacy-ops.yaml, target: {kind: Deployment, name: web}}',
        'patchesStrategicMerge:',
        '  - legacy.yaml',
        '',
      ].join('\n'),
    );
    assert.deepEqual([facts.patches, facts.inlinePatches], [['merge.yaml', 'ops.yaml', 'legacy-ops.yaml', 'legacy.yaml'], false]);
    assert.equal(kustomizationFacts('patches:\n  - target: {kind: Deployment}\n    patch: |\n      - {op: remove, path: /spec/replicas}\n').inlinePatches, true);
    assert.equal(kustomizationFacts('patchesStrategicMerge:\n  - |\n    kind: Deployment\n    metadata: {name: web}\n').inlinePatches, true);
  });
});
