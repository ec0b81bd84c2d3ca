import * as assert from 'node:assert/strict';
import { applyEdits, pinEdit } from '../../../src/core/pin';
import { scanKubernetes } from '../../../src/core/sources/kubernetes';
import { scanKustomization } from '../../../src/core/sources/kustomize';
import { at } from './helpers';

const D = `sha256:${'9'.repeat(64)}`;
const OLD = `sha256:${'1'.repeat(64)}`;

/** The file after pinning every entry that has something to resolve, as the scan of the file gives them. */
function pinAll(text: string): string {
  const { images } = scanKubernetes(text);
  const edits = images.flatMap((occurrence) => {
    const edit = pinEdit(occurrence, D);
    return edit ? [edit] : [];
  });
  return applyEdits(text, edits);
}

describe('kustomize images', () => {
  const text = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    '  - deployment.yaml',
    'images:',
    '  # the web front end',
    '  - name: nginx',
    '    newTag: "1.27.2"   # keep in step with prod',
    '  - name: postgres',
    '    newName: registry.example.com/mirror/postgres',
    '    newTag: 16.4',
    `    digest: ${OLD}`,
    '  - {name: redis, newTag: 7.4-alpine}',
    '  - name: my-app',
    '    newName: ghcr.io/acme/app',
    '',
  ].join('\n');

  it('reads each entry with its fields and where they are written', () => {
    const { images, problems } = scanKustomization(text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      images.map((image) => ({
        name: image.name.value,
        newName: image.newName?.value,
        newTag: image.newTag && at(text, image.newTag.range),
        digest: image.digest && at(text, image.digest.range),
        reference: image.reference?.original,
        line: image.line,
      })),
      [
        { name: 'nginx', newName: undefined, newTag: '1.27.2', digest: undefined, reference: 'nginx:1.27.2', line: 7 },
        {
          name: 'postgres',
          newName: 'registry.example.com/mirror/postgres',
          newTag: '16.4',
          digest: OLD,
          reference: `registry.example.com/mirror/postgres:16.4@${OLD}`,
          line: 9,
        },
        { name: 'redis', newName: undefined, newTag: '7.4-alpine', digest: undefined, reference: 'redis:7.4-alpine', line: 13 },
        { name: 'my-app', newName: 'ghcr.io/acme/app', newTag: undefined, digest: undefined, reference: undefined, line: 14 },
      ],
    );
  });

  it('pins in the digest field: added after the entry\'s last line, replaced in place, added in flow style; never without a tag', () => {
    assert.equal(
      pinAll(text),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - deployment.yaml',
        'images:',
        '  # the web front end',
        '  - name: nginx',
        '    newTag: "1.27.2"   # keep in step with prod',
        `    digest: ${D}`,
        '  - name: postgres',
        '    newName: registry.example.com/mirror/postgres',
        '    newTag: 16.4',
        `    digest: ${D}`,
        `  - {name: redis, newTag: 7.4-alpine, digest: ${D}}`,
        '  - name: my-app',
        '    newName: ghcr.io/acme/app',
        '',
      ].join('\n'),
    );
  });

  it('never puts a digest after newTag, keeps CRLF, and a second pin changes nothing', () => {
    const crlf = text.replace(/\n/g, '\r\n');
    const pinned = pinAll(crlf);
    assert.ok(!pinned.includes(`1.27.2@`));
    assert.equal(pinned, pinAll(text).replace(/\n/g, '\r\n'));
    const again = scanKubernetes(pinned).images.map((occurrence) => pinEdit(occurrence, D));
    assert.deepEqual(again, [undefined, undefined, undefined]);
  });

  it('reports an entry it cannot read and reads the others', () => {
    const { images, problems } = scanKustomization('images:\n  - newTag: "1"\n  - name: nginx\n    newTag: |\n      1.27\n  - name: redis\n    newTag: "7"\n');
    assert.deepEqual(images.map((image) => image.name.value), ['redis']);
    assert.deepEqual(problems.map((p) => [p.kind, p.range.start.line + 1]), [['invalid', 2], ['skipped', 4]]);
  });
});
