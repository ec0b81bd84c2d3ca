// A command that runs Docker Compose on a project: `docker compose up`, `docker compose -f a.yml
// -f b.yml build`, `docker-compose pull`, `docker compose run web`. Compose pulls the services'
// images, and builds those it builds, on the machine it runs on: a CI step's runner. So the compose
// files it reads are read for that runner's platform too (engine/composeRuns.ts), when the runner's
// architecture is known (runStepCalls.ts).
//
// Which files: the `-f`/`--file` operands in order (Compose merges them), else the step's
// `COMPOSE_FILE` (`:`-separated, as Compose splits it on Linux), else Compose's default names in
// the folder the command runs in (compose.yaml, compose.yml, docker-compose.yaml,
// docker-compose.yml, with its override file): the engine finds those. `-p` and
// `--project-directory` change no file Compose reads. A file a variable, an expression or a
// command's output hides, or a folder only the run knows, is said (`hidden`), never guessed.
//
// Which commands build: `build`; `up`, `create` and `run` build a service's image that is missing,
// as it is on a fresh runner (unless `--no-build`); `pull` builds nothing.
import { posix } from 'node:path';
import { UNKNOWN } from './runDockerBuild';

/** Text that may run Docker Compose: a script without it runs none. */
export const MAY_RUN_COMPOSE = /\bdocker[\s"'\\]+compose\b|\bdocker-compose\b/;

/** A docker compose command as written: the files it names (from the folder it runs in), whether it builds, and what hides its files. */
export interface ComposeCommand {
  /** `docker compose up`, for messages. */
  readonly command: string;
  /** The compose files, joined onto the folder the command runs in; empty: Compose's default names there. */
  readonly files: readonly string[];
  /** It builds the images of the services that build (`build`, `up`, `create`, `run` without `--no-build`). */
  readonly builds: boolean;
  /** What hides the files (`its -f value`, `COMPOSE_FILE`, `the folder it runs in`), when a word only the run knows does. */
  readonly hidden?: string;
}

/** Compose's global flags that take a value (docker compose's and docker-compose v1's). */
const GLOBAL_VALUE_FLAGS = new Set(['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress', '--parallel', '-H', '--host', '--log-level', '-c', '--context', '--tlscacert', '--tlscert', '--tlskey']);
/** docker's own global flags that take a value, before `compose`. */
const DOCKER_VALUE_FLAGS = new Set(['-c', '--context', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey']);
/** The subcommands that pull or build the services' images, and whether each builds. */
const SUBCOMMANDS: ReadonlyMap<string, boolean> = new Map([['up', true], ['create', true], ['run', true], ['build', true], ['pull', false]]);

/**
 * The compose command `words` (from a command's own first word) run in `cwd` (undefined: a folder only
 * the run knows) runs, with `variable` the step's environment; undefined when they run none that
 * pulls or builds images.
 */
export function composeCommand(words: readonly string[], cwd: string | undefined, variable: (name: string) => string | undefined): ComposeCommand | undefined {
  let at = 0;
  let tool: string;
  if (words[0] === 'docker-compose') {
    tool = 'docker-compose';
    at = 1;
  } else if (words[0] === 'docker') {
    at = 1;
    while (at < words.length && words[at].startsWith('-')) at += DOCKER_VALUE_FLAGS.has(words[at]) ? 2 : 1;
    if (words[at] !== 'compose') return undefined;
    tool = 'docker compose';
    at++;
  } else return undefined;
  const written: string[] = [];
  for (; at < words.length && words[at].startsWith('-'); at++) {
    const word = words[at];
    const [name, inline] = word.startsWith('--') && word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    if (!GLOBAL_VALUE_FLAGS.has(name) && !/^-f./.test(word)) continue;
    // `-fcompose.yml`, `--file=compose.yml`, `-f compose.yml`.
    const value = /^-f./.test(word) ? word.slice(2) : (inline ?? words[++at] ?? UNKNOWN);
    if (name === '-f' || name === '--file' || /^-f./.test(word)) written.push(value);
  }
  const subcommand = words[at];
  const builds = SUBCOMMANDS.get(subcommand ?? '');
  if (subcommand === undefined || builds === undefined) return undefined;
  const command = `${tool} ${subcommand}`;
  const noBuild = words.slice(at + 1).includes('--no-build');
  const result = (files: readonly string[], hidden?: string): ComposeCommand => ({ command, files, builds: builds && !noBuild, ...(hidden === undefined ? {} : { hidden }) });
  const fromEnvironment = written.length === 0 ? variable('COMPOSE_FILE') : undefined;
  const named = written.length > 0 ? written : fromEnvironment === undefined || fromEnvironment === '' ? [] : fromEnvironment.split(':').filter((file) => file !== '');
  const unknown = named.find((file) => file.includes(UNKNOWN));
  if (unknown !== undefined) return result([], written.length > 0 ? 'its -f value' : 'COMPOSE_FILE');
  // Read from stdin: no file of the repository.
  if (named.includes('-')) return undefined;
  if (cwd === undefined) {
    if (named.length > 0 && named.every((file) => posix.isAbsolute(file))) return result(named.map((file) => posix.normalize(file)));
    return result([], 'the folder it runs in');
  }
  return result(named.map((file) => posix.normalize(posix.isAbsolute(file) ? file : posix.join(cwd, file))));
}

