// The Makefiles, justfiles, Taskfiles and shell scripts of the repository a workflow job's run steps run (`make image`,
// `make -C images/base`, `just image`, `task image`, `./scripts/build.sh`, `bash hack/image.sh push`), on a runner of known
// architecture. They run on the runner: a `docker build` there without `--platform` builds for the
// runner's architecture, and the runner is the builder (`$BUILDPLATFORM`) of every build; a script
// starts in the step's folder. Each file read alone knows none of that (makefile.ts,
// shellScript.ts), so the engine reads it again as each such step runs it
// (engine/buildOperands.ts), as it reads a composite action a step uses.
//
// make finds its makefile in the folder it runs in (`-C dir`, each relative to the one before,
// from the step's working folder and a `cd` before it): the first `-f`/`--file`/`--makefile`
// names it, else GNUmakefile, makefile or Makefile there. A script is run by its path (a word
// with a `/`), by `bash`/`sh` with its path, or sourced (`.`, `source`); the engine reads it when it
// is a shell script (by its name or its `#!` line). A folder or path a variable, an expression or
// a command's output hides is not followed: the file's own reading stands.
//
// just and task (go-task) run a justfile's recipes or a Taskfile's tasks the same way, on the
// runner (taskRunnerRun.ts): the file `-f`/`--justfile` or `-t`/`--taskfile` names, else the one
// their search finds from the folder they run in (`-d`), read as a whole (every recipe or task).
//
// A package manager running a script of a package.json (`npm run build`, `yarn build`, `pnpm run
// build`, `bun run build`, `node --run build`, packageRun.ts) runs it from the package.json in the
// folder it runs in (`--prefix`, `-C`, `--cwd` naming another): the engine reads that script, with
// those it runs, as the step runs it (packageScripts.ts); in each package of the workspace there
// that the command picks (`npm run -w web build`, `pnpm -r build`: `LocalActionUse.workspaces`,
// engine/workspacePackages.ts).
import { posix } from 'node:path';
import { platformsEqual } from '../platform';
import type { ComposeRunUse, HiddenCall, LocalActionUse, Platform, WorkspacePick } from '../types';
import { type BuildStep, inRepository } from './buildPushAction';
import { composeCommand, MAY_RUN_COMPOSE } from './composeRun';
import { PACKAGE_TOOLS, packageScriptRuns } from './packageRun';
import { commandsOf, runStepScripts, type ScriptReading, UNKNOWN } from './runDockerBuild';
import { taskRunnerRun } from './taskRunnerRun';

/** A run step script that may run make, just, task, a script of the repository, a package.json's script or docker compose. */
const MAY_CALL = new RegExp(`\\bg?make\\b|\\bjust\\b|\\btask\\b|\\/|\\b(?:ba|z)?sh\\b|\\bsource\\b|(?:^|[;&|(]\\s*|\\n\\s*)\\.\\s|${PACKAGE_TOOLS.source}|${MAY_RUN_COMPOSE.source}`);

/** Shells a script is run with (`bash -e hack/build.sh`). */
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash']);

/** What one command runs, from the workspace's root: make in `folder` on `makefile`, `script` from `folder`, the package.json script `packageScript` of `folder`, or docker compose in `folder` on `compose`'s files. */
interface Call {
  readonly folder: string;
  readonly compose?: ComposeRunUse;
  /** The makefile `-f` names in `folder`; '' for make's own search. */
  readonly makefile?: string;
  /** The goals make is run with, when the command names them all (`LocalActionUse.goals`). */
  readonly goals?: readonly string[];
  /** The justfile or Taskfile just or task runs (taskRunnerRun.ts), from the workspace's root; '' for its own search from `folder`. */
  readonly justfile?: string;
  readonly taskfile?: string;
  readonly script?: string;
  readonly packageScript?: string;
  readonly workspaces?: readonly WorkspacePick[];
  readonly hidden?: HiddenCall;
}

/** The Makefiles and scripts the `run:` script of a step runs, each with the runners' platforms (none when no runner's architecture is known). */
export function runStepCalls(at: BuildStep, defaultWorkingDirectory: string | undefined): Omit<LocalActionUse, 'range' | 'line'>[] {
  const step = runStepScripts(at, defaultWorkingDirectory, MAY_CALL);
  if (step === undefined) return [];
  const calls = new ScriptCalls(`a run step of ${at.what}`, at.offRunner);
  for (const { script, reading } of step.runs) calls.read(script, reading, (path) => inRepository(path, at.checkouts));
  return calls.all();
}

/** The Makefiles and scripts of the repository the scripts of one place (a run step, a GitLab job's script) run, on the runners they run on. */
export class ScriptCalls {
  private readonly uses = new Map<string, { folder: string; makefile?: string; goals?: readonly string[]; justfile?: string; taskfile?: string; script?: string; packageScript?: string; workspaces?: readonly WorkspacePick[]; compose?: ComposeRunUse; hidden?: HiddenCall; platforms: Platform[] }>();

