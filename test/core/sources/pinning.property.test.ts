// For generated files of every kind these sources read: pinning each occurrence only inserts
// `@sha256:…` at its insertion point, and the re-parsed documents equal the originals apart from
// the digests.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseJsonc } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { applyEdits, pinEdit } from '../../../src/core/pin';
import { scanDevcontainer } from '../../../src/core/sources/devcontainer';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { scanGitlabCi } from '../../../src/core/sources/gitlabCi';
import { scanCompose } from '../../../src/core/sources/compose';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';
import type { ScanResult, TextEdit } from '../../../src/core/types';
import { devcontainerText, gitlabText, workflowText } from './ci.arbitraries';
import { composeText, manifests } from './yaml.arbitraries';

const DIGEST = `sha256:${'e'.repeat(64)}`;
/** What a pin inserts: the digest, after `:latest` for a reference written without a tag. */
const INSERTIONS = [`@${DIGEST}`, `:latest@${DIGEST}`];

/** Every occurrence pinned; one edit per place (occurrences sharing a value share its edit, as the engine plans). */
function pinned(text: string, result: ScanResult): string {
  const edits = new Map<string, TextEdit>();
  for (const occ of result.images) {
    const edit = pinEdit(occ, DIGEST);
    if (edit) edits.set(JSON.stringify(edit.range), edit);
  }
  return applyEdits(text, [...edits.values()]);
}

/** True when `after` is `before` with pins inserted, and nothing else changed. */
function onlyPinsInserted(before: string, after: string): boolean {
  let i = 0;
  let j = 0;
  while (j < after.length) {
    if (before[i] === after[j]) {
      i++;
      j++;
      continue;
    }
    const inserted = INSERTIONS.find((pin) => after.startsWith(pin, j));
    if (inserted === undefined) return false;
    j += inserted.length;
  }
  return i === before.length;
}

/** True when the documents are equal apart from strings that gained a pin. */
function sameApartFromPins(before: unknown, after: unknown): boolean {
  if (typeof before === 'string' && typeof after === 'string') return onlyPinsInserted(before, after);
  if (Array.isArray(before) && Array.isArray(after)) return before.length === after.length && before.every((item, i) => sameApartFromPins(item, after[i]));
  if (before !== null && after !== null && typeof before === 'object' && typeof after === 'object') {
    const entries = Object.entries(before as Record<string, unknown>);
    const other = after as Record<string, unknown>;
    return entries.length === Object.keys(other).length && entries.every(([key, value]) => key in other && sameApartFromPins(value, other[key]));
  }
  return before === after;
}

function yamlDocuments(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version, merge: true, uniqueKeys: false }).map((doc) => doc.toJS({ maxAliasCount: -1 }));
}

function checkPinning(text: string, scan: (text: string) => ScanResult, documents: (text: string) => unknown): void {
  const before = scan(text);
  const after = pinned(text, before);
  // Only insertions of the pin: taking them out gives back every byte.
  assert.ok(onlyPinsInserted(text, after), `more than pins changed:\n${text}\n---- pinned:\n${after}`);
  assert.ok(sameApartFromPins(documents(text), documents(after)), `documents differ beyond pins:\n${text}\n---- pinned:\n${after}`);
  // Read again, every image is now pinned to that digest, and pinning again changes nothing.
  const again = scan(after);
  assert.equal(again.images.length, before.images.length);
  for (const occ of again.images) assert.equal(occ.reference.digest, DIGEST, occ.text);
  assert.equal(pinned(after, again), after);
}

describe('core/sources: pinning generated files only adds digests', () => {
  it('GitHub workflows', () => {
    fc.assert(
      fc.property(workflowText, (text) => {
        const result = scanGithubWorkflow(text);
        assert.deepEqual(result.problems, []);
        assert.ok(result.images.length >= 0);
        checkPinning(text, scanGithubWorkflow, (t) => yamlDocuments(t, '1.2'));
      }),
      { numRuns: 100 },
    );
  });

  it('GitLab CI files', () => {
    fc.assert(
      fc.property(gitlabText, (text) => {
        checkPinning(text, scanGitlabCi, (t) => yamlDocuments(t, '1.1'));
      }),
      { numRuns: 100 },
    );
  });

  it('dev container configs', () => {
    fc.assert(
      fc.property(devcontainerText, (text) => {
        const result = scanDevcontainer(text);
        assert.deepEqual(result.problems, []);
        checkPinning(text, scanDevcontainer, (t) => parseJsonc(t, [], { allowTrailingComma: true, disallowComments: false }));
      }),
      { numRuns: 100 },
    );
  });

  it('compose files', () => {
    fc.assert(
      fc.property(composeText, (text) => {
        assert.deepEqual(scanCompose(text).problems, []);
        checkPinning(text, (t) => scanCompose(t), (t) => yamlDocuments(t, '1.2'));
      }),
      { numRuns: 100 },
    );
  });

  it('Kubernetes manifests', () => {
    fc.assert(
      fc.property(manifests, (text) => {
        assert.deepEqual(scanKubernetes(text).problems, []);
        checkPinning(text, (t) => scanKubernetes(t), (t) => yamlDocuments(t, '1.2'));
      }),
      { numRuns: 100 },
    );
  });
});
