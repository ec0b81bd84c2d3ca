// ONBUILD COPY --from= and ONBUILD RUN --mount=…,from= (BuildKit ≥ 0.17 reads them in the child
// build): a word that cannot be a stage name is an image; a bare word or a variable cannot be told
// here and is reported, never guessed.
import * as assert from 'node:assert/strict';
import { scanBuild } from '../../src/core/buildScan';
import { scanDockerfile } from '../../src/core/dockerfile';
import { applyIgnoreComments } from '../../src/core/ignoreComments';
import { parsePlatform } from '../../src/core/platform';
import { offsetAt } from '../../src/core/text';
import type { Range, ScanResult } from '../../src/core/types';

const D = `sha256:${'a'.repeat(64)}`;

function at(text: string, range: Range): string {
  return text.slice(offsetAt(text, range.start), offsetAt(text, range.end));
}

/** Images as `line source written => expanded`, problems as `line kind written: message`. */
function seen(text: string, scan: ScanResult = scanDockerfile(text)) {
  return {
    images: scan.images.map((o) => `${o.line} ${o.source} ${at(text, o.range)} => ${o.expanded}${o.digestRange ? ` digest ${at(text, o.digestRange)}` : ''}`),
    problems: scan.problems.map((p) => `${p.range.start.line + 1} ${p.kind} ${at(text, p.range)}: ${p.message}`),
  };
}

describe('scanDockerfile: ONBUILD triggers', () => {
  it('reads an image that cannot be a stage name in ONBUILD COPY --from and ONBUILD RUN --mount=…,from=, any case', () => {
    const text = [
      'FROM alpine:3.20',
      'ONBUILD COPY --from=golang:1.22 /usr/local/go /usr/local/go',
      'onbuild run --mount=type=bind,from=acme/tools:1,source=/bin/tool,target=/t \\',
      '    --mount=type=cache,target=/c tool',
      `ONBUILD COPY --from=ghcr.io/acme/base@${D} /a /a`,
      'ONBUILD COPY --chown=1:1 --from=9lives /a /a',
      '',
    ].join('\n');
    assert.deepEqual(seen(text), {
      images: [
        '1 from alpine:3.20 => alpine:3.20',
        '2 copy golang:1.22 => golang:1.22',
        '3 mount acme/tools:1 => acme/tools:1',
        `5 copy ghcr.io/acme/base@${D} => ghcr.io/acme/base@${D} digest @${D}`,
        // A stage name starts with a letter (BuildKit's `^[a-z][a-z0-9-_.]*$`): 9lives is an image.
        '6 copy 9lives => 9lives',
      ],
      problems: [],
    });
  });

  it('reports a bare word as unresolved, naming why and the fix, even when it names a stage of this file', () => {
    const text = ['FROM golang:1.22 AS builder', 'FROM alpine:3.20', 'ONBUILD COPY --from=builder /out /out', 'ONBUILD RUN --mount=from=alpine,target=/a true', 'ONBUILD COPY --from=0 /a /a', ''].join('\n');
    const { images, problems } = seen(text);
    assert.deepEqual(images, ['1 from golang:1.22 => golang:1.22', '2 from alpine:3.20 => alpine:3.20']);
    assert.equal(problems.length, 3);
    assert.match(problems[0], /^3 unresolved builder: ONBUILD runs in the build of an image FROM this one, where "builder" may name a stage of that build's Dockerfile/);
    assert.match(problems[0], /write the image with its registry and tag \(such as docker\.io\/library\/builder:<tag>\) to have it pinned, or put # docker-pin: ignore above the line/);
    assert.match(problems[1], /^4 unresolved alpine: ONBUILD runs .*"alpine" may name a stage .*docker\.io\/library\/alpine:<tag>/);
    assert.match(problems[2], /^5 unresolved 0: ONBUILD runs .*"0" may name a stage/);
  });

  it("reports a variable as unresolved: the child build expands it with its own ARGs, never this file's", () => {
    const text = ['ARG BASE=alpine:3.20', 'ARG V=1.22', 'FROM alpine:3.20', 'ONBUILD COPY --from=${BASE} /a /a', 'ONBUILD RUN --mount=from=golang:$V,target=/g true', ''].join('\n');
    const { images, problems } = seen(text);
    assert.deepEqual(images, ['3 from alpine:3.20 => alpine:3.20']);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^4 unresolved \$\{BASE\}: ONBUILD runs in the build of an image FROM this one, which expands BASE with the ARGs of that build, not this file's/);
    assert.match(problems[0], /write the image out to have it pinned, or put # docker-pin: ignore above the line/);
    assert.match(problems[1], /^5 unresolved golang:\$V: .*expands V with the ARGs of that build/);
  });

  it('passes over scratch and ONBUILD instructions that name no image; reads nothing as a stage of this build', () => {
    const text = ['FROM alpine:3.20 AS base', 'ONBUILD COPY --from=scratch / /', 'ONBUILD COPY . /src', 'ONBUILD RUN --mount=type=cache,target=/c make', 'FROM base', 'COPY --from=base / /', ''].join('\n');
    assert.deepEqual(seen(text), { images: ['1 from alpine:3.20 => alpine:3.20'], problems: [] });
  });

  it('an ignore comment above the ONBUILD line leaves its image and its unsure words alone', () => {
    const text = ['FROM alpine:3.20', '# docker-pin: ignore', 'ONBUILD COPY --from=golang:1.22 /a /a', '# docker-pin: ignore', 'ONBUILD COPY --from=builder /a /a', ''].join('\n');
    const scan = applyIgnoreComments({ kind: 'dockerfile', text }, scanDockerfile(text));
    assert.deepEqual(
      scan.images.map((o) => [o.line, o.expanded, o.ignored]),
      [
        [1, 'alpine:3.20', undefined],
        [3, 'golang:1.22', 'ignore comment on line 2'],
      ],
    );
    assert.deepEqual(scan.problems, []);
  });

  it("a build's named contexts are that build's: an ONBUILD image of the same name is still an image", () => {
    const text = 'FROM alpine:3.20\nCOPY --from=ghcr.io/o/x:1 /x /x\nONBUILD COPY --from=ghcr.io/o/x:1 /x /x\n';
    const scan = scanBuild(text, { platform: parsePlatform('linux/amd64') }, { platforms: [], unknownArgs: new Map(), namedContexts: new Set(['ghcr.io/o/x:1']) });
    assert.deepEqual(
      scan.images.map((i) => `${i.line}:${i.expanded}`),
      ['1:alpine:3.20', '3:ghcr.io/o/x:1'],
    );
    assert.deepEqual(
      scan.builtLocally?.map((b) => b.range.start.line + 1),
      [2],
    );
  });
});
