// The engine on ONBUILD triggers against a real registry: an image in ONBUILD COPY --from= or
// ONBUILD RUN --mount=…,from= is resolved, planned and rewritten like any COPY --from image; the
// words that cannot be told here are problems, counted as failed.
import * as assert from 'node:assert/strict';
import { analyze } from '../../src/engine/analyze';
import { countActions, planPins } from '../../src/engine/planPins';
import { rewrite } from '../../src/engine/rewrite';
import { RegistryClient } from '../../src/registry/client';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { AMD64, child } from './fixtures';

describe('analyze and pin ONBUILD triggers against a real registry', function () {
  let registry: TestRegistry;
  let golang: Awaited<ReturnType<typeof pushImage>>;
  let tools: Awaited<ReturnType<typeof pushImage>>;
  const client = () => new RegistryClient({ mirrors: { 'docker.io': registry.url } });
  const options = { platform: AMD64, kind: 'platform' as const };

  before(async function () {
    this.timeout(60_000);
    registry = await startRegistry({ auth: 'none' });
    const platforms = { platforms: ['linux/amd64', 'linux/arm64'] };
    [golang, tools] = await Promise.all([pushImage(registry, 'library/golang', '1.22', platforms), pushImage(registry, 'acme/tools', '1', platforms)]);
  });
  after(async () => registry?.stop());

  const TEXT = [
    'FROM scratch',
    'ONBUILD COPY --from=golang:1.22 /usr/local/go /usr/local/go',
    'ONBUILD RUN --mount=type=bind,from=acme/tools:1,target=/t /t/tool',
    'ONBUILD COPY --from=builder /out /out',
    'ONBUILD COPY --from=${BASE} /a /a',
    '',
  ].join('\n');

  it('resolves the images, pins them keeping the tag, and counts the unsure words as failed', async () => {
    const file = { kind: 'dockerfile' as const, text: TEXT };
    const analysis = await analyze(file, client(), options);
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.line, s.occurrence.source, s.state, s.targetDigest]),
      [
        [2, 'copy', 'unpinned', child(golang, 'amd64').digest],
        [3, 'mount', 'unpinned', child(tools, 'amd64').digest],
      ],
    );
    assert.deepEqual(
      analysis.problems.map((p) => [p.range.start.line + 1, p.kind, p.text]),
      [
        [4, 'unresolved', 'builder'],
        [5, 'unresolved', '${BASE}'],
      ],
    );
    const plan = planPins(analysis, { update: false });
    assert.deepEqual(countActions(plan.lines, analysis.problems), { pinned: 2, updated: 0, unchanged: 0, ignored: 0, failed: 2 });
    const result = rewrite(file, plan, options);
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.equal(
      result.text,
      TEXT.replace('golang:1.22 ', `golang:1.22@${child(golang, 'amd64').digest} `).replace('acme/tools:1,', `acme/tools:1@${child(tools, 'amd64').digest},`),
    );

    const again = await analyze({ kind: 'dockerfile', text: result.text }, client(), options);
    assert.deepEqual(
      again.statuses.map((s) => s.state),
      ['current', 'current'],
    );
  });
});
