// What the editor shows for a Dockerfile whose name names an architecture, from the engine's own
// answers against a real registry: the lens, hover and diagnostic say the platform and why in the
// words `check` prints.
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/engine/analyze';
import { statusMessage } from '../../src/engine/messages';
import { scanSource } from '../../src/engine/sources';
import type { AnalyzeOptions, ImageStatus } from '../../src/engine/types';
import { diagnosticsFor } from '../../src/extension/diagnosticModel';
import { hoverMarkdown } from '../../src/extension/hoverModel';
import { lensCommands, shortDigest, type LensContext } from '../../src/extension/lensModel';
import { RegistryClient } from '../../src/registry/client';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const WORDS = 'linux/arm64, as the file name Dockerfile.aarch64 says';

describe('the editor on Dockerfile.aarch64: lens, hover and diagnostic say what check says', function () {
  let registry: TestRegistry;
  let alpine: PushedImage;
  const digest = (arch: string) => alpine.children.find((c) => c.platform?.architecture === arch)?.digest ?? '';

  before(async function () {
    this.timeout(60_000);
    registry = await startRegistry({ auth: 'none' });
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
  });
  after(async () => registry?.stop());

  const context = (uri: string): LensContext => ({ uri, version: 1, digestKind: 'platform' });
  const answer = async (text: string, path: string, options: Partial<AnalyzeOptions> = {}): Promise<ImageStatus> => {
    const client = new RegistryClient({ mirrors: { 'docker.io': registry.url } });
    const { statuses } = await analyze({ kind: 'dockerfile', text }, client, { platform: AMD64, kind: 'platform', fileName: path, ...options });
    assert.equal(statuses.length, 1);
    return statuses[0];
  };

  it('an unpinned line: the arm64 digest, and why arm64, in the lens, hover, diagnostic and check line', async () => {
    const status = await answer('FROM alpine:3.20\n', '/w/Dockerfile.aarch64');
    assert.equal(status.targetDigest, digest('arm64'));
    assert.equal(statusMessage(status), `unpinned alpine:3.20 (would pin ${digest('arm64')} for ${WORDS})`);
    const lenses = lensCommands(status, context('file:///w/Dockerfile.aarch64'));
    assert.deepEqual(lenses.map((l) => l.title), [`Pin to ${shortDigest(digest('arm64'))} (${WORDS})`, 'Pin index (multi-arch)']);
    assert.equal(lenses[0].arguments[3], `@${digest('arm64')}`, 'the lens writes the arm64 digest');
    assert.match(hoverMarkdown(status), new RegExp(`Resolved for ${WORDS.replace(/\./g, '\\.')}\\.`));
    const scan = scanSource({ kind: 'dockerfile', text: 'FROM alpine:3.20\n' }, { platform: AMD64, fileName: '/w/Dockerfile.aarch64' });
    const [diagnostic] = diagnosticsFor(scan, [status], 'warning');
    assert.match(diagnostic.message, new RegExp(`A pin would write ${shortDigest(digest('arm64')).replace('…', '.')} \\(${WORDS.replace(/\./g, '\\.')}\\)`));
  });

  it('the same line in Dockerfile: the amd64 digest, with the lens as before', async () => {
    const status = await answer('FROM alpine:3.20\n', '/w/Dockerfile');
    assert.equal(statusMessage(status), `unpinned alpine:3.20 (would pin ${digest('amd64')})`);
    assert.deepEqual(lensCommands(status, context('file:///w/Dockerfile')).map((l) => l.title), [`Pin to ${shortDigest(digest('amd64'))} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.doesNotMatch(hoverMarkdown(status), /file name/);
  });

  it('an arm64 pin is current; an amd64 pin is to update, to the arm64 digest, saying why', async () => {
    const current = await answer(`FROM alpine:3.20@${digest('arm64')}\n`, '/w/Dockerfile.aarch64');
    assert.equal(current.state, 'current');
    assert.equal(statusMessage(current), `pinned alpine:3.20@${digest('arm64')} (current, ${WORDS})`);
    assert.deepEqual(lensCommands(current, context('file:///w/Dockerfile.aarch64')).map((l) => l.title), [`Pinned · ${WORDS} · Show manifest`]);

    const wrong = await answer(`FROM alpine:3.20@${digest('amd64')}\n`, '/w/Dockerfile.aarch64');
    assert.deepEqual([wrong.state, wrong.targetDigest], ['stale', digest('arm64')]);
    const why = 'the pin is for linux/amd64, but the file name Dockerfile.aarch64 says the file is built for linux/arm64';
    assert.equal(statusMessage(wrong), `stale alpine:3.20@${digest('amd64')} (${why}: would update to ${digest('arm64')})`);
    const [lens] = lensCommands(wrong, context('file:///w/Dockerfile.aarch64'));
    assert.equal(lens.title, `Update pin (pinned for linux/amd64, not ${WORDS})`);
    assert.equal(lens.arguments[3], `@${digest('arm64')}`);
    assert.match(hoverMarkdown(wrong), new RegExp(why.replace(/\./g, '\\.')));
  });

  it('--index: the index digest, as for any file', async () => {
    const status = await answer('FROM alpine:3.20\n', '/w/Dockerfile.aarch64', { kind: 'index' });
    assert.equal(status.targetDigest, alpine.index.digest);
    assert.equal(statusMessage(status), `unpinned alpine:3.20 (would pin ${alpine.index.digest})`);
    assert.equal(lensCommands(status, { ...context('file:///w/Dockerfile.aarch64'), digestKind: 'index' })[0].title, `Pin index ${shortDigest(alpine.index.digest)} (multi-arch)`);
  });
});