  /** `by`: who runs them, for messages (`a run step of job image`); `offRunner`: why their builds run on a builder off the runner, when they do. */
  constructor(
    private readonly by: string,
    private readonly offRunner?: string,
  ) {}

  /**
   * The calls of `script` as `reading` runs it; `inRepository` maps a path of the workspace to the
   * repository's (undefined: none of it). Nothing when the runner's architecture is not known, unless
   * the builds run off the runner, whatever its architecture.
   */
  read(script: string, reading: Pick<ScriptReading, 'start' | 'variable' | 'runner'>, inRepository: (path: string) => string | undefined): void {
    const runner = reading.runner;
    if ((runner === undefined && this.offRunner === undefined) || !MAY_CALL.test(script)) return;
    const variable = (name: string): string | undefined => reading.variable(name) ?? (OUTSIDE_VARIABLES.has(name) ? `/${name}` : undefined);
    for (const command of commandsOf(script, reading.start, variable)) {
      const compose = composeRun(command.words, command.cwd, variable, inRepository);
      const calls = compose === undefined ? callsOf(command.words, command.cwd) : [compose];
      const hidden = calls.length === 0 ? hiddenCall(command.words, command.cwd) : undefined;
      for (const call of hidden === undefined ? calls : [hidden]) this.add(call, runner, inRepository);
    }
  }

  /** `call` made on `runner`: a use of its own, or one more runner of the same use. */
  private add(call: Call, runner: Platform | undefined, inRepository: (path: string) => string | undefined): void {
    // Compose files only the run knows: no folder of the repository either.
    const folder = call.compose?.hidden !== undefined || call.hidden !== undefined ? '.' : inRepository(call.folder);
    const path = call.script === undefined ? undefined : inRepository(call.script);
    if (folder === undefined || folder.startsWith('../') || (call.script !== undefined && (path === undefined || path.startsWith('../')))) return;
    const runnerFile = taskRunnerFile(call, inRepository);
    if (runnerFile === null) return;
    const key = `${folder}\n${call.makefile ?? ''}\n${JSON.stringify(call.goals ?? null)}\n${JSON.stringify(runnerFile ?? null)}\n${path ?? ''}\n${call.packageScript ?? ''}\n${JSON.stringify(call.workspaces ?? null)}\n${call.compose === undefined ? '' : JSON.stringify(call.compose)}\n${call.hidden === undefined ? '' : JSON.stringify(call.hidden)}`;
    const use = this.uses.get(key) ?? {
      folder,
      ...(call.makefile === undefined ? {} : { makefile: call.makefile }),
      ...(call.goals === undefined ? {} : { goals: call.goals }),
      ...runnerFile,
      ...(path === undefined ? {} : { script: path }),
      ...(call.packageScript === undefined ? {} : { packageScript: call.packageScript }),
      ...(call.workspaces === undefined ? {} : { workspaces: call.workspaces }),
      ...(call.compose === undefined ? {} : { compose: call.compose }),
      ...(call.hidden === undefined ? {} : { hidden: call.hidden }),
      platforms: [],
    };
    if (runner !== undefined && !use.platforms.some((p) => platformsEqual(p, runner))) use.platforms.push(runner);
    this.uses.set(key, use);
  }

  all(): Omit<LocalActionUse, 'range' | 'line'>[] {
    return [...this.uses.values()].map((use) => ({ ...use, by: this.by, ...(this.offRunner === undefined ? {} : { offRunner: this.offRunner }) }));
  }
}

/**
 * The compose project a command runs docker compose on (composeRun.ts): the folder it runs in and
 * its files, from the workspace's root, mapped to the repository's (`inRepository`); a file of no
 * repository (the runner's, above the checkout) is left out. Files only the run knows: no folder.
 */
function composeRun(words: readonly string[], cwd: string | undefined, variable: (name: string) => string | undefined, inRepository: (path: string) => string | undefined): Call | undefined {
  const run = composeCommand(words.slice(leading(words)), cwd, variable);
  if (run === undefined) return undefined;
  const { command, builds, hidden } = run;
  if (hidden !== undefined) return { folder: '.', compose: { command, files: [], builds, hidden } };
  const files = run.files.flatMap((file) => {
    const path = inRepository(file);
    return path === undefined || path.startsWith('../') || posix.isAbsolute(path) ? [] : [posix.normalize(path)];
  });
  // Every file it names lies outside the repository: none of its files is read here.
  if (run.files.length > 0 && files.length === 0) return undefined;
  return cwd === undefined ? undefined : { folder: trimmed(cwd), compose: { command, files, builds } };
}

