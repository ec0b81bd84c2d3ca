import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILES_IN_FLIGHT } from '../../src/cli/forEachOrdered';
import { forEachFileLookingAhead, lookAhead } from '../../src/cli/prefetch';
import { parsePlatform } from '../../src/core/platform';
import type { ImageOccurrence } from '../../src/core/types';
import { tempDir } from './helpers';

describe('lookAhead (first pass of pin and check)', () => {
  const AMD64 = { platform: parsePlatform('linux/amd64') };
  let dir: string;
  beforeEach(() => {
    dir = tempDir('lookahead');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };

  it('starts every image of every file, and passes over files it cannot read without a word', async () => {
    const files = [
      write('a', 'FROM alpine:3.20 AS a\nCOPY --from=busybox:1.36 / /\n'),
      join(dir, 'missing'),
      write('latin1', Buffer.from('FROM acme/latin1:1\n# caf\xe9\n', 'latin1')),
      dir,
      write('b', 'FROM golang:1.22 AS g\nFROM g\n'),
    ];
    const seen: string[] = [];
    const ahead = lookAhead(files, 2, AMD64, (occurrence) => seen.push(occurrence.expanded));
    await ahead.done;
    // Not UTF-8: the ordered pass refuses the file, so none of its images is worth a request.
    assert.deepEqual(seen.sort(), ['alpine:3.20', 'busybox:1.36', 'golang:1.22']);
  });

  it('scans for the build the ordered pass scans for: platform args and build args', async () => {
    const files = [write('a', 'ARG TAG\nFROM acme/busybox-${TARGETARCH}:${TAG}\n'), write('b', 'FROM --platform=$BUILDPLATFORM golang:1.22\n')];
    const seen: string[] = [];
    const options = { platform: parsePlatform('linux/arm64'), buildPlatform: parsePlatform('linux/amd64'), buildArgs: new Map([['TAG', '1']]) };
    await lookAhead(files, 2, options, (occurrence) => seen.push(`${occurrence.expanded} ${occurrence.platform?.architecture ?? ''}`)).done;
    assert.deepEqual(seen.sort(), ['acme/busybox-arm64:1 ', 'golang:1.22 amd64']);
  });

  it('reads no further file once stopped', async () => {
    const files = Array.from({ length: 50 }, (_, i) => write(`f${i}`, `FROM acme/image-${i}:1\n`));
    const seen: string[] = [];
    const ahead = lookAhead(files, 4, AMD64, (occurrence) => seen.push(occurrence.expanded));
    ahead.stop();
    await ahead.done;
    assert.deepEqual(seen, [], 'the reads already under way are not scanned either');
  });

  it('an error in the ordered pass stops the look-ahead and is the error of the run', async () => {
    const files = Array.from({ length: FILES_IN_FLIGHT * 4 }, (_, i) => write(`f${i}`, `FROM acme/image-${i}:1\n`));
    const started: ImageOccurrence[] = [];
    const emitted: string[] = [];
    await assert.rejects(
      forEachFileLookingAhead(
        files,
        AMD64,
        (occurrence) => started.push(occurrence),
        async (file) => {
          if (file === files[0]) throw new Error('boom');
          return file;
        },
        (file) => emitted.push(file),
      ),
      /boom/,
    );
    assert.deepEqual(emitted, []);
    assert.ok(started.length < files.length, `the look-ahead went on to scan ${started.length} files`);
  });

  it('hands results on in argument order with the look-ahead running beside', async () => {
    const files = Array.from({ length: FILES_IN_FLIGHT * 3 }, (_, i) => write(`f${i}`, `FROM acme/image-${i % 5}:1\n`));
    const started: string[] = [];
    const emitted: string[] = [];
    await forEachFileLookingAhead(
      files,
      AMD64,
      (occurrence) => started.push(occurrence.expanded),
      async (file) => {
        // Later files finish first.
        await new Promise((resolve) => setTimeout(resolve, files.length - files.indexOf(file)));
        return file;
      },
      (file) => emitted.push(file),
    );
    assert.deepEqual(emitted, files);
    assert.equal(started.length, files.length, 'every file was looked at ahead');
  });

  it('does not look ahead for a single file: its own analysis asks for everything at once', async () => {
    const file = write('one', 'FROM alpine:3.20\n');
    const started: string[] = [];
    await forEachFileLookingAhead(
      [file],
      AMD64,
      (occurrence) => started.push(occurrence.expanded),
      async () => 1,
      () => undefined,
    );
    assert.deepEqual(started, []);
  });
});
