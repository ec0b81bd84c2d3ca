import * as assert from 'node:assert/strict';
import { documentsDiffer, envFilesDiffer } from '../../src/engine/sameDocuments';

const D = `sha256:${'a'.repeat(64)}`;
const OLD = `sha256:${'b'.repeat(64)}`;

describe('documentsDiffer: the rewritten documents equal the original but for the planned digests', () => {
  const yaml = 'a: &x "alpine:3.20"\nb: *x\nc: [busybox]\nd: postgres:latest\n';
  const cases: [string, string, boolean][] = [
    ['a digest added', yaml.replace('3.20"', `3.20@${D}"`), true],
    [':latest and a digest added', yaml.replace('busybox', `busybox:latest@${D}`), true],
    ['a digest added after a written :latest', yaml.replace('postgres:latest', `postgres:latest@${D}`), true],
    ['a written :latest dropped for a digest', yaml.replace('postgres:latest', `postgres@${D}`), false],
    ['another digest', yaml.replace('3.20"', `3.20@${OLD}"`), false],
    ['a value changed', yaml.replace('3.20', '3.21'), false],
    ['an alias retargeted', yaml.replace('b: *x', 'b: *x\nd: 1'), false],
    ['a scalar turned into a mapping', yaml.replace('c: [busybox]', 'c: [busybox: 1]'), false],
    ['a second document', `${yaml}---\na: 1\n`, false],
  ];
  for (const [what, after, same] of cases) {
    it(`YAML, ${what}: ${same ? 'equal' : 'refused'}`, () => {
      const why = documentsDiffer('compose', yaml, after, [D]);
      if (same) assert.equal(why, undefined);
      else assert.equal(typeof why, 'string');
    });
  }

  it('JSONC: comments and trailing commas read, only the digest may differ', () => {
    const text = '{\n  // c\n  "image": "alpine:3.20",\n}\n';
    assert.equal(documentsDiffer('devcontainer', text, text.replace('3.20"', `3.20@${D}"`), [D]), undefined);
    const latest = text.replace('3.20', 'latest');
    assert.equal(documentsDiffer('devcontainer', latest, latest.replace('latest"', `latest@${D}"`), [D]), undefined);
    assert.match(documentsDiffer('devcontainer', text, text.replace('"image"', '"imagex"'), [D]) ?? '', /would become/);
  });

  it('a replaced digest counts as absent before', () => {
    const before = `image: alpine:3.20@${OLD}\n`;
    assert.equal(documentsDiffer('kubernetes', before, before.replace(OLD, D), [D, OLD]), undefined);
  });

  it('.env: the same entries, values alike but for the pin', () => {
    const env = '# images\nIMAGE=alpine:3.20\nOTHER=1\n';
    assert.equal(envFilesDiffer(env, env.replace('3.20', `3.20@${D}`), [D]), undefined);
    assert.equal(envFilesDiffer(env.replace('3.20', 'latest'), env.replace('3.20', `latest@${D}`), [D]), undefined);
    assert.match(envFilesDiffer(env, env.replace('OTHER=1', 'OTHER=2'), [D]) ?? '', /OTHER/);
  });
});
