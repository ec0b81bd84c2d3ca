// fast-check generators of compose files and Kubernetes manifests with image fields written in
// the ways people write them: plain, quoted, with comments, through variables with defaults,
// under anchors merged into services, in block and flow style, with LF or CRLF.
import fc from 'fast-check';

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

export const composeText = fc
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

export const manifests = fc
  .tuple(fc.array(manifest, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n'))
  .map(([docs, eol]) => docs.map((lines) => lines.join('\n')).join('\n---\n').replace(/\n/g, eol) + eol);
