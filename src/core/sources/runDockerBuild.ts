// A workflow step whose `run:` script runs `docker build` or `docker buildx build` (and a GitLab
// job whose script does: gitlabCi.ts reads it with ScriptBuilds) builds a Dockerfile of the repository for the platforms its `--platform` flags name (none: the runner's
// own, where the docker daemon runs), as docker/build-push-action does (buildPushAction.ts): the
// engine reads that Dockerfile as the build uses it, and a line built for two architectures takes
// the index digest. The script is read as bash reads it: lines joined at `\` line ends, words split
// and unquoted by shell-quote, commands split at `&&`, `||`, `;`, `|` and line ends; the runner has
// put in its `${{ }}` expressions before (those of the job's matrix and of `env:` are worked out,
// per run of the matrix). The command's paths are those of the step's working folder (the step's,
// the job's or the workflow's `defaults.run.working-directory`, and a `cd` to a written folder
// earlier in the script). A word holding a shell variable or an expression not worked out is known
// only when the workflow runs: a build whose platforms it hides, or whose Dockerfile it hides while
// platforms are named, is reported unresolved (one whose Dockerfile it hides marked so, with the
// platforms named: `ScanProblem.unnamedDockerfile`); one whose Dockerfile it hides, built for the
// runner's own platform, is left to the reading of each Dockerfile. A script for another shell
// than bash or sh, and a job on a GitHub-hosted Windows or macOS runner, are not read.
import { posix } from 'node:path';
import { isScalar, isSeq } from '../yaml';
import type { Node, Scalar } from '../yaml';
import { parse, type ParseEntry } from 'shell-quote';
import { isDockerPinError } from '../errors';
import { formatPlatform, parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform } from '../types';
import { windowsRunnerPlatform } from './runnerPlatform';
import { type BuildStep, expressionValue, fromRoot, inRepository, onePlatform } from './buildPushAction';
import { placesIn } from './buildxDriverOpts';
import { type Findings, nodePlace, type Place, workflowExpressions } from './findings';
import { pathEnd } from './pathEnd';
import { type Combination, expandMatrix } from './workflowMatrix';
import { entries, items, lookup, stringValue } from './yamlNodes';

/** A piece of a word known only when the workflow runs: a shell variable, an expression not worked out, a command's output. */
export const UNKNOWN = '\u0000';
/**
 * The folder the repository is checked out in, as an absolute path (`$GITHUB_WORKSPACE`,
 * `${{ github.workspace }}`, GitLab's `$CI_PROJECT_DIR`): a path under it is the repository's.
 */
export const WORKSPACE = '/\u0001';

/** The build command's flags that take a value (docker buildx build's, commands/build.go, and the classic builder's). */
const VALUE_FLAGS = new Set([
  '--add-host', '--allow', '--annotation', '--attest', '--build-arg', '--build-context', '--builder', '--cache-from', '--cache-to',
  '--call', '--cgroup-parent', '--cpu-period', '--cpu-quota', '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--device',
  '--file', '-f', '--iidfile', '--isolation', '--label', '--memory', '-m', '--memory-swap', '--metadata-file', '--network',
  '--no-cache-filter', '--output', '-o', '--platform', '--policy', '--progress', '--provenance', '--resource', '--sbom', '--secret',
  '--security-opt', '--shm-size', '--ssh', '--tag', '-t', '--target', '--ulimit',
  // podman build's and buildah build's own (docker's others they share).
  '--arch', '--os', '--variant', '--authfile', '--cache-ttl', '--cap-add', '--cap-drop', '--cert-dir', '--cpp-flag', '--creds',
  '--decryption-key', '--dns', '--dns-option', '--dns-search', '--env', '--format', '--from', '--hooks-dir', '--ignorefile', '--ipc',
  '--jobs', '--logfile', '--manifest', '--os-feature', '--os-version', '--pid', '--retry', '--retry-delay', '--runtime',
  '--runtime-flag', '--sign-by', '--signature-policy', '--timestamp', '--unsetenv', '--userns', '--uts', '--volume', '-v',
]);
/** Its flags that take none (a value only with `=`: `--push=false`, `--check=true`). */
const SWITCHES = new Set([
  '--check', '--compress', '--debug', '-D', '--disable-content-trust', '--force-rm', '--load', '--no-cache', '--print', '--pull',
  '--push', '--quiet', '-q', '--rm', '--squash',
  '--all-platforms', '--compat-volumes', '--disable-compression', '--http-proxy', '--identity-label', '--inherit-labels', '--layers',
  '--no-hosts', '--omit-history', '--skip-unused-stages', '--squash-all', '--stdin', '--tls-verify',
]);
/** The tools whose build command takes docker build's flags: podman's and buildah's add `--arch`, `--os` and `--variant`. */
const BUILDERS = new Set(['docker', 'podman', 'buildah']);
/** Flags that make an unknown tool's `build` a container build (`$(CONTAINER_ENGINE) build -t app .`), not a compiler's (`$(GO) build -o bin ./...`). */
const CONTAINER_FLAG = /^(?:-t|-f|--tag|--file|--platform)(?:=|$)/;
/** Text that may run a container build: a script without it is not read. */
export const MAY_BUILD = /\b(?:docker|podman|buildah)\b/;
/** Commands whose words are printed, not run. */
const PRINTS = new Set(['echo', 'printf', 'cat', 'grep', 'sed', 'awk', 'tee']);

