import * as assert from 'node:assert/strict';
import { monorepoRuns } from '../../../src/core/sources/monorepoRun';
import { UNKNOWN } from '../../../src/core/sources/runDockerBuild';

const runs = (command: string) => {
  const found = monorepoRuns(command.split(' ').map((word) => (word === '$X' ? UNKNOWN : word)));
  return found?.map((run) => `${run.folder} ${run.script} ${JSON.stringify(run.workspaces ?? null)}`);
};

const EVERY = '[{"every":true},{"root":true}]';

describe('core/sources/monorepoRun: the package scripts a monorepo task runner runs', () => {
  it('Turborepo runs each task in every package, or in those --filter or pkg#task picks; through npx, pnpm, yarn and bunx too', () => {
    const cases: [string, string[]][] = [
      ['turbo run image', [`. image ${EVERY}`]],
      ['turbo image lint', [`. image ${EVERY}`, `. lint ${EVERY}`]],
      ['turbo run image --filter=@acme/web', ['. image [{"name":"@acme/web"}]']],
      ['turbo run image -F ./apps/web --concurrency 2', ['. image [{"folder":"apps/web"}]']],
      ['turbo run image --filter ...[origin/main]', ['. image [{"every":true}]']],
      ['turbo run web#image //#release', ['. image [{"name":"web"}]', '. release [{"root":true}]']],
      ['npx turbo run image', [`. image ${EVERY}`]],
      ['npx --yes turbo@2 run image', [`. image ${EVERY}`]],
      ['pnpm turbo run image', [`. image ${EVERY}`]],
      ['pnpm exec turbo image', [`. image ${EVERY}`]],
      ['yarn turbo run image', [`. image ${EVERY}`]],
      ['bunx turbo run image', [`. image ${EVERY}`]],
      ['turbo prune web', []],
      ['turbo run $X', []],
    ];
    for (const [command, expected] of cases) assert.deepEqual(runs(command), expected, command);
  });

  it('Lerna and Nx run a script in every package, or those --scope or --projects name, and Nx one project by name', () => {
    const cases: [string, string[]][] = [
      ['lerna run image', [`. image ${EVERY}`]],
      ['lerna run image --scope @acme/web --stream', ['. image [{"name":"@acme/web"}]']],
      ['lerna run image --since main', [`. image ${EVERY}`]],
      ['nx run-many -t image', [`. image ${EVERY}`]],
      ['nx run-many --targets=image,push --projects=web,api', ['. image [{"name":"web"},{"name":"api"}]', '. push [{"name":"web"},{"name":"api"}]']],
      ['nx affected -t image', [`. image ${EVERY}`]],
      ['nx run web:image:production', ['. image [{"name":"web"}]']],
      ['nx image web', ['. image [{"name":"web"}]']],
      ['npx nx run-many -t image -p api', ['. image [{"name":"api"}]']],
      ['lerna version', []],
    ];
    for (const [command, expected] of cases) assert.deepEqual(runs(command), expected, command);
  });

  it('is no task runner: package managers, other tools, a script named like a runner through npm run', () => {
    for (const command of ['npm run image', 'pnpm -r image', 'npx tsc', 'make image', 'npm run turbo']) assert.equal(runs(command), undefined, command);
  });
});
