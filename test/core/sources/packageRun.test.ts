import * as assert from 'node:assert/strict';
import { packageScriptRun } from '../../../src/core/sources/packageRun';
import { UNKNOWN } from '../../../src/core/sources/runDockerBuild';

const run = (command: string) => {
  const found = packageScriptRun(command.split(' ').map((word) => (word === '$X' ? UNKNOWN : word)));
  return found === undefined ? undefined : `${found.folder} ${found.script}`;
};

describe('core/sources/packageRun: the package.json script a command runs', () => {
  it('npm, yarn, pnpm, bun and node run a script of the package.json of their folder, or of the one --prefix, -C, --dir or --cwd names', () => {
    const cases: [string, string][] = [
      ['npm run build-docker-base', '. build-docker-base'],
      ['npm run-script image', '. image'],
      ['npm --silent run image -- --push', '. image'],
      ['npm run --if-present image', '. image'],
      ['npm test', '. test'],
      ['npm start', '. start'],
      ['npm --prefix web run image', 'web image'],
      ['npm run image --prefix=web', 'web image'],
      ['npm -C web run image', 'web image'],
      ['yarn image', '. image'],
      ['yarn run image', '. image'],
      ['yarn --cwd packages/app image', 'packages/app image'],
      ['pnpm image', '. image'],
      ['pnpm run image', '. image'],
      ['pnpm -C web run image', 'web image'],
      ['pnpm --dir=web image', 'web image'],
      ['pnpm test', '. test'],
      ['bun run image', '. image'],
      ['bun --cwd web run image', 'web image'],
      ['node --run image', '. image'],
      ['node --run=image', '. image'],
    ];
    for (const [command, expected] of cases) assert.equal(run(command), expected, command);
  });

  it("runs no script it can follow: the tool's own commands, other packages of a workspace, a file, a name or folder a variable hides", () => {
    for (const command of [
      'npm ci',
      'npm install',
      'npm exec tool',
      'npm run',
      'npm run image -w web',
      'npm run image --workspaces',
      'yarn install',
      'yarn',
      'yarn workspace web image',
      'pnpm install',
      'pnpm add left-pad',
      'pnpm -r run image',
      'pnpm --filter web image',
      'bun run ./build.ts',
      'bun image',
      'node build.js --run image',
      'node -e x --run image',
      'npm run $X',
      'npm --prefix $X run image',
      'npx image',
      'make image',
    ]) {
      assert.equal(run(command), undefined, command);
    }
  });
});
