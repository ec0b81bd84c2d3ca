// CodeLens titles per state, with the real registry behind `dockerPin.mirrors`, and what clicking
// them does to the document.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import {
  activateExtension, childFor, click, closeAllEditors, codeActions, lensTitles, lensWithTitle, lenses, openDockerfile, registry,
  setSetting, short, waitFor,
} from './helpers';
import { visibleTexts } from './env';

describe('CodeLens', () => {
  let index: string;
  let amd64: string;
  let arm64: string;
  let oldBusybox: string;
  let newBusybox: string;

  before(async () => {
    const reg = registry('public');
    const alpine = await pushImage(reg, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
    index = alpine.index.digest;
    amd64 = childFor(alpine.children, 'linux/amd64').digest;
    arm64 = childFor(alpine.children, 'linux/arm64').digest;
    // A tag that moved: pinned to the first push, now pointing at the second.
    oldBusybox = childFor((await pushImage(reg, 'library/busybox', '1.36', { platforms: ['linux/amd64'], salt: 'old' })).children, 'linux/amd64').digest;
    newBusybox = childFor((await pushImage(reg, 'library/busybox', '1.36', { platforms: ['linux/amd64'], salt: 'new' })).children, 'linux/amd64').digest;
    await activateExtension();
  });

  afterEach(async () => {
    await setSetting('digestKind', undefined);
    await setSetting('codeLens.enabled', undefined);
    await closeAllEditors();
  });

  it('shows the right lens for every state, none on stages and scratch, and why a line cannot be pinned', async () => {
    const editor = await openDockerfile([
      /* 0 */ 'ARG UNUSED=1',
      /* 1 */ 'FROM alpine:3.20 AS build',
      /* 2 */ 'FROM --platform=linux/arm64 alpine:3.20 AS arm',
      /* 3 */ `FROM alpine:3.20@${amd64} AS pinned`,
      /* 4 */ `FROM alpine:3.20@${index} AS pinned-index`,
      /* 5 */ `FROM busybox:1.36@${oldBusybox} AS stale`,
      /* 6 */ `FROM alpine@${amd64} AS by-digest`,
      /* 7 */ 'FROM does-not-exist:1.0 AS missing',
      /* 8 */ 'FROM scratch',
      /* 9 */ 'FROM build',
      /* 10 */ 'FROM ${NOT_DECLARED}:1.0',
      /* 11 */ 'COPY --from=alpine:3.20 /etc/os-release /',
      /* 12 */ 'COPY --from=build /out /out',
      /* 13 */ 'RUN --mount=type=bind,from=alpine:3.20,target=/mnt true',
      '',
    ].join('\n'));
    const titles = await lensTitles(editor.document.uri);
    const unpinned = [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'];
    assert.deepStrictEqual(titles[1], unpinned);
    assert.deepStrictEqual(titles[2], [`Pin to ${short(arm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[3], ['Pinned · linux/amd64 · Show manifest']);
    assert.deepStrictEqual(titles[4], ['Pinned · index (multi-arch) · Show manifest']);
    assert.deepStrictEqual(titles[5], ['Update pin (tag moved)']);
    assert.deepStrictEqual(titles[6], ['Pinned by digest · Show manifest']);
    assert.deepStrictEqual(titles[7], ['⚠ not found']);
    assert.deepStrictEqual(titles[11], unpinned);
    assert.deepStrictEqual(titles[13], unpinned);
    assert.deepStrictEqual(Object.keys(titles).map(Number).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 10, 11, 13],
      'no lens on ARG, scratch or stage names');
    // A line whose image cannot be worked out says so where it stands, never passes silently.
    assert.strictEqual(titles[10]?.length, 1);
    assert.match(titles[10]?.[0] ?? '', /^⚠ not pinned: .*NOT_DECLARED/);
    const missing = (await lenses(editor.document.uri)).find((l) => l.line === 7);
    assert.strictEqual(missing?.command, 'dockerPin.showLog', 'an unresolvable lens opens the log');
  });

  it('an ONBUILD image has a pin lens that writes its digest; a bare ONBUILD word says why it is not pinned', async () => {
    const editor = await openDockerfile('FROM scratch\nONBUILD COPY --from=alpine:3.20 / /\nONBUILD COPY --from=alpine / /\n');
    const titles = await waitFor('both ONBUILD lenses', async () => {
      const found = await lensTitles(editor.document.uri);
      return found[1] !== undefined && found[2] !== undefined ? found : undefined;
    });
    assert.deepStrictEqual(titles[1], [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.match(titles[2]?.[0] ?? '', /^⚠ not pinned: .*ONBUILD runs in the build of an image FROM this one/);
    await click(await lensWithTitle(editor.document.uri, `Pin to ${short(amd64)} (linux/amd64)`));
    assert.strictEqual(editor.document.getText(), `FROM scratch\nONBUILD COPY --from=alpine:3.20@${amd64} / /\nONBUILD COPY --from=alpine / /\n`);
  });

  it('offers the index first when digestKind is index', async () => {
    await setSetting('digestKind', 'index');
    const editor = await openDockerfile('FROM alpine:3.20\n');
    const titles = await lensTitles(editor.document.uri);
    assert.deepStrictEqual(titles[0], [`Pin index ${short(index)} (multi-arch)`, 'Pin to linux/amd64']);
  });

  it('pins the platform digest, keeping the tag, when the first lens is clicked', async () => {
    const editor = await openDockerfile('FROM alpine:3.20 AS base\nRUN true\n');
    await click(await lensWithTitle(editor.document.uri, `Pin to ${short(amd64)} (linux/amd64)`));
    assert.strictEqual(editor.document.getText(), `FROM alpine:3.20@${amd64} AS base\nRUN true\n`);
    assert.ok(editor.document.isDirty, 'the pin is an edit; saving is left to the user');
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0], ['Pinned · linux/amd64 · Show manifest']);
  });

  it('pins the index digest when "Pin index (multi-arch)" is clicked', async () => {
    const editor = await openDockerfile('FROM alpine:3.20\n');
    await click(await lensWithTitle(editor.document.uri, 'Pin index (multi-arch)'));
    assert.strictEqual(editor.document.getText(), `FROM alpine:3.20@${index}\n`);
  });

  it('pins a platform digest from "Pin to linux/amd64" when digestKind is index', async () => {
    await setSetting('digestKind', 'index');
    const editor = await openDockerfile('FROM alpine:3.20\n');
    await click(await lensWithTitle(editor.document.uri, 'Pin to linux/amd64'));
    assert.strictEqual(editor.document.getText(), `FROM alpine:3.20@${amd64}\n`);
  });

  it('a lens on a line built from an ARG default pins the default; one serving two platforms offers the index only', async () => {
    const editor = await openDockerfile('ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /a\n');
    await click(await lensWithTitle(editor.document.uri, `Pin to ${short(amd64)} (linux/amd64)`));
    assert.strictEqual(editor.document.getText(), `ARG BASE=alpine:3.20@${amd64}\nFROM \${BASE} AS a\nCOPY --from=$BASE /a /a\n`);
    const mixed = await openDockerfile('ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nFROM --platform=linux/arm64 ${BASE} AS b\n');
    await waitFor('one lens per line', async () => {
      const titles = await lensTitles(mixed.document.uri);
      return titles[1]?.length === 1 && titles[2]?.length === 1 ? titles : undefined;
    });
    assert.deepStrictEqual(Object.values(await lensTitles(mixed.document.uri)), [[`Pin index ${short(index)} (multi-arch)`], [`Pin index ${short(index)} (multi-arch)`]]);
    await click(await lensWithTitle(mixed.document.uri, `Pin index ${short(index)} (multi-arch)`));
    assert.strictEqual(mixed.document.getText(), `ARG BASE=alpine:3.20@${index}\nFROM \${BASE} AS a\nFROM --platform=linux/arm64 \${BASE} AS b\n`);
  });

  it('updates a stale pin to where the tag points now', async () => {
    const editor = await openDockerfile(`FROM busybox:1.36@${oldBusybox}\n`);
    await click(await lensWithTitle(editor.document.uri, 'Update pin (tag moved)'));
    assert.strictEqual(editor.document.getText(), `FROM busybox:1.36@${newBusybox}\n`);
  });

  it('ignores a click computed for an older version of the document', async () => {
    const editor = await openDockerfile('FROM alpine:3.20\n');
    const lens = await lensWithTitle(editor.document.uri, `Pin to ${short(amd64)} (linux/amd64)`);
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# edited\n'));
    await click(lens);
    assert.strictEqual(editor.document.getText(), 'FROM alpine:3.20\n# edited\n');
  });

  it('applies no pin whose edit fails the re-read check, and says why', async () => {
    const text = 'FROM alpine:3.20\n';
    const editor = await openDockerfile(text);
    const doc = editor.document;
    // What a wrong edit would look like: besides the digest, it changes the tag.
    const end = { line: 0, character: 16 };
    const result = await vscode.commands.executeCommand('dockerPin.applyPin', doc.uri.toString(), doc.version, { start: end, end }, `-edge@${amd64}`, { line: 0, character: 5 }, amd64);
    assert.strictEqual(result, 'refused');
    assert.strictEqual(doc.getText(), text);
    assert.strictEqual(doc.isDirty, false);
    await waitFor('the warning', async () => ((await visibleTexts('notifications')).some((t) => t.includes('nothing was written') && t.includes('"alpine:3.20" would become "alpine:3.20-edge@')) ? true : undefined));
    // The same command with the edit the lens computes is applied.
    assert.strictEqual(await vscode.commands.executeCommand('dockerPin.applyPin', doc.uri.toString(), doc.version, { start: end, end }, `@${amd64}`, { line: 0, character: 5 }, amd64), 'applied');
    assert.strictEqual(doc.getText(), `FROM alpine:3.20@${amd64}\n`);
  });

  it('draws a typed line\'s lens with its digest in the next lens request once the line is resolved, with nothing left to fill in', async () => {
    const editor = await openDockerfile('FROM alpine:3.20\nRUN true\n');
    const uri = editor.document.uri;
    await lensTitles(uri);
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'FROM busybox:1.36\n'));
    // The light bulb looks at the line under the cursor as soon as typing pauses.
    await codeActions(uri, new vscode.Range(2, 6, 2, 6));
    // Lenses as VS Code gets them from the provider, before any resolve round: only those with a command.
    const drawn = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0);
    assert.deepStrictEqual(
      drawn.map((lens) => [lens.range.start.line, lens.command?.title]),
      [[0, `Pin to ${short(amd64)} (linux/amd64)`], [0, 'Pin index (multi-arch)'], [2, `Pin to ${short(newBusybox)} (linux/amd64)`], [2, 'Pin index (multi-arch)']],
    );
  });

  it('shows no lenses when dockerPin.codeLens.enabled is false', async () => {
    const editor = await openDockerfile('FROM alpine:3.20\n');
    assert.ok((await lenses(editor.document.uri)).length > 0);
    await setSetting('codeLens.enabled', false);
    assert.deepStrictEqual(await lenses(editor.document.uri), []);
  });

  it('leaves Dockerfiles of other schemes alone (git originals, virtual documents)', async () => {
    const scheme = 'docker-pin-test-original';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => 'FROM alpine:3.20\n' });
    try {
      let doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme, path: '/Dockerfile' }));
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'dockerfile');
      await vscode.window.showTextDocument(doc);
      assert.deepStrictEqual(await lenses(doc.uri), []);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 8));
      assert.deepStrictEqual(hovers, []);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'docker-pin'), []);
    } finally {
      provider.dispose();
    }
  });
});
