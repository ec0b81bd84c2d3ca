import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import type { BuiltDockerfile } from '../../src/engine/buildArgPins';
import type { BuildOperand } from '../../src/engine/buildOperands';
import { passesOf } from '../../src/engine/passes';
import { type PinningReading, pinReadings } from '../../src/engine/pinReadings';
import { buildsOf, scanSource, type SourceFile, type SourceOptions } from '../../src/engine/sources';
import type { ImageStatus } from '../../src/engine/types';

// A compose file two includes read, each with its own env file, pinned as `pin` and Pin All pin
// it: every reading's plan and re-read check in turn, each env file taking the pins of the readings
// that read it, a line they name differently a conflict.
describe('engine pinReadings: every reading of a file planned in turn', () => {
  const TEXT = 'services:\n  app:\n    image: ${IMAGE}\n  tool:\n    image: busybox:1.36\n';
  const AMD64 = `sha256:${'a'.repeat(64)}`;
  const INDEX = `sha256:${'1'.repeat(64)}`;
  const digests: Record<string, string> = { 'alpine:3.20': AMD64, 'alpine:3.21': AMD64, 'busybox:1.36': INDEX };
  const platform = parsePlatform('linux/amd64');
  const none = new Map<string, string>();
  const reading = (envPath: string | null, by?: string): PinningReading<SourceOptions> => ({ options: { environment: none }, main: by === undefined, envPath, ...(by === undefined ? {} : { by, via: 'include' as const }) });
  /** Every image unpinned, with its digest: planning needs no registry. */
  const analyze = async (file: SourceFile, options: SourceOptions) => {
    const scan = scanSource(file, options);
    const statuses = scan.images.map((occurrence): ImageStatus => ({ occurrence, platform, state: 'unpinned', kind: 'platform', targetDigest: digests[occurrence.expanded] }));
    return { statuses, problems: scan.problems };
  };
  const pin = (envTexts: Map<string, string>, readings: PinningReading<SourceOptions>[]) =>
    pinReadings({ path: '/w/stack.yaml', file: { kind: 'compose', text: TEXT }, readings, envTexts, update: true, analyze });
  const after = (result: Awaited<ReturnType<typeof pin>>) => Object.fromEntries([...result.files].map(([path, change]) => [path, change.after]));

  it('a value each reading reads alike from its own env file is pinned in both, env files first; the line both read alike once', async () => {
    const envTexts = new Map([
      ['/w/a.env', 'IMAGE=alpine:3.20\n'],
      ['/w/b.env', 'OTHER=x\nIMAGE=alpine:3.20\n'],
    ]);
    const result = await pin(envTexts, [reading('/w/a.env'), reading('/w/b.env', 'compose.b.yaml includes it')]);
    assert.equal(result.refused, undefined);
    assert.deepEqual([...result.files.keys()], ['/w/a.env', '/w/b.env', '/w/stack.yaml']);
    assert.deepEqual(after(result), {
      '/w/a.env': `IMAGE=alpine:3.20@${AMD64}\n`,
      '/w/b.env': `OTHER=x\nIMAGE=alpine:3.20@${AMD64}\n`,
      '/w/stack.yaml': TEXT.replace('busybox:1.36', `busybox:1.36@${INDEX}`),
    });
    assert.deepEqual(result.files.get('/w/stack.yaml')?.edits, [{ range: { start: { line: 4, character: 23 }, end: { line: 4, character: 23 } }, newText: `@${INDEX}` }]);
    assert.deepEqual(
      result.outcomes.map((o) => [o.status.occurrence.line, o.action]),
      [
        [3, 'pin'],
        [5, 'pin'],
      ],
    );
  });

  it('an env file two readings share takes the pin once', async () => {
    const result = await pin(new Map([['/w/a.env', 'IMAGE=alpine:3.20\n']]), [reading('/w/a.env'), reading('/w/a.env', 'compose.b.yaml includes it')]);
    assert.equal(result.files.get('/w/a.env')?.after, `IMAGE=alpine:3.20@${AMD64}\n`);
  });

  it('a line the readings name differently is a conflict: left alone by every reading, one outcome and one problem; the others are pinned', async () => {
    const envTexts = new Map([
      ['/w/a.env', 'IMAGE=alpine:3.20\n'],
      ['/w/b.env', 'IMAGE=alpine:3.21\n'],
    ]);
    const result = await pin(envTexts, [reading('/w/a.env'), reading('/w/b.env', 'compose.b.yaml includes it')]);
    assert.deepEqual(after(result), { '/w/stack.yaml': TEXT.replace('busybox:1.36', `busybox:1.36@${INDEX}`) });
    assert.deepEqual(
      result.outcomes.map((o) => [o.status.occurrence.line, o.action]),
      [
        [3, 'conflict'],
        [5, 'pin'],
      ],
    );
    assert.deepEqual(
      result.problems.map((p) => p.problem.kind),
      ['conflict'],
    );
  });

  it("a Dockerfile line a compose build reads as its named context or an image its project builds is left alone by every reading, with that build's why; the others are pinned", async () => {
    const COMPOSE = 'services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        base: service:base\n  base:\n    image: acme/base:dev\n    build: ./base\n';
    const DOCKERFILE = 'FROM base\nCOPY --from=acme/base:dev /a /a\nCOPY --from=alpine:3.20 /b /b\n';
    const [build] = buildsOf({ kind: 'compose', text: COMPOSE }, { environment: none });
    const options = { platform, kind: 'platform' as const };
    const builder: BuildOperand = { path: '/w/compose.yaml', kind: 'compose', direct: true, builds: [], buildProblems: [], options };
    const operand: BuildOperand = { path: '/w/Dockerfile', kind: 'dockerfile', direct: true, builds: [{ by: 'service app in compose.yaml', build, builder, reading: 0 }], buildProblems: [], options };
    const readings = passesOf(operand).map((pass): PinningReading<SourceOptions> => ({ ...pass, envPath: null }));
    const lookup = async (file: SourceFile, scanOptions: SourceOptions) => {
      const scan = scanSource(file, scanOptions);
      const statuses = scan.images.map((occurrence): ImageStatus =>
        occurrence.ignored === undefined ? { occurrence, platform, state: 'unpinned', kind: 'platform', targetDigest: AMD64 } : { occurrence, platform, state: 'ignored', kind: 'platform' },
      );
      return { statuses, problems: scan.problems };
    };
    const result = await pinReadings({ path: '/w/Dockerfile', file: { kind: 'dockerfile', text: DOCKERFILE }, readings, envTexts: none, update: false, analyze: lookup });
    assert.deepEqual(after(result), { '/w/Dockerfile': DOCKERFILE.replace('alpine:3.20', `alpine:3.20@${AMD64}`) });
    assert.deepEqual(
      result.outcomes.map((o) => [o.status.occurrence.line, o.action, o.status.occurrence.ignored ?? null]),
      [
        [1, 'ignored', 'service app in compose.yaml builds it from its named context base (additional_contexts), not a registry image: a digest here would stop that build from using it'],
        [2, 'ignored', 'service app in compose.yaml builds it from acme/base:dev, an image its compose project builds, not a registry image: a digest here would stop that build from using it'],
        [3, 'pin', null],
      ],
    );
    assert.deepEqual(result.problems, []);
  });

  describe('one Dockerfile line whose image a compose build gives in its args (onlyLine)', () => {
    const COMPOSE = 'services:\n  app:\n    build:\n      context: .\n      args:\n        A: alpine:3.20\n        B: busybox:1.36\n  db:\n    image: alpine:3.20\n';
    const DOCKERFILE = 'ARG A\nARG B\nFROM ${A} AS a\nFROM ${B}\n';
    const built = (): BuiltDockerfile[] => {
      const [build] = buildsOf({ kind: 'compose', text: COMPOSE }, { environment: none });
      const builder: BuildOperand = { path: '/w/compose.yaml', kind: 'compose', direct: true, builds: [], buildProblems: [], options: { platform, environment: none, kind: 'platform' } };
      return [{ path: '/w/Dockerfile', use: { by: 'service app in compose.yaml', build, builder, reading: 0 }, file: { kind: 'dockerfile', text: DOCKERFILE } }];
    };
    const pinLine = (line: number) =>
      pinReadings({ path: '/w/compose.yaml', file: { kind: 'compose', text: COMPOSE }, readings: [reading(null)], envTexts: none, update: true, analyze, built: built(), onlyLine: { path: '/w/Dockerfile', line } });

    it("pins that line's arg alone: the other arg and the compose file's own image stay as written", async () => {
      const result = await pinLine(3);
      assert.equal(result.refused, undefined);
      assert.deepEqual(after(result), { '/w/compose.yaml': COMPOSE.replace('B: busybox:1.36', `B: busybox:1.36@${INDEX}`) });
      assert.deepEqual(
        result.outcomes.map((o) => [o.status.occurrence.line, o.action, o.buildArg?.arg]),
        [[4, 'pin', 'B']],
      );
    });

    it('a line no build arg gives its image pins nothing', async () => {
      const result = await pinLine(0);
      assert.deepEqual([result.files.size, result.outcomes.length], [0, 0]);
    });
  });
});
