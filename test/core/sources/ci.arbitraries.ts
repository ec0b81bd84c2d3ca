// Generated workflow, GitLab CI and dev container files with images written in every style the
// formats allow: plain, single- and double-quoted scalars, block and flow mappings, anchors and
// aliases, comments, CRLF; JSONC with comments, tabs and trailing commas.
import fc from 'fast-check';

const image = fc.constantFrom('alpine:3.20', 'node:20-bookworm-slim', 'ghcr.io/acme/tool:v1.2.3', 'localhost:5000/team/app:2024.1', 'docker.io/library/redis:7');
const style = fc.constantFrom<'plain' | 'single' | 'double'>('plain', 'single', 'double');
const comment = fc.constantFrom('', ' # a comment', '   #pinned later');
const eol = fc.constantFrom('\n', '\r\n');

function scalar(value: string, how: 'plain' | 'single' | 'double'): string {
  if (how === 'single') return `'${value}'`;
  if (how === 'double') return `"${value}"`;
  return value;
}

const styledImage = fc.record({ image, style });
type StyledImage = { image: string; style: 'plain' | 'single' | 'double' };
const show = (i: StyledImage, prefix = ''): string => scalar(`${prefix}${i.image}`, i.style);

const workflowJob = fc.record({
  container: fc.option(fc.record({ form: fc.constantFrom('string', 'map', 'flow', 'docker'), at: styledImage }), { nil: undefined }),
  services: fc.array(fc.record({ form: fc.constantFrom('string', 'map', 'flow'), at: styledImage }), { maxLength: 3 }),
  steps: fc.array(fc.record({ docker: fc.boolean(), at: styledImage }), { maxLength: 3 }),
  comment,
});

/** A workflow: jobs with containers, services and steps; the first container may be anchored and reused. */
export const workflowText = fc.tuple(fc.array(workflowJob, { minLength: 1, maxLength: 4 }), fc.boolean(), eol).map(([jobs, anchor, nl]) => {
  const lines = ['name: generated', 'on: [push]', 'jobs:'];
  let anchored = false;
  jobs.forEach((job, j) => {
    lines.push(`  job${j}:`, '    runs-on: ubuntu-latest');
    if (job.container) {
      const { form, at } = job.container;
      const useAlias = anchor && anchored && form === 'string';
      const mark = anchor && !anchored && form === 'string' ? '&c ' : '';
      if (mark) anchored = true;
      if (useAlias) lines.push('    container: *c');
      else if (form === 'string') lines.push(`    container: ${mark}${show(at)}${job.comment}`);
      else if (form === 'docker') lines.push(`    container: ${show(at, 'docker://')}${job.comment}`);
      else if (form === 'flow') lines.push(`    container: { image: ${show(at)}, options: --cpus 1 }`);
      else lines.push('    container:', `      image: ${show(at)}${job.comment}`, '      env: { A: "1" }');
    }
    if (job.services.length > 0) {
      lines.push('    services:');
      job.services.forEach(({ form, at }, s) => {
        if (form === 'string') lines.push(`      s${s}: ${show(at)}`);
        else if (form === 'flow') lines.push(`      s${s}: { image: ${show(at)} }`);
        else lines.push(`      s${s}:`, `        image: ${show(at)}${job.comment}`, '        ports: ["80"]');
      });
    }
    lines.push('    steps:', '      - run: echo');
    for (const step of job.steps) lines.push(step.docker ? `      - uses: ${show(step.at, 'docker://')}` : '      - uses: actions/checkout@v4');
  });
  return lines.join(nl) + nl;
});

const gitlabImage = fc.record({ at: styledImage, form: fc.constantFrom('string', 'map', 'flow'), variable: fc.boolean() });

/** A GitLab file: top-level variables holding images, default, a template, jobs extending it or not. */
export const gitlabText = fc
  .tuple(
    fc.array(styledImage, { minLength: 1, maxLength: 3 }),
    fc.option(gitlabImage, { nil: undefined }),
    fc.option(gitlabImage, { nil: undefined }),
    fc.array(fc.record({ image: fc.option(gitlabImage, { nil: undefined }), services: fc.array(gitlabImage, { maxLength: 2 }), extend: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    comment,
    eol,
  )
  .map(([variables, defaultImage, templateImage, jobs, note, nl]) => {
    const lines = ['variables:'];
    variables.forEach((v, i) => lines.push(`  IMAGE_${i}: ${show(v)}${note}`));
    // An image either written out or written as one of the variables above.
    let counter = 0;
    const ref = (g: { at: StyledImage; variable: boolean }): string => (g.variable ? `$IMAGE_${counter++ % variables.length}` : show(g.at));
    const imageLines = (key: string, g: { at: StyledImage; form: string; variable: boolean }, indent: string): string[] => {
      if (g.form === 'string') return [`${indent}${key}: ${ref(g)}`];
      if (g.form === 'flow') return [`${indent}${key}: { name: ${ref(g)}, entrypoint: [""] }`];
      return [`${indent}${key}:`, `${indent}  name: ${ref(g)}`, `${indent}  entrypoint: [""]`];
    };
    if (defaultImage) lines.push('default:', ...imageLines('image', defaultImage, '  '));
    if (templateImage) lines.push('.template: &tpl', ...imageLines('image', templateImage, '  '), '  tags: [docker]');
    jobs.forEach((job, j) => {
      lines.push(`job${j}:`, '  script: [make]');
      if (job.extend && templateImage) lines.push('  extends: .template');
      if (job.image) lines.push(...imageLines('image', job.image, '  '));
      if (job.services.length > 0) {
        lines.push('  services:');
        for (const service of job.services) {
          if (service.form === 'string') lines.push(`    - ${ref(service)}`);
          else lines.push(`    - name: ${ref(service)}`, '      alias: svc');
        }
      }
    });
    return lines.join(nl) + nl;
  });

/** A dev container config with comments, trailing commas and tabs, keys in any order. */
export const devcontainerText = fc
  .tuple(
    image,
    fc.shuffledSubarray(['name', 'image', 'features', 'build', 'comment', 'customizations'], { minLength: 1 }),
    fc.constantFrom('\t', '  ', '    '),
    fc.boolean(),
    eol,
  )
  .map(([img, keys, indent, trailing, nl]) => {
    const comma = trailing ? ',' : '';
    const members = keys.map((key) => {
      switch (key) {
        case 'name':
          return `${indent}"name": "generated"`;
        case 'image':
          return `${indent}// the base image${nl}${indent}"image": "${img}" /* kept */`;
        case 'features':
          return `${indent}"features": {${nl}${indent}${indent}"ghcr.io/devcontainers/features/node:1": { "version": "lts" }${comma}${nl}${indent}}`;
        case 'build':
          return `${indent}"build": { "args": { "VARIANT": "3.12" }${comma} }`;
        case 'customizations':
          return `${indent}"customizations": { "vscode": { "extensions": ["ms-python.python"${comma}] } }`;
        default:
          return `${indent}// a comment on its own line${nl}${indent}"remoteUser": "vscode"`;
      }
    });
    return `// generated${nl}{${nl}${members.join(`,${nl}`)}${comma}${nl}}${nl}`;
  });
