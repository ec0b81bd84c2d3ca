import * as assert from 'node:assert/strict';
import { analyze, planPins } from '../../src/engine/analyze';
import { rewrite } from '../../src/engine/rewrite';
import type { SourceFile } from '../../src/engine/sources';
import { AMD64, countingClient } from './fixtures';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

/** Analyzes, plans and rewrites `file` for linux/amd64 with countingClient's answers. */
async function pinned(file: SourceFile): Promise<{ text?: string; reason?: string; asked: string[] }> {
  const client = countingClient();
  const options = { platform: AMD64, kind: 'platform' as const };
  const plan = planPins(await analyze(file, client, options), { update: false });
  const result = rewrite(file, plan, options);
  return result.ok ? { text: result.text, asked: client.asked } : { reason: result.reason, asked: client.asked };
}

describe('the engine reads every kind of file', () => {
  it('pins a compose file through its source: the service platform decides, an anchor is pinned once', async () => {
    const text = [
      'x-base: &base',
      '  image: "alpine:3.20"',
      'services:',
      '  web:',
      '    <<: *base',
      '  arm:',
      '    image: acme/tools:1 # tools',
      '    platform: linux/arm64',
      '  app:',
      '    build: .',
      '    image: acme/app:dev',
      '',
    ].join('\r\n');
    const result = await pinned({ kind: 'compose', text });
    assert.equal(result.text, text.replace('alpine:3.20"', `alpine:3.20@${A}"`).replace('acme/tools:1 ', `acme/tools:1@${B} `));
    assert.deepEqual(result.asked.sort(), ['acme/tools:1 arm64 platform', 'library/alpine:3.20 amd64 platform']);
  });

  it('pins a manifest with the platform its pod selects, and a workflow docker:// step', async () => {
    const manifest = 'kind: Pod\napiVersion: v1\nspec:\n  nodeSelector: {kubernetes.io/arch: arm64}\n  containers:\n  - {name: a, image: alpine:3.20}\n';
    assert.equal((await pinned({ kind: 'kubernetes', text: manifest })).text, manifest.replace('alpine:3.20', `alpine:3.20@${B}`));
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker://alpine:3.20\n';
    assert.equal((await pinned({ kind: 'github-workflow', text: workflow })).text, workflow.replace('alpine:3.20', `alpine:3.20@${A}`));
  });

  it('pins a commented dev container config in place', async () => {
    const text = '{\n\t// the base\n\t"image": "alpine:3.20", /* pinned */\n\t"features": {"ghcr.io/devcontainers/features/node:1": {}},\n}\n';
    assert.equal((await pinned({ kind: 'devcontainer', text })).text, text.replace('alpine:3.20"', `alpine:3.20@${A}"`));
  });
});
