import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DockerPinError } from '../../src/core/errors';
import {
  familiarName,
  formatReference,
  fullName,
  parseReference,
  registryHostForApi,
} from '../../src/core/reference';
import { invalidReferences, validReferences } from './reference.fixtures';

const D = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

function assertInvalid(text: string, fragment: string): void {
  assert.throws(
    () => parseReference(text),
    (e: unknown) => {
      assert.ok(e instanceof DockerPinError, `expected a DockerPinError, got ${String(e)}`);
      assert.equal(e.code, 'INVALID_REFERENCE');
      assert.ok(e.message.startsWith(`invalid reference ${JSON.stringify(text)}: `), e.message);
      assert.ok(e.message.includes(fragment), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(fragment)}`);
      return true;
    },
  );
}

describe('parseReference', () => {
  describe('accepts what docker accepts (distribution/reference tables)', () => {
    for (const c of validReferences) {
      it(JSON.stringify(c.input.length > 80 ? `${c.input.slice(0, 77)}...` : c.input), () => {
        const ref = parseReference(c.input);
        assert.deepEqual(
          { registry: ref.registry, repository: ref.repository, tag: ref.tag, digest: ref.digest },
          { registry: c.registry, repository: c.repository, tag: c.tag, digest: c.digest },
        );
        assert.equal(ref.original, c.input);
      });
    }
  });

  describe('rejects what docker rejects, saying what is wrong', () => {
    for (const c of invalidReferences) {
      it(JSON.stringify(c.input.length > 80 ? `${c.input.slice(0, 77)}...` : c.input), () => {
        assertInvalid(c.input, c.message);
      });
    }
  });

  it('gives the message shown to users for an uppercase repository', () => {
    assert.throws(() => parseReference('Alpine:3'), {
      message: 'invalid reference "Alpine:3": repository name must be lowercase',
    });
  });

  it('leaves out tag and digest keys that were not written', () => {
    assert.deepEqual(parseReference('alpine'), {
      original: 'alpine',
      registry: 'docker.io',
      repository: 'library/alpine',
    });
  });

  it('keeps both tag and digest of name:tag@digest', () => {
    const ref = parseReference(`nginx:1.27@${D}`);
    assert.equal(ref.tag, '1.27');
    assert.equal(ref.digest, D);
  });

  it('counts the 255-character limit on the repository path including library/', () => {
    const name = 'a'.repeat(247); // library/ + 247 = 255
    assert.equal(parseReference(name).repository.length, 255);
    assertInvalid(`${name}b`, 'must not be more than 255 characters');
  });

  it('answers quickly for long hostile input', () => {
    const hostile = [
      `${'a-'.repeat(50_000)}!`,
      `${'a.'.repeat(50_000)}/x`,
      `${'a'.repeat(100_000)}:`,
      `x@sha256:${'a'.repeat(100_000)}`,
      `[${':'.repeat(100_000)}/x`,
      `${'a__'.repeat(30_000)}_`,
    ];
    const started = Date.now();
    for (const text of hostile) assert.throws(() => parseReference(text), DockerPinError);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  it('never throws anything but a DockerPinError, whatever the text', () => {
    const alphabet = fc.constantFrom(...'aZ09._-:/@[]%$ '.split(''), 'sha256:', 'library/', 'docker.io');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.array(alphabet).map((a) => a.join(''))), (text) => {
        try {
          parseReference(text);
        } catch (e) {
          if (!(e instanceof DockerPinError) || e.code !== 'INVALID_REFERENCE') throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatReference', () => {
  it('writes the fully qualified reference', () => {
    assert.equal(formatReference(parseReference('alpine:3.20')), 'docker.io/library/alpine:3.20');
    assert.equal(formatReference(parseReference(`ghcr.io/o/app:1@${D}`)), `ghcr.io/o/app:1@${D}`);
    assert.equal(formatReference(parseReference('[::1]:5000/app')), '[::1]:5000/app');
  });

  it('replaces the tag or digest when given, and removes it when null', () => {
    const ref = parseReference(`alpine:3.20@${D}`);
    assert.equal(formatReference(ref, { digest: D2 }), `docker.io/library/alpine:3.20@${D2}`);
    assert.equal(formatReference(ref, { digest: null }), 'docker.io/library/alpine:3.20');
    assert.equal(formatReference(ref, { tag: null }), `docker.io/library/alpine@${D}`);
    assert.equal(formatReference(ref, { tag: '3.21', digest: null }), 'docker.io/library/alpine:3.21');
    assert.equal(formatReference(parseReference('alpine'), { digest: D }), `docker.io/library/alpine@${D}`);
  });

  it('refuses to write an invalid tag or digest', () => {
    const ref = parseReference('alpine');
    assert.throws(() => formatReference(ref, { tag: '-bad' }), { code: 'INVALID_REFERENCE' });
    assert.throws(() => formatReference(ref, { digest: 'sha256:abc' }), { code: 'INVALID_REFERENCE' });
  });

  it('round-trips through parseReference for every valid reference in the tables', () => {
    for (const c of validReferences) {
      const ref = parseReference(c.input);
      const again = parseReference(formatReference(ref));
      assert.deepEqual({ ...again, original: '' }, { ...ref, original: '' }, c.input);
    }
  });

  it('round-trips generated references (property)', () => {
    const component = fc.stringMatching(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/).filter((s) => s.length <= 40);
    const host = fc.oneof(
      fc.constantFrom('docker.io', 'ghcr.io', 'localhost', 'localhost:5000', '[::1]:5000', '127.0.0.1:8080', 'Registry'),
      fc.tuple(fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/), fc.constantFrom('.io', '.example.com')).map(
        ([a, b]) => a + b,
      ),
    );
    const tag = fc.option(fc.stringMatching(/^\w[\w.-]{0,127}$/), { nil: undefined });
    const digest = fc.option(
      fc.oneof(
        fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
        fc.stringMatching(/^[a-f0-9]{128}$/).map((h) => `sha512:${h}`),
      ),
      { nil: undefined },
    );
    fc.assert(
      fc.property(host, fc.array(component, { minLength: 1, maxLength: 4 }), tag, digest, (h, path, t, d) => {
        const repository = h === 'docker.io' && path.length === 1 ? `library/${path[0]}` : path.join('/');
        const text = `${h}/${path.join('/')}${t !== undefined ? `:${t}` : ''}${d !== undefined ? `@${d}` : ''}`;
        const ref = parseReference(text);
        assert.equal(ref.registry, h);
        assert.equal(ref.repository, repository);
        assert.equal(ref.tag, t);
        assert.equal(ref.digest, d);
        const formatted = formatReference(ref);
        assert.deepEqual({ ...parseReference(formatted), original: '' }, { ...ref, original: '' });
        assert.equal(formatReference(parseReference(formatted)), formatted);
      }),
      { numRuns: 500 },
    );
  });
});

describe('fullName and familiarName (normalize_test.go TestParseRepositoryInfo)', () => {
  const cases: ReadonlyArray<{ inputs: string[]; familiar: string; full: string }> = [
    { inputs: ['fooo/bar', 'docker.io/fooo/bar', 'index.docker.io/fooo/bar'], familiar: 'fooo/bar', full: 'docker.io/fooo/bar' },
    { inputs: ['ubuntu', 'docker.io/library/ubuntu', 'library/ubuntu'], familiar: 'ubuntu', full: 'docker.io/library/ubuntu' },
    { inputs: ['nonlibrary/ubuntu'], familiar: 'nonlibrary/ubuntu', full: 'docker.io/nonlibrary/ubuntu' },
    { inputs: ['other/library'], familiar: 'other/library', full: 'docker.io/other/library' },
    { inputs: ['127.0.0.1:8000/private/moonbase'], familiar: '127.0.0.1:8000/private/moonbase', full: '127.0.0.1:8000/private/moonbase' },
    { inputs: ['127.0.0.1:8000/privatebase'], familiar: '127.0.0.1:8000/privatebase', full: '127.0.0.1:8000/privatebase' },
    { inputs: ['example.com/private/moonbase'], familiar: 'example.com/private/moonbase', full: 'example.com/private/moonbase' },
    { inputs: ['example.com:8000/privatebasee'], familiar: 'example.com:8000/privatebasee', full: 'example.com:8000/privatebasee' },
    {
      inputs: ['ubuntu-12.04-base', 'index.docker.io/library/ubuntu-12.04-base'],
      familiar: 'ubuntu-12.04-base',
      full: 'docker.io/library/ubuntu-12.04-base',
    },
    { inputs: ['foo', 'docker.io/foo'], familiar: 'foo', full: 'docker.io/library/foo' },
    { inputs: ['library/foo/bar'], familiar: 'library/foo/bar', full: 'docker.io/library/foo/bar' },
    { inputs: ['store/foo/bar'], familiar: 'store/foo/bar', full: 'docker.io/store/foo/bar' },
    { inputs: ['Foo/bar'], familiar: 'Foo/bar', full: 'Foo/bar' },
    { inputs: ['FOO/bar'], familiar: 'FOO/bar', full: 'FOO/bar' },
    { inputs: ['ghcr.io/o/app:1'], familiar: 'ghcr.io/o/app', full: 'ghcr.io/o/app' },
  ];
  for (const c of cases) {
    for (const input of c.inputs) {
      it(`${input} -> ${c.familiar}, ${c.full}`, () => {
        const ref = parseReference(input);
        assert.equal(familiarName(ref), c.familiar);
        assert.equal(fullName(ref), c.full);
      });
    }
  }
});

describe('registryHostForApi', () => {
  it("sends Docker Hub's API calls to registry-1.docker.io", () => {
    assert.equal(registryHostForApi('docker.io'), 'registry-1.docker.io');
    assert.equal(registryHostForApi(parseReference('index.docker.io/library/alpine').registry), 'registry-1.docker.io');
  });

  it('leaves every other registry alone', () => {
    for (const host of ['ghcr.io', 'localhost:5000', '[::1]:5000', 'registry-1.docker.io', 'quay.io']) {
      assert.equal(registryHostForApi(host), host);
    }
  });
});
