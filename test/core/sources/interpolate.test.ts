import * as assert from 'node:assert/strict';
import { interpolate } from '../../../src/core/sources/interpolate';
import type { Lookup } from '../../../src/core/sources/interpolate';

/** SET=value, EMPTY is set and empty, every other variable is unset. */
const env: Lookup = (name) => ({ SET: 'value', EMPTY: '', IMG: 'nginx:1.27', TAG: '3.20', REG: 'ghcr.io/acme' })[name];

describe('compose interpolation', () => {
  const values: [string, string][] = [
    ['alpine:3.20', 'alpine:3.20'],
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['alpine:$TAG', 'alpine:3.20'],
    ['${REG}/app:${TAG}', 'ghcr.io/acme/app:3.20'],
    ['$REG/app', 'ghcr.io/acme/app'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${SET:-d}', 'value'],
    ['${UNSET-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${SET-d}', 'value'],
    ['${SET:?needed}', 'value'],
    ['${EMPTY?needed}', ''],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${UNSET:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['$$', '$'],
    ['$$SET', '$SET'],
    ['$${SET}', '${SET}'],
    ['a$1b$-c$', 'a$1b$-c$'],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${SET:-${UNSET}}', 'value'],
    ['${UNSET:-a:b-c?d+e}', 'a:b-c?d+e'],
    ['${UNSET:-${REG}/app}:${TAG}', 'ghcr.io/acme/app:3.20'],
  ];
  for (const [template, value] of values) {
    it(`${template} → ${JSON.stringify(value)}`, () => {
      const result = interpolate(template, env);
      assert.equal(result.value, value);
      assert.equal(result.unresolved, undefined);
      assert.equal(result.invalid, undefined);
    });
  }

  it('names every variable the template holds, once, nested ones included', () => {
    assert.deepEqual(interpolate('${A:-${B}}/$C:${A}', env).variables, ['A', 'B', 'C']);
    assert.deepEqual(interpolate('$$NOT', env).variables, []);
  });

  const unresolved: [string, string, RegExp][] = [
    ['$UNSET', 'UNSET', /UNSET is not set and has no default/],
    ['${UNSET}', 'UNSET', /UNSET is not set/],
    ['alpine:${UNSET}', 'UNSET', /not set/],
    ['${UNSET:?set it in .env}', 'UNSET', /UNSET is required but not set: set it in \.env/],
    ['${EMPTY:?}', 'EMPTY', /EMPTY is required but empty/],
    ['${UNSET?$SET is needed}', 'UNSET', /required but not set: value is needed/],
    ['${UNSET:-${ALSO_UNSET}}', 'ALSO_UNSET', /ALSO_UNSET is not set/],
  ];
  for (const [template, name, message] of unresolved) {
    it(`${template} is unresolved, naming ${name}`, () => {
      const result = interpolate(template, env);
      assert.equal(result.value, undefined);
      assert.equal(result.unresolved?.name, name);
      assert.match(result.unresolved?.message ?? '', message);
    });
  }

  it('a set variable whose value is unknown leaves the value unknown, with the reason', () => {
    const result = interpolate('${IMAGE:-nginx}', (name) => (name === 'IMAGE' ? { unknown: 'built from REGISTRY, which is not set' } : undefined));
    assert.equal(result.value, undefined);
    assert.deepEqual(result.unresolved, { name: 'IMAGE', message: 'built from REGISTRY, which is not set' });
  });

  for (const template of ['${}', '${A:=x}', '${A', 'x${1A}', '${A/x/y}', '${A:-x']) {
    it(`${template} is not a valid template`, () => {
      const result = interpolate(template, env);
      assert.equal(result.value, undefined);
      assert.ok(result.invalid);
    });
  }

  describe('where the value of one variable expression comes from', () => {
    const at = (template: string, start: number, end: number) => template.slice(start, end);
    it('the inline default, when the variable is unset', () => {
      const template = '${AIRFLOW_IMAGE:-apache/airflow:3.1.4}';
      const sole = interpolate(template, env).sole;
      assert.ok(sole?.from === 'literal');
      assert.equal(sole.name, 'AIRFLOW_IMAGE');
      assert.equal(at(template, sole.start, sole.end), 'apache/airflow:3.1.4');
    });
    it('the variable, when it is set, or when there is no default', () => {
      assert.deepEqual(interpolate('${IMG:-alpine}', env).sole, { from: 'variable', name: 'IMG' });
      assert.deepEqual(interpolate('${IMG}', env).sole, { from: 'variable', name: 'IMG' });
      assert.deepEqual(interpolate('$IMG', env).sole, { from: 'variable', name: 'IMG' });
      assert.deepEqual(interpolate('${IMG:?required}', env).sole, { from: 'variable', name: 'IMG' });
    });
    it('a nested default, named by the outer variable (setting it still wins)', () => {
      const template = '${A:-${B:-busybox:1.36}}';
      const sole = interpolate(template, env).sole;
      assert.ok(sole?.from === 'literal');
      assert.equal(sole.name, 'A');
      assert.equal(at(template, sole.start, sole.end), 'busybox:1.36');
      assert.deepEqual(interpolate('${A:-${IMG}}', env).sole, { from: 'variable', name: 'IMG' });
    });
    it('mixed, for a default built from several pieces or written with $$', () => {
      assert.deepEqual(interpolate('${A:-$REG/app:1}', env).sole, { from: 'mixed', name: 'A' });
      assert.deepEqual(interpolate('${A:-a$$b}', env).sole, { from: 'mixed', name: 'A' });
    });
    it('nothing, for a template that is more than one expression', () => {
      assert.equal(interpolate('${IMG}-slim', env).sole, undefined);
      assert.equal(interpolate('alpine', env).sole, undefined);
      assert.equal(interpolate('$REG/$IMG', env).sole, undefined);
    });
  });
});
