import * as assert from 'node:assert/strict';
import { hoverMarkdown } from '../../src/extension/hoverModel';
import { scanDockerfile } from '../../src/core/dockerfile';
import { AMD64, ARM64, INDEX, OLD, occurrence, resolution, status } from './fixtures';

describe('extension hoverModel: what a hover tells', () => {
  it('shows the index digest, every platform with digest and media type, and marks the one a pin uses', () => {
    const md = hoverMarkdown(status('unpinned', occurrence('alpine:3.20'), { target: AMD64 }));
    assert.match(md, new RegExp(`Index \`${INDEX}\` · \`application/vnd.oci.image.index.v1\\+json\``));
    assert.match(md, new RegExp(`\\| \\*\\*linux/amd64\\*\\* ← pin \\| \`${AMD64}\` \\| \`application/vnd.oci.image.manifest.v1\\+json\` \\|`));
    assert.match(md, new RegExp(`\\| linux/arm64 \\| \`${ARM64}\``));
    assert.match(md, /A pin writes the linux\/amd64 manifest digest/);
    assert.match(md, /index pin works on every architecture/);
  });

  it('for the arm64 platform, marks the arm64 entry', () => {
    const md = hoverMarkdown(status('unpinned', occurrence('alpine:3.20'), { target: ARM64, platform: 'linux/arm64' }));
    assert.match(md, /\*\*linux\/arm64\*\* ← pin/);
    assert.doesNotMatch(md, /\*\*linux\/amd64\*\*/);
  });

  it('an index pin says so', () => {
    const md = hoverMarkdown(status('current', occurrence(`alpine:3.20@${INDEX}`), { kind: 'index', target: INDEX }));
    assert.match(md, /pinned, current/);
    assert.match(md, /multi-arch index digest, and it is current/);
  });

  it('a line only the index fits (used on two platforms: a build, a CI runner running its compose file) says why', () => {
    const why = 'this image is used for linux/amd64 and linux/arm64 (a run step of job e2e in ci.yml runs it (docker compose up on a linux/arm64 runner))';
    const md = hoverMarkdown({ ...status('unpinned', occurrence('alpine:3.20'), { kind: 'index', target: INDEX }), indexOnly: why });
    assert.ok(md.includes(`Only the index digest fits: ${why}.`), md);
  });

  it('a stale pin names the old digest', () => {
    const md = hoverMarkdown(status('stale', occurrence(`alpine:3.20@${OLD}`), { target: AMD64 }));
    assert.match(md, new RegExp(`Pinned to \`${OLD}\``));
  });

  it('a gone pin says why, names the old digest, and marks no platform as the one a pin uses', () => {
    const md = hoverMarkdown(status('gone', occurrence(`alpine:3.20@${OLD}`)));
    assert.match(md, /\(pinned manifest no longer in the registry\)/);
    assert.match(md, new RegExp(`Pinned to \`${OLD}\`, which the registry no longer has: the platform it was made for is unknown`));
    assert.doesNotMatch(md, /← pin/);
    assert.doesNotMatch(md, /A pin writes/);
  });

  it('an error shows its full message', () => {
    const md = hoverMarkdown(status('error', occurrence('alpine:3.20'), { error: { code: 'NOT_FOUND', message: 'docker.io/library/alpine:3.20: tag not found' } }));
    assert.match(md, /could not be resolved/);
    assert.match(md, /tag not found/);
  });

  it('a single-platform image is a manifest, with no index advice', () => {
    const single = resolution({ isIndex: false, indexDigest: AMD64, indexMediaType: 'application/vnd.docker.distribution.manifest.v2+json', platforms: [] });
    const md = hoverMarkdown(status('unpinned', occurrence('alpine:3.20'), { target: AMD64, resolution: single }));
    assert.match(md, /^.*\n\nManifest `sha256:a/m);
    assert.doesNotMatch(md, /every architecture/);
  });

  it('a platform digest where the platform is decided at build time: says for which builds it is right, and that the index fits all', () => {
    const golang = occurrence('golang:1.23', 0, { buildTimePlatform: true });
    const md = hoverMarkdown(status('unpinned', golang, { target: AMD64 }));
    assert.match(md, /\*\*Platform decided at build time\.\*\*/);
    assert.match(md, /linux\/amd64 digest is right for a linux\/amd64 builder or target only/);
    assert.match(md, /Pin to index digest \(multi-arch\)/);
    assert.doesNotMatch(hoverMarkdown(status('unpinned', occurrence('golang:1.23'), { target: AMD64 })), /decided at build time/);
  });

  it('a line pinned through its ARG default says where the pin is and what --build-arg does', () => {
    const [base] = scanDockerfile('ARG BASE=alpine:3.20\nFROM ${BASE}\n').images;
    const md = hoverMarkdown(status('unpinned', base, { target: AMD64 }));
    assert.match(md, /The pin is in the default of ARG BASE on line 1, shared by every use: --build-arg BASE=… replaces tag and digest together\./);
  });

  it('a line built from ARGs says plainly that a digest there defeats --build-arg', () => {
    const [golang] = scanDockerfile('ARG GO_VERSION=1.22\nFROM alpine:${GO_VERSION}\n').images;
    const md = hoverMarkdown(status('unpinned', golang, { target: AMD64 }));
    assert.match(md, /\*\*Note:\*\* a digest on this line wins over --build-arg GO_VERSION=…: the override no longer changes the image here\./);
  });
});
