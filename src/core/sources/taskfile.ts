// A Taskfile (go-task: `Taskfile.yml`, `taskfile.yaml`, `Taskfile.dist.yml`, …, the Taskfiles
// others include, `Taskfile.docker.yml`, and a YAML file with go-task's top-level `version: 3` and
// `tasks:`) builds the Dockerfiles its tasks' commands run `docker build` / `docker buildx build`
// (podman's, buildah's) on, for the platforms their `--platform` flags name (none: the machine's
// own, the configured one): `task image` running `docker buildx build --platform
// linux/amd64,linux/arm64 .` builds that Dockerfile for arm64 too, so its lines take the index digest.
//
// A task's commands are its `cmds:` items (a string, or an entry's `cmd:` or `defer:` string; the
// shorthands `name: command` and `name: [commands]` too), each a script Task runs with its sh
// interpreter, in the Taskfile's folder or the task's `dir:` (relative to it). A command is expanded
// as Task's templates expand it first: `{{.NAME}}` is the value of a variable the task's `vars:`,
// else the Taskfile's `vars:`, write out (a string, number or boolean, maybe templated from others
// written out), `{{.TASKFILE_DIR}}` the Taskfile's folder, `{{.TASK}}` the task's name; a dynamic
// variable (`sh:`), a `ref:`, a template function or pipeline (`{{.X | default "y"}}`), a special
// variable of the run (`.CLI_ARGS`, `.ROOT_DIR`, `.USER_WORKING_DIR`, `.ITEM`) and one the file does
// not set are known only when Task runs. A shell variable is known when the task's or the Taskfile's
// `env:` writes it out. Then each command is read as the shell reads it (runDockerBuild.ts); a build
// whose platforms a word only the run knows hides, or whose Dockerfile it hides while platforms are
// named, is `unresolved` at its command, as a Makefile's.
//
// A global variable may be given another value on the command line (`task image PLATFORMS=…`), or by
// a Taskfile including this one: the written value is read, as a Makefile's is. Every task is read,
// whichever one a caller runs (`task image`, a CI step: runStepCalls.ts), and whatever tasks it runs
// in turn (`deps:`, `task:` commands): the builds of all of them are the file's, a superset of what
// any one `task` run builds. Included Taskfiles (`includes:`) are not followed from it: each is read
// alone, from its own folder.
import { posix } from 'node:path';
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import type { DockerfileBuild, ScanResult } from '../types';
import { scriptBakeOverrides } from './bakeOverrides';
import { Findings, nodePlace } from './findings';
import { ScriptBuilds, UNKNOWN, WORKSPACE } from './runDockerBuild';
import { scriptMayBuild } from './shellScript';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

/** What may hide a part of a task's command. */
const HIDERS = "a variable the Taskfile does not write out, a template function, a special variable of the run, an environment variable or a command's output";

/** `{{.NAME}}` alone in its braces (spaces allowed). */
const TEMPLATE_VARIABLE = /^\s*-?\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*-?\s*$/;

