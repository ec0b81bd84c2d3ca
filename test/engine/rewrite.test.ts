import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { planPins } from '../../src/engine/planPins';
import { rewrite } from '../../src/engine/rewrite';
import type { Analysis } from '../../src/engine/types';
import { AMD64 } from './fixtures';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

function unpinnedAnalysis(text: string, digests: string[]): Analysis {
  const scan = scanDockerfile(text, { platform: AMD64 });
  return {
    statuses: scan.images.map((occurrence, i) => ({ occurrence, platform: AMD64, state: 'unpinned', kind: 'platform', targetDigest: digests[i] })),
    problems: scan.problems,
  };
}

describe('rewrite', () => {
  it('inserts the digests after the references as written and keeps every other byte', () => {
    const text = '# base\r\nARG V=3.20\r\nFROM alpine:${V} AS a\r\nCOPY --from=busybox:1 \\\r\n  /bin/sh /sh\r\n';
    const result = rewrite(text, planPins(unpinnedAnalysis(text, [D1, D2]), { update: false }), { platform: AMD64 });
    assert.ok(result.ok);
    assert.equal(result.changed, true);
    assert.equal(result.text, `# base\r\nARG V=3.20\r\nFROM alpine:\${V}@${D1} AS a\r\nCOPY --from=busybox:1@${D2} \\\r\n  /bin/sh /sh\r\n`);
  });

  it('reports no change when there is nothing to pin', () => {
    const text = 'FROM scratch\n';
    const result = rewrite(text, planPins(unpinnedAnalysis(text, []), { update: false }), { platform: AMD64 });
    assert.deepEqual(result, { ok: true, text, changed: false });
  });

  it('refuses a text whose images do not match the plan', () => {
    const text = 'FROM alpine:3.20\n';
    const plan = planPins(unpinnedAnalysis(text, [D1]), { update: false });
    // An edit that changes the name as well as adding a digest must never be written.
    const bad = { ...plan, edits: [{ ...plan.edits[0], newText: `-edge@${D1}` }] };
    const result = rewrite(text, bad, { platform: AMD64 });
    assert.equal(result.ok, false);
  });
});
