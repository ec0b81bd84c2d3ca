// Image patterns of ignore.images, matched against normalized names.
import * as assert from 'node:assert/strict';
import { parseReference } from '../../../src/core/reference';
import { compileImagePattern } from '../../../src/core/repoConfig/imagePatterns';

const matches = (pattern: string, reference: string) => compileImagePattern(pattern).matches(parseReference(reference));

describe('image patterns (ignore.images)', () => {
  const table: [string, string, boolean][] = [
    ['alpine', 'alpine:3.20', true],
    ['alpine', 'docker.io/library/alpine', true],
    ['docker.io/library/alpine', 'alpine:3.20', true],
    ['docker.io/alpine', 'index.docker.io/library/alpine:3', true],
    ['alpine', 'alpine-slim:1', false],
    ['alpine', 'acme/alpine:1', false],
    ['docker.io/library/scratch', 'scratch-like:1', false],
    ['registry.internal/*', 'registry.internal/team/app:1', true],
    ['registry.internal/*', 'registry.internal/app', true],
    ['registry.internal/*', 'registry.internal.example/app', false],
    ['registry.internal/*', 'other.example/registry.internal/app', false],
    ['*.internal/*', 'ci.internal/app:1', true],
    ['localhost:5000/*', 'localhost:5000/app', true],
    ['bitnami/*', 'bitnami/redis:7', true],
    ['bitnami/*', 'docker.io/bitnami/redis:7', true],
    ['bitnami/*', 'quay.io/bitnami/redis:7', false],
    ['ghcr.io/acme/tool?', 'ghcr.io/acme/tool1', true],
    ['ghcr.io/acme/tool?', 'ghcr.io/acme/tool12', false],
    ['GHCR.io/acme/*', 'ghcr.io/acme/x', true],
    ['alpine:edge', 'alpine:edge', true],
    ['alpine:edge', 'alpine:3.20', false],
    ['alpine:latest', 'alpine', true],
    ['alpine:latest', 'alpine@sha256:' + 'a'.repeat(64), false],
    ['alpine', 'alpine@sha256:' + 'a'.repeat(64), true],
    ['node:*-alpine', 'node:20-alpine', true],
    ['node:*-alpine', 'node:20', false],
    ['node:*-Alpine', 'node:20-alpine', false],
  ];
  for (const [pattern, reference, expected] of table) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${reference}`, () => assert.equal(matches(pattern, reference), expected));
  }

  it('refuses a digest, an empty tag and empty parts', () => {
    assert.throws(() => compileImagePattern('alpine@sha256:abc'), /a digest names one image/);
    assert.throws(() => compileImagePattern('alpine:'), /ends in ":" without a tag/);
    assert.throws(() => compileImagePattern('registry.internal//app'), /is not an image pattern/);
    assert.throws(() => compileImagePattern(' alpine'), /is not an image pattern/);
  });
});