/**
 * Variables of the runner that name folders outside the checkout (the home folder, the runner's
 * temporary and tool folders, a tool's own): a script or Makefile there is none of the
 * repository's (`source "$HOME/.cargo/env"`), so its path is not hidden, only elsewhere.
 */
const OUTSIDE_VARIABLES = new Set(['HOME', 'RUNNER_TEMP', 'RUNNER_TOOL_CACHE', 'TMPDIR', 'NVM_DIR', 'CARGO_HOME', 'RUSTUP_HOME', 'SDKMAN_DIR', 'CONDA', 'VCPKG_INSTALLATION_ROOT', 'ANDROID_HOME', 'ANDROID_SDK_ROOT', 'JAVA_HOME']);

/** A script run by its path without a shell is one of the repository's shell scripts when its name says so. */
const SHELL_SCRIPT_NAME = /\.(?:sh|bash|zsh)$/;

/**
 * make, or a shell script, run where a word only the run knows hides the Makefile's folder or the
 * script's path (`make -C "$DIR"`, `cd "$APP" && make image`, `bash "$SCRIPT"`, `./ci/$TARGET.sh`):
 * it may run any of the repository's Makefiles or scripts, which is said, never guessed.
 */
function hiddenCall(words: readonly string[], cwd: string | undefined): Call | undefined {
  const at = leading(words);
  const hidden = (command: string, what: string): Call => ({ folder: '.', hidden: { command, what } });
  const runner = taskRunnerRun(words.slice(at), cwd);
  if (runner !== undefined) return 'hidden' in runner ? hidden(runner.tool, runner.hidden) : undefined;
  if (words[at] === 'make' || words[at] === 'gmake') {
    const args = words.slice(at + 1);
    const valueOf = (flags: RegExp): string | undefined => {
      for (let i = 0; i < args.length; i++) {
        const match = flags.exec(args[i]);
        if (match !== null) return match[1] === '' ? (args[i + 1] ?? '') : match[1];
      }
      return undefined;
    };
    if (valueOf(/^(?:-C|--directory=?)(.*)$/)?.includes(UNKNOWN) === true) return hidden(words[at], 'its -C folder');
    if (valueOf(/^(?:-f|--file=?|--makefile=?)(.*)$/)?.includes(UNKNOWN) === true) return hidden(words[at], 'its -f makefile');
    return cwd === undefined ? hidden(words[at], 'the folder it runs in') : undefined;
  }
  let path: string | undefined;
  let command: string;
  if (SHELLS.has(words[at])) {
    command = words[at];
    let next = at + 1;
    while (next < words.length && words[next].startsWith('-')) {
      // `-c` runs a command, `-s` (or `-`) the script standard input gives: no file.
      if (/^-[a-z]*[cs]/.test(words[next]) || words[next] === '-') return undefined;
      next++;
    }
    path = words[next];
  } else {
    const sourced = words[at] === 'source' || words[at] === '.';
    path = sourced ? words[at + 1] : words[at];
    command = sourced ? words[at] : 'a script';
    if (path === undefined || !SHELL_SCRIPT_NAME.test(path) || (!sourced && !path.includes('/'))) return undefined;
  }
  if (path === undefined || path.startsWith('-') || posix.isAbsolute(path)) return undefined;
  if (path.includes(UNKNOWN)) return hidden(command, "the script's path");
  return cwd === undefined ? hidden(command, 'the folder it runs in') : undefined;
}

/** A script a command runs by its path, with a shell or sourced: its path and the folder it starts in, from the workspace's root. */
function scriptRun(words: readonly string[], cwd: string | undefined): Call | undefined {
  let at = leading(words);
  if (SHELLS.has(words[at])) {
    at++;
    // Options before the script (`bash -eu x.sh`); `-c` runs a command, not a file.
    while (at < words.length && words[at].startsWith('-')) {
      // `-c` runs a command, `-s` (or `-`) the script standard input gives: no file.
      if (/^-[a-z]*[cs]/.test(words[at]) || words[at] === '-') return undefined;
      at++;
    }
  } else if (words[at] === 'source' || words[at] === '.') at++;
  else if (words[at]?.includes('/') !== true) return undefined;
  const path = words[at];
  if (cwd === undefined || path === undefined || path.includes(UNKNOWN) || path.startsWith('-')) return undefined;
  const script = posix.normalize(posix.isAbsolute(path) ? path : posix.join(cwd, path));
  return posix.isAbsolute(script) || posix.isAbsolute(cwd) ? undefined : { folder: trimmed(cwd), script };
}

/**
 * The justfile or Taskfile a call runs, as the repository's path (`inRepository`): `{}` for no just
 * or task, null for a file of no repository (the runner's, above the checkout).
 */
