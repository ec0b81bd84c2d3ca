import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { scanTaskfile, taskfileMayBuild } from '../../../src/core/sources/taskfile';
import { taskRunnerRun } from '../../../src/core/sources/taskRunnerRun';
import { UNKNOWN } from '../../../src/core/sources/runDockerBuild';
import { buildWords } from './buildWords';

/** Each build in words (buildWords.ts), paths from the Taskfile's folder, with its line and who builds. */
function builds(text: string): string[] {
  const result = scanTaskfile(text);
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line} (${result.builds?.[at].by})`);
}

const problems = (text: string) => scanTaskfile(text).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

describe("core/sources/taskfile: the Dockerfiles a Taskfile's tasks build", () => {
  it("is the kind of go-task's names, of the Taskfiles they include, and of a YAML file with go-task's version and tasks", () => {
    for (const path of ['Taskfile.yml', 'taskfile.yaml', 'Taskfile.dist.yml', 'build/Taskfile.docker.yml']) assert.equal(detectKind(path), 'taskfile', path);
    assert.equal(detectKind('tasks/docker.yml', "version: '3'\ntasks:\n  image:\n    cmds:\n      - docker build .\n"), 'taskfile');
    assert.equal(detectKind('tasks/other.yml', 'tasks:\n  - name: build image\n    command: docker build .\n'), undefined);
  });

  it("reads each command of each task as the shell runs it in the Taskfile's folder or the task's dir, its written variables put in: cmds strings, cmd entries, the shorthands", () => {
    const text = [
      "version: '3'",
      'vars:',
      '  PLATFORMS: linux/amd64,linux/arm64',
      '  IMAGE_DIR: images/app',
      '  CONTEXT: "{{.IMAGE_DIR}}"',
      'env:',
      '  ENGINE_PLATFORM: linux/arm64',
      'tasks:',
      '  image:',
      '    deps: [lint]',
      '    cmds:',
      '      - docker buildx build --platform {{.PLATFORMS}} -t app {{.CONTEXT}}',
      '      - cmd: docker build -f Dockerfile.debug --target debug .',
      '      - task: push',
      '  tools:',
      '    dir: tools',
      '    vars: { PLATFORMS: linux/arm64 }',
      '    cmds:',
      '      - |',
      '        cd cli',
      '        podman build --platform {{.PLATFORMS}} -t tools .',
      '      - docker build --platform "$ENGINE_PLATFORM" -f {{.TASKFILE_DIR}}/Dockerfile.root {{.TASKFILE_DIR}}',
      '  short: docker build -f Dockerfile.short .',
      '  lint: golangci-lint run',
      '',
    ].join('\n');
    assert.ok(taskfileMayBuild(text));
    assert.deepEqual(builds(text), [
      'images/app/Dockerfile images/app linux/amd64,linux/arm64 line 12 (the docker build command of task image in the Taskfile)',
      'Dockerfile.debug . [configured] target debug line 13 (the docker build command of task image in the Taskfile)',
      'tools/cli/Dockerfile tools/cli linux/arm64 line 19 (the docker build command of task tools in the Taskfile)',
      'Dockerfile.root . linux/arm64 line 22 (the docker build command of task tools in the Taskfile)',
      'Dockerfile.short . [configured] line 23 (the docker build command of task short in the Taskfile)',
    ]);
    assert.deepEqual(problems(text), []);
  });

  it('what only Task knows is unresolved at the command, as for a Makefile: a dynamic variable, a template function, .CLI_ARGS, a variable the file does not set, a dir only the run knows', () => {
    const text = [
      "version: '3'",
      'vars:',
      '  DYNAMIC: { sh: "echo linux/arm64" }',
      'tasks:',
      '  a:',
      '    cmds: ["docker buildx build --platform {{.DYNAMIC}} ."]',
      '  b:',
      '    cmds: [\'docker buildx build --platform {{.P | default "linux/amd64"}} -f Dockerfile.b .\']',
      '  c:',
      '    cmds: ["docker buildx build --platform linux/arm64 {{.CLI_ARGS}} -f Dockerfile.c ."]',
      '  d:',
      '    cmds: ["docker buildx build --platform linux/arm64 -f {{.UNSET}} ."]',
      '  e:',
      '    dir: "{{.USER_WORKING_DIR}}"',
      '    cmds: ["docker buildx build --platform linux/arm64 ."]',
      '',
    ].join('\n');
    assert.deepEqual(builds(text).filter((b) => !b.includes('[hidden]') && !b.includes('(more platforms hidden)')), []);
    const said = problems(text);
    assert.equal(said.length, 5, said.join('\n'));
    assert.match(said[0], /^unresolved 6: the --platform of the docker build command of task a in the Taskfile is known only when task runs \(a variable the Taskfile does not write out, a template function/);
    assert.match(said[1], /^unresolved 8: the --platform of the docker build command of task b/);
    assert.match(said[2], /^unresolved 10: a word .* of the docker build command of task c/);
    assert.match(said[3], /^unresolved 12: the --file of the docker build command of task d/);
    assert.match(said[4], /^unresolved 15: the docker build command of task e in the Taskfile runs in a folder known only when task runs/);
  });

  it('a Taskfile that builds nothing is not read', () => {
    const text = "version: '3'\ntasks:\n  test: go test ./...\n";
    assert.equal(taskfileMayBuild(text), false);
    assert.deepEqual(scanTaskfile(text), { images: [], problems: [], builds: [] });
  });
});

describe('core/sources/taskRunnerRun: the justfile or Taskfile a just or task command runs', () => {
  const run = (line: string, cwd: string | null = '.') => taskRunnerRun(line.split(' ').map((w) => (w === '$X' ? UNKNOWN : w)), cwd ?? undefined);
  it('names the file and the folder its recipes or tasks run in, or the search from the folder it runs in', () => {
    assert.deepEqual(run('just image'), { tool: 'just', folder: '.', file: '' });
    assert.deepEqual(run('just image', 'app'), { tool: 'just', folder: 'app', file: '' });
    assert.deepEqual(run('just -f build/justfile image'), { tool: 'just', folder: 'build', file: 'build/justfile' });
    assert.deepEqual(run('just --justfile=build/justfile --set X y image'), { tool: 'just', folder: 'build', file: 'build/justfile' });
    assert.deepEqual(run('just -d app --justfile build/justfile image'), { tool: 'just', folder: 'app', file: 'build/justfile' });
    assert.deepEqual(run('task image'), { tool: 'task', folder: '.', file: '' });
    assert.deepEqual(run('task -d images image'), { tool: 'task', folder: 'images', file: '' });
    assert.deepEqual(run('task --taskfile build/Taskfile.yml image'), { tool: 'task', folder: 'build', file: 'build/Taskfile.yml' });
    assert.deepEqual(run('task -d images -t Taskfile.ci.yml image'), { tool: 'task', folder: 'images', file: 'images/Taskfile.ci.yml' });
  });
  it('a word only the run knows hides which file is run; a listing runs nothing; another command is none of theirs', () => {
    assert.deepEqual(run('just -f $X image'), { tool: 'just', hidden: 'its --justfile' });
    assert.deepEqual(run('task -d $X image'), { tool: 'task', hidden: 'its --dir' });
    assert.deepEqual(run('just image', null), { tool: 'just', hidden: 'the folder it runs in' });
    assert.equal(run('just --list'), undefined);
    assert.equal(run('task --list-all'), undefined);
    assert.equal(run('make image'), undefined);
  });
});
