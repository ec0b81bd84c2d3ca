// The Makefiles a workflow job's run steps run `make` on (`make image`, `make -C images/base`,
// `make -f build/Makefile push`), on a runner of known architecture. make runs the recipes on the
// runner: a `docker build` there without `--platform` builds for the runner's architecture, and
// the runner is the builder (`$BUILDPLATFORM`) of every build. The Makefile read alone knows
// neither (makefile.ts), so the engine reads it again as each such step runs it
// (engine/buildOperands.ts), as it reads a composite action a step uses.
//
// make finds its makefile in the folder it runs in (`-C dir`, each relative to the one before,
// from the step's working folder and a `cd` before it): the first `-f`/`--file`/`--makefile`
// names it, else GNUmakefile, makefile or Makefile there. A folder or file a variable, an
// expression or a command's output hides is not followed: the Makefile's own reading stands.
import { posix } from 'node:path';
import type { LocalActionUse, Platform } from '../types';
import { type BuildStep, inRepository } from './buildPushAction';
import { commandsOf, runStepScripts, UNKNOWN } from './runDockerBuild';

/** A run step script that may run make. */
const MAY_MAKE = /\bg?make\b/;

/** Where one make command finds its makefile, from the workspace's root. */
interface MakeRun {
  readonly folder: string;
  /** The makefile `-f` names in `folder`; '' for make's own search. */
  readonly makefile: string;
}

/** The Makefiles the `run:` script of a step runs make on, each with the runners' platforms (none when no runner's architecture is known). */
export function runStepMakes(at: BuildStep, defaultWorkingDirectory: string | undefined): Omit<LocalActionUse, 'range' | 'line'>[] {
  if (at.offRunner === true) return [];
  const step = runStepScripts(at, defaultWorkingDirectory, MAY_MAKE);
  if (step === undefined) return [];
  const uses = new Map<string, { folder: string; makefile: string; platforms: Platform[] }>();
  for (const { script, reading } of step.runs) {
    const runner = reading.runner;
    if (runner === undefined) continue;
    for (const command of commandsOf(script, reading.start, reading.variable)) {
      const run = makeRun(command.words, command.cwd);
      const folder = run === undefined ? undefined : inRepository(run.folder, at.checkouts);
      if (run === undefined || folder === undefined || folder.startsWith('../')) continue;
      const key = `${folder}\n${run.makefile}`;
      const use = uses.get(key) ?? { folder, makefile: run.makefile, platforms: [] };
      if (!use.platforms.some((p) => p.architecture === runner.architecture && p.os === runner.os && p.variant === runner.variant)) use.platforms.push(runner);
      uses.set(key, use);
    }
  }
  return [...uses.values()].map((use) => ({ ...use, by: `a run step of ${at.what}` }));
}

/** The makefile a make command reads, when its words say it for sure. */
function makeRun(words: readonly string[], cwd: string | undefined): MakeRun | undefined {
  let at = 0;
  // Variable assignments before the command, and sudo, leave it make.
  while (at < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at]) || words[at] === 'sudo' || words[at] === '-E')) at++;
  if (words[at] !== 'make' && words[at] !== 'gmake') return undefined;
  if (cwd === undefined) return undefined;
  let folder = cwd;
  let makefile: string | undefined;
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
    if (file !== undefined && makefile === undefined) makefile = file;
  }
  if (makefile?.includes(UNKNOWN) === true || posix.isAbsolute(folder)) return undefined;
  const where = posix.normalize(folder).replace(/(.)\/+$/, '$1');
  if (makefile === undefined) return { folder: where, makefile: '' };
  // A makefile in another folder is not followed: make still runs its recipes in `folder`, not in the makefile's.
  const path = posix.normalize(posix.isAbsolute(makefile) ? makefile : posix.join(where, makefile));
  return posix.dirname(path) === where ? { folder: where, makefile: posix.basename(path) } : undefined;
}