function taskRunnerFile(call: Call, inRepository: (path: string) => string | undefined): Pick<Call, 'justfile' | 'taskfile'> | null {
  const file = call.justfile ?? call.taskfile;
  if (file === undefined) return {};
  const path = file === '' ? '' : inRepository(file);
  if (path === undefined || path.startsWith('../') || posix.isAbsolute(path)) return null;
  return call.justfile !== undefined ? { justfile: path } : { taskfile: path };
}

/** What one command runs: make, the package.json scripts of a package manager or a monorepo's task runner, or a script of the repository. */
function callsOf(words: readonly string[], cwd: string | undefined): Call[] {
  const make = makeRun(words, cwd);
  if (make !== undefined) return [make];
  const runner = taskRunnerRun(words.slice(leading(words)), cwd);
  if (runner !== undefined && !('hidden' in runner)) {
    if (posix.isAbsolute(runner.folder)) return [];
    return [runner.tool === 'just' ? { folder: runner.folder, justfile: runner.file } : { folder: runner.folder, taskfile: runner.file }];
  }
  const packages = packageRuns(words, cwd);
  if (packages.length > 0) return packages;
  const script = scriptRun(words, cwd);
  return script === undefined ? [] : [script];
}

/** The package.json scripts a command runs (`npm run build`, `turbo run image`, packageRun.ts): the folder holding the package.json (or the workspace's root), from the workspace's root, and the script's name. */
function packageRuns(words: readonly string[], cwd: string | undefined): Call[] {
  if (cwd === undefined) return [];
  return packageScriptRuns(words.slice(leading(words))).flatMap((run) => {
    const folder = posix.isAbsolute(run.folder) ? run.folder : posix.join(cwd, run.folder);
    if (posix.isAbsolute(folder)) return [];
    return [{ folder: trimmed(folder), packageScript: run.script, ...(run.workspaces === undefined ? {} : { workspaces: run.workspaces }) }];
  });
}

/** Where a command's own words start: after variable assignments and sudo. */
export function leading(words: readonly string[]): number {
  let at = 0;
  while (at < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at]) || words[at] === 'sudo' || words[at] === '-E')) at++;
  return at;
}

/** A folder normalized, without a trailing `/`. */
function trimmed(folder: string): string {
  return posix.normalize(folder).replace(/(.)\/+$/, '$1');
}

/** The makefile a make command reads, when its words say it for sure. */
function makeRun(words: readonly string[], cwd: string | undefined): Call | undefined {
  const at = leading(words);
  if (words[at] !== 'make' && words[at] !== 'gmake') return undefined;
  if (cwd === undefined) return undefined;
  let folder = cwd;
  let makefile: string | undefined;
  const goals: string[] = [];
  const args = words.slice(at + 1);
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const value = (long: readonly string[], short: string): string | undefined => {
      for (const name of long) {
        if (word === name) return args[++i] ?? UNKNOWN;
        if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
      }
      if (word === short) return args[++i] ?? UNKNOWN;
      if (word.startsWith(short) && !word.startsWith('--')) return word.slice(short.length);
      return undefined;
    };
    const directory = value(['--directory'], '-C');
    if (directory !== undefined) {
      if (directory.includes(UNKNOWN)) return undefined;
      folder = posix.isAbsolute(directory) ? directory : posix.join(folder, directory);
      continue;
    }
    const file = value(['--file', '--makefile'], '-f');
    if (file !== undefined) {
      if (makefile === undefined) makefile = file;
      continue;
    }
    if (MAKE_VALUE_OPTIONS.has(word)) i++;
    else if ((word === '-j' || word === '-l' || word === '--jobs' || word === '--load-average') && /^\d/.test(args[i + 1] ?? '')) i++;
    else if (!word.startsWith('-') && !/^[^=]*=/.test(word)) goals.push(word);
  }
  if (makefile?.includes(UNKNOWN) === true || posix.isAbsolute(folder)) return undefined;
  const where = trimmed(folder);
  // Goals it names for sure: only their recipes run. None (make's default goal), or one only the run knows: every recipe is read.
  const named = goals.length > 0 && !goals.some((goal) => goal.includes(UNKNOWN)) ? { goals } : {};
  if (makefile === undefined) return { folder: where, makefile: '', ...named };
  // A makefile in another folder is not followed: make still runs its recipes in `folder`, not in the makefile's.
  const path = posix.normalize(posix.isAbsolute(makefile) ? makefile : posix.join(where, makefile));
  return posix.dirname(path) === where ? { folder: where, makefile: posix.basename(path), ...named } : undefined;
}

/** make's options whose value is the next word (`-I dir`, `-o file`). */
const MAKE_VALUE_OPTIONS = new Set(['-I', '-o', '-W', '-E', '--include-dir', '--old-file', '--assume-old', '--what-if', '--new-file', '--assume-new', '--eval']);
