import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { scanKoConfig } from '../../../src/core/sources/koConfig';

describe('ko config source (.ko.yaml)', () => {
  it('is told by its name', () => {
    assert.equal(detectKind('.ko.yaml'), 'ko');
    assert.equal(detectKind('deploy/.ko.yml'), 'ko');
    assert.equal(detectKind('ko.yaml', 'defaultBaseImage: alpine:3.20\n'), undefined);
  });

  it('reads defaultBaseImage and each baseImageOverrides value, as index pins', () => {
    const text = [
      'defaultBaseImage: cgr.dev/chainguard/static:latest',
      'defaultPlatforms: [linux/amd64, linux/arm64]',
      'baseImageOverrides:',
      '  github.com/acme/app/cmd/tool: "gcr.io/distroless/base:nonroot"',
      '  github.com/acme/app/cmd/local: ko://github.com/acme/app/base',
      'builds:',
      '  - id: app',
      '    main: ./cmd/app',
      '',
    ].join('\n');
    const scan = scanKoConfig(text);
    assert.deepEqual(
      scan.images.map((o) => [o.line, o.text, o.expanded, o.digestKind, o.fileKind]),
      [
        [1, 'cgr.dev/chainguard/static:latest', 'cgr.dev/chainguard/static:latest', 'index', 'ko'],
        [4, '"gcr.io/distroless/base:nonroot"', 'gcr.io/distroless/base:nonroot', 'index', 'ko'],
      ],
    );
    assert.deepEqual(
      scan.problems.map((p) => [p.kind, p.range.start.line + 1, p.message]),
      [['skipped', 5, 'baseImageOverrides of github.com/acme/app/cmd/local is built by ko from the Go package github.com/acme/app/base: there is no image to pin here']],
    );
  });

  it('reports a base image that is not a string, or not a reference', () => {
    const scan = scanKoConfig('defaultBaseImage: [a, b]\nbaseImageOverrides: {x: "Not A Ref"}\n');
    assert.deepEqual(scan.images, []);
    assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line + 1]), [['invalid', 1], ['invalid', 2]]);
  });
});
