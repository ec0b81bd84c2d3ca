import * as assert from 'node:assert/strict';
import { isJsonText, jsonErrorMessage, readJsonStream } from '../../../src/core/sources/jsonStream';

describe('jsonStream', () => {
  it('a manifest is JSON to kubectl when its first character after blanks is {', () => {
    assert.equal(isJsonText('\n  {"kind": "Pod"}'), true);
    assert.equal(isJsonText('\uFEFF{}'), true);
    assert.equal(isJsonText('# {\nkind: Pod\n'), false);
    assert.equal(isJsonText('[{"kind": "Pod"}]'), false);
  });

  it('reads each value of a stream with its place and its own string fields, nested ones left out', () => {
    const text = '{"apiVersion": "v1", "kind": "Pod", "spec": {"kind": "inner"}}\n\n  {"kind": "List", "items": []}[1]\n';
    const { values, error } = readJsonStream(text);
    assert.equal(error, undefined);
    assert.deepEqual(
      values.map((v) => [text.slice(v.start, v.end), v.isObject, Object.fromEntries(v.fields)]),
      [
        ['{"apiVersion": "v1", "kind": "Pod", "spec": {"kind": "inner"}}', true, { apiVersion: 'v1', kind: 'Pod' }],
        ['{"kind": "List", "items": []}', true, { kind: 'List' }],
        ['[1]', false, {}],
      ],
    );
    assert.deepEqual(readJsonStream('  \n').values, []);
  });

  it('stops at the first syntax error: the values before it whole, the broken one cut there', () => {
    const text = '{"kind": "Pod"}\n{"kind": "Job", "a": 1 "b": 2}\n{"kind": "Never"}';
    const { values, error } = readJsonStream(text);
    assert.deepEqual(error, { offset: text.indexOf('"b"'), length: 3, code: 'CommaExpected' });
    assert.deepEqual(values.map((v) => text.slice(v.start, v.end)), ['{"kind": "Pod"}', '{"kind": "Job", "a": 1 ']);
    assert.equal(jsonErrorMessage(text, error), 'a comma was expected here, between two entries');
  });

  it('says what is wrong in words, a trailing comma included', () => {
    const trailing = '{"a": [1, 2,]}';
    const { error } = readJsonStream(trailing);
    assert.ok(error !== undefined);
    assert.equal(jsonErrorMessage(trailing, error), 'a comma before the closing bracket (JSON allows no trailing comma)');
    const comment = '{"a": 1 /* no */}';
    const c = readJsonStream(comment).error;
    assert.equal(c?.code, 'InvalidCommentToken');
  });
});
