// The compose files a CI step runs docker compose on (`docker compose up --build` in a workflow's
// run step, core/sources/composeRun.ts), on a runner of known architecture: Compose pulls their
// images, and builds their services' images, on that runner. Each such file among the files read
// gains a reading for each runner platform other than its configured one (a matrix over amd64 and
// arm64 runners: the other of the two), its services without `platform:` read for that platform
// (core/sources/compose.ts, `runner`). An image a service pulls on two platforms then takes the
// index digest, and its build's Dockerfile is read for the runner too, as readings of one file
// used on several platforms always are (readings.ts, `platformsOf`). A step whose compose files
// only the run knows (`-f "$FILE"`) is said at its line, when its runners are not all of the
// configured platform: which files it runs on another platform cannot be told (at the top of each
// compose file to read of the repository, when the workflow is read only for its builds).
import { dirname, join } from 'node:path';
import { formatPlatform, platformsEqual } from '../core/platform';
import { detectKind } from '../core/sources/detect';
import type { LocalActionUse, Platform, ScanProblem } from '../core/types';
import type { Assembly } from './assembly';
import { isInside } from './assembly';
import type { BuildOperand, ComposeReading, Includer } from './buildOperands';
import { topProblem } from './toldAlone';

/** Compose's default file names, in the order it looks for them (compose-go cli/options.go DefaultFileNames), and their override files. */
const DEFAULT_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/**
 * Gives each compose file among the files read (`byRealPath`) that the steps of `naming` (`uses`,
 * from its scan's `localActions`) run docker compose on a reading per runner platform; a step whose
 * files only the run knows is said at its line (not for a file read only for its builds).
 */
export async function composeRunReadings(uses: readonly LocalActionUse[], naming: BuildOperand, root: string, byRealPath: ReadonlyMap<string, BuildOperand>, assembly: Assembly): Promise<void> {
  for (const use of uses) {
    const run = use.compose;
    if (run === undefined || use.platforms.length === 0) continue;
    if (run.hidden !== undefined) {
      const others = use.platforms.filter((platform) => !platformsEqual(platform, naming.options.platform));
      if (others.length === 0) continue;
      const problem = hiddenFilesProblem(use, others, naming.options.platform);
      if (naming.buildsOnly !== true) naming.buildProblems.push(problem);
      else tellComposeFiles(problem, `${assembly.displayName(naming.path)}:${use.line}`, root, byRealPath);
      continue;
    }
    const paths = run.files.length > 0 ? run.files.map((file) => join(root, file)) : await defaultFiles(join(root, use.folder), root, assembly);
    for (const path of paths) {
      const real = await assembly.files.realpath(path).catch(() => undefined);
      const compose = real === undefined || !isInside(root, real) ? undefined : byRealPath.get(real);
      if (compose === undefined || (compose.kind ?? detectKind(compose.path)) !== 'compose') continue;
      for (const platform of use.platforms) await addRunnerReading(compose, platform, { ...use, by: `${use.by} in ${assembly.displayName(naming.path)}` }, assembly);
    }
  }
}

/**
 * A step of a file read only for its builds (`check compose.yaml` reads the repository's workflows
 * so) whose compose files only the run knows may run any compose file to read of the repository:
 * each says it at its top, naming the step's line (`place`), as a Dockerfile is told of a build
 * that hides which Dockerfile it builds.
 */
function tellComposeFiles(problem: ScanProblem, place: string, root: string, byRealPath: ReadonlyMap<string, BuildOperand>): void {
  for (const [real, operand] of byRealPath) {
    if (operand.buildsOnly === true || !isInside(root, real) || (operand.kind ?? detectKind(operand.path)) !== 'compose') continue;
    if (operand.buildProblems.some((said) => said.text === place && said.message === problem.message)) continue;
    operand.buildProblems.push(topProblem(place, problem.message));
  }
}

/**
 * Compose's own choice of files where no `-f` or `COMPOSE_FILE` names them: the first default name
 * found in the folder it runs in, else in the nearest folder above it (within the repository) holding
 * one, with that folder's override file.
 */
