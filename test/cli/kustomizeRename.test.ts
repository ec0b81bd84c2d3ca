// A kustomization's images: entry that renames an image with newName alone, through check and pin
// against a real registry holding two different images under the two names: the manifest's line
// is read as kustomize renders it (newName with the manifest's tag) and pinned there with the
// renamed image's digest, which kustomize keeps; a manifest two kustomizations render differently
// is a conflict naming both, left alone.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pushImage, type PushedImage } from '../support/push';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';
import type { TestRegistry } from '../support/registry';

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const kustomization = (lines: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${lines}`;

describe('a kustomization renaming an image with newName alone pins its manifests as kustomize renders them', function () {
  let images: Images;
  let common: string[];
  let registry: TestRegistry;
  let mirror: PushedImage;
  let dir: string;
  const { write, read } = projectFiles(() => dir);

  withMultiStageRegistry((fixture) => ({ images, common, registry } = fixture));
  before(async () => {
    mirror = await pushImage(registry, 'mirror/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], salt: 'mirror' });
  });
  beforeEach(() => (dir = tempDir('kustomize-rename')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => runCli([...args.slice(0, 1), ...common, ...args.slice(1), '.'], { cwd: dir });
  const renamed = () => `${registry.host}/mirror/alpine`;

  it('check names the rendered image, pin writes its digest on the manifest line, and check then finds it current', async () => {
    assert.notEqual(digestFor(mirror, 'amd64'), digestFor(images.alpine, 'amd64'));
    write('kustomization.yaml', kustomization(`resources: [deploy.yaml]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('deploy.yaml', deployment('alpine:3.20'));

    const check = await run('check');
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, new RegExp(`deploy\\.yaml:9:\\d+: unpinned ${renamed().replace(/\./g, '\\.')}:3\\.20`));

    const pin = await run('pin');
    assert.match(pin.stderr, /pinned 1, updated 0, unchanged 0, failed 0 in deploy\.yaml/);
    // kustomize keeps a manifest's digest when the entry gives none: this renders as the mirror's image at this digest.
    assert.equal(read('deploy.yaml'), deployment(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
    assert.equal(read('kustomization.yaml'), kustomization(`resources: [deploy.yaml]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));

    // The entry has nothing left to say: its manifests were read with it.
    const after = await run('check');
    assert.equal(after.code, 0, after.stdout + after.stderr);
    assert.equal(after.stdout + after.stderr, '');
  });

  it("a manifest image whose tag the kustomization's entry replaces (kubebuilder's controller:latest under newName and newTag) is left alone, saying why; the entry is pinned", async () => {
    write('config/manager/kustomization.yaml', kustomization(`resources: [manager.yaml]\nimages:\n  - name: controller\n    newName: ${renamed()}\n    newTag: "3.20"\n`));
    write('config/manager/manager.yaml', deployment('controller:latest'));
    write('config/default/kustomization.yaml', kustomization('resources: [../manager]\n'));
    const check = await run('check');
    assert.equal(check.code, 1, check.stdout + check.stderr);
    // Never resolved as docker.io/library/controller:latest: kustomize pulls the entry's image.
    assert.doesNotMatch(check.stdout + check.stderr, /controller:latest/);
    assert.match(check.stdout, /^config\/manager\/kustomization\.yaml:\d+:\d+: unpinned /m);
    const json = JSON.parse((await run('check', '--json')).stdout) as { file: string; state: string; message?: string }[];
    const manifest = json.find((entry) => entry.file === 'config/manager/manager.yaml');
    assert.equal(manifest?.state, 'ignored');
    assert.match(manifest?.message ?? '', /config\/default\/kustomization\.yaml renders it with the images entry for controller, which replaces its tag and digest \(newTag, digest or tagSuffix\): a digest here would be dropped/);
    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stdout + pin.stderr);
    assert.equal(read('config/manager/manager.yaml'), deployment('controller:latest'));
    assert.equal((await run('check')).code, 0);
  });

  it("a pin of the name the manifest writes (the wrong image) is not found under the new name, and pin --update writes the renamed image's", async () => {
    write('kustomization.yaml', kustomization(`resources: [deploy.yaml]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('deploy.yaml', deployment(`alpine:3.20@${digestFor(images.alpine, 'amd64')}`));
    const check = await run('check');
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /deploy\.yaml:9:\d+: gone 127\.0\.0\.1:\d+\/mirror\/alpine:3\.20@/);
    const update = await run('pin', '--update');
    assert.equal(update.code, 0, update.stdout + update.stderr);
    assert.equal(read('deploy.yaml'), deployment(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
  });

  it('a kustomization read without its manifests says the entry is pinned in them when read together', async () => {
    write('kustomization.yaml', kustomization(`resources: [deploy.yaml]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('deploy.yaml', deployment('alpine:3.20'));
    const check = await runCli(['check', ...common, 'kustomization.yaml'], { cwd: dir });
    assert.equal(check.code, 1);
    assert.match(check.stdout + check.stderr, /kustomization\.yaml:5:\d+: skipped "alpine": kustomize renames the image alpine to .*none of those manifests is read with it now/);
  });

  it('an overlay renaming through its base and a component pins the base manifest with the renamed image', async () => {
    write('base/kustomization.yaml', kustomization('resources:\n  - deploy.yaml\n'));
    write('base/deploy.yaml', deployment('alpine:3.20'));
    write('components/mirror/kustomization.yaml', `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`);
    write('overlays/prod/kustomization.yaml', kustomization('resources: [../../base]\ncomponents: [../../components/mirror]\n'));

    const pin = await run('pin');
    assert.equal(read('base/deploy.yaml'), deployment(`alpine:3.20@${digestFor(mirror, 'amd64')}`), pin.stdout + pin.stderr);
  });

  const operators = (prometheus: string, alertmanager = prometheus) =>
    `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: main}\nspec:\n  image: ${prometheus}\n---\napiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main}\nspec:\n  image: ${alertmanager}\n`;

  it("an operator's image field a transformer config (configurations:) names is checked and pinned as renamed; a kind it does not name, as written", async () => {
    write('kustomization.yaml', kustomization(`resources: [operators.yaml]\nconfigurations: [kustomizeconfig/prometheus.yaml]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('kustomizeconfig/prometheus.yaml', 'images:\n  - path: spec/image\n    kind: Prometheus\n');
    write('operators.yaml', operators('alpine:3.20'));

    const check = await run('check');
    const out = check.stdout + check.stderr;
    assert.equal(check.code, 1, out);
    assert.match(out, new RegExp(`operators\\.yaml:5:\\d+: unpinned ${renamed().replace(/\./g, '\\.')}:3\\.20`));
    assert.match(out, /operators\.yaml:11:\d+: unpinned alpine:3\.20/);
    assert.doesNotMatch(out, /kustomization\.yaml/);

    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stdout + pin.stderr);
    assert.equal(read('operators.yaml'), operators(`alpine:3.20@${digestFor(mirror, 'amd64')}`, `alpine:3.20@${digestFor(images.alpine, 'amd64')}`));
    const after = await run('check');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it('a configurations: entry naming a missing or invalid transformer config is reported at the entry, and the operator field is read as written', async () => {
    write('kustomization.yaml', kustomization(`resources: [operators.yaml]\nconfigurations:\n  - kustomizeconfig/missing.yaml\n  - kustomizeconfig/bad.yaml\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('kustomizeconfig/bad.yaml', 'images:\n  - kind: Prometheus\n');
    write('operators.yaml', operators(`alpine:3.20@${digestFor(images.alpine, 'amd64')}`));

    const check = await run('check');
    const out = check.stdout + check.stderr;
    // An invalid line makes the exit code 2, as an invalid reference does.
    assert.equal(check.code, 2, out);
    assert.match(out, /kustomization\.yaml:5:\d+: unresolved "kustomizeconfig\/missing\.yaml": the transformer config kustomizeconfig\/missing\.yaml does not exist/);
    assert.match(out, /kustomization\.yaml:6:\d+: invalid "kustomizeconfig\/bad\.yaml": kustomize refuses the transformer config kustomizeconfig\/bad\.yaml: a field spec of its images: has no path/);
    assert.doesNotMatch(out, /operators\.yaml/);
  });

  // kustomize runs a kustomization's patches before its images transformer (api/krusty, the order
  // of the builtin transformers), so an image a patch writes is renamed like a resource's.
  const containerPatch = (image: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
  const jsonPatch = (image: string) => `- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: ${image}\n`;

  it("an image a patch file writes (patches, patchesStrategicMerge, patchesJson6902) is checked and pinned as the kustomization's images: entry renames it", async () => {
    write(
      'kustomization.yaml',
      kustomization(
        `resources: [deploy.yaml]\npatches:\n  - path: merge.yaml\n  - path: ops.yaml\n    target: {kind: Deployment}\npatchesStrategicMerge: [legacy.yaml]\npatchesJson6902:\n  - path: legacy-ops.yaml\n    target: {group: apps, version: v1, kind: Deployment, name: web}\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`,
      ),
    );
    write('deploy.yaml', deployment(`${renamed()}:3.20@${digestFor(mirror, 'amd64')}`));
    for (const name of ['merge.yaml', 'legacy.yaml']) write(name, containerPatch('alpine:3.20'));
    for (const name of ['ops.yaml', 'legacy-ops.yaml']) write(name, jsonPatch('alpine:3.20'));

    const check = await run('check');
    const out = check.stdout + check.stderr;
    assert.equal(check.code, 1, out);
    const unpinned = `unpinned ${renamed().replace(/\./g, '\\.')}:3\\.20`;
    for (const [file, line] of [['merge', 9], ['legacy', 9], ['ops', 3], ['legacy-ops', 3]] as const) assert.match(out, new RegExp(`${file}\\.yaml:${line}:\\d+: ${unpinned}`));

    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stdout + pin.stderr);
    for (const name of ['merge.yaml', 'legacy.yaml']) assert.equal(read(name), containerPatch(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
    for (const name of ['ops.yaml', 'legacy-ops.yaml']) assert.equal(read(name), jsonPatch(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
    const after = await run('check');
    assert.equal(after.code, 0, after.stdout + after.stderr);
  });

  it("a base's patch is renamed by the overlay built on it, and an inline patch by its own kustomization's entry", async () => {
    write('base/kustomization.yaml', kustomization('resources: [deploy.yaml]\npatches:\n  - path: merge.yaml\n'));
    write('base/deploy.yaml', deployment('busybox:1.36'));
    write('base/merge.yaml', containerPatch('alpine:3.20'));
    const inline = (image: string) =>
      kustomization(`resources: [../../base]\npatches:\n  - target: {kind: Deployment}\n    patch: |\n      - op: add\n        path: /spec/template/spec/initContainers\n        value:\n          - name: init\n            image: ${image}\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`);
    write('overlays/prod/kustomization.yaml', inline('alpine:3.20'));

    const pin = await run('pin');
    assert.equal(pin.code, 0, pin.stdout + pin.stderr);
    assert.equal(read('base/merge.yaml'), containerPatch(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
    assert.equal(read('overlays/prod/kustomization.yaml'), inline(`alpine:3.20@${digestFor(mirror, 'amd64')}`));
    assert.equal(read('base/deploy.yaml'), deployment(`busybox:1.36@${digestFor(images.busybox, 'amd64')}`));
  });

  it('a manifest one overlay renames and another does not is a conflict naming both, left unpinned', async () => {
    write('base/kustomization.yaml', kustomization('resources: [deploy.yaml]\n'));
    write('base/deploy.yaml', deployment('alpine:3.20'));
    write('overlays/mirrored/kustomization.yaml', kustomization(`resources: [../../base]\nimages:\n  - name: alpine\n    newName: ${renamed()}\n`));
    write('overlays/plain/kustomization.yaml', kustomization('resources: [../../base]\n'));

    for (const command of ['check', 'pin']) {
      const result = await run(command);
      const out = result.stdout + result.stderr;
      assert.equal(result.code, 1, out);
      assert.match(out, /base\/deploy\.yaml:9:\d+: conflict "alpine:3\.20"/);
      assert.match(out, /overlays\/mirrored\/kustomization\.yaml/);
      assert.match(out, /overlays\/plain\/kustomization\.yaml/);
    }
    assert.equal(read('base/deploy.yaml'), deployment('alpine:3.20'));
    const pin = await run('pin');
    assert.match(pin.stderr, /failed 1 \(conflict 1\) in base\/deploy\.yaml/);
  });
});
