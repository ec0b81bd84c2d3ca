import * as assert from 'node:assert/strict';
import { parseChallenges, preferredChallenge } from '../../src/registry/challenge';

describe('registry/challenge', () => {
  const cases: Array<{ name: string; header: string | string[]; want: Array<{ scheme: string; params: Record<string, string> }> }> = [
    {
      name: 'Docker Hub bearer challenge',
      header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      want: [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' } }],
    },
    {
      name: 'basic with realm',
      header: 'Basic realm="Registry Realm"',
      want: [{ scheme: 'basic', params: { realm: 'Registry Realm' } }],
    },
    {
      name: 'two challenges in one header',
      header: 'Basic realm="r1", Bearer realm="https://t/token",service="s"',
      want: [
        { scheme: 'basic', params: { realm: 'r1' } },
        { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
      ],
    },
    {
      name: 'two headers',
      header: ['Basic realm="x"', 'Bearer realm="https://t/token"'],
      want: [
        { scheme: 'basic', params: { realm: 'x' } },
        { scheme: 'bearer', params: { realm: 'https://t/token' } },
      ],
    },
    {
      name: 'quoted scope holding commas (two scopes)',
      header: 'Bearer realm="https://t/token",scope="repository:a:pull,push repository:b:pull",service="s"',
      want: [{ scheme: 'bearer', params: { realm: 'https://t/token', scope: 'repository:a:pull,push repository:b:pull', service: 's' } }],
    },
    {
      name: 'backslash escapes in quoted values',
      header: 'Bearer realm="https://t/to\\"ken",service="a\\\\b"',
      want: [{ scheme: 'bearer', params: { realm: 'https://t/to"ken', service: 'a\\b' } }],
    },
    {
      name: 'case-insensitive scheme and parameter names, values kept',
      header: 'BEARER Realm="https://T/Token", SERVICE="Svc"',
      want: [{ scheme: 'bearer', params: { realm: 'https://T/Token', service: 'Svc' } }],
    },
    {
      name: 'unquoted token values and spaces around "="',
      header: 'Bearer realm = https://t/token , service=svc',
      want: [{ scheme: 'bearer', params: { realm: 'https://t/token', service: 'svc' } }],
    },
    {
      name: 'token68 challenge followed by another',
      header: 'Negotiate abc123==, Basic realm="r"',
      want: [
        { scheme: 'negotiate', params: {} },
        { scheme: 'basic', params: { realm: 'r' } },
      ],
    },
    {
      name: 'scheme without parameters',
      header: 'Basic',
      want: [{ scheme: 'basic', params: {} }],
    },
    { name: 'empty header', header: '', want: [] },
    {
      name: 'unterminated quote runs to the end instead of throwing',
      header: 'Bearer realm="https://t/token',
      want: [{ scheme: 'bearer', params: { realm: 'https://t/token' } }],
    },
  ];
  for (const c of cases) {
    it(`parses: ${c.name}`, () => {
      const got = parseChallenges(c.header).map((ch) => ({ scheme: ch.scheme, params: { ...ch.params } }));
      assert.deepEqual(got, c.want);
    });
  }

  it('returns nothing for a missing header', () => {
    assert.deepEqual(parseChallenges(undefined), []);
  });

  it('prefers Bearer over Basic whatever the order', () => {
    const chosen = preferredChallenge(parseChallenges('Basic realm="x", Bearer realm="https://t/token"'));
    assert.equal(chosen?.scheme, 'bearer');
    assert.equal(chosen?.params.realm, 'https://t/token');
  });

  it('falls back to Basic, and to nothing for unknown schemes', () => {
    assert.equal(preferredChallenge(parseChallenges('Basic realm="x"'))?.scheme, 'basic');
    assert.equal(preferredChallenge(parseChallenges('Negotiate abc')), undefined);
  });

  it('never throws on arbitrary input', () => {
    for (const s of ['"', ',,,', '=', 'a=', '=b', 'Bearer ,,, realm', '\\', 'Bearer realm="\\', '"""', '(x)']) {
      assert.doesNotThrow(() => parseChallenges(s), s);
    }
  });
});
