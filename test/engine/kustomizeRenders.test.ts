// The ways a workspace's kustomizations render a manifest, asked for one manifest as the editor asks
// (kustomizeRenders with the kustomizations it finds), are the readings `check .` reads the
// manifest with (withBuilds over the whole tree): the same passes, so the same images resolved
// against a real registry, the same pin of the renamed image's digest and the same conflict.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RegistryClient } from '../../src/registry/client';
import type { Assembly } from '../../src/engine/assembly';
import { withBuilds } from '../../src/engine/buildOperands';
import { sameForEveryFile } from '../../src/engine/fileOptions';
import { kustomizeRenders } from '../../src/engine/kustomizeReadings';
import { kustomizePasses, passesOf } from '../../src/engine/passes';
import { pinReadings } from '../../src/engine/pinReadings';
import { resolveOccurrence } from '../../src/engine/resolveOccurrence';
import { scanSource, type SourceFile, type SourceOptions } from '../../src/engine/sources';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { AMD64, child } from './fixtures';
import { tempTree, type TempTree } from './tempTree';

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const kustomization = (lines: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${lines}`;

describe('engine kustomizeRenders: a manifest read as the kustomizations of its workspace render it', function () {
  let registry: TestRegistry;
  let hub: string;
  let mirror: string;
  let tree: TempTree;
  const options = { platform: AMD64, kind: 'platform' as const, environment: new Map<string, string>() };
  const assembly = (): Assembly => tree.assembly();
  const write = (name: string, text: string): string => tree.write(name, text);
  const renamed = () => `${registry.host}/mirror/kedit`;

  before(async function () {
    this.timeout(60_000);
    registry = await startRegistry({ auth: 'none' });
    hub = child(await pushImage(registry, 'library/kedit', '1.27', { platforms: ['linux/amd64'] }), 'amd64').digest;
    mirror = child(await pushImage(registry, 'mirror/kedit', '1.27', { platforms: ['linux/amd64'], salt: 'mirror' }), 'amd64').digest;
  });
  after(async () => registry?.stop());
  beforeEach(() => (tree = tempTree('kustomize-renders-', sameForEveryFile(options))));
  afterEach(() => tree.remove());

  /** The manifest's readings as `check .` reads it: every file of the tree, put together. */
  const checkPasses = async (paths: string[], manifest: string) => {
    const operands = await withBuilds(paths.map((path) => ({ path, kind: 'kubernetes' as const })), assembly());
    const operand = operands.find((o) => o.path === manifest);
    assert.ok(operand);
    return passesOf(operand);
  };

  /** The manifest's pins as the editor plans them: each reading resolved against the real registry. */
  const pin = async (manifest: string, passes: ReturnType<typeof kustomizePasses>) => {
    const client = new RegistryClient({ mirrors: { 'docker.io': registry.url } });
    const file: SourceFile = { kind: 'kubernetes', text: readFileSync(manifest, 'utf8') };
    return pinReadings<SourceOptions>({
      path: manifest,
      file,
      // As `pin` passes them: each with who reads it so.
      readings: passes.map((pass) => ({ ...pass, envPath: null })),
      envTexts: new Map(),
      update: true,
      analyze: async (source, readingOptions) => {
        const scan = scanSource(source, readingOptions);
        const statuses = await Promise.all(scan.images.map((occurrence) => resolveOccurrence(occurrence, client, { platform: AMD64, kind: 'platform' })));
        return { statuses, problems: scan.problems };
      },
    });
  };

  it("reads the manifest as newName with its own tag, as check . does, and pins the renamed image's digest on its line", async () => {
    const k = write('kustomization.yaml', kustomization(`resources: [deploy.yaml]\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    const manifest = write('deploy.yaml', deployment('kedit:1.27'));

    const renders = await kustomizeRenders([k], assembly(), () => true);
    assert.deepEqual([...renders.readings], [[manifest, [{ by: 'kustomization.yaml renders it', steps: [{ name: 'kedit', newName: renamed(), keepsTag: true }] }]]]);
    assert.deepEqual([...renders.rendersRead], [k]);
    const passes = kustomizePasses(options, renders.readings.get(manifest) ?? []);
    assert.deepEqual(passes, await checkPasses([k, manifest], manifest));

    const result = await pin(manifest, passes);
    assert.notEqual(hub, mirror);
    assert.deepEqual(result.outcomes.map((o) => [o.status.occurrence.expanded, o.action]), [[`${renamed()}:1.27`, 'pin']]);
    assert.equal(result.files.get(manifest)?.after, deployment(`kedit:1.27@${mirror}`));
  });

  const operators = (image: string, alertmanager = image) =>
    `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: main}\nspec:\n  image: ${image}\n---\napiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main}\nspec:\n  image: ${alertmanager}\n`;

  it("honours a transformer config's image field spec: the kind it names is read and pinned as renamed, another kind as written, as check . reads them", async () => {
    const k = write('kustomization.yaml', kustomization(`resources: [operators.yaml]\nconfigurations: [kustomizeconfig/prometheus.yaml]\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    write('kustomizeconfig/prometheus.yaml', 'images:\n  - path: spec/image\n    group: monitoring.coreos.com\n    kind: Prometheus\n');
    const manifest = write('operators.yaml', operators('kedit:1.27'));

    const renders = await kustomizeRenders([k], assembly(), () => true);
    const fieldSpecs = [{ path: ['spec', 'image'], written: 'spec/image', group: 'monitoring.coreos.com', kind: 'Prometheus' }];
    assert.deepEqual(renders.readings.get(manifest), [{ by: 'kustomization.yaml renders it', steps: [{ name: 'kedit', newName: renamed(), keepsTag: true, fieldSpecs }] }]);
    assert.equal(renders.configurations.size, 0);
    const passes = kustomizePasses(options, renders.readings.get(manifest) ?? []);
    assert.deepEqual(passes, await checkPasses([k, manifest], manifest));

    const result = await pin(manifest, passes);
    assert.deepEqual(
      result.outcomes.map((o) => [o.status.occurrence.line, o.status.occurrence.expanded, o.action]),
      [
        [5, `${renamed()}:1.27`, 'pin'],
        [11, 'kedit:1.27', 'pin'],
      ],
    );
    // The Prometheus line takes the renamed image's digest (kustomize keeps it after the new name), the Alertmanager's its own.
    assert.equal(result.files.get(manifest)?.after, operators(`kedit:1.27@${mirror}`, `kedit:1.27@${hub}`));
  });

  it("an overlay's entry acts at the places of its base's transformer configs too, as kustomize merges them", async () => {
    write('base/kustomization.yaml', kustomization('resources: [operators.yaml]\nconfigurations: [prometheus.yaml]\n'));
    write('base/prometheus.yaml', 'images:\n  - {path: spec/image, kind: Prometheus}\n');
    const manifest = write('base/operators.yaml', operators('kedit:1.27'));
    const overlay = write('overlay/kustomization.yaml', kustomization(`resources: [../base]\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    const renders = await kustomizeRenders([overlay], assembly(), () => true);
    const result = await pin(manifest, kustomizePasses(options, renders.readings.get(manifest) ?? []));
    assert.deepEqual(result.outcomes.map((o) => o.status.occurrence.expanded), [`${renamed()}:1.27`, 'kedit:1.27']);
  });

  it("reports each configurations: entry kustomize fails on or docker-pin cannot read at the entry, and none for a config naming no image field", async () => {
    const k = write('kustomization.yaml', kustomization(`resources: [operators.yaml]\nconfigurations:\n  - missing.yaml\n  - bad.yaml\n  - labels.yaml\n  - https://example.com/config.yaml\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    write('bad.yaml', 'image:\n  - path: spec/image\n');
    write('labels.yaml', 'commonLabels:\n  - {path: spec/selector, kind: Prometheus, create: true}\nnamePrefix:\n  - {path: spec/serviceName, kind: Prometheus}\n');
    const manifest = write('operators.yaml', operators('kedit:1.27'));

    const renders = await kustomizeRenders([k], assembly(), () => true);
    assert.deepEqual(renders.configurations.get(k)?.map((p) => [p.index, p.kind]), [[0, 'unresolved'], [1, 'invalid'], [3, 'skipped']]);
    // The specs it could not read are no guess: the operator's fields are read as written.
    assert.deepEqual(renders.readings.get(manifest)?.[0]?.steps, [{ name: 'kedit', newName: renamed(), keepsTag: true }]);

    const operands = await withBuilds([k, manifest].map((path) => ({ path, kind: 'kubernetes' as const })), assembly());
    const own = operands.find((o) => o.path === k);
    assert.ok(own);
    const problems = scanSource({ kind: 'kubernetes', text: readFileSync(k, 'utf8') }, own.options).problems;
    assert.deepEqual(
      problems.map((p) => [p.range.start.line + 1, p.kind, p.text]),
      [
        [5, 'unresolved', 'missing.yaml'],
        [6, 'invalid', 'bad.yaml'],
        [8, 'skipped', 'https://example.com/config.yaml'],
      ],
    );
    assert.match(problems[0].message, /the transformer config missing\.yaml does not exist.*checked as written, not as this kustomization renders them/);
    assert.match(problems[1].message, /kustomize refuses the transformer config bad\.yaml: kustomize knows no transformer config field image/);
  });

  it('a manifest the front door does not read gets no reading, and its kustomization is not said to be read with it', async () => {
    const k = write('kustomization.yaml', kustomization(`resources: [deploy.yaml]\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    write('deploy.yaml', deployment('kedit:1.27'));
    const renders = await kustomizeRenders([k], assembly(), () => false);
    assert.equal(renders.readings.size, 0);
    assert.equal(renders.rendersRead.size, 0);
  });

  it('a base two overlays render differently is read both ways, as check . reads it: a conflict, nothing pinned', async () => {
    const base = write('base/kustomization.yaml', kustomization('resources: [deploy.yaml]\n'));
    const manifest = write('base/deploy.yaml', deployment('kedit:1.27'));
    const mirrored = write('overlays/mirrored/kustomization.yaml', kustomization(`resources: [../../base]\nimages:\n  - name: kedit\n    newName: ${renamed()}\n`));
    const plain = write('overlays/plain/kustomization.yaml', kustomization('resources: [../../base]\n'));

    const renders = await kustomizeRenders([base, mirrored, plain], assembly(), () => true);
    assert.deepEqual(renders.readings.get(manifest)?.map((r) => r.by), ['overlays/mirrored/kustomization.yaml renders it', 'overlays/plain/kustomization.yaml renders it']);
    assert.deepEqual(new Set(renders.rendersRead), new Set([base, mirrored, plain]));
    const passes = kustomizePasses(options, renders.readings.get(manifest) ?? []);
    assert.deepEqual(passes, await checkPasses([base, manifest, mirrored, plain], manifest));

    const result = await pin(manifest, passes);
    assert.deepEqual(result.outcomes.map((o) => o.action), ['conflict']);
    assert.equal(result.files.size, 0);
    assert.match(result.problems[0]?.problem.message ?? '', new RegExp(`its readings name different images, ${renamed().replace(/\./g, '\\.')}:1\\.27 \\(as overlays/mirrored/kustomization\\.yaml renders it\\) and kedit:1\\.27 \\(as overlays/plain/kustomization\\.yaml renders it\\)`));
  });
});
