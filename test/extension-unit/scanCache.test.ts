import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { ScanCache, scanOptionsKey } from '../../src/extension/scanCache';

const AMD64 = { platform: parsePlatform('linux/amd64') };

describe('extension scanCache: one scan per document version, kind and build', () => {
  it('scans once per version and again after a change', () => {
    const cache = new ScanCache();
    let reads = 0;
    const text = (t: string) => ({ kind: 'dockerfile' as const, text: () => (reads++, t) });
    const first = cache.scan('file:///Dockerfile', 1, text('FROM alpine:3.20\n'), AMD64);
    assert.equal(first.images[0]?.reference.repository, 'library/alpine');
    assert.equal(cache.scan('file:///Dockerfile', 1, text('ignored'), { platform: parsePlatform('linux/x86_64') }), first);
    assert.equal(reads, 1);
    const second = cache.scan('file:///Dockerfile', 2, text('FROM debian:12\n'), AMD64);
    assert.equal(second.images[0]?.reference.repository, 'library/debian');
    cache.forget('file:///Dockerfile');
    cache.scan('file:///Dockerfile', 2, text('FROM debian:12\n'), AMD64);
    assert.equal(reads, 3);
  });

  it('scans again for another platform or other build args: the same words name other images', () => {
    const cache = new ScanCache();
    const text = { kind: 'dockerfile' as const, text: () => 'ARG TAG\nFROM acme/busybox-${TARGETARCH}:${TAG}\n' };
    const expanded = (options: Parameters<ScanCache['scan']>[3]) => cache.scan('file:///Dockerfile', 1, text, options).images.map((o) => o.expanded);
    const withTag = { ...AMD64, buildArgs: new Map([['TAG', '1']]) };
    assert.deepEqual(expanded(withTag), ['acme/busybox-amd64:1']);
    assert.deepEqual(expanded({ ...withTag, platform: parsePlatform('linux/arm64') }), ['acme/busybox-arm64:1']);
    assert.deepEqual(expanded({ ...withTag, buildArgs: new Map([['TAG', '2']]) }), ['acme/busybox-amd64:2']);
    assert.deepEqual(expanded(AMD64), []);
  });

  it('keys options by what they mean, build args in any order', () => {
    const a = scanOptionsKey({ ...AMD64, buildArgs: new Map([['A', '1'], ['B', '2']]) });
    assert.equal(scanOptionsKey({ platform: parsePlatform('linux/x86_64'), buildArgs: new Map([['B', '2'], ['A', '1']]) }), a);
    assert.notEqual(scanOptionsKey({ ...AMD64, buildPlatform: parsePlatform('linux/arm64'), buildArgs: new Map([['A', '1'], ['B', '2']]) }), a);
  });

  it('reads each kind with its own source, and a compose file with its .env as it is now', () => {
    const cache = new ScanCache();
    const compose = 'services:\n  web:\n    image: ${WEB_IMAGE:-nginx:1.27}\n  db:\n    image: $DB_IMAGE\n';
    let env: string | undefined = undefined;
    const source = { kind: 'compose' as const, text: () => compose, envText: () => env };
    const expanded = () => cache.scan('file:///compose.yaml', 1, source, {}).images.map((o) => o.expanded);
    assert.deepEqual(expanded(), ['nginx:1.27']);
    env = 'DB_IMAGE=postgres:16\n';
    assert.deepEqual(expanded(), ['nginx:1.27', 'postgres:16'], 'a new .env is read without a new version of the compose file');
    const workflow = 'jobs:\n  build:\n    runs-on: ubuntu-latest\n    container: node:20\n    steps:\n      - uses: docker://alpine:3.20\n';
    const asWorkflow = cache.scan('file:///compose.yaml', 1, { kind: 'github-workflow', text: () => workflow }, {});
    assert.deepEqual(asWorkflow.images.map((o) => o.expanded), ['node:20', 'alpine:3.20'], 'another kind for the same version scans again');
  });

  it('keys the environment compose interpolates with', () => {
    assert.notEqual(scanOptionsKey({ environment: new Map([['TAG', '1']]) }), scanOptionsKey({ environment: new Map([['TAG', '2']]) }));
  });

  it('keys the jobs a GitLab pipeline defines, which decide whether an extends of a file is read', () => {
    const pipeline = (jobNames: string[]) => ({ gitlabPipeline: { variables: new Map(), files: '.gitlab-ci.yml and the files it includes', jobNames: new Set(jobNames) } });
    assert.notEqual(scanOptionsKey(pipeline(['.tpl'])), scanOptionsKey(pipeline([])));
  });

  it("scans a manifest again when the workspace's kustomizations start renaming an operator's image field through a transformer config, and a kustomization when its configurations: entries break", () => {
    const cache = new ScanCache();
    const manifest = { kind: 'kubernetes' as const, text: () => 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: main}\nspec:\n  image: nginx:1.27\n' };
    const step = { name: 'nginx', newName: 'registry.example.com/mirror/nginx', keepsTag: true };
    const by = 'kustomization.yaml renders it';
    const expanded = (options: Parameters<ScanCache['scan']>[3]) => cache.scan('file:///operators.yaml', 1, manifest, options).images.map((o) => o.expanded);
    assert.deepEqual(expanded({ ...AMD64, kustomize: { by, steps: [step] } }), ['nginx:1.27']);
    const fieldSpecs = [{ path: ['spec', 'image'], written: 'spec/image', kind: 'Prometheus' }];
    assert.deepEqual(expanded({ ...AMD64, kustomize: { by, steps: [{ ...step, fieldSpecs }] } }), ['registry.example.com/mirror/nginx:1.27']);

    const kustomization = { kind: 'kubernetes' as const, text: () => 'resources: [operators.yaml]\nconfigurations: [missing.yaml]\n' };
    const problems = (options: Parameters<ScanCache['scan']>[3]) => cache.scan('file:///kustomization.yaml', 1, kustomization, options).problems.map((p) => [p.range.start.line, p.text, p.kind]);
    assert.deepEqual(problems(AMD64), []);
    assert.deepEqual(problems({ ...AMD64, configurations: [{ index: 0, kind: 'unresolved', message: 'the transformer config missing.yaml does not exist' }] }), [[1, 'missing.yaml', 'unresolved']]);
  });
});
