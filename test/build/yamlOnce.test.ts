// The yaml package enters the bundles through src/core/yaml.ts alone: each file importing a
// CommonJS package gets a copy of its exports as a bundle starts (see that file).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/helpers';

describe('the yaml package in the bundles', () => {
  it('is imported by src/core/yaml.ts and by no other file of src', () => {
    const src = join(ROOT, 'src');
    const importers = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.[cm]?[jt]s$/.test(file))
      .filter((file) => /(?:from\s*|require\(\s*|import\(\s*)['"]yaml['"]/.test(readFileSync(join(src, file), 'utf8')))
      .map((file) => `src/${file.split('\\').join('/')}`);
    assert.deepEqual(importers, ['src/core/yaml.ts']);
  });
});
