// The generated validator is ajv's code for the schema as it is now.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('the repository config validator (src/build/configValidator.mjs)', function () {
  this.timeout(30_000);
  it('is current with schemas/docker-pin.schema.json (else run: node src/build/configValidator.mjs)', async () => {
    const { generateValidator, GENERATED_FILE } = (await import(join(ROOT, 'src', 'build', 'configValidator.mjs'))) as { generateValidator(): string; GENERATED_FILE: string };
    assert.equal(readFileSync(GENERATED_FILE, 'utf8'), generateValidator());
  });
});