const DOCKER_IMAGE = 'docker-image://';

/** `${NAME}` and every other `${…}` parameter expansion (`${NAME:-default}`, `${NAME:+word}`), which shell-quote does not all take. */
const BRACED = /\$\{([A-Za-z_][A-Za-z0-9_]*)?([^}]*)\}/g;

/** One command of the script, and the folder it runs in (undefined: a `cd` this file cannot follow came before). */
export interface Command {
  readonly words: readonly string[];
  readonly cwd: string | undefined;
  /** The file its `<` redirection reads and its `>` one writes, when a word names it. */
  readonly input?: string;
  readonly output?: string;
}

/** What a build command says, each value as written (with UNKNOWN where the run decides). */
interface BuildCommand {
  readonly context?: string;
  readonly file?: string;
  readonly platforms: readonly string[];
  readonly target?: string;
  readonly buildArgs: readonly string[];
  readonly contextNames: readonly string[];
  /** The images its `docker-image://` named contexts name, as the shell passes them. */
  readonly contextImages: readonly string[];
  /** A flag this reader does not know: whether the next word is its value cannot be told. */
  readonly unknownFlag?: string;
  /** A word that is all a variable's, a function's or a command's output, beside the written context: flags it adds cannot be told. */
  readonly opaque?: true;
}

/** A run step's script as one run of its job's matrix runs it, with how it is read (`ScriptReading`). */
export interface RunStepScript {
  readonly script: string;
  readonly reading: ScriptReading;
}

/**
 * The `run:` script of a step, as each run of its job's matrix runs it (its expressions put in, its
 * working folder, its environment, its runner), when it is a bash or sh script that `worth` accepts
 * on a Linux runner; undefined otherwise.
 */
