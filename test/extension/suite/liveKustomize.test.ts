// An open manifest a kustomization of the workspace renders is read as kustomize renders it, as
// `docker-pin check .` reads it: an images: entry with newName alone keeps the manifest's tag, so
// the lens, hover, diagnostic and quick fix name the renamed image and pin its digest on the
// manifest's line (nginx's digest there would be rendered after the new name: a pin of another
// image). Editing or deleting the kustomization redraws the manifest's lenses; a manifest two
// kustomizations render differently is a conflict, as the CLI reports it. Real registry, real VS Code.
import * as assert from 'node:assert';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, applyAction, closeAllEditors, codeActions, codeOf, hoverText, lenses, lensOn, openUri, ourDiagnostics, pushAmd64, registry, short, textOf, waitFor, writeWorkspaceFile, type PinAllOutcome } from './helpers';

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: ${image}\n`;
const kustomization = (lines: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${lines}`;
/** The image's line in `deployment`, zero-based, and a place inside the image. */
const LINE = 8;
const AT = new vscode.Position(LINE, 20);

describe('An open manifest a kustomization renders is read as kustomize renders it', () => {
  // Two different images under the name the manifest writes and the name kustomize renders.
  let hub: string;
  let mirror: string;
  const renamed = () => `${registry('public').host}/mirror/kustedit`;
  const renames = () => kustomization(`resources: [deploy.yaml]\nimages:\n  - name: kustedit\n    newName: ${renamed()}\n`);

  before(async () => {
    hub = await pushAmd64('kustedit', '1.27');
    mirror = await pushAmd64('mirror/kustedit', '1.27', 'mirror');
    assert.notStrictEqual(hub, mirror);
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  it("names the renamed image in the lens, hover and diagnostic, and the quick fix writes its digest on the manifest's line", async () => {
    const k = writeWorkspaceFile('kustedit/kustomization.yaml', renames());
    const manifest = writeWorkspaceFile('kustedit/deploy.yaml', deployment('kustedit:1.27'));
    const editor = await openUri(manifest);

    const titles = await lensOn(manifest, LINE, short(mirror));
    assert.ok(!titles.some((t) => t.includes(short(hub))), JSON.stringify(titles));
    const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', manifest, AT));
    assert.ok(hover.includes(`${renamed()}:1.27`) && hover.includes(mirror) && !hover.includes(hub), hover);
    const diagnostic = await waitFor('the unpinned diagnostic', () => ourDiagnostics(manifest).find((d) => d.range.start.line === LINE && codeOf(d) === 'unpinned'));
    assert.ok(diagnostic.message.includes(`A pin would write ${short(mirror)}`), diagnostic.message);

    const offered = await codeActions(manifest, new vscode.Range(AT, AT), vscode.CodeActionKind.QuickFix.value);
    const fixes = offered.filter((a) => a.title.startsWith('Pin') && a.title !== 'Pin all images in file');
    assert.ok(fixes.length > 0, JSON.stringify(offered.map((a) => a.title)));
    await applyAction(fixes[0]);
    await waitFor('the pin on the line', () => (editor.document.getText().includes('@sha256:') ? true : undefined));
    // kustomize keeps the manifest's digest under the new name: the renamed image's digest is the pin.
    assert.strictEqual(editor.document.lineAt(LINE).text, `          image: kustedit:1.27@${mirror}`);
    assert.strictEqual(textOf(k), renames());

    // The kustomization's entry has nothing left to say: its manifest is read with it, as `check .` reads both.
    await openUri(k);
    const onEntry = (await lenses(k)).filter((l) => l.title.includes('none of those manifests is read with it'));
    assert.deepStrictEqual(onEntry, []);
  });

  it('Pin All pins the renamed image, and the lens follows the kustomization when it is edited and deleted', async () => {
    const k = writeWorkspaceFile('kustedit2/kustomization.yaml', renames());
    const manifest = writeWorkspaceFile('kustedit2/deploy.yaml', deployment('kustedit:1.27'));
    await openUri(manifest);
    await lensOn(manifest, LINE, short(mirror));

    // The entry no longer renames: the line is read as written.
    writeWorkspaceFile('kustedit2/kustomization.yaml', kustomization('resources: [deploy.yaml]\n'));
    await lensOn(manifest, LINE, short(hub));
    writeWorkspaceFile('kustedit2/kustomization.yaml', renames());
    await lensOn(manifest, LINE, short(mirror));
    // No kustomization renders it any more.
    rmSync(k.fsPath);
    await lensOn(manifest, LINE, short(hub));
    writeWorkspaceFile('kustedit2/kustomization.yaml', renames());
    await lensOn(manifest, LINE, short(mirror));

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', manifest);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(textOf(manifest), deployment(`kustedit:1.27@${mirror}`));
  });

  it("an operator's image field a transformer config (configurations:) names is read and pinned as renamed, another kind as written, and a missing config is reported at its entry", async () => {
    const operators = (prometheus: string, alertmanager = prometheus) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: main}\nspec:\n  image: ${prometheus}\n---\napiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: {name: main}\nspec:\n  image: ${alertmanager}\n`;
    const withConfigs = (configs: string) => kustomization(`resources: [operators.yaml]\nconfigurations: [${configs}]\nimages:\n  - name: kustedit\n    newName: ${renamed()}\n`);
    const k = writeWorkspaceFile('kustedit4/kustomization.yaml', withConfigs('prometheus.yaml'));
    writeWorkspaceFile('kustedit4/prometheus.yaml', 'images:\n  - path: spec/image\n    kind: Prometheus\n');
    const manifest = writeWorkspaceFile('kustedit4/operators.yaml', operators('kustedit:1.27'));
    await openUri(manifest);
    await lensOn(manifest, 4, short(mirror));
    await lensOn(manifest, 10, short(hub));

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', manifest);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(textOf(manifest), operators(`kustedit:1.27@${mirror}`, `kustedit:1.27@${hub}`));

    // A config the kustomization names that is not there: said at the entry, and the operator field is read as written.
    writeWorkspaceFile('kustedit4/kustomization.yaml', withConfigs('prometheus.yaml, missing.yaml'));
    await openUri(k);
    const missing = await waitFor('the diagnostic on the missing config', () => ourDiagnostics(k).find((d) => d.range.start.line === 3 && d.message.includes('missing.yaml does not exist')));
    assert.ok(missing.message.includes('checked as written, not as this kustomization renders them'), missing.message);
  });

  it('a base one overlay renames and another does not: the conflict the CLI reports, and no pin', async () => {
    writeWorkspaceFile('kustedit3/base/kustomization.yaml', kustomization('resources: [deploy.yaml]\n'));
    const manifest = writeWorkspaceFile('kustedit3/base/deploy.yaml', deployment('kustedit:1.27'));
    writeWorkspaceFile('kustedit3/overlays/mirrored/kustomization.yaml', kustomization(`resources: [../../base]\nimages:\n  - name: kustedit\n    newName: ${renamed()}\n`));
    writeWorkspaceFile('kustedit3/overlays/plain/kustomization.yaml', kustomization('resources: [../../base]\n'));
    await openUri(manifest);

    const conflict = await waitFor('the conflict diagnostic', () => ourDiagnostics(manifest).find((d) => d.range.start.line === LINE && d.message.startsWith('conflict ')));
    assert.ok(
      conflict.message.startsWith(
        `conflict "kustedit:1.27": its readings name different images, ${renamed()}:1.27 (as kustedit3/overlays/mirrored/kustomization.yaml renders it) and kustedit:1.27 (as kustedit3/overlays/plain/kustomization.yaml renders it), and one digest cannot pin them all`,
      ),
      conflict.message,
    );
    assert.ok(!(await lenses(manifest)).some((l) => l.line === LINE && l.title.startsWith('Pin')));
    const fixes = (await codeActions(manifest, new vscode.Range(AT, AT), vscode.CodeActionKind.QuickFix.value)).filter((a) => a.title.startsWith('Pin'));
    assert.deepStrictEqual(fixes.map((a) => a.title), []);
    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', manifest);
    assert.strictEqual(result.conflicts, 1, JSON.stringify(result));
    assert.strictEqual(textOf(manifest), deployment('kustedit:1.27'));
  });
  it("a patch file and an inline patch of the kustomization: their images get the renamed image's lens, as kustomize renames a patch's images", async () => {
    const inline = kustomization(
      `resources: [deploy.yaml]\npatches:\n  - path: patch.yaml\n  - target: {kind: Deployment}\n    patch: |\n      - op: add\n        path: /spec/template/spec/initContainers\n        value:\n          - name: init\n            image: kustedit:1.27\nconfigurations: [missing.yaml]\nimages:\n  - name: kustedit\n    newName: ${renamed()}\n`,
    );
    const k = writeWorkspaceFile('kustpatch/kustomization.yaml', inline);
    writeWorkspaceFile('kustpatch/deploy.yaml', deployment(`${renamed()}:1.27@${mirror}`));
    const patch = writeWorkspaceFile('kustpatch/patch.yaml', deployment('kustedit:1.27'));

    await openUri(patch);
    const titles = await lensOn(patch, LINE, short(mirror));
    assert.ok(!titles.some((t) => t.includes(short(hub))), JSON.stringify(titles));
    await openUri(k);
    const onInline = await lensOn(k, 11, short(mirror));
    assert.ok(!onInline.some((t) => t.includes(short(hub))), JSON.stringify(onInline));
    // What is said of the kustomization's own entries stays: its missing transformer config.
    await waitFor('the missing config reported at its entry', () => ourDiagnostics(k).find((d) => d.range.start.line === 12 && d.message.includes('missing.yaml')));
  });
});