/** A tool a template names before `build` (`{{.DOCKER}} build -t app .`). */
const TEMPLATED_TOOL_BUILD = /\}\}["']?[ \t]+(?:buildx[ \t]+)?(?:build|bud|b)\b/;

/** Whether a Taskfile's text may run a container build (a command naming a builder, maybe through a variable or a template). */
export function taskfileMayBuild(text: string): boolean {
  return scriptMayBuild(text) || (/\bbuild\b/.test(text) && TEMPLATED_TOOL_BUILD.test(text));
}

type Values = ReadonlyMap<string, string | 'unknown'>;

export function scanTaskfile(text: string): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'taskfile');
  if (!taskfileMayBuild(text)) return findings.result({ builds: [] });
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    const vars = valuesOf(doc, lookup(doc, root, 'vars'), new Map([['TASKFILE_DIR', WORKSPACE]]));
    const env = valuesOf(doc, lookup(doc, root, 'env'), vars);
    for (const [name, task] of entries(doc, lookup(doc, root, 'tasks'))) {
      const commands = commandsOf(doc, task);
      if (!commands.some((command) => taskfileMayBuild(stringValue(command) ?? ''))) continue;
      const own = valuesOf(doc, lookup(doc, task, 'vars'), new Map([...vars, ['TASK', name]]));
      const dirNode = isMap(task) ? lookup(doc, task, 'dir') : undefined;
      const dir = dirNode === undefined ? '.' : folderOf(expanded(scalarString(dirNode) ?? UNKNOWN, own));
      const taskValues = new Map([...own, ['TASK_DIR', dir === undefined ? 'unknown' : posix.join(WORKSPACE, dir)]]);
      const taskEnv = new Map([...env, ...valuesOf(doc, isMap(task) ? lookup(doc, task, 'env') : undefined, taskValues)]);
      for (const command of commands) {
        const written = stringValue(command);
        if (written === undefined || !taskfileMayBuild(written)) continue;
        const script = expanded(written, taskValues);
        const where = nodePlace(findings, command);
        scriptBakeOverrides(findings, where, `the docker buildx bake command of task ${name} in the Taskfile`, script);
        const reading = new ScriptBuilds(findings, where, `the docker build command of task ${name} in the Taskfile`, 'task', HIDERS);
        reading.read(script, {
          start: dir,
          variable: (variable) => {
            const value = taskEnv.get(variable);
            return value === undefined || value === 'unknown' ? undefined : value;
          },
          runner: undefined,
          inRepository: (path) => path,
        });
        builds.push(...reading.all());
      }
    }
  }
  return findings.result({ builds });
}

/** The command scalars of a task: its `cmds:` items' (strings, `cmd:`, `defer:`), its `cmd:`, or the shorthands' (a string, a list). */
function commandsOf(doc: YamlDocument, task: Node | undefined): Node[] {
  if (isScalar(task)) return [task];
  const list = isSeq(task) ? task : isMap(task) ? lookup(doc, task, 'cmds') : undefined;
  const out: Node[] = isMap(task) && lookup(doc, task, 'cmd') !== undefined ? [lookup(doc, task, 'cmd') as Node] : [];
  for (const item of items(doc, list)) {
    if (isScalar(item)) out.push(item);
    else if (isMap(item)) for (const key of ['cmd', 'defer']) {
      const value = lookup(doc, item, key);
      if (isScalar(value)) out.push(value);
    }
  }
  return out;
}

/** A scalar's value as text (a number or a boolean as written); undefined for any other node. */
function scalarString(node: Node | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The variables a `vars:` (or `env:`) mapping sets, in order, over `known`: a value written out (its
 * templates expanded with those known before it), `unknown` for any other (`sh:`, `ref:`, `map:`, a
 * template only the run knows).
 */
function valuesOf(doc: YamlDocument, node: Node | undefined, known: Values): Map<string, string | 'unknown'> {
  const out = new Map(known);
  for (const [name, value] of entries(doc, node)) {
    const written = scalarString(value);
    const text = written === undefined ? undefined : expanded(written, out);
    out.set(name, text === undefined || text.includes(UNKNOWN) ? 'unknown' : text);
  }
  return out;
}

/** `text` with each `{{ }}` template Task fills in: a variable's value written out, else UNKNOWN. */
function expanded(text: string, values: Values): string {
  return text.replace(/\{\{([^]*?)\}\}/g, (_, inside: string) => {
    const name = TEMPLATE_VARIABLE.exec(inside)?.[1];
    const value = name === undefined ? undefined : values.get(name);
    return value === undefined || value === 'unknown' ? UNKNOWN : value;
  });
}

/** A task's `dir:` as a folder from the Taskfile's; undefined when only Task knows it or it is outside (absolute). */
function folderOf(dir: string): string | undefined {
  if (dir.includes(UNKNOWN) || dir.startsWith('~')) return undefined;
  if (dir.startsWith(WORKSPACE)) return posix.relative(WORKSPACE, posix.normalize(dir)) || '.';
  return posix.isAbsolute(dir) ? undefined : posix.normalize(dir);
}
