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
import type { ScanResult, TextEdit } from '../../../src/core/types';
import { devcontainerText, gitlabText, workflowText } from './ci.arbitraries';

const DIGEST = `sha256:${'e'.repeat(64)}`;
const PIN = /@sha256:[0-9a-f]{64}/g;

/** Every occurrence pinned; one edit per place (occurrences sharing a value share its edit, as the engine plans). */
function pinned(text: string, result: ScanResult): string {
  const edits = new Map<string, TextEdit>();
  for (const occ of result.images) {
    const edit = pinEdit(occ, DIGEST);
    if (edit) edits.set(JSON.stringify(edit.range), edit);
  }
  return applyEdits(text, [...edits.values()]);
}

/** The documents with every pin taken out of their strings. */
function withoutPins(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(PIN, '');
  if (Array.isArray(value)) return value.map(withoutPins);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutPins(v)]));
  return value;
}

function yamlDocuments(text: string, version: '1.1' | '1.2'): unknown[] {
  return parseAllDocuments(text, { version, merge: true, uniqueKeys: false }).map((doc) => doc.toJS({ maxAliasCount: -1 }));
}

function checkPinning(text: string, scan: (text: string) => ScanResult, documents: (text: string) => unknown): void {
  const before = scan(text);
  const after = pinned(text, before);
  // Only insertions of the pin: taking them out gives back every byte.
  assert.equal(after.replace(PIN, ''), text);
  assert.deepEqual(withoutPins(documents(after)), documents(text));
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
});
