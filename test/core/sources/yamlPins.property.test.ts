// For generated compose files and manifests: inserting `@sha256:…` at each occurrence's pin
// point changes nothing but the images — the re-parsed documents are the same apart from the
// digests, every image then carries the digest, and a second pin has nothing left to do.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { applyEdits, pinEdit } from '../../../src/core/pin';
import { scanCompose } from '../../../src/core/sources/compose';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';
import type { ScanResult, TextEdit } from '../../../src/core/types';

const D = `sha256:${'e'.repeat(64)}`;

const reference = fc.constantFrom('nginx:1.27', 'redis', 'ghcr.io/acme/app:v1', 'localhost:5000/team/tool:1.0', 'library/debian:12-slim');
/** An image as a file may write it: plain, quoted, with a comment after it. */
const written = fc.tuple(reference, fc.constantFrom('plain', 'double', 'single'), fc.boolean()).map(([ref, quote, comment]) => {
  const text = quote === 'double' ? `"${ref}"` : quote === 'single' ? `'${ref}'` : ref;
  return { text, comment: comment ? '   # pinned by docker-pin' : '' };
});
/** Compose also writes images through variables with defaults. */
const composeImage = fc.oneof(
  written,
  fc.constantFrom('${IMG:-node:22}', '"${REG:-docker.io}/library/python:3.12"', 'ghcr.io/acme/x:${TAG:-1.0}', "'${BASE_IMAGE:-alpine:3.20}'").map((text) => ({ text, comment: '' })),
);

const name = fc.constantFrom('web', 'api', 'db', 'cache', 'worker', 'queue', 'proxy', 'jobs');

const composeService = fc.tuple(name, composeImage, fc.constantFrom('block', 'flow', 'merged', 'built'), fc.constantFrom('', 'linux/arm64', 'linux/amd64')).map(([svc, image, style, platform]) => {
  switch (style) {
    case 'flow': {
      // A plain `${…}` would open a mapping inside a flow mapping: people quote it there.
      const text = /^[^"'].*\{/.test(image.text) ? `"${image.text}"` : image.text;
      return `  ${svc}: {image: ${text}${platform ? `, platform: ${platform}` : ''}}${image.comment}`;
    }
    case 'merged':
      return `  ${svc}:\n    <<: *base${platform ? `\n    platform: ${platform}` : ''}`;
    case 'built':
      return `  ${svc}:\n    build: ./${svc}\n    image: ${svc}-local:dev`;
    default:
      return `  ${svc}:\n    image: ${image.text}${image.comment}${platform ? `\n    platform: ${platform}` : ''}\n    command: ["run", "$$HOME"]`;
  }
});

const composeText = fc
  .tuple(composeImage, fc.uniqueArray(composeService, { minLength: 1, maxLength: 6, selector: (s) => s.slice(0, s.indexOf(':')) }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([base, services, eol, marker]) =>
    [
      ...(marker ? ['# generated', '---'] : []),
      'x-base: &base',
      `  image: ${base.text}${base.comment}`,
      '  restart: unless-stopped',
      '',
      'services:',
      ...services,
      '',
    ]
      .join('\n')
      .replace(/\n/g, eol),
  );

const container = fc.tuple(name, written, fc.constantFrom('block', 'flow')).map(([n, image, style]) =>
  style === 'flow' ? `    - {name: ${n}, image: ${image.text}}${image.comment}` : `    - name: ${n}\n      image: ${image.text}${image.comment}\n      args: ["--port", "80"]`,
);

const podSpec = fc.tuple(fc.array(container, { minLength: 1, maxLength: 3 }), fc.array(container, { maxLength: 2 }), fc.constantFrom('', 'arm64', 'amd64')).map(([containers, init, arch]) => [
  ...(arch ? [`  nodeSelector: {kubernetes.io/arch: ${arch}}`] : []),
  '  containers:',
  ...containers,
  ...(init.length > 0 ? ['  initContainers:', ...init] : []),
]);

const indent = (lines: readonly string[], by: string) => lines.map((line) => line.replace(/^/gm, by));

const manifest = fc.tuple(podSpec, fc.constantFrom('Pod', 'Deployment', 'CronJob', 'ConfigMap')).map(([spec, kind]) => {
  switch (kind) {
    case 'Pod':
      return ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', ...spec];
    case 'Deployment':
      return ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: d', 'spec:', '  template:', '    spec:', ...indent(spec, '    ')];
    case 'CronJob':
      return ['apiVersion: batch/v1', 'kind: CronJob', 'spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', ...indent(spec, '        ')];
    default:
      return ['apiVersion: v1', 'kind: ConfigMap', 'data:', '  image: not-an-image:1'];
  }
});

const manifests = fc
  .tuple(fc.array(manifest, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'))
  .map(([docs, eol]) => docs.map((lines) => lines.join('\n')).join('\n---\n').replace(/\n/g, eol) + eol);

/** Every document as data, merges applied. */
function documents(text: string): unknown[] {
  return parseAllDocuments(text, { merge: true }).map((doc) => {
    assert.deepEqual(doc.errors, []);
    return doc.toJS({ maxAliasCount: -1 });
  });
}

/** True when `after` is `before` with a digest inserted in some strings, and nothing else changed. */
function sameApartFromDigests(before: unknown, after: unknown): boolean {
  if (typeof before === 'string' && typeof after === 'string') {
    return after === before || after.replace(`:latest@${D}`, '') === before || after.replace(`@${D}`, '') === before;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return before.length === after.length && before.every((item, i) => sameApartFromDigests(item, after[i]));
  }
  if (before !== null && after !== null && typeof before === 'object' && typeof after === 'object') {
    const a = Object.entries(before as Record<string, unknown>);
    const b = after as Record<string, unknown>;
    return a.length === Object.keys(b).length && a.every(([key, value]) => sameApartFromDigests(value, b[key]));
  }
  return before === after;
}

function pinEdits(scan: ScanResult): TextEdit[] {
  return scan.images.flatMap((occ) => {
    const edit = pinEdit(occ, D);
    return edit ? [edit] : [];
  });
}

function checkPinning(text: string, scanner: (text: string) => ScanResult): void {
  const scan = scanner(text);
  assert.deepEqual(scan.problems, []);
  const pinned = applyEdits(text, pinEdits(scan));
  assert.ok(sameApartFromDigests(documents(text), documents(pinned)), `documents differ beyond digests:\n${text}\n---- pinned:\n${pinned}`);
  const again = scanner(pinned);
  assert.equal(again.images.length, scan.images.length);
  assert.ok(again.images.every((occ) => occ.reference.digest === D));
  assert.deepEqual(pinEdits(again), []);
  // Only digests were added: removing them gives the original text back, line breaks included.
  assert.equal(pinned.replace(new RegExp(`(?::latest)?@${D}`, 'g'), ''), text);
}

describe('pinning YAML kinds only inserts digests', () => {
  it('compose files', () => {
    fc.assert(fc.property(composeText, (text) => checkPinning(text, (t) => scanCompose(t))), { numRuns: 100 });
  });

  it('kubernetes manifests', () => {
    fc.assert(fc.property(manifests, (text) => checkPinning(text, (t) => scanKubernetes(t))), { numRuns: 100 });
  });
});
