import * as assert from 'node:assert/strict';
import { analyze } from '../../src/engine/analyze';
import { RegistryClient } from '../../src/registry/client';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { AMD64, ARM64, child, countingClient } from './fixtures';

describe('analyze against a real registry', function () {
  let registry: TestRegistry;
  let alpine: Awaited<ReturnType<typeof pushImage>>;
  let golang: Awaited<ReturnType<typeof pushImage>>;
  const client = () => new RegistryClient({ mirrors: { 'docker.io': registry.url } });

  before(async function () {
    this.timeout(60_000);
    registry = await startRegistry({ auth: 'none' });
    alpine = await pushImage(registry, 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
    golang = await pushImage(registry, 'library/golang', '1.22', { platforms: ['linux/amd64', 'linux/arm64'] });
  });
  after(async () => registry?.stop());

  const dockerfile = (alpineIndex: string) =>
    [
      'ARG GO=1.22',
      'ARG UNSET',
      'FROM golang:${GO} AS build',
      `FROM alpine:3.20@${alpineIndex} AS base`,
      'FROM build AS test',
      'COPY --from=alpine:3.20 /etc/os-release /tmp/',
      'FROM scratch',
      'COPY --from=nobody/missing:1 /x /x',
      'FROM base:${UNSET}',
      'FROM Not_Valid!',
      '',
    ].join('\n');

  it('gives one status per image, in document order, and passes on scan problems', async () => {
    const analysis = await analyze({ kind: 'dockerfile', text: dockerfile(alpine.index.digest) }, client(), { platform: AMD64, kind: 'platform' });
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.line, s.state]),
      [
        [3, 'unpinned'],
        [4, 'current'],
        [6, 'unpinned'],
        [8, 'error'],
      ],
    );
    assert.equal(analysis.statuses[0].targetDigest, child(golang, 'amd64').digest);
    assert.equal(analysis.statuses[1].kind, 'index');
    assert.equal(analysis.statuses[2].targetDigest, child(alpine, 'amd64').digest);
    assert.deepEqual(
      analysis.problems.map((p) => [p.range.start.line + 1, p.kind]),
      [
        [9, 'unresolved'],
        [10, 'invalid'],
      ],
    );
  });

  it('resolves a reference named on several lines with the requests of one', async () => {
    const once = client();
    await analyze({ kind: 'dockerfile', text: 'FROM alpine:3.20\n' }, once, { platform: AMD64, kind: 'platform' });
    const many = client();
    const text = 'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=alpine:3.20 / /\nRUN --mount=from=alpine:3.20,target=/a true\n';
    const analysis = await analyze({ kind: 'dockerfile', text }, many, { platform: AMD64, kind: 'platform' });
    assert.equal(analysis.statuses.length, 4);
    assert.ok(analysis.statuses.every((s) => s.state === 'unpinned' && s.targetDigest === child(alpine, 'amd64').digest));
    assert.equal(many.stats.requests, once.stats.requests);
  });

  it('scans for the build it is asked about: platform args for the target and builder, build args for ARGs', async () => {
    const text = 'ARG GO\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\nFROM alpine:${TARGETOS_TAG:-3.20} AS base\nFROM --platform=$TARGETPLATFORM alpine:3.20\n';
    const options = { platform: ARM64, buildPlatform: AMD64, buildArgs: new Map([['GO', '1.22']]), kind: 'platform' as const };
    const analysis = await analyze({ kind: 'dockerfile', text }, client(), options);
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.expanded, s.platform.architecture, s.targetDigest, s.occurrence.buildTimePlatform === true]),
      [
        ['golang:1.22', 'amd64', child(golang, 'amd64').digest, true],
        ['alpine:3.20', 'arm64', child(alpine, 'arm64').digest, false],
        ['alpine:3.20', 'arm64', child(alpine, 'arm64').digest, true],
      ],
    );
    assert.deepEqual(analysis.problems, []);
  });

  it('a Dockerfile without images needs no request', async () => {
    const c = client();
    const analysis = await analyze({ kind: 'dockerfile', text: 'FROM scratch\nCOPY a /a\n' }, c, { platform: AMD64, kind: 'platform' });
    assert.deepEqual(analysis.statuses, []);
    assert.equal(c.stats.requests, 0);
  });
});

describe('analyze, lines that name the same image', () => {
  it('works each image and platform out once and gives every line its own status', async () => {
    const client = countingClient();
    const text = [
      'FROM alpine:3.20 AS a',
      'COPY --from=alpine:3.20 / /',
      'FROM --platform=linux/arm64 alpine:3.20',
      'FROM alpine:3.20',
      'FROM nobody/missing:1',
      'COPY --from=nobody/missing:1 /x /x',
      '',
    ].join('\n');
    const analysis = await analyze({ kind: 'dockerfile', text }, client, { platform: AMD64, kind: 'platform' });
    assert.deepEqual(
      analysis.statuses.map((s) => [s.occurrence.line, s.occurrence.source, s.state, s.platform.architecture, s.targetDigest?.slice(7, 9), s.error?.message]),
      [
        [1, 'from', 'unpinned', 'amd64', 'aa', undefined],
        [2, 'copy', 'unpinned', 'amd64', 'aa', undefined],
        [3, 'from', 'unpinned', 'arm64', 'bb', undefined],
        [4, 'from', 'unpinned', 'amd64', 'aa', undefined],
        [5, 'from', 'error', 'amd64', undefined, 'nobody/missing:1: not found'],
        [6, 'copy', 'error', 'amd64', undefined, 'nobody/missing:1: not found'],
      ],
    );
    assert.deepEqual(client.asked, ['library/alpine:3.20 amd64 platform', 'library/alpine:3.20 arm64 platform', 'nobody/missing:1 amd64 platform']);
  });
});