async function defaultFiles(folder: string, root: string, assembly: Assembly): Promise<string[]> {
  for (let at = folder; isInside(root, at); at = dirname(at)) {
    const main = await firstFile(at, DEFAULT_FILES, assembly);
    if (main !== undefined) {
      const override = await firstFile(at, OVERRIDE_FILES, assembly);
      return override === undefined ? [main] : [main, override];
    }
    if (at === root || dirname(at) === at) break;
  }
  return [];
}

async function firstFile(folder: string, names: readonly string[], assembly: Assembly): Promise<string | undefined> {
  for (const name of names) if (await assembly.files.isFile(join(folder, name))) return join(folder, name);
  return undefined;
}

/**
 * A reading of `compose` for `platform`, as `use` runs it: none for its configured platform (its own
 * reading reads that) or one read so already (another step on the same runner); a step that
 * builds turns a pull-only reading of the same platform into a building one, while its builds are
 * not followed yet.
 */
async function addRunnerReading(compose: BuildOperand, platform: Platform, use: LocalActionUse, assembly: Assembly): Promise<void> {
  if (platformsEqual(platform, compose.options.platform)) return;
  const run = use.compose;
  if (run === undefined) return;
  const readings = (compose.moreReadings ??= []);
  const at = readings.findIndex((reading) => reading.includer.via === 'runner' && reading.options.composeRunner !== undefined && platformsEqual(reading.options.composeRunner.platform, platform));
  const known = at < 0 ? undefined : readings[at];
  if (known !== undefined) {
    if (run.builds && known.options.composeRunner?.builds === false && at + 1 >= (compose.followed ?? 0)) readings[at] = reading(compose, platform, use, await ownEnvFile(compose, assembly));
    return;
  }
  readings.push(reading(compose, platform, use, await ownEnvFile(compose, assembly)));
}

function reading(compose: BuildOperand, platform: Platform, use: LocalActionUse, envFile: ComposeReading['envFile']): ComposeReading {
  const run = use.compose as NonNullable<LocalActionUse['compose']>;
  const includer: Includer = { name: use.by, line: use.line, via: 'runner', runs: `${run.command} on a ${formatPlatform(platform)} runner` };
  return {
    includer,
    // The file's own options and variables: the same project, on another machine.
    options: { ...compose.options, composeRunner: { platform, builds: run.builds } },
    ...(compose.projectDirectory === undefined ? {} : { projectDirectory: compose.projectDirectory }),
    envFile,
    ...(compose.includedBy === undefined ? {} : { includedBy: compose.includedBy }),
  };
}

/** The env file the compose file's own reading reads (its include's, else the .env beside it), with its text; null: none. */
async function ownEnvFile(compose: BuildOperand, assembly: Assembly): Promise<ComposeReading['envFile']> {
  const path = compose.envPath === undefined ? join(dirname(compose.path), '.env') : compose.envPath;
  if (path === null) return null;
  const text = await assembly.files.readText(path).catch(() => undefined);
  return text === undefined ? null : { path, text };
}

/** What a step whose compose files only the run knows is told, at its line: the runners of other platforms than the configured one it runs them on. */
function hiddenFilesProblem(use: LocalActionUse, others: readonly Platform[], configured: Platform): ScanProblem {
  const run = use.compose as NonNullable<LocalActionUse['compose']>;
  const on = others.map((platform) => `a ${formatPlatform(platform)} runner`).join(' and ');
  return {
    kind: 'unresolved',
    range: use.range,
    text: run.command,
    message:
      `${run.command} in ${use.by} runs compose files it does not name (${run.hidden} is known only when it runs) on ${on}: which compose files' images are pulled there, and built, cannot be told, ` +
      `and they are checked for the configured platform (${formatPlatform(configured)}) only; name the files (-f compose.yaml, or COMPOSE_FILE in the step's env), pin their images to index digests (--index), or accept it with --allow-unresolved`,
  };
}
