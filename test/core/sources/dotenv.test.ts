import * as assert from 'node:assert/strict';
import { parseDotEnv } from '../../../src/core/sources/dotenv';
import { at } from './helpers';

describe('parseDotEnv', () => {
  const text = [
    '# Project settings',
    '',
    'IMAGE=nginx:1.27',
    '  PADDED = redis:7   ',
    'export EXPORTED=alpine:3.20',
    'YAML_STYLE: busybox:1.36',
    'COMMENTED=postgres:16 # the database',
    'HASH=value#not-a-comment',
    "SINGLE='$IMAGE stays'",
    'DOUBLE="${IMAGE}-slim"',
    'QUOTED_IMAGE="ghcr.io/acme/app:v1" # quoted',
    'ESCAPED="a\\tb\\\\c \\"q\\""',
    'MULTI="line one',
    'line two"',
    'FROM_ABOVE=$IMAGE',
    'WITH_DEFAULT=${MISSING:-debian:12}',
    'FROM_ENV=${SHELL_ONLY}/app',
    'BROKEN=${NOT_SET}/app',
    'INHERITED',
    'NOT_INHERITED',
    'EMPTY=',
    'IMAGE=nginx:1.28',
    '',
  ].join('\n');
  const { entries, problems } = parseDotEnv(text, new Map([['SHELL_ONLY', 'ghcr.io/me'], ['INHERITED', 'from-shell']]));
  const value = (name: string) => entries.get(name)?.value;

  it('reads values as Compose does', () => {
    assert.equal(value('PADDED'), 'redis:7');
    assert.equal(value('EXPORTED'), 'alpine:3.20');
    assert.equal(value('YAML_STYLE'), 'busybox:1.36');
    assert.equal(value('COMMENTED'), 'postgres:16');
    assert.equal(value('HASH'), 'value#not-a-comment');
    assert.equal(value('SINGLE'), '$IMAGE stays');
    assert.equal(value('DOUBLE'), 'nginx:1.27-slim');
    assert.equal(value('QUOTED_IMAGE'), 'ghcr.io/acme/app:v1');
    assert.equal(value('ESCAPED'), 'a\tb\\c "q"');
    assert.equal(value('MULTI'), 'line one\nline two');
    assert.equal(value('FROM_ABOVE'), 'nginx:1.27');
    assert.equal(value('WITH_DEFAULT'), 'debian:12');
    assert.equal(value('FROM_ENV'), 'ghcr.io/me/app');
    assert.equal(value('INHERITED'), 'from-shell');
    assert.equal(entries.has('NOT_INHERITED'), false);
    assert.equal(value('EMPTY'), '');
    assert.equal(problems.length, 0);
  });

  it('keeps the last of a name written twice', () => {
    assert.equal(value('IMAGE'), 'nginx:1.28');
    assert.equal(entries.get('IMAGE')?.line, 22);
  });

  it('says why a value naming a variable without value cannot be worked out', () => {
    const broken = entries.get('BROKEN');
    assert.equal(broken?.value, undefined);
    assert.match(broken?.unresolved ?? '', /NOT_SET is not set/);
  });

  it('records where each value is written, quotes kept, and whether a pin can go into it', () => {
    const written = (name: string) => {
      const entry = entries.get(name);
      assert.ok(entry);
      return { text: entry.text, at: at(text, entry.range), literal: entry.literal, line: entry.line };
    };
    assert.deepEqual(written('PADDED'), { text: 'redis:7', at: 'redis:7', literal: true, line: 4 });
    assert.deepEqual(written('COMMENTED'), { text: 'postgres:16', at: 'postgres:16', literal: true, line: 7 });
    assert.deepEqual(written('QUOTED_IMAGE'), { text: '"ghcr.io/acme/app:v1"', at: '"ghcr.io/acme/app:v1"', literal: true, line: 11 });
    assert.equal(written('SINGLE').literal, true);
    assert.equal(written('DOUBLE').literal, false);
    assert.equal(written('ESCAPED').literal, false);
    assert.equal(written('MULTI').literal, false);
    assert.equal(written('FROM_ABOVE').literal, false);
    assert.deepEqual(entries.get('FROM_ABOVE')?.variables, ['IMAGE']);
  });

  it('reads CRLF files with ranges that exclude the line break', () => {
    const crlf = 'A=nginx:1\r\nB="redis:7"\r\n\r\nC=x # c\r\n';
    const read = parseDotEnv(crlf);
    assert.deepEqual([...read.entries.values()].map((e) => [e.name, e.value, at(crlf, e.range)]), [
      ['A', 'nginx:1', 'nginx:1'],
      ['B', 'redis:7', '"redis:7"'],
      ['C', 'x', 'x'],
    ]);
  });

  it('reports a line it cannot read at that line and reads the others', () => {
    const read = parseDotEnv('A=1\nnot a line\nB="unclosed\nC=3\n');
    assert.deepEqual(read.problems.map((p) => [p.range.start.line, p.kind]), [[1, 'invalid'], [2, 'invalid']]);
    assert.match(read.problems[1].message, /no closing "/);
    assert.deepEqual([...read.entries.keys()], ['A', 'C']);
  });
});
