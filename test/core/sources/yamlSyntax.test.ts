import * as assert from 'node:assert/strict';
import { yamlSyntaxError } from '../../../src/core/sources/yamlSyntax';

describe('yamlSyntaxError', () => {
  const cases: [string, string, string | undefined][] = [
    ['a file that parses', 'services:\n  db:\n    image: busybox:1.36\n', undefined],
    ['an empty file', '', undefined],
    ['a compact nested mapping, at its line', 'services:\n  web:\n    image: acme/web: dev\n', 'YAML error on line 3: Nested mappings are not allowed in compact mappings'],
    ['the first error of a later document', 'a: 1\n---\nb: 2\n---\nc: d: e\n', 'YAML error on line 5: Nested mappings are not allowed in compact mappings'],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => assert.equal(yamlSyntaxError(text), expected));
  }
});
