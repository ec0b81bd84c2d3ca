// The `# syntax=` parser directive, found only where BuildKit reads it: the leading directive block.
import * as assert from 'node:assert/strict';
import { readDirectiveBlock } from '../../src/core/directives';
import { scanDockerfile } from '../../src/core/dockerfile';
import { parsePlatform } from '../../src/core/platform';
import { offsetAt } from '../../src/core/text';

const D = `sha256:${'a'.repeat(64)}`;

/** The syntax image `text` names, as written, or undefined. */
function syntaxOf(text: string): string | undefined {
  const found = readDirectiveBlock(text).syntax;
  if (found === undefined) return undefined;
  assert.equal(text.slice(found.start, found.end), found.text, 'offsets cover the image as written');
  return found.text;
}

describe('core/directives: # syntax=', () => {
  const directives: [string, string][] = [
    ['# syntax=docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['#syntax=docker/dockerfile:1.7\nFROM alpine\n', 'docker/dockerfile:1.7'],
    ['# syntax = docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['#   SYNTAX\t=\tdocker/dockerfile:1  \nFROM alpine\n', 'docker/dockerfile:1'],
    ['# Syntax=docker/dockerfile:1\r\nFROM alpine\r\n', 'docker/dockerfile:1'],
    [`# syntax=docker/dockerfile:1.7@${D}\nFROM alpine\n`, `docker/dockerfile:1.7@${D}`],
    ['# escape=`\n# syntax=docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['# check=skip=all\n# syntax=docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['\uFEFF# syntax=docker/dockerfile:1\nFROM alpine\n', 'docker/dockerfile:1'],
    ['# syntax=docker/dockerfile:1 extra=arg\nFROM alpine\n', 'docker/dockerfile:1'],
    ['# syntax=docker/dockerfile:1', 'docker/dockerfile:1'],
  ];
  for (const [text, image] of directives) {
    it(`finds ${JSON.stringify(image.slice(0, 24))} in ${JSON.stringify(text.slice(0, 40))}`, () => {
      assert.equal(syntaxOf(text), image);
    });
  }

  const notDirectives: [string, string][] = [
    ['after an instruction', 'FROM alpine\n# syntax=docker/dockerfile:1\n'],
    ['after another comment', '# build the app\n# syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['after an unknown directive', '# foo=bar\n# syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['after an empty line', '\n# syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['indented', ' # syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['without a value', '# syntax=\nFROM alpine\n'],
    ['without =', '# syntax docker/dockerfile:1\nFROM alpine\n'],
    ['a shebang not on the first line', '# escape=\\\n#!/bin/sh\n# syntax=docker/dockerfile:1\nFROM alpine\n'],
    ['in a heredoc', 'FROM alpine\nRUN <<EOF\n# syntax=docker/dockerfile:1\nEOF\n'],
    ['in a heredoc that starts the file after a comment', '# hello\nCOPY <<EOF /x\n# syntax=docker/dockerfile:1\nEOF\n'],
    ['a // comment', '// syntax=docker/dockerfile:1\nFROM alpine\n'],
  ];
  for (const [why, text] of notDirectives) {
    it(`finds none ${why}`, () => {
      assert.equal(syntaxOf(text), undefined);
    });
  }

  it('names a second # syntax= line, which BuildKit refuses, and keeps the first', () => {
    const text = '# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1.7\nFROM alpine\n';
    const block = readDirectiveBlock(text);
    assert.equal(block.syntax?.text, 'docker/dockerfile:1');
    assert.equal(block.duplicateSyntax, text.indexOf('\n') + 1);
  });
});

describe('core/dockerfile: the # syntax= image', () => {
  it('is an occurrence that needs the index digest, first in the file, never expanded', () => {
    const text = '# syntax=docker/dockerfile:1.7\nARG TAG=3.20\nFROM alpine:${TAG}\n';
    const { images, problems } = scanDockerfile(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(images.map((o) => [o.source, o.expanded, o.digestKind, o.line]), [
      ['syntax', 'docker/dockerfile:1.7', 'index', 1],
      ['from', 'alpine:3.20', undefined, 3],
    ]);
    const syntax = images[0];
    assert.deepEqual(syntax.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 30 } });
    assert.equal(syntax.platform, undefined, 'the configured platform, unless the builder is named');
    assert.deepEqual(scanDockerfile(text, { buildPlatform: parsePlatform('linux/arm64') }).images[0].platform, parsePlatform('linux/arm64'));
  });

  it('knows where a written digest stands, for an update', () => {
    const text = `# syntax = docker/dockerfile:1.7@${D}\nFROM alpine\n`;
    const [syntax] = scanDockerfile(text).images;
    assert.equal(syntax.reference.digest, D);
    const range = syntax.digestRange;
    assert.ok(range);
    assert.equal(text.slice(offsetAt(text, range.start), offsetAt(text, range.end)), `@${D}`);
  });

  it('reports a name that is not a reference, and a second directive, as invalid', () => {
    const bad = scanDockerfile('# syntax=$FRONTEND\nFROM alpine\n');
    assert.deepEqual(bad.images.map((o) => o.source), ['from']);
    assert.deepEqual(bad.problems.map((p) => [p.kind, p.text, p.range.start.line]), [['invalid', '$FRONTEND', 0]]);
    const twice = scanDockerfile('# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1.7\nFROM alpine\n');
    assert.deepEqual(twice.problems.map((p) => [p.kind, p.range.start.line]), [['invalid', 1]]);
    assert.match(twice.problems[0].message, /only one # syntax= parser directive/);
  });

  it('is not a stage, even when a stage has its name', () => {
    const { images } = scanDockerfile('# syntax=frontend\nFROM alpine AS frontend\n');
    assert.deepEqual(images.map((o) => [o.source, o.expanded]), [['syntax', 'frontend'], ['from', 'alpine']]);
  });
});
