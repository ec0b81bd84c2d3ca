// The extension activates when a JSON file opens (onLanguage:json): a Kubernetes manifest written as
// JSON may be the first file a user opens. This suite runs first (suites run in name order, and
// every other one activates the extension itself), so nothing has activated it before.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { childFor, closeAllEditors, diagnosticSummary, EXTENSION_ID, lensTitles, openWorkspaceFile, registry, short, waitFor } from './helpers';

const DEPLOYMENT = [
  /* 0 */ '{',
  /* 1 */ '  "apiVersion": "apps/v1",',
  /* 2 */ '  "kind": "Deployment",',
  /* 3 */ '  "metadata": {"name": "cache"},',
  /* 4 */ '  "spec": {"template": {"spec": {',
  /* 5 */ '    "nodeSelector": {"kubernetes.io/arch": "arm64"},',
  /* 6 */ '    "containers": [{"name": "cache", "image": "redis:7"}]',
  /* 7 */ '  }}}',
  '}',
  '',
].join('\n');

describe('activation by a JSON manifest', () => {
  let redisArm64: string;

  before(async () => {
    const redis = await pushImage(registry('public'), 'library/redis', '7', { platforms: ['linux/amd64', 'linux/arm64'] });
    redisArm64 = childFor(redis.children, 'linux/arm64').digest;
  });

  afterEach(closeAllEditors);

  it('opening a JSON Deployment activates the extension and shows its digest lens; other JSON gets nothing', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    assert.strictEqual(ext.isActive, false, 'nothing activated the extension before the JSON file opened');
    const editor = await openWorkspaceFile('deploy/cache.json', DEPLOYMENT);
    assert.strictEqual(editor.document.languageId, 'json');
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined));
    const titles = await waitFor('the digest lens on the image', async () => {
      const found = await lensTitles(editor.document.uri);
      return found[6]?.some((title) => title.startsWith('Pin to ')) ? found : undefined;
    });
    assert.deepStrictEqual(titles[6], [`Pin to ${short(redisArm64)} (linux/arm64)`, 'Pin index (multi-arch)']);

    const other = await openWorkspaceFile('web/package.json', '{\n  "name": "web",\n  "kind": "app",\n  "image": "redis:7"\n}\n');
    assert.deepStrictEqual(await lensTitles(other.document.uri), {}, 'a package.json gets no lens');
    assert.deepStrictEqual(diagnosticSummary(other.document.uri), [], 'and no diagnostic');
  });
});
