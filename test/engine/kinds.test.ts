import * as assert from 'node:assert/strict';
import { analyze, planPins } from '../../src/engine/analyze';
import { rewrite } from '../../src/engine/rewrite';
import type { SourceFile } from '../../src/engine/sources';
import { AMD64, countingClient } from './fixtures';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

/** Analyzes, plans and rewrites `file` for linux/amd64 with countingClient's answers. */
async function pinned(file: SourceFile): Promise<{ text?: string; envText?: string; reason?: string; asked: string[] }> {
  const client = countingClient();
  const options = { platform: AMD64, kind: 'platform' as const };
  const plan = planPins(await analyze(file, client, options), { update: false });
  const result = rewrite(file, plan, options);
  return result.ok ? { text: result.text, envText: result.envFile?.text, asked: client.asked } : { reason: result.reason, asked: client.asked };
}

const C = `sha256:${'c'.repeat(64)}`;

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

  it('one written reference used for several platforms gets the index digest, asked once', async () => {
    const text = 'x: &img\n  image: alpine:3.20\nservices:\n  a:\n    <<: *img\n  b:\n    <<: *img\n    platform: linux/arm64\n';
    const result = await pinned({ kind: 'compose', text });
    assert.equal(result.text, text.replace('alpine:3.20', `alpine:3.20@${C}`));
    assert.deepEqual(result.asked, ['library/alpine:3.20 amd64 index']);
  });

  it("pins a compose image whose value is in .env in the .env file, and leaves the compose file as it is", async () => {
    const text = 'services:\n  a:\n    image: ${IMG}\n';
    const envFile = { text: '# images\r\nIMG="alpine:3.20"\r\n' };
    const result = await pinned({ kind: 'compose', text, envFile });
    assert.equal(result.text, text);
    assert.equal(result.envText, envFile.text.replace('3.20"', `3.20@${A}"`));
  });

  it('refuses a plan whose .env edit falls outside the value', async () => {
    const client = countingClient();
    const options = { platform: AMD64, kind: 'platform' as const };
    const file = { kind: 'compose' as const, text: 'services:\n  a:\n    image: ${IMG}\n', envFile: { text: 'IMG=alpine:3.20\nX=1\n' } };
    const plan = planPins(await analyze(file, client, options), { update: false });
    const stray = { ...plan.envFileEdits[0], range: { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } } };
    const lines = plan.lines.map((line) => (line.edit === plan.envFileEdits[0] ? { ...line, edit: stray } : line));
    const result = rewrite(file, { ...plan, lines, envFileEdits: [stray] }, options);
    assert.equal(result.ok, false);
  });
});
