import * as assert from 'node:assert/strict';
import { fieldSpecSelects, imageFieldSpecs } from '../../../src/core/sources/kustomizeConfig';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';

describe("kustomize transformer configs: a kustomization's configurations: files", () => {
  it("reads the images: field specs as kustomize's example writes them (examples/transformerconfigs/images)", () => {
    assert.deepEqual(imageFieldSpecs('images:\n- path: spec/runLatest/container/image\n  kind: MyKind\n'), {
      specs: [{ path: ['spec', 'runLatest', 'container', 'image'], written: 'spec/runLatest/container/image', kind: 'MyKind' }],
    });
    assert.deepEqual(imageFieldSpecs('images:\n  - path: /spec/template/spec/containers[]/image\n    group: example.com\n    version: v1\n    kind: App\n    create: true\n  - {path: metadata/annotations/a.io\\/image}\n'), {
      specs: [
        { path: ['spec', 'template', 'spec', 'containers', 'image'], written: '/spec/template/spec/containers[]/image', group: 'example.com', version: 'v1', kind: 'App' },
        { path: ['metadata', 'annotations', 'a.io/image'], written: 'metadata/annotations/a.io\\/image' },
      ],
    });
  });

  it('a config naming no image field changes no image', () => {
    assert.deepEqual(imageFieldSpecs('namePrefix:\n- path: spec/serviceName\n  kind: MyKind\ncommonLabels:\n- path: spec/selector\n  create: true\nnameReference:\n- kind: Secret\n  fieldSpecs:\n  - {path: spec/secretName, kind: MyKind}\n'), { specs: [] });
    assert.deepEqual(imageFieldSpecs(''), { specs: [] });
    assert.deepEqual(imageFieldSpecs('images:\n'), { specs: [] });
  });

  // kustomize reads a transformer config with UnmarshalStrict: what it does not know fails the build.
  const refused: [string, string, RegExp][] = [
    ['a key kustomize does not know', 'image:\n- path: spec/image\n', /knows no transformer config field image/],
    ['a field spec field it does not know', 'images:\n- path: spec/image\n  kinds: [A]\n', /the field kinds/],
    ['a field spec without a path', 'images:\n- kind: A\n', /has no path/],
    ['images that are no list', 'images: spec/image\n', /is not a list of field specs/],
    ['a field spec that is no mapping', 'images:\n- spec/image\n', /is not a field spec/],
    ['a path naming an empty field', 'images:\n- path: spec//image\n', /names an empty field/],
    ['not YAML', 'images: [\n', /it is not YAML/],
    ['no mapping', '- path: spec/image\n', /is not a mapping/],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses ${what}`, () => {
      const read = imageFieldSpecs(text);
      assert.ok('error' in read, JSON.stringify(read));
      assert.match(read.error, message);
    });
  }

  it("selects a resource's place by group, version and kind (each any when left out) and the whole path", () => {
    const place = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', path: ['spec', 'image'] };
    const spec = { path: ['spec', 'image'], written: 'spec/image' };
    assert.equal(fieldSpecSelects(spec, place), true);
    assert.equal(fieldSpecSelects({ ...spec, kind: 'Prometheus', group: 'monitoring.coreos.com', version: 'v1' }, place), true);
    assert.equal(fieldSpecSelects({ ...spec, kind: 'Alertmanager' }, place), false);
    assert.equal(fieldSpecSelects({ ...spec, group: 'example.com' }, place), false);
    assert.equal(fieldSpecSelects({ ...spec, version: 'v2' }, place), false);
    assert.equal(fieldSpecSelects({ path: ['spec'], written: 'spec' }, place), false);
    assert.equal(fieldSpecSelects({ ...spec, version: 'v1' }, { apiVersion: 'v1', kind: 'Pod', path: ['spec', 'image'] }), true);
    // kustomize's images transformer never touches a CRD.
    assert.equal(fieldSpecSelects(spec, { ...place, kind: 'CustomResourceDefinition' }), false);
  });

  it("a manifest's images know their places in their resource, through lists and aliases", () => {
    const text = [
      'apiVersion: example.com/v1',
      'kind: App',
      'spec:',
      '  image: &img ghcr.io/acme/app:1',
      '  workers:',
      '    - containers:',
      '        - {name: w, image: ghcr.io/acme/worker:1}',
      '  sidecar: {image: *img}',
      '',
    ].join('\n');
    assert.deepEqual(
      scanKubernetes(text).images.map((o) => [o.text, o.kustomizePlaces?.map((p) => `${p.kind} ${p.path.join('/')}`)]),
      [
        ['ghcr.io/acme/app:1', ['App spec/image', 'App spec/sidecar/image']],
        ['ghcr.io/acme/worker:1', ['App spec/workers/containers/image']],
      ],
    );
  });
});
