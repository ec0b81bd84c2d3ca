import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { BuildOperand } from '../../src/engine/buildOperands';
import type { Pass } from '../../src/engine/passes';
import { scanSource, type SourceFile } from '../../src/engine/sources';
import { liveReadings, readingsScan } from '../../src/extension/liveReadings';

// The live scan of a file several readings read: a compose file two projects extend (each with its
// own .env) beside its own reading, and a Dockerfile two compose builds read with their args.
describe('extension liveReadings: the live scan of a file read several ways', () => {
  const platform = parsePlatform('linux/amd64');
  const none = new Map<string, string>();
  const TEXT = 'services:\n  app:\n    image: ${APP_IMAGE}\n  tool:\n    image: busybox:1.36\n';
  const file: SourceFile = { kind: 'compose', text: TEXT };
  const own: Pass = { options: { platform, kind: 'platform', environment: none }, main: true };
  const extending = (name: string, value: string, services: string[]): Pass => ({
    options: { platform, kind: 'platform', environment: none, services: { only: new Set(services) } },
    main: false,
    via: 'extends',
    by: `${name} extends it`,
    envFile: { path: `/w/${name}/.env`, text: `APP_IMAGE=${value}\n` },
  });
  const base = scanSource(file, own.options);

  it('a line the file alone cannot name is named as the projects name it, and its no-value problem goes', () => {
    assert.deepEqual(base.problems.map((p) => [p.kind, p.range.start.line]), [['unresolved', 2]]);
    const scan = readingsScan(file, base, [own, extending('a', 'alpine:3.20', ['app', 'tool']), extending('b', 'alpine:3.20', ['app'])]);
    assert.deepEqual(scan.images.map((o) => [o.line, o.expanded, o.valueAt?.file]), [
      [3, 'alpine:3.20', 'env-file'],
      [5, 'busybox:1.36', undefined],
    ]);
    assert.deepEqual(scan.problems, []);
  });

  it('a line the projects name differently is one conflict, with no image and no no-value problem', () => {
    const scan = readingsScan(file, base, [own, extending('a', 'alpine:3.20', ['app', 'tool']), extending('b', 'alpine:3.19', ['app'])]);
    assert.deepEqual(scan.images.map((o) => o.expanded), ['busybox:1.36']);
    assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line]), [['conflict', 2]]);
    assert.match(scan.problems[0].message, /alpine:3\.20 \(as a extends it\) and alpine:3\.19 \(as b extends it\)/);
  });

  it('a Dockerfile compose, a workflow, an action or a dev container builds: its own reading beside each build', () => {
    const operand = (builder: BuildOperand['kind']): BuildOperand => ({
      path: '/w/Dockerfile',
      kind: 'dockerfile',
      direct: false,
      buildProblems: [],
      options: { platform, kind: 'platform' },
      builds: [
        {
          by: 'service web in compose.yaml',
          builder: { path: '/w/compose.yaml', kind: builder, direct: true, builds: [], buildProblems: [], options: { platform, kind: 'platform' } },
          reading: 0,
          build: { by: 'service web', dockerfile: 'Dockerfile', buildArgs: new Map([['BASE', 'alpine:3.20']]), platforms: [], unknownArgs: new Map(), range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } },
        },
      ],
    });
    const passes = liveReadings(operand('compose'));
    assert.deepEqual(passes?.map((pass) => [pass.main, pass.via ?? null, pass.options.buildArgs?.get('BASE') ?? null]), [
      [true, null, null],
      [false, 'build', 'alpine:3.20'],
    ]);
    // A workflow's docker/build-push-action step: read as it builds too (the index reads those workflows).
    assert.deepEqual(liveReadings(operand('github-workflow'))?.map((pass) => [pass.main, pass.via ?? null]), [
      [true, null],
      [false, 'build'],
    ]);
    // So are a dev container's build, a Docker container action's, a GitLab job script's, a Bake target's, a Makefile recipe's, a shell script's, a package.json script's and a Skaffold artifact's (the index reads those files too).
    for (const kind of ['devcontainer', 'github-action', 'gitlab-ci', 'bake', 'makefile', 'shell-script', 'package-scripts', 'skaffold'] as const) {
      assert.deepEqual(liveReadings(operand(kind))?.map((pass) => [pass.main, pass.via ?? null]), [
        [true, null],
        [false, 'build'],
      ]);
    }
  });

  it('a manifest kustomizations render differently: read as each renders it, a line they name differently one conflict; one they do not render is read alone', () => {
    const MANIFEST: SourceFile = { kind: 'kubernetes', text: 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - {name: a, image: nginx:1.27}\n    - {name: b, image: redis:7}\n' };
    const mirrored = { by: 'overlays/a/kustomization.yaml renders it', steps: [{ name: 'nginx', newName: 'registry.example/nginx', keepsTag: true }] };
    const plain = { by: 'overlays/b/kustomization.yaml renders it', steps: [] };
    const operand = (kustomizeReadings?: BuildOperand['kustomizeReadings']): BuildOperand => ({
      path: '/w/deploy.yaml',
      kind: 'kubernetes',
      direct: true,
      builds: [],
      buildProblems: [],
      options: { platform, kind: 'platform' },
      ...(kustomizeReadings === undefined ? {} : { kustomizeReadings }),
    });
    assert.equal(liveReadings(operand()), undefined);
    const passes = liveReadings(operand([mirrored, plain])) ?? [];
    assert.deepEqual(passes.map((pass) => [pass.main, pass.via, pass.by]), [
      [true, 'kustomize', mirrored.by],
      [false, 'kustomize', plain.by],
    ]);
    const scan = readingsScan(MANIFEST, scanSource(MANIFEST, passes[0].options), passes);
    assert.deepEqual(scan.images.map((o) => [o.line, o.expanded]), [[6, 'redis:7']]);
    assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line]), [['conflict', 4]]);
    assert.match(scan.problems[0].message, /registry\.example\/nginx:1\.27 \(as overlays\/a\/kustomization\.yaml renders it\) and nginx:1\.27 \(as overlays\/b\/kustomization\.yaml renders it\)/);
  });

  describe('a Dockerfile line whose image compose builds give whole in their args', () => {
    const DOCKERFILE: SourceFile = { kind: 'dockerfile', text: 'ARG BASE\nFROM ${BASE}\n' };
    const dockerOwn: Pass = { options: { platform, kind: 'platform' }, main: true };
    const building = (service: string, image: string): Pass => {
      const builder: BuildOperand = { path: `/w/compose.${service}.yaml`, kind: 'compose', direct: true, builds: [], buildProblems: [], options: { platform, kind: 'platform' } };
      const build = { by: `service ${service}`, dockerfile: 'Dockerfile', buildArgs: new Map([['BASE', image]]), argValues: new Map([['BASE', { at: { line: 5, character: 20 } }]]), platforms: [], unknownArgs: new Map(), range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } };
      const use = { by: `service ${service} in compose.${service}.yaml`, builder, reading: 0, build };
      return { options: { platform, kind: 'platform', buildArgs: build.buildArgs, build: { platforms: [], unknownArgs: new Map() } }, main: false, via: 'build', by: use.by, use };
    };
    const dockerBase = scanSource(DOCKERFILE, dockerOwn.options);

    it('is named as the builds name it, with the builds whose args take its pin, and its no-value problem goes', () => {
      assert.deepEqual(dockerBase.problems.map((p) => [p.kind, p.range.start.line]), [['unresolved', 1]]);
      const scan = readingsScan(DOCKERFILE, dockerBase, [dockerOwn, building('web', 'alpine:3.20'), building('job', 'alpine:3.20')]);
      assert.deepEqual(scan.images.map((o) => [o.line, o.expanded]), [[2, 'alpine:3.20']]);
      assert.deepEqual(scan.problems, []);
      assert.deepEqual([...(scan.argLines?.values() ?? [])].map((lines) => lines.map((l) => [l.arg, l.use.by])), [
        [
          ['BASE', 'service web in compose.web.yaml'],
          ['BASE', 'service job in compose.job.yaml'],
        ],
      ]);
    });

    it("a line a build reads as its named context is left alone, with that build's why, as the engine's readings leave it", () => {
      const text: SourceFile = { kind: 'dockerfile', text: 'FROM base\nCOPY --from=alpine:3.20 /b /b\n' };
      const builder: BuildOperand = { path: '/w/compose.yaml', kind: 'compose', direct: true, builds: [], buildProblems: [], options: { platform, kind: 'platform' } };
      const build = { by: 'service app', dockerfile: 'Dockerfile', buildArgs: new Map<string, string>(), platforms: [], unknownArgs: new Map(), namedContexts: new Set(['base']), range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } };
      const operand: BuildOperand = { path: '/w/Dockerfile', kind: 'dockerfile', direct: false, buildProblems: [], options: { platform, kind: 'platform' }, builds: [{ by: 'service app in compose.yaml', builder, reading: 0, build }] };
      const passes = liveReadings(operand) ?? [];
      const scan = readingsScan(text, scanSource(text, dockerOwn.options), passes);
      assert.deepEqual(scan.images.map((o) => [o.line, o.expanded, o.ignored ?? null]), [
        [1, 'base', 'service app in compose.yaml builds it from its named context base (additional_contexts), not a registry image: a digest here would stop that build from using it'],
        [2, 'alpine:3.20', null],
      ]);
      assert.deepEqual(scan.problems, []);
    });

    it('builds giving different values make it one conflict, with no image and no arg line', () => {
      const scan = readingsScan(DOCKERFILE, dockerBase, [dockerOwn, building('web', 'alpine:3.20'), building('job', 'alpine:3.19')]);
      assert.deepEqual(scan.images, []);
      assert.equal(scan.argLines, undefined);
      assert.deepEqual(scan.problems.map((p) => [p.kind, p.range.start.line]), [['conflict', 1]]);
    });
  });

  it('a Dockerfile line its own reading and a build read for different platforms is shown on both, for the index digest', () => {
    const dockerfile: SourceFile = { kind: 'dockerfile', text: 'FROM golang:1.22\n' };
    const direct: Pass = { options: { platform, kind: 'platform' }, main: true };
    const arm64 = parsePlatform('linux/arm64');
    const built: Pass = {
      options: { platform, kind: 'platform', buildArgs: new Map(), build: { platforms: [], platform: arm64, unknownArgs: new Map() } },
      main: false,
      via: 'build',
      by: 'service web in compose.yaml',
    };
    const scan = readingsScan(dockerfile, scanSource(dockerfile, direct.options), [direct, built]);
    assert.deepEqual(scan.images.map((o) => [o.expanded, o.platform, o.platforms]), [['golang:1.22', undefined, [undefined, arm64]]]);
    assert.deepEqual(scan.problems, []);
  });
});