export function runStepScripts(at: BuildStep, defaultWorkingDirectory: string | undefined, worth: RegExp): { readonly node: Scalar; readonly runs: readonly RunStepScript[] } | undefined {
  const { doc } = at.job;
  const runNode = lookup(doc, at.step, 'run');
  const script = stringValue(runNode);
  if (runNode === undefined || script === undefined || !isScalar(runNode) || !worth.test(script)) return undefined;
  const shell = stringValue(lookup(doc, at.step, 'shell'))?.trim().split(/\s+/)[0];
  const on = runnerOs(doc, at.job.job);
  if (on?.os === 'macos') return undefined;
  // A Windows runner's default shell is PowerShell: its commands read as a shell's words do, a line ending in a backtick continued.
  const powershell = on?.os === 'windows' && (shell === undefined || shell === 'pwsh' || shell === 'powershell');
  // On a Windows runner docker builds Windows containers.
  const windows = on?.os === 'windows' ? on.platform : undefined;
  if (!powershell && shell !== undefined && shell !== 'bash' && shell !== 'sh') return undefined;
  const env = new Map([...at.env, ...[...entries(doc, lookup(doc, at.step, 'env'))].flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const]))]);
  const workingDirectory = stringValue(lookup(doc, at.step, 'working-directory')) ?? defaultWorkingDirectory;
  const expansion = (at.job.expansion ??= expandMatrix(doc, at.job.source, at.job.job, at.job.id));
  const runs: (Combination | undefined)[] = expansion.known === true && expansion.combinations.length > 0 ? [...expansion.combinations] : [undefined];
  return {
    node: runNode,
    runs: runs.map((run): RunStepScript => {
      const start = workingDirectory === undefined ? '.' : withExpressions(doc, workingDirectory, run, env, at.inputs);
      return {
        script: powershell ? withExpressions(doc, script, run, env, at.inputs).replace(/`\r?\n/g, ' ') : withExpressions(doc, script, run, env, at.inputs),
        reading: {
          start: start.includes(UNKNOWN) ? undefined : posix.normalize(start),
          // A variable of the step's environment (`env:`) has its written value; any other is known only when the workflow runs.
          variable: (name) => {
            if (name === 'GITHUB_WORKSPACE') return WORKSPACE;
            const node = env.get(name);
            const value = node === undefined ? undefined : stringValue(node);
            return value === undefined ? undefined : withExpressions(doc, value, run, env, at.inputs);
          },
          runner: windows ?? onePlatform(at.runner.facts(run === undefined ? undefined : (c) => c === run)),
          ...(at.offRunner === undefined ? {} : { offRunner: at.offRunner }),
          // Paths of the workspace, as paths of the repository from the workflow's folder.
          inRepository: (path) => {
            if (path.startsWith('../')) return undefined;
            const found = inRepository(path, at.checkouts);
            return found === undefined ? undefined : (at.fromRoot ?? fromRoot)(found);
          },
        },
      };
    }),
  };
}

/** The builds the `run:` script of a step makes: one per distinct build over its matrix's runs. */
export function runStepBuilds(findings: Findings, at: BuildStep, defaultWorkingDirectory: string | undefined): DockerfileBuild[] {
  const step = runStepScripts(at, defaultWorkingDirectory, MAY_BUILD);
  if (step === undefined) return [];
  const what = `the docker build command of a run step of ${at.what}`;
  const builds = new ScriptBuilds(findings, nodePlace(findings, step.node), what, 'the workflow');
  for (const { script, reading } of step.runs) builds.read(script, reading);
  contextImagesAt(findings, [step.node], nodePlace(findings, step.node), builds.contextImages(), `a docker-image:// named context of ${what}`, 'the workflow');
  return builds.all();
}

/**
 * The images of the builds' docker-image:// named contexts, pinned where the script writes them:
 * each written out whole (`docker-image://alpine:3.20`) in one of the script's scalars (a run
 * step's, a GitLab script's items). One that a shell variable or an expression gives is
 * unresolved; one written in pieces (quoted apart) is skipped; both at `where`.
 */
export function contextImagesAt(
  findings: Findings,
  scalars: readonly Scalar[],
  where: Place,
  images: ReadonlyMap<string, readonly (Platform | undefined)[]>,
  what: string,
  runs: string,
): void {
  for (const [reference, platforms] of images) {
    if (reference.includes(UNKNOWN) || reference === '') {
      findings.problem('unresolved', where, `${what} is known only when ${runs} runs (a shell variable or an expression), so the image cannot be worked out here; write it out to pin it, or accept it unpinned with --allow-unresolved`);
      continue;
    }
    const written = `${DOCKER_IMAGE}${reference}`;
    let pinned = false;
    let why = 'it is not written out whole in the script';
    for (const node of scalars) {
      const text = stringValue(node) ?? '';
      if (!text.includes(written)) continue;
      const places = placesIn(findings.source, node, text);
      if ('reason' in places) {
        why = places.reason;
        continue;
      }
      for (let from = text.indexOf(written); from >= 0; from = text.indexOf(written, from + written.length)) {
        // Only a reference ending where the word does: `docker-image://alpine:3.20-slim` is another.
        if (/[^\s"';&|)]/.test(text[from + written.length] ?? ' ')) continue;
        findings.image({ text: reference, start: places.at(from + DOCKER_IMAGE.length), end: places.at(from + written.length) }, { source: 'image', expanded: reference, usePlatforms: platforms });
        pinned = true;
      }
    }
    if (!pinned) findings.problem('skipped', where, `skipped ${JSON.stringify(reference)} (${what}): ${why}, so no digest can be inserted safely`);
  }
}

/** How one script is read: where it starts, what its variables hold, the runner's platform, and its paths as the repository's. */
export interface ScriptReading {
  /** The folder it starts in, from the repository's; undefined: not known. */
  readonly start: string | undefined;
  /** A shell variable's value; undefined: known only when the script runs. */
  readonly variable: (name: string) => string | undefined;
  readonly runner: Platform | undefined;
  /** Why the builds run on a builder set up off the runner, when they do (`offRunnerBuilder`): the runner is not their builder. */
  readonly offRunner?: string;
  /** A path from the folder the script starts in as the build's path; undefined: no file of this repository. */
  readonly inRepository: (path: string) => string | undefined;
  /**
   * The file an earlier command of the script makes the Dockerfile at `path` from (`sed … Dockerfile
   * > Dockerfile.cross`), with that command's name: the build reads that file's images. Paths are
   * the script's, normalized.
   */
  readonly madeFrom?: (path: string) => { readonly source: string; readonly by: string } | undefined;
}

/** The distinct builds the scripts of one place (a run step, a GitLab job's script) make, and what cannot be told of them, said once. */
export class ScriptBuilds {
  private readonly builds = new Map<string, DockerfileBuild>();
  private readonly reported = new Set<string>();
  /** Each docker-image:// context's image, with the platforms the builds that name it are for (undefined: the configured one). */
  private readonly images = new Map<string, (Platform | undefined)[]>();

  constructor(
    private readonly findings: Findings,
    private readonly where: Place,
    private readonly what: string,
    /** What runs the script: `the workflow`, `the pipeline`. */
    private readonly runs: string,
    /** What may hide a part of a command there. */
    private readonly hiders = "a shell variable, a command's output or an expression",
  ) {}

  read(script: string, reading: ScriptReading): void {
    for (const command of commandsOf(script, reading.start, reading.variable)) {
      const build = buildCommand(command.words);
      if (build !== undefined) this.add(build, command.cwd, reading);
    }
  }

  all(): DockerfileBuild[] {
    return [...this.builds.values()];
  }

  /** Reports `message` at the command's line, once however many builds of the script say it. */
  private report(message: string): void {
    if (!this.reported.has(message)) this.findings.problem('unresolved', this.where, message);
    this.reported.add(message);
  }

  /** The images the builds' `docker-image://` named contexts name, each with the platforms it is pulled for. */
  contextImages(): ReadonlyMap<string, readonly (Platform | undefined)[]> {
    return this.images;
  }

  /** Why a build that runs in a folder only its run knows cannot be read, and how to make it readable. */
  private folderHidden(build: BuildCommand): string {
    const platforms = build.opaque === true ? undefined : namedPlatforms(build.platforms);
    const what = platforms === undefined ? 'which Dockerfile it builds, and for which platforms,' : 'which Dockerfile it builds';
    const folder = this.runs === 'the script' ? `add cd "$(dirname "$0")" (which docker-pin follows) or a cd to a written folder before it` : 'add a cd to a written folder before it';
    return (
      `${this.what} runs in a folder known only when ${this.runs} runs (${this.hiders}), so ${what} cannot be told: ` +
      `its images are checked for the configured platform, which may not be one it is built for; ${folder}, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`
    );
  }

  private add(build: BuildCommand, cwd: string | undefined, reading: ScriptReading): void {
    const hiddenWord = hiddenPart(build, cwd);
    let hidden: BuildHidden | undefined;
    if (hiddenWord !== undefined && build.opaque === true && hiddenPart({ ...build, opaque: undefined }, cwd) === undefined) {
      // All else is written: the build is read as written, and what the word may add is said.
      const message =
        `${hiddenWord} of ${this.what} is known only when ${this.runs} runs (${this.hiders}): the Dockerfile it names is read for the platforms written, which may not be all it is built for; ` +
        `write the word out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
      this.report(message);
      hidden = { message, platforms: false };
    } else if (hiddenWord !== undefined) {
      // A Dockerfile it does not say, built for the runner's own platform: left to the reading of each Dockerfile.
      if (hiddenWord !== 'the --platform' && build.opaque !== true && build.platforms.length === 0) return;
      const message = hiddenWord === FOLDER_HIDDEN ? this.folderHidden(build) :
        `${hiddenWord} of ${this.what} is known only when ${this.runs} runs (${this.hiders}), so what it builds, and for which platforms, cannot be told: ` +
        `its images are checked for the configured platform, which may not be one it is built for; write it out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
      this.report(message);
      // A Dockerfile it does not say: a Dockerfile read with this file's builds alone may be the one, and is told of it.
      const unnamed = hiddenPart({ ...build, platforms: [], target: undefined }, cwd);
      if (unnamed !== undefined) {
        const platforms = build.opaque === true ? undefined : namedPlatforms(build.platforms);
        const pathEnd = unnamed === FOLDER_HIDDEN ? dockerfileEnd(build) : undefined;
        this.findings.unnamedDockerfile(this.where, { by: this.what, ...(platforms === undefined ? {} : { platforms }), ...(pathEnd === undefined ? {} : { pathEnd }) });
        return;
      }
      // Only the platforms hidden: the build is of a Dockerfile it names, which is told of it.
      if (hiddenWord !== 'the --platform' || hiddenPart({ ...build, platforms: [] }, cwd) !== undefined) return;
      hidden = { message, platforms: true };
    }
    const context = build.context as string;
    if (context === '-' || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(context) || build.file === '-') return;
    const platforms = hidden?.platforms === true ? [] : platformList(this.findings, this.where, build.platforms, this.what);
    if (platforms === undefined) return;
    if (hidden?.platforms !== true) {
      for (const image of build.contextImages) this.images.set(image, [...(this.images.get(image) ?? []), ...(platforms.length > 0 ? platforms : [reading.runner])]);
    }
    const folder = cwd as string;
    const contextPath = inWorkspace(posix.isAbsolute(context) ? context : posix.join(folder, context));
    const writtenPath = build.file === undefined ? posix.join(contextPath, 'Dockerfile') : inWorkspace(posix.isAbsolute(build.file) ? build.file : posix.join(folder, build.file));
    const made = reading.madeFrom?.(writtenPath);
    const dockerfilePath = made?.source ?? writtenPath;
    // An absolute path is the runner's, outside the checkout: no Dockerfile of this repository.
    if (posix.isAbsolute(contextPath) || posix.isAbsolute(dockerfilePath)) return;
    const dockerfile = reading.inRepository(dockerfilePath);
    const contextInRepository = reading.inRepository(contextPath);
    if (dockerfile === undefined || contextInRepository === undefined) return;
    const { buildArgs, unknownArgs } = buildArgsOf(build.buildArgs, reading.variable, this.runs);
    const entry: DockerfileBuild = {
      dockerfile,
      context: contextInRepository,
      buildArgs,
      unknownArgs,
      ...(build.target === undefined ? {} : { target: build.target }),
      platforms,
      ...(platforms.length === 0 && reading.runner !== undefined && hidden?.platforms !== true && reading.offRunner === undefined ? { platform: reading.runner } : {}),
      // The docker on the runner builds: `$BUILDPLATFORM` is the runner's, whatever the platforms.
      // A builder set up off it is of a platform the workflow does not say.
      ...(reading.offRunner !== undefined ? { builderUnknown: reading.offRunner } : reading.runner === undefined ? {} : { builder: reading.runner }),
      range: this.findings.source.range(this.where.start, this.where.end),
      line: this.findings.source.line(this.where.start),
      by: made === undefined ? this.what : `${this.what} (as ${writtenPath}, which ${made.by} makes from it)`,
      ...(build.contextNames.length === 0 ? {} : { namedContexts: new Set(build.contextNames) }),
      ...(hidden === undefined ? {} : { hidden }),
    };
    const runner = reading.runner === undefined ? undefined : formatPlatform(reading.runner);
    const key = JSON.stringify([entry.dockerfile, entry.context, [...buildArgs], [...unknownArgs], entry.target, platforms.map(formatPlatform), runner, entry.by, hidden?.message]);
    if (!this.builds.has(key)) this.builds.set(key, entry);
  }
}

/** `${{ github.workspace }}`: the runner's checkout folder. */
const GITHUB_WORKSPACE = /^\$\{\{\s*github\.workspace\s*\}\}$/;

/** The OS of a job's runner when its labels say it is not Linux: a Windows runner's docker builds Windows images (for `windowsRunnerPlatform`), a macOS runner has no docker. */
function runnerOs(doc: BuildStep['job']['doc'], job: Node): { readonly os: 'windows'; readonly platform: Platform | undefined } | { readonly os: 'macos' } | undefined {
  const runsOn = lookup(doc, job, 'runs-on');
  const labels = (isSeq(runsOn) ? items(doc, runsOn).map((item) => stringValue(item)) : [stringValue(runsOn)]).flatMap((label) => (label === undefined ? [] : [label.trim().toLowerCase()]));
  if (labels.some((label) => label === 'macos' || label.startsWith('macos-'))) return { os: 'macos' };
  return labels.some((label) => label === 'windows' || /^windows-/.test(label)) ? { os: 'windows', platform: windowsRunnerPlatform(labels) } : undefined;
}

/** A path of the folder a script runs in: one under WORKSPACE as a path of the workspace, any other as it is. */
function inWorkspace(path: string): string {
  const normalized = posix.normalize(path);
  if (normalized === WORKSPACE) return '.';
  return normalized.startsWith(`${WORKSPACE}/`) ? normalized.slice(WORKSPACE.length + 1) : normalized;
}

/** The script with the runner's `${{ }}` expressions put in: a value worked out, else UNKNOWN. */
function withExpressions(doc: BuildStep['job']['doc'], text: string, run: Combination | undefined, env: ReadonlyMap<string, Node>, inputs: BuildStep['inputs']): string {
  let out = text;
  for (const expression of workflowExpressions(text)) out = out.replace(expression, GITHUB_WORKSPACE.test(expression) ? WORKSPACE : (expressionValue(doc, expression, run, env, inputs) ?? UNKNOWN));
  return out;
}

/**
 * The script's simple commands, each with its folder: lines joined at a `\` line end, then each
 * line split into words (variables, `$(…)` and backquotes made UNKNOWN) and at control operators.
 * A `cd` to a written folder moves the folders of the commands after it; any other `cd`, `pushd`
 * or `popd` leaves them unknown.
 */
export function commandsOf(script: string, start: string | undefined, variable: (name: string) => string | undefined = () => undefined): Command[] {
  const commands: Command[] = [];
  let cwd = start;
  for (const line of script.replace(/\\\r?\n/g, '').split(/\r?\n/)) {
    let words: string[] = [];
    let redirects: { input?: string; output?: string } = {};
    let parsed: ParseEntry[];
    try {
      parsed = parse(line.replace(/`[^`]*`?/g, UNKNOWN).replace(BRACED, (_, name: string, rest: string) => (rest === '' ? (variable(name) ?? UNKNOWN) : UNKNOWN)), (name: string) => variable(name) ?? UNKNOWN);
    } catch {
      // A line shell-quote cannot split (a construct it does not know) names no build this file can read.
      continue;
    }
    const end = (): void => {
      if (words.length > 0) {
        commands.push({ words, cwd, ...redirects });
        cwd = folderAfter(words, cwd);
      }
      words = [];
      redirects = {};
    };
    for (let i = 0; i < parsed.length; i++) {
      const entry: ParseEntry = parsed[i];
      if (typeof entry === 'string') {
        words.push(entry);
        continue;
      }
      if ('comment' in entry) break;
      // A word with `*` or `?`: the shell's match, else (as here, matching nothing) the word as written.
      if ('op' in entry && entry.op === 'glob') {
        words.push(entry.pattern);
        continue;
      }
      if (!('op' in entry)) {
        words.push(UNKNOWN);
        continue;
      }
      const op = entry.op;
      // shell-quote leaves the `$` of `$(` at the end of the word before it, or asks for a variable without a name there.
      if (op === '(' && words.length > 0 && (words[words.length - 1].endsWith('$') || words[words.length - 1].endsWith(UNKNOWN))) {
        // `$(…)`: one unknown piece of the word it stands in.
        let depth = 1;
        while (i + 1 < parsed.length && depth > 0) {
          const next = parsed[++i];
          if (typeof next === 'object' && 'op' in next) depth += next.op === '(' ? 1 : next.op === ')' ? -1 : 0;
        }
        words[words.length - 1] = `${words[words.length - 1].slice(0, -1)}${UNKNOWN}`;
      } else if (op === '>' || op === '>>' || op === '<' || op === '>&' || op === '<&' || op === '<(' || op === '>|') {
        // A redirection: its file descriptor before it and its target after it are no words of the command.
        if (/^\d+$/.test(words[words.length - 1] ?? '') && typeof parsed[i - 1] === 'string') words.pop();
        const target = parsed[i + 1];
        if (typeof target === 'string' && (op === '<' || op === '>' || op === '>|')) redirects = { ...redirects, [op === '<' ? 'input' : 'output']: target };
        i++;
      } else {
        end();
      }
    }
    end();
  }
  return commands;
}

/**
 * The folder after a command run in `cwd`: moved by `cd <written folder>` (an absolute one is known
 * wherever the command ran), unknown after any other change of folder.
 */
export function folderAfter(words: readonly string[], cwd: string | undefined): string | undefined {
  const [name, target] = words;
  if (name !== 'cd' && name !== 'pushd' && name !== 'popd') return cwd;
  if (name !== 'cd' || target === undefined || words.length > 2 || target.includes(UNKNOWN) || target === '-' || target.startsWith('~')) return undefined;
  if (posix.isAbsolute(target)) return posix.normalize(target);
  return cwd === undefined ? undefined : posix.normalize(posix.join(cwd, target));
}

/** What a `docker build` / `docker buildx build` (`b`) / `docker image build` / `docker builder build` command, or podman's or buildah's build (run directly or through a wrapper), says; undefined for any other command. */
export function buildCommand(words: readonly string[]): BuildCommand | undefined {
  // Run as it is or through a wrapper: `VAR=value docker build …`, `sudo docker build …`, `if docker build …; then`,
  // `env DOCKER_BUILDKIT=1 docker build …`, `retry 3 docker build …`, `timeout 600 docker build …`; never words printed.
  if (PRINTS.has(words[0])) return undefined;
  // The first docker (podman, buildah) of the command: a build after `docker run … docker build` runs in that container.
  // A tool make or the shell names (`$(CONTAINER_TOOL) build`) is a container build when its flags say so.
  const at = words.findIndex((word, i) => BUILDERS.has(word) || (/^\u0000+$/.test(word) && subcommandLength(words, i) > 0 && words.slice(i).some((w) => CONTAINER_FLAG.test(w))));
  const length = at < 0 ? 0 : subcommandLength(words, at);
  if (length === 0) return undefined;
  const args = words.slice(at + 1 + length);
  const podman: { os?: string; arch?: string; variant?: string } = {};
  const platforms: string[] = [];
  const buildArgs: string[] = [];
  const contextNames: string[] = [];
  const contextImages: string[] = [];
  let context: string | undefined;
  let file: string | undefined;
  let target: string | undefined;
  let unknownFlag: string | undefined;
  const opaque: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '--') {
      context ??= args[i + 1];
      break;
    }
    if (/^\u0000+$/.test(word)) {
      opaque.push(word);
      continue;
    }
    if (!word.startsWith('-') || word === '-') {
      context ??= word;
      continue;
    }
    const eq = word.indexOf('=');
    const flag = word.startsWith('--') && eq > 0 ? word.slice(0, eq) : word.length > 2 && !word.startsWith('--') ? word.slice(0, 2) : word;
    let value: string | undefined;
    if (flag !== word) value = word.startsWith('--') ? word.slice(eq + 1) : word.slice(2).replace(/^=/, '');
    else if (VALUE_FLAGS.has(flag)) value = args[++i];
    else if (!SWITCHES.has(flag)) unknownFlag ??= flag;
    if (flag === '--all-platforms') platforms.push(`${UNKNOWN} (--all-platforms)`);
    if (value === undefined) continue;
    if (flag === '--platform') platforms.push(value);
    else if (flag === '--os' || flag === '--arch' || flag === '--variant') podman[flag.slice(2) as 'os' | 'arch' | 'variant'] = value;
    else if (flag === '-f' || flag === '--file') file = value;
    else if (flag === '--target') target = value;
    else if (flag === '--build-arg') buildArgs.push(value);
    else if (flag === '--build-context') {
      const eq = value.indexOf('=');
      contextNames.push(eq < 0 ? value : value.slice(0, eq));
      const context = eq < 0 ? '' : value.slice(eq + 1);
      if (context.startsWith(DOCKER_IMAGE)) contextImages.push(context.slice(DOCKER_IMAGE.length));
    }
  }
  // podman's and buildah's --os, --arch and --variant name one platform (linux, or the machine's architecture, where one is left out).
  if (podman.os !== undefined || podman.arch !== undefined) platforms.push(`${podman.os ?? 'linux'}/${podman.arch ?? UNKNOWN}${podman.variant === undefined ? '' : `/${podman.variant}`}`);
  return {
    ...(context === undefined ? {} : { context }),
    ...(file === undefined ? {} : { file }),
    ...(target === undefined ? {} : { target }),
    ...(unknownFlag === undefined ? {} : { unknownFlag }),
    // Alone, the word is the context; beside one, it may add any flag (`docker build $(DOCKER_ARGS) .`).
    ...(opaque.length > 0 && context === undefined ? { context: opaque[0] } : {}),
    ...(opaque.length > 0 && context !== undefined ? { opaque: true as const } : {}),
    platforms,
    buildArgs,
    contextNames,
    contextImages,
  };
}

/** How many words after the tool at `at` name a build (`build`, `buildx build` or `b`, `image build`, `builder build`, buildah's `bud`), buildx's own flags included; 0 for none. */
function subcommandLength(words: readonly string[], at: number): number {
  const first = words[at + 1];
  if (first === 'build' || (first === 'bud' && words[at] === 'buildah')) return 1;
  if (first === 'image' || first === 'builder') return words[at + 2] === 'build' ? 2 : 0;
  if (first !== 'buildx') return 0;
  // buildx's own flags may stand before its command: `docker buildx --builder ci build …`.
  let next = at + 2;
  while (words[next] === '--builder' || words[next]?.startsWith('--builder=') || words[next] === '--debug' || words[next] === '-D') next += words[next] === '--builder' ? 2 : 1;
  return words[next] === 'build' || words[next] === 'b' ? next - at : 0;
}

/** The part of the command that decides what is built, and for which platforms, that is known only when the workflow runs. */
function hiddenPart(build: BuildCommand, cwd: string | undefined): string | undefined {
  if (build.platforms.some((p) => p.includes(UNKNOWN))) return 'the --platform';
  if (build.opaque === true) return 'a word (a whole variable, function or command output, which may add a --platform or a --file)';
  if (build.unknownFlag !== undefined) return `the build context (after ${build.unknownFlag}, a flag this reader does not know)`;
  if (build.context === undefined) return 'the build context';
  if (build.context.includes(UNKNOWN)) return 'the build context';
  if (build.file?.includes(UNKNOWN) === true) return 'the --file';
  if (build.target?.includes(UNKNOWN) === true) return 'the --target';
  // Absolute paths (`$GITHUB_WORKSPACE/app`, a script's own folder) need no folder to start from.
  if (cwd === undefined && (!posix.isAbsolute(build.context) || (build.file !== undefined && !posix.isAbsolute(build.file)))) return FOLDER_HIDDEN;
  return undefined;
}

const FOLDER_HIDDEN = 'the folder it runs in';

/** The end of the path of the Dockerfile a build names from a folder it does not know: the `-f` file, else `Dockerfile` in the context. */
function dockerfileEnd(build: BuildCommand): string | undefined {
  return pathEnd(build.file ?? posix.join(build.context as string, 'Dockerfile'));
}

/** The platforms the --platform flags name (each comma-separated); undefined after reporting an invalid one. */
function platformList(findings: Findings, where: Place, values: readonly string[], what: string): Platform[] | undefined {
  return parsedPlatforms(values, (message) => findings.problem('invalid', where, `the --platform of ${what}: ${message}`));
}

/** The platforms the --platform flags name; undefined when one is known only when the script runs, or is no platform. */
function namedPlatforms(values: readonly string[]): Platform[] | undefined {
  return values.some((value) => value.includes(UNKNOWN)) ? undefined : parsedPlatforms(values, () => undefined);
}

function parsedPlatforms(values: readonly string[], invalid: (message: string) => void): Platform[] | undefined {
  const out: Platform[] = [];
  for (const item of values.flatMap((value) => value.split(',')).map((v) => v.trim()).filter((v) => v !== '')) {
    try {
      const platform = parsePlatform(item);
      if (!out.some((p) => platformsEqual(p, platform))) out.push(platform);
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      invalid(e.message);
      return undefined;
    }
  }
  return out;
}

/** `--build-arg NAME=VALUE`, or `--build-arg NAME` taking the variable's value from the script's environment (unset there: no arg). */
function buildArgsOf(values: readonly string[], variable: (name: string) => string | undefined, runs: string): Pick<DockerfileBuild, 'buildArgs' | 'unknownArgs'> {
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? value : value.slice(0, eq);
    const arg = eq < 0 ? (variable(name) ?? UNKNOWN) : value.slice(eq + 1);
    buildArgs.delete(name);
    unknownArgs.delete(name);
    if (arg.includes(UNKNOWN)) unknownArgs.set(name, `its build arg ${name} is known only when ${runs} runs`);
    else buildArgs.set(name, arg);
  }
  return { buildArgs, unknownArgs };
}

