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
      ['bun image', '. image'],
      ['node --run image', '. image'],
      ['node --run=image', '. image'],
    ];
    for (const [command, expected] of cases) assert.equal(run(command), expected, command);
  });

  it("runs no script it can follow: the tool's own commands, a file, pnpm's -w (the workspace's root package, wherever that is), a name or folder a variable hides", () => {
    for (const command of [
      'npm ci',
      'npm install',
      'npm exec tool',
      'npm run',
      'yarn install',
      'yarn',
      'pnpm install',
      'pnpm add left-pad',
      'bun run ./build.ts',
      'bun build.ts',
      'bun install',
      'bun test',
      'pnpm -w run image',
      'yarn workspace web',
      'yarn workspaces foreach -A',
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

  it('npm, yarn, pnpm and bun run a script in the packages of a workspace they pick: by name, by folder, or every one', () => {
    const picks = (command: string) => {
      const found = packageScriptRun(command.split(' ').map((word) => (word === '$X' ? UNKNOWN : word)));
      return found === undefined ? undefined : `${found.folder} ${found.script} ${JSON.stringify(found.workspaces ?? null)}`;
    };
    const cases: [string, string][] = [
      ['npm run image -w web', '. image [{"name":"web"},{"folder":"web"}]'],
      ['npm run image --workspace=packages/web --workspace @acme/api', '. image [{"name":"packages/web"},{"folder":"packages/web"},{"name":"@acme/api"}]'],
      ['npm run image --workspaces --include-workspace-root', '. image [{"every":true},{"root":true}]'],
      ['npm run image -ws', '. image [{"every":true}]'],
      ['npm run image -w $X', '. image [{"every":true}]'],
      ['npm --prefix site run image -w web', 'site image [{"name":"web"},{"folder":"web"}]'],
      ['yarn workspace web image', '. image [{"name":"web"}]'],
      ['yarn workspace @acme/web run image', '. image [{"name":"@acme/web"}]'],
      ['yarn workspaces run image', '. image [{"every":true}]'],
      ['yarn workspaces foreach -A --exclude docs run image', '. image [{"every":true},{"root":true}]'],
      ['yarn workspaces foreach --recursive --from web image', '. image [{"every":true}]'],
      ['pnpm --filter web image', '. image [{"name":"web"}]'],
      ['pnpm -F @acme/* run image', '. image [{"name":"@acme/*"}]'],
      ['pnpm --filter ./packages/web run image', '. image [{"folder":"packages/web"}]'],
      ['pnpm --filter={packages/web} image', '. image [{"folder":"packages/web"}]'],
      ['pnpm --filter ./packages/** image', '. image [{"folder":"packages"}]'],
      ['pnpm --filter web... image', '. image [{"every":true}]'],
      ['pnpm --filter [origin/main] image', '. image [{"every":true}]'],
      ['pnpm -r run image', '. image [{"every":true}]'],
      ['pnpm -r --include-workspace-root image', '. image [{"every":true},{"root":true}]'],
      ['bun --filter web run image', '. image [{"name":"web"}]'],
      ['bun run --filter ./web image', '. image [{"folder":"web"}]'],
    ];
    for (const [command, expected] of cases) assert.equal(picks(command), expected, command);
  });
});
