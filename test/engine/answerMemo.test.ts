import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { analyze } from '../../src/engine/analyze';
import { answerKey, detached, startAnswer, type AnswerMemo } from '../../src/engine/answerMemo';
import { AMD64, ARM64, countingClient } from './fixtures';

describe('answers shared across files (AnswerMemo)', () => {
  const files = [
    'FROM alpine:3.20 AS a\nCOPY --from=acme/tools:1 / /\n',
    '# another file\n\nFROM acme/tools:1\nFROM --platform=linux/arm64 alpine:3.20\n',
    'FROM nobody/missing:1\nFROM alpine:3.20\n',
    'FROM nobody/missing:1\n',
  ];

  it('asks about each image, platform and kind once across every file analyzed with one memo', async () => {
    const client = countingClient();
    const answers: AnswerMemo = new Map();
    const options = { platform: AMD64, kind: 'platform' as const, answers };
    const analyses = await Promise.all(files.map((text) => analyze({ kind: 'dockerfile', text }, client, options)));
    assert.deepEqual(client.asked.sort(), [
      'acme/tools:1 amd64 platform',
      'library/alpine:3.20 amd64 platform',
      'library/alpine:3.20 arm64 platform',
      'nobody/missing:1 amd64 platform',
    ]);
    assert.equal(answers.size, 4, 'the memo holds one entry per distinct answer');
    // Every line still gets its own place, from its own file.
    assert.deepEqual(
      analyses.map((a) => a.statuses.map((s) => [s.occurrence.line, s.occurrence.range.start.character, s.state, s.platform.architecture])),
      [
        [
          [1, 5, 'unpinned', 'amd64'],
          [2, 12, 'unpinned', 'amd64'],
        ],
        [
          [3, 5, 'unpinned', 'amd64'],
          [4, 28, 'unpinned', 'arm64'],
        ],
        [
          [1, 5, 'error', 'amd64'],
          [2, 5, 'unpinned', 'amd64'],
        ],
        [[1, 5, 'error', 'amd64']],
      ],
    );
    assert.equal(analyses[3].statuses[0].error?.code, 'NOT_FOUND');
    assert.match(analyses[3].statuses[0].error?.message ?? '', /nobody\/missing:1/);
  });

  it('answers from what a look-ahead started, without asking again', async () => {
    const client = countingClient();
    const answers: AnswerMemo = new Map();
    const options = { platform: AMD64, kind: 'platform' as const, answers };
    for (const text of files) for (const occurrence of scanDockerfile(text).images) startAnswer(occurrence, client, options, answers);
    const startedFor = client.asked.length;
    assert.equal(startedFor, 4);
    const analysis = await analyze({ kind: 'dockerfile', text: files[2] }, client, options);
    assert.equal(client.asked.length, startedFor);
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.line, s.occurrence.text, s.state]),
      [
        [1, 'nobody/missing:1', 'error'],
        [2, 'alpine:3.20', 'unpinned'],
      ],
    );
  });

  it('a reference written differently keeps its own answer, so its messages quote it as written', async () => {
    const client = countingClient();
    const options = { platform: AMD64, kind: 'platform' as const, answers: new Map() };
    const [a, b] = await Promise.all([analyze({ kind: 'dockerfile', text: 'FROM nobody/missing:1\n' }, client, options), analyze({ kind: 'dockerfile', text: 'FROM docker.io/nobody/missing:1\n' }, client, options)]);
    assert.match(a.statuses[0].error?.message ?? '', /^nobody\/missing:1/);
    assert.match(b.statuses[0].error?.message ?? '', /^docker\.io\/nobody\/missing:1/);
  });

  it('keys by platform and kind: a memo used with other options never hands back a wrong answer', () => {
    const [occurrence] = scanDockerfile('FROM alpine:3.20\n').images;
    const [explicit] = scanDockerfile('FROM --platform=linux/arm64 alpine:3.20\n').images;
    const keys = new Set([
      answerKey(occurrence, { platform: AMD64, kind: 'platform' }),
      answerKey(occurrence, { platform: ARM64, kind: 'platform' }),
      answerKey(occurrence, { platform: AMD64, kind: 'index' }),
    ]);
    assert.equal(keys.size, 3);
    // `--platform=linux/arm64` is the configured arm64: the same question.
    assert.equal(answerKey(explicit, { platform: AMD64, kind: 'platform' }), answerKey(occurrence, { platform: ARM64, kind: 'platform' }));
  });

  it('lines built from platform args share an answer exactly when they name the same image for the same platform', async () => {
    const client = countingClient();
    const options = { platform: ARM64, buildPlatform: AMD64, kind: 'platform' as const, answers: new Map() };
    const text = [
      'FROM --platform=$BUILDPLATFORM alpine:3.20 AS build',
      'FROM --platform=linux/amd64 alpine:3.20 AS same-as-build',
      'FROM alpine:3.20 AS target',
      'FROM --platform=$TARGETPLATFORM alpine:3.20 AS same-as-target',
      'FROM acme/tools:${TARGETARCH:+1}',
      '',
    ].join('\n');
    const analysis = await analyze({ kind: 'dockerfile', text }, client, options);
    assert.deepEqual(client.asked.sort(), ['acme/tools:1 arm64 platform', 'library/alpine:3.20 amd64 platform', 'library/alpine:3.20 arm64 platform']);
    assert.deepEqual(
      analysis.statuses.map((s) => s.platform.architecture),
      ['amd64', 'amd64', 'arm64', 'arm64', 'arm64'],
    );
  });

  it('a detached occurrence is equal to the original in every field', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    const text = `ARG V=3.20\nFROM --platform=linux/arm64/v8 alpine:\${V}@${digest} AS x\nFROM --platform=$BUILDPLATFORM x-\${TARGETARCH}\n`;
    const occurrences = scanDockerfile(text, { platform: AMD64 }).images;
    assert.equal(occurrences.length, 2);
    for (const occurrence of occurrences) assert.deepEqual(detached(occurrence), occurrence);
  });
});
