import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type BuildValues, expandGivenReference, expandWord, globalScope, PLATFORM_ARGS, unsetMarker, unsetNames } from '../../src/core/args';
import { parsePlatform } from '../../src/core/platform';

describe('core/args', () => {
  describe('expandWord', () => {
    const env = new Map([
      ['TAG', '3.20'],
      ['EMPTY', ''],
      ['ÄRG', 'u'],
    ]);
    const cases: Array<[string, string, string[]?]> = [
      ['alpine:$TAG', 'alpine:3.20'],
      ['alpine:${TAG}', 'alpine:3.20'],
      ['alpine:${TAG}-x', 'alpine:3.20-x'],
      ['alpine:$TAG.1', 'alpine:3.20.1'],
      ['alpine:${MISSING:-edge}', 'alpine:edge'],
      ['alpine:${EMPTY:-edge}', 'alpine:edge'],
      ['alpine:${EMPTY-edge}', 'alpine:', []],
      ['alpine:${MISSING-edge}', 'alpine:edge'],
      ['alpine${TAG:+:fixed}', 'alpine:fixed'],
      ['alpine${EMPTY:+:fixed}', 'alpine'],
      ['alpine${EMPTY+:fixed}', 'alpine:fixed'],
      ['alpine${MISSING:+:fixed}', 'alpine'],
      ['alpine:${MISSING:-${TAG}}', 'alpine:3.20'],
      ['"alpine:$TAG"', 'alpine:3.20'],
      ["'alpine:$TAG'", 'alpine:$TAG'],
      ['alpine:\\$TAG', 'alpine:$TAG'],
      ['"a\\"b"', 'a"b'],
      ['"a\\xb"', 'a\\xb'],
      ['price$', 'price$'],
      ['a$-b', 'ab', ['-']],
      ['$ÄRG', 'u'],
      ['alpine:$MISSING', 'alpine:', ['MISSING']],
      ['alpine:${MISSING:?need it}', 'alpine:', ['MISSING']],
      ['alpine:${TAG:?need it}', 'alpine:3.20'],
    ];
    for (const [word, want, unresolved = []] of cases) {
      it(`${word} → ${want}`, () => {
        const got = expandWord(word, env);
        assert.equal(got.error, undefined);
        assert.equal(got.value, want);
        assert.deepEqual(got.unresolved, unresolved);
      });
    }

    // BuildKit's own cases for the pattern forms (frontend/dockerfile/shell/lex_test.go), and the shapes Dockerfiles use them in.
    const patterns: Array<[string, Record<string, string>, string]> = [
      ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' }, 'x'],
      ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx'],
      ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y'],
      ['${FOO#*}', { FOO: 'xxyy' }, 'xxyy'],
      ['${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' }, 'xyy'],
      ['${FOO#$BAR}', { FOO: 'xxyy', BAR: '' }, 'xxyy'],
      ['${FOO#}', { FOO: 'xxyy' }, 'xxyy'],
      ['${FOO##*x}', { FOO: 'xxyy' }, 'yy'],
      ['${FOO#?\\?}', { FOO: '???y' }, '?y'],
      ['${ABC:-.}${FOO%x}${ABC:-.}', { FOO: 'xxyy' }, '.xxyy.'],
      ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a'],
      ['${FOO%}', { FOO: 'xxyy' }, 'xxyy'],
      ['${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}', { FOO: '/foo*/*/*.txt', NEEDLE: '\\*/' }, '/foo.*/*.txt - /foo..*.txt'],
      ['${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}', { FOO: '/tmp/tmp/bar.txt', NEEDLE: '/tmp' }, '/tmp/bar.txt - /bar.txt'],
      ['${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}', { FOO: '/a/foo/b/c.txt', NEEDLE: '/?/', REPLACEMENT: '/' }, '/foo/b/c.txt - /foo/c.txt'],
      ['${FOO/$NEEDLE/$REPLACEMENT}', { FOO: 'http://google.de', NEEDLE: 'http://', REPLACEMENT: 'https://' }, 'https://google.de'],
      ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, '\\/tmp\\/foo.txt'],
      ['${FOO/$BAR/ww}', { FOO: 'xxyy', BAR: '' }, 'wwxxyy'],
      ['${FOO///}', { FOO: 'xxyy' }, 'xxyy'],
      ['alpine:${V%.*}', { V: '3.20.1' }, 'alpine:3.20'],
      ['alpine:${V%%.*}', { V: '3.20.1' }, 'alpine:3'],
      ['build:${P/\\//-}', { P: 'linux/arm/v7' }, 'build:linux-arm/v7'],
      ['build:${P//\\//-}', { P: 'linux/arm/v7' }, 'build:linux-arm-v7'],
      ['build:${P/arm\\/v7/arm-7}', { P: 'linux/arm/v7' }, 'build:linux/arm-7'],
      ['${E%👽}', { E: 'a🚀👽' }, 'a🚀'],
    ];
    for (const [word, values, want] of patterns) {
      it(`expands the pattern form ${word} as BuildKit does → ${want}`, () => {
        const got = expandWord(word, new Map(Object.entries(values)));
        assert.equal(got.error, undefined);
        assert.equal(got.value, want);
      });
    }

    it('a pattern form over a variable without a value leaves the word without one', () => {
      assert.deepEqual(expandWord('alpine:${MISSING%.*}', env).unresolved, ['MISSING']);
      const marked = expandWord('${A%.*}', new Map([['A', `3.${unsetMarker('B')}`]]));
      assert.deepEqual(unsetNames(marked.value), ['B']);
    });

    it('lists every variable the word uses, once, in order', () => {
      assert.deepEqual(expandWord('${A:-$B}:$A$C', env).variables, ['B', 'A', 'C']);
    });

    it('uses the escape character of the Dockerfile', () => {
      assert.equal(expandWord('a`$TAG', env, { escape: '`' }).value, 'a$TAG');
      assert.equal(expandWord('a\\b', env, { escape: '`' }).value, 'a\\b');
    });

    it('substitutes the given marker for an unset variable whose value is needed', () => {
      assert.equal(expandWord('x$NOPE', env, { unset: (n) => `<${n}>` }).value, 'x<NOPE>');
    });

    const errors: Array<[string, RegExp]> = [
      ['alpine:${TAG', /missing '}'/],
      ['alpine:${', /missing '}'/],
      ['${}', /bad substitution/],
      ['${:-x}', /bad substitution/],
      ['${TAG:%.*}', /unsupported modifier \(:%\)/],
      ['${TAG:#3}', /unsupported modifier \(:#\)/],
      ['${TAG#\\x}', /invalid pattern \(\\x\) in substitution: invalid escape/],
      ['${TAG//ww}', /missing '\/'/],
      ['${TAG//}', /missing '\/'/],
      ['"alpine', /double quote/],
      ["'alpine", /single quote/],
    ];
    for (const [word, message] of errors) {
      it(`reports ${word} as not expandable`, () => assert.match(expandWord(word, env).error ?? '', message));
    }

    it('never throws', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', ':', '-', '+', '?', '"', "'", '\\', 'A', 'TAG', '%', '/') }), (w) => {
          expandWord(w, env);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('globalScope (what a FROM line sees, as BuildKit builds it)', () => {
    const AMD64 = parsePlatform('linux/amd64');
    const ARM64 = parsePlatform('linux/arm64');
    type Decl = { name: string; value?: string };
    const cases: Array<{ name: string; declarations: Decl[]; build?: Partial<BuildValues>; want: Record<string, string | undefined>; unset?: Record<string, string[]> }> = [
      {
        name: 'platform args exist without any ARG, from the target and (without a build platform) the target again',
        declarations: [],
        build: { target: ARM64 },
        want: { TARGETPLATFORM: 'linux/arm64', TARGETOS: 'linux', TARGETARCH: 'arm64', TARGETVARIANT: '', BUILDPLATFORM: 'linux/arm64', BUILDARCH: 'arm64', BUILDVARIANT: '' },
      },
      {
        name: 'BUILD* come from the build platform, TARGET* from the target',
        declarations: [],
        build: { target: parsePlatform('linux/arm/v6'), build: AMD64 },
        want: { TARGETPLATFORM: 'linux/arm/v6', TARGETARCH: 'arm', TARGETVARIANT: 'v6', BUILDPLATFORM: 'linux/amd64', BUILDOS: 'linux', BUILDARCH: 'amd64' },
      },
      {
        name: 'TARGETPLATFORM carries the OS version (containerd FormatAll), BUILDPLATFORM does not (Format)',
        declarations: [],
        build: { target: parsePlatform('windows(10.0.20348)/amd64') },
        want: { TARGETPLATFORM: 'windows(10.0.20348)/amd64', TARGETOSVERSION: '10.0.20348', BUILDPLATFORM: 'windows/amd64', BUILDOSVERSION: '10.0.20348' },
      },
      {
        name: 'each default is expanded with the ARGs before it; an ARG without default has no value',
        declarations: [{ name: 'REG', value: 'ghcr.io' }, { name: 'IMAGE', value: '"$REG/app"' }, { name: 'NODEF' }, { name: 'LATER', value: 'x$NODEF' }],
        want: { IMAGE: 'ghcr.io/app', NODEF: undefined },
        unset: { LATER: ['NODEF'] },
      },
      {
        name: 'a redeclaration without default keeps the value: ARG TARGETARCH keeps the platform value',
        declarations: [{ name: 'A', value: '1' }, { name: 'A' }, { name: 'TARGETARCH' }],
        want: { A: '1', TARGETARCH: 'amd64' },
      },
      {
        name: 'a default replaces a platform value, and defaults see platform values',
        declarations: [{ name: 'TARGETARCH', value: 'riscv64' }, { name: 'P', value: 'x-$TARGETOS-$TARGETARCH' }],
        want: { TARGETARCH: 'riscv64', P: 'x-linux-riscv64' },
      },
      {
        name: 'a build arg wins over the default of a declared ARG, and gives a value to one without default',
        declarations: [{ name: 'TAG', value: '1' }, { name: 'NODEF' }, { name: 'USES', value: '$NODEF-$TAG' }],
        build: { buildArgs: new Map([['TAG', '2'], ['NODEF', 'n']]) },
        want: { TAG: '2', NODEF: 'n', USES: 'n-2' },
      },
      {
        name: 'a build arg is taken as it is given, not expanded',
        declarations: [{ name: 'RAW' }],
        build: { buildArgs: new Map([['RAW', '$TARGETARCH']]) },
        want: { RAW: '$TARGETARCH' },
      },
      {
        name: 'a build arg for a name never declared reaches no FROM',
        declarations: [],
        build: { buildArgs: new Map([['UNDECLARED', 'x']]) },
        want: { UNDECLARED: undefined },
      },
      {
        name: 'a build arg replaces a platform arg, declared or not (BuildKit defaultArgs takes overrides)',
        declarations: [],
        build: { buildArgs: new Map([['TARGETOS', 'freebsd']]) },
        want: { TARGETOS: 'freebsd', TARGETPLATFORM: 'linux/amd64' },
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const scope = globalScope(c.declarations, { target: AMD64, build: c.build?.target ?? AMD64, ...c.build });
        for (const [name, value] of Object.entries(c.want)) assert.equal(scope.env.get(name), value, name);
        for (const [name, names] of Object.entries(c.unset ?? {})) assert.deepEqual(unsetNames(scope.env.get(name) ?? ''), names, name);
      });
    }

    it('knows which names are declared, which defaults are broken, and which values come from the platform', () => {
      const scope = globalScope(
        [{ name: 'A' }, { name: 'BAD', value: '${X' }, { name: 'ARCH', value: '$TARGETARCH' }, { name: 'VIA', value: 'v-${ARCH}' }, { name: 'FIXED', value: 'amd64' }, { name: 'GIVEN', value: '$TARGETARCH' }],
        { target: AMD64, build: AMD64, buildArgs: new Map([['GIVEN', 'x']]) },
      );
      assert.deepEqual([...scope.declared], ['A', 'BAD', 'ARCH', 'VIA', 'FIXED', 'GIVEN']);
      assert.match(scope.broken.get('BAD') ?? '', /missing '}'/);
      assert.deepEqual(unsetNames(scope.env.get('BAD') ?? ''), ['BAD']);
      for (const name of [...PLATFORM_ARGS, 'ARCH', 'VIA']) assert.ok(scope.platformBound.has(name), name);
      for (const name of ['A', 'BAD', 'FIXED', 'GIVEN']) assert.ok(!scope.platformBound.has(name), name);
    });

    it('marks the markers it makes', () => {
      assert.deepEqual(unsetNames(`a${unsetMarker('X')}b${unsetMarker('X')}${unsetMarker('Y')}`), ['X', 'Y']);
    });
  });

  describe('expandGivenReference (an image given on the command line)', () => {
    const options = { platform: parsePlatform('linux/arm64'), buildArgs: new Map([['TAG', '1.36']]) };
    it('sees the platform args and every build arg', () => {
      assert.deepEqual(expandGivenReference('busybox-${TARGETOS}-$TARGETARCH:${TAG}', options), { value: 'busybox-linux-arm64:1.36' });
    });
    it('names the variables without a value, and a word that cannot be expanded', () => {
      assert.deepEqual(expandGivenReference('busybox:${V}$W', options), { unset: ['V', 'W'] });
      assert.match((expandGivenReference('busybox:${V', options) as { error: string }).error, /missing '}'/);
    });
  });
});
