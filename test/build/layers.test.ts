// The layer rules in eslint.config.mjs: each room of src imports only the rooms below it, and only
// src/extension imports vscode. Probes are linted as if they sat in each room.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');

/** The rule ids that refuse `source` when imported from a file at `filePath` (relative to the repository). */
async function refusals(eslint: ESLint, filePath: string, source: string): Promise<string[]> {
  const text = `import * as a from '${source}';\nexport async function b() { return [a, await import('${source}')]; }\n`;
  const [result] = await eslint.lintText(text, { filePath: join(ROOT, filePath) });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('layer rules (eslint.config.mjs)', function () {
  this.timeout(60_000);
  // The probes are not in tsconfig.json, so the rules that need type information are left out.
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const BOTH = ['@typescript-eslint/no-restricted-imports', 'no-restricted-syntax'];

  const refused: [string, string][] = [
    ['src/core/probe.ts', '../registry/client'],
    ['src/core/sources/probe.ts', '../../engine/analyze'],
    ['src/core/probe.ts', '../cli/run'],
    ['src/core/probe.ts', '../extension/services'],
    ['src/registry/probe.ts', '../engine/types'],
    ['src/registry/probe.ts', '../cli/context'],
    ['src/engine/probe.ts', '../cli/report'],
    ['src/engine/probe.ts', '../extension/services'],
    ['src/cli/commands/probe.ts', '../../extension/services'],
    ['src/core/probe.ts', 'vscode'],
    ['src/engine/probe.ts', 'vscode'],
    ['src/cli/probe.ts', 'vscode'],
    ['src/startup/probe.ts', '../core/reference'],
    ['src/startup/probe.ts', 'vscode'],
  ];
  for (const [file, source] of refused) {
    it(`${file} may not import ${source}`, async () => {
      assert.deepEqual(await refusals(eslint, file, source), BOTH);
    });
  }

  const allowed: [string, string][] = [
    ['src/core/sources/probe.ts', '../types'],
    ['src/registry/probe.ts', '../core/reference'],
    ['src/engine/probe.ts', '../registry/types'],
    ['src/cli/commands/probe.ts', '../../engine/analyze'],
    ['src/extension/probe.ts', '../engine/planPins'],
    ['src/extension/probe.ts', 'vscode'],
    ['src/extension/probe.ts', '../startup/codeCache'],
    ['src/cli/probe.ts', '../startup/codeCache'],
  ];
  for (const [file, source] of allowed) {
    it(`${file} may import ${source}`, async () => {
      assert.deepEqual(await refusals(eslint, file, source), []);
    });
  }
});
