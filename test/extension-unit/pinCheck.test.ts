import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { pinEdit } from '../../src/core/pin';
import { scanKubernetes } from '../../src/core/sources/kubernetes';
import { pinRefusal } from '../../src/extension/pinCheck';
import { AMD64, INDEX } from './fixtures';

describe('extension pinCheck: the re-read check before a single pin is applied', () => {
  const text = 'FROM alpine:3.20 AS base\nCOPY --from=busybox:1.36 /bin/sh /sh\n';
  const file = { kind: 'dockerfile', text } as const;
  const images = scanDockerfile(text).images;
  const alpine = images[0];
  const pin = (edit = pinEdit(alpine, AMD64), digest = AMD64) => {
    assert.ok(edit);
    return { at: alpine.range.start, edit, digest };
  };

  it('passes a pin that only adds the planned digest', () => {
    assert.equal(pinRefusal(file, images, pin(), {}), undefined);
  });

  it('refuses an edit that changes the name as well', () => {
    const edit = pinEdit(alpine, AMD64);
    assert.ok(edit);
    assert.match(pinRefusal(file, images, pin({ ...edit, newText: `-edge@${AMD64}` }), {}) ?? '', /line 1: "alpine:3.20" would become "alpine:3.20-edge@/);
  });

  it('refuses an edit that does not leave the digest it promised', () => {
    assert.match(pinRefusal(file, images, pin(pinEdit(alpine, INDEX), AMD64), {}) ?? '', /does not carry/);
  });

  it('refuses an edit that turns a stage reference into an image or hides one', () => {
    const swallow = { range: { start: { line: 0, character: 16 }, end: { line: 1, character: 0 } }, newText: `@${AMD64}\n# ` };
    assert.match(pinRefusal(file, images, pin(swallow), {}) ?? '', /names 1 images instead of 2/);
  });

  it('refuses a pin for a place where no image starts (the text is not the one the pin was made for)', () => {
    assert.match(pinRefusal(file, images, { ...pin(), at: { line: 0, character: 6 } }, {}) ?? '', /no image starts at line 1, column 7/);
  });

  it('reads the pinned text again for the same build: build args that made the image known keep it known', () => {
    const withArg = 'ARG GO_VERSION\nFROM golang:${GO_VERSION}\n';
    const options = { buildArgs: new Map([['GO_VERSION', '1.23']]) };
    const [golang] = scanDockerfile(withArg, options).images;
    assert.equal(golang?.expanded, 'golang:1.23');
    const edit = pinEdit(golang, AMD64);
    assert.ok(edit);
    const goPin = { at: golang.range.start, edit, digest: AMD64 };
    assert.equal(pinRefusal({ kind: 'dockerfile', text: withArg }, [golang], goPin, options), undefined);
    // Read again without them, the line names no image: such a check could never pass.
    assert.match(pinRefusal({ kind: 'dockerfile', text: withArg }, [golang], goPin, {}) ?? '', /names 0 images instead of 1/);
  });

  it('a pin in an ARG default is every sharing line\'s: passes when each carries it, refused when one would gain a digest unplanned', () => {
    const shared = 'ARG BASE=alpine:3.20\nFROM ${BASE} AS a\nCOPY --from=$BASE /a /b\nRUN echo\n';
    const [from, copy] = scanDockerfile(shared).images;
    const edit = pinEdit(copy, AMD64);
    assert.ok(edit);
    assert.equal(pinRefusal({ kind: 'dockerfile', text: shared }, [from, copy], { at: copy.range.start, edit, digest: AMD64 }, {}), undefined);
    // As the check saw it before it knew the lines share the default: the other line's digest was not planned.
    const unshared = [{ ...from, valueAt: undefined }, { ...copy, valueAt: undefined }];
    assert.match(pinRefusal({ kind: 'dockerfile', text: shared }, unshared, { at: copy.range.start, edit, digest: AMD64 }, {}) ?? '', /line 2: .* would change its digest, which was not planned|would start taking its pin/);
  });

  it("a kustomization entry's pin, added as its digest: field or replacing it, passes; a digest after newTag is refused", () => {
    const kustomization = 'kind: Kustomization\nimages:\n  - name: web\n    newName: acme/web\n    newTag: "1"\n  - {name: db, newTag: "16", digest: ' + INDEX + '}\n';
    const yaml = { kind: 'kubernetes', text: kustomization } as const;
    const entries = scanKubernetes(kustomization).images;
    assert.deepEqual(entries.map((occ) => occ.expanded), ['acme/web:1', `db:16@${INDEX}`]);
    for (const occ of entries) {
      const edit = pinEdit(occ, AMD64);
      assert.ok(edit);
      assert.equal(pinRefusal(yaml, entries, { at: occ.range.start, edit, digest: AMD64 }, {}), undefined);
    }
    const [web] = entries;
    const afterTag = { range: { start: { line: 4, character: 14 }, end: { line: 4, character: 14 } }, newText: `@${AMD64}` };
    assert.match(pinRefusal(yaml, entries, { at: web.range.start, edit: afterTag, digest: AMD64 }, {}) ?? '', /line 3: the digest of the kustomize image "web" would not be written in its digest: field/);
  });
});
