// Ignore comments in the editor: the lens says the image is ignored and why, with no diagnostic
// and no quick fix; a malformed directive is a diagnostic of its own.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import {
  activateExtension, closeAllEditors, codeActions, expectDiagnostics, lensTitles, openDockerfile, openWorkspaceFile, registry,
} from './helpers';

describe('ignore comments', () => {
  before(async () => {
    await pushImage(registry('public'), 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] });
    await activateExtension();
  });

  afterEach(async () => {
    await closeAllEditors();
  });

  it('a Dockerfile: the ignored line shows an Ignored lens with its reason, no diagnostic and no quick fix', async () => {
    const editor = await openDockerfile([
      /* 0 */ '# docker-pin: ignore: vendored base',
      /* 1 */ 'FROM nobody/missing:1 AS vendored',
      /* 2 */ '# ratchet:exclude',
      /* 3 */ 'FROM alpine:3.20 AS excluded',
      /* 4 */ 'FROM alpine:3.20',
      /* 5 */ '# docker-pin: ignor',
      /* 6 */ 'FROM alpine:3.20 AS typo',
      '',
    ].join('\n'));
    const uri = editor.document.uri;
    // Only the unpinned lines and the malformed directive: an ignored line is no finding.
    await expectDiagnostics(uri, ['4:unpinned:Information', '5:invalid:Warning', '6:unpinned:Information']);
    const titles = await lensTitles(uri);
    assert.deepStrictEqual(titles[1], ['Ignored · ignore comment on line 1: vendored base']);
    assert.deepStrictEqual(titles[3], ['Ignored · ratchet:exclude comment on line 3']);
    assert.strictEqual(titles[4]?.length, 2, 'the line without a comment offers its pins');
    const fixes = await codeActions(uri, new vscode.Range(3, 5, 3, 16), vscode.CodeActionKind.QuickFix.value);
    assert.deepStrictEqual(fixes.map((f) => f.title), []);
  });

  it('a compose file: a comment at the end of the image line', async () => {
    const editor = await openWorkspaceFile('ignore/compose.yaml', 'services:\n  a:\n    image: alpine:3.20 # docker-pin: ignore\n  b:\n    image: alpine:3.20\n');
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['4:unpinned:Information']);
    const titles = await lensTitles(uri);
    assert.deepStrictEqual(titles[2], ['Ignored · ignore comment on line 3']);
  });
});
