// Validates a SARIF log against the official SARIF 2.1.0 schema (OASIS's errata01 copy, kept in
// test/fixtures as published at github.com/oasis-tcs/sarif-spec, sarif-2.1/schema/).
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SCHEMA_FILE = join(resolve(__dirname, '..', '..', '..'), 'test', 'fixtures', 'sarif-schema-2.1.0.json');

/** RFC 3986: the characters a URI may hold, every `%` starting an escape. */
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/** Ajv 8 checks formats only when told how; these are the three the SARIF schema uses. */
const FORMATS: Record<string, (text: string) => boolean> = {
  uri: (text) => URI_CHARACTERS.test(text) && /^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) && URL.canParse(text),
  // A relative reference's first segment holds no `:`, which would make it a scheme.
  'uri-reference': (text) => URI_CHARACTERS.test(text) && (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) ? URL.canParse(text) : !/^[^/?#]*:/.test(text)),
  'date-time': (text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) && !Number.isNaN(Date.parse(text)),
};

let validator: ReturnType<Ajv['compile']> | undefined;

/** The schema's complaints about `log`, one line each; empty when it is valid SARIF 2.1.0. */
export function sarifErrors(log: unknown): string[] {
  if (validator === undefined) {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
    // The file declares JSON Schema draft-04 (`$schema`, and `id` for its identifier), which Ajv 8
    // does not bundle. It uses no keyword whose meaning changed after draft-04 (no boolean
    // exclusiveMinimum/Maximum), so it is checked as Ajv's draft-07, its identifier as `$id`.
    const draft07: Record<string, unknown> = { ...schema, $id: schema.id };
    delete draft07.$schema;
    delete draft07.id;
    const ajv = new Ajv({ allErrors: true });
    for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);
    validator = ajv.compile(draft07);
  }
  return validator(log) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}
