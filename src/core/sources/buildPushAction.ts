// A workflow step that uses docker/build-push-action (or depot/build-push-action, which takes its
// inputs and builds on Depot's builders, or useblacksmith/build-push-action, which takes them and
// builds on the runner whatever builder the job set up) builds a Dockerfile of the repository for the
// platforms its `platforms` input names (none: the runner's own): the images that Dockerfile
// names are pulled for each of them, so the engine reads it as that build uses it (buildScan.ts),
// and a line built for two architectures takes the index digest. The inputs are read as the action
// reads them: `context` (default: the repository, its Git context; `{{defaultContext}}:dir` a
// folder of it), `file` (default `<context>/Dockerfile`; relative to the workspace, where the
// workflow runs), `platforms` and `build-args` (lists, one item a line or comma-separated;
// build-args one a line), `target`. A workflow lives in `.github/workflows/`, so the repository
// root is two folders up from it; a workspace path under a folder an actions/checkout step checks
// this repository out into (`path:`) is that path of the repository, and one under another
// repository's checkout is no Dockerfile of this one. A value holding `${{ matrix.… }}` is read
// for each run of the job's matrix, `${{ env.NAME }}` from the workflow's, job's and step's
// `env:`; any other expression is known only when the workflow runs: a build whose platforms it
// hides, or whose Dockerfile it hides while platforms are named, is reported unresolved (its
// Dockerfile may be pinned for a platform it is not built for).
import { posix } from 'node:path';
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { formatPlatform, parsePlatform, platformsEqual } from '../platform';
import type { BuildHidden, DockerfileBuild, Platform } from '../types';
import { placesIn } from './buildxDriverOpts';
import { expressionMessage, type Findings, nodePlace, type Place, workflowExpressions } from './findings';
import type { JobRunner, RunnerFacts } from './runnerPlatform';
import { type Combination, expandMatrix, MATRIX_PATH, matrixValue } from './workflowMatrix';
import { inputsValue, type SeenInputs } from './actionInputs';
import { pathEnd } from './pathEnd';
import type { MatrixJob } from './workflowMatrixImage';
import { entries, lookup, stringValue, type YamlDocument } from './yamlNodes';

export const BUILD_PUSH_ACTION = 'docker/build-push-action';

/**
 * The actions that take docker/build-push-action's inputs, as it reads them, and build the same way:
 * docker's own, on the builder its job set up (the runner, unless `offRunnerBuilder` says otherwise),
 * Depot's, which builds on Depot's builders, off the runner, whatever the job sets up, and
 * Blacksmith's, which builds on the runner, whatever the job sets up.
 */
const BUILD_PUSH_ACTIONS: ReadonlyMap<string, { readonly offRunner?: string; readonly onRunner?: true }> = new Map<string, { readonly offRunner?: string; readonly onRunner?: true }>([
  [BUILD_PUSH_ACTION, {}],
  ['depot/build-push-action', { offRunner: "depot/build-push-action builds on Depot's builders, off the runner, whose platform the workflow does not say" }],
  // Blacksmith's fork starts a BuildKit of its own on the (Blacksmith) runner, and ignores any builder the job set up.
  ['useblacksmith/build-push-action', { onRunner: true }],
]);

/** A step of an action that builds as docker/build-push-action does (`BUILD_PUSH_ACTIONS`), by its name as `uses` names it. */
export const BUILD_PUSH_STEP = new RegExp(`(?:${[...BUILD_PUSH_ACTIONS.keys()].map((name) => name.replace('/', '\\/')).join('|')})`, 'i');

/** The step, with what its inputs' expressions can be worked out from. */
export interface BuildStep {
  readonly step: Node;
  readonly job: MatrixJob;
  readonly runner: JobRunner;
  /** The workflow's and the job's `env:`, the later winning. */
  readonly env: ReadonlyMap<string, Node>;
  /** `job build`, for messages. */
  readonly what: string;
  /** The job's actions/checkout steps that check out into a folder (`path:`). */
  readonly checkouts: readonly Checkout[];
  /** Why the job's builds run on a builder that is not the runner, when they do (`offRunnerBuilder`): the runner is not their builder. */
  readonly offRunner?: string;
  /** A path of the repository as the build's path; default `fromRoot`, from the workflow's folder. */
  readonly fromRoot?: (path: string) => string;
  /** For a composite action's step read as a caller uses it: the inputs its `${{ inputs.NAME }}` reads (actionInputs.ts). */
  readonly inputs?: SeenInputs;
}

/** An actions/checkout step with `path:`: the folder of the workspace it checks out into, and whether it is this repository. */
export interface Checkout {
  readonly path: string;
  readonly thisRepository: boolean;
}

const CHECKOUT_ACTION = 'actions/checkout';

/** The actions/checkout steps of `steps` that name a `path:` (a literal one; one holding an expression is left out). */
export function checkoutsOf(doc: YamlDocument, steps: readonly Node[]): Checkout[] {
  return steps.flatMap((step) => {
    if (stringValue(lookup(doc, step, 'uses'))?.split('@')[0].toLowerCase() !== CHECKOUT_ACTION) return [];
    const inputs = lookup(doc, step, 'with');
    const path = stringValue(lookup(doc, inputs, 'path'))?.trim();
    if (path === undefined || path === '' || workflowExpressions(path).length > 0) return [];
    const repository = stringValue(lookup(doc, inputs, 'repository'))?.trim();
    const thisRepository = repository === undefined || repository === '' || /^\$\{\{\s*github\.repository\s*\}\}$/.test(repository);
    const folder = posix.normalize(path).replace(/\/+$/, '');
    return folder === '.' ? [] : [{ path: folder, thisRepository }];
  });
}

const INPUTS = ['context', 'file', 'platforms', 'build-args', 'target'] as const;
/** The inputs that decide which Dockerfile is built for which platforms and stage: read whole, for each run. */
const DECIDING = ['context', 'file', 'platforms', 'target'] as const;
const DOCKER_IMAGE = 'docker-image://';

/** The builds a docker/build-push-action step makes: one per distinct set of inputs over its matrix's runs. */
export function buildPushBuilds(findings: Findings, at: BuildStep): DockerfileBuild[] {
  const { doc } = at.job;
  const uses = stringValue(lookup(doc, at.step, 'uses'));
  const action = uses?.split('@')[0].toLowerCase() ?? '';
  const kind = BUILD_PUSH_ACTIONS.get(action);
  if (kind === undefined) return [];
  // Depot's builders are off the runner whatever the job sets up.
  const offRunner = kind.onRunner === true ? undefined : (kind.offRunner ?? at.offRunner);
  const usesNode = lookup(doc, at.step, 'uses') as Node;
  const withNode = lookup(doc, at.step, 'with');
  const nodes = new Map(INPUTS.map((name) => [name, lookup(doc, withNode, name)]));
  const env = new Map([...at.env, ...entries(doc, lookup(doc, at.step, 'env'))].flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as const])));
  const what = `the ${action} step of ${at.what}`;
  // Each run of the job's matrix may build another Dockerfile, for other platforms, on another runner.
  const expansion = (at.job.expansion ??= expandMatrix(doc, at.job.source, at.job.job, at.job.id));
  const runs: (Combination | undefined)[] = expansion.known === true && expansion.combinations.length > 0 ? [...expansion.combinations] : [undefined];
  const builds = new Map<string, DockerfileBuild>();
  const contexts = namedContexts(findings, lookup(doc, withNode, 'build-contexts'), what);
  // The platforms the builds are for, which a docker-image:// context is pulled for.
  const contextUses: (Platform | undefined)[] = [];
  for (const run of runs) {
    const runner = onePlatform(at.runner.facts(run === undefined ? undefined : (c) => c === run));
    const values = new Map(DECIDING.map((name) => [name, inputValue(doc, nodes.get(name), run, env, at.inputs)]));
    const hidden = DECIDING.find((name) => typeof values.get(name) === 'object');
    let hiddenBuild: BuildHidden | undefined;
    if (hidden !== undefined) {
      // A Dockerfile it does not say, built for the runner's own platform (no platforms named): left to the reading of each Dockerfile.
      if ((hidden === 'context' || hidden === 'file') && nodes.get('platforms') === undefined) continue;
      const { unknown } = values.get(hidden) as { unknown: string };
      const message =
        `the ${hidden} input of ${what} holds the workflow expression ${unknown}, known only when the workflow runs, so what it builds, and for which platforms, cannot be told: ` +
        `its images are checked for the configured platform, which may not be one it is built for; write the ${hidden} out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
      const place = nodePlace(findings, nodes.get(hidden) as Node);
      findings.problem('unresolved', place, message);
      // A Dockerfile it does not say: a Dockerfile read with this file's builds alone may be the one, and is told of it.
      if (hidden === 'context' || hidden === 'file') {
        const platforms = writtenPlatforms(values.get('platforms'));
        // A hidden context's Dockerfile: the file input (from the workspace), else `Dockerfile` in it.
        const file = values.get('file');
        const end = hidden === 'context' ? (typeof file === 'string' && file.trim() !== '' ? pathEnd(file.trim()) : 'Dockerfile') : undefined;
        findings.unnamedDockerfile(place, { by: what, ...(platforms === undefined ? {} : { platforms }), ...(end === undefined ? {} : { pathEnd: end }) });
      }
      // Only the platforms (and maybe the stage) hidden: the build is of a Dockerfile it names, which is told of it.
      if (hidden !== 'platforms') continue;
      hiddenBuild = { message, platforms: true };
    }
    const [context, file, platformsText, target] = DECIDING.map((name) => {
      const value = values.get(name);
      return typeof value === 'string' ? value : undefined;
    });
    const where = nodePlace(findings, nodes.get('file') ?? usesNode);
    const contextPath = contextFolder(context);
    if (contextPath === undefined) {
      findings.problem('skipped', nodePlace(findings, nodes.get('context') as Node), `${what} builds from ${String(context)}, a remote context: its Dockerfile is not read here`);
      continue;
    }
    const platforms = hiddenBuild === undefined ? platformList(findings, nodes.get('platforms'), platformsText, what) : [];
    if (platforms === undefined) continue;
    const { buildArgs, unknownArgs } = buildArgList(doc, nodes.get('build-args'), run, env, at.inputs);
    const inWorkspace = file !== undefined && file.trim() !== '' ? file.trim() : posix.join(contextPath, 'Dockerfile');
    // The Git context is the repository itself, whatever the workspace holds.
    const checkouts = isGitContext(context) ? [] : at.checkouts;
    const dockerfile = inRepository(inWorkspace, checkouts);
    const contextFolderInRepository = inRepository(contextPath, checkouts);
    // Another repository's checkout (or one this file cannot tell): its Dockerfile is not this repository's to pin.
    if (dockerfile === undefined || contextFolderInRepository === undefined) continue;
    const build: DockerfileBuild = {
      dockerfile: (at.fromRoot ?? fromRoot)(dockerfile),
      context: (at.fromRoot ?? fromRoot)(contextFolderInRepository),
      buildArgs,
      unknownArgs,
      ...(target !== undefined && target.trim() !== '' ? { target: target.trim() } : {}),
      platforms,
      ...(platforms.length === 0 && runner !== undefined && hiddenBuild === undefined && offRunner === undefined ? { platform: runner } : {}),
      // The builder the action sets up runs on the runner: `$BUILDPLATFORM` is the runner's, whatever
      // the platforms. One set up off it is of a platform the workflow does not say.
      ...(offRunner !== undefined ? { builderUnknown: offRunner } : runner === undefined ? {} : { builder: runner }),
      range: findings.source.range(where.start, where.end),
      line: findings.source.line(where.start),
      by: what,
      ...(contexts.names.size === 0 ? {} : { namedContexts: contexts.names, namedContextsField: 'build-contexts' }),
      ...(hiddenBuild === undefined ? {} : { hidden: hiddenBuild }),
    };
    if (hiddenBuild === undefined) contextUses.push(...(platforms.length > 0 ? platforms : [runner]));
    const key = JSON.stringify([build.dockerfile, build.context, [...buildArgs], [...unknownArgs], build.target, platforms.map(formatPlatform), runner && formatPlatform(runner), offRunner, hiddenBuild?.message]);
    if (!builds.has(key)) builds.set(key, build);
  }
  for (const image of contexts.images) findings.image(image.place, { source: 'image', expanded: image.reference, ...(contextUses.length === 0 ? {} : { usePlatforms: contextUses }) });
  return [...builds.values()];
}

/**
 * The build's named contexts (`build-contexts`: `name=value`, one a line): their names, which the
 * Dockerfile's FROM and --from read as the context, not a registry image; and each
 * `docker-image://` value, an image the build pulls, pinned where it is written.
 */
function namedContexts(findings: Findings, node: Node | undefined, what: string): { names: Set<string>; images: { place: Place; reference: string }[] } {
  const names = new Set<string>();
  const images: { place: Place; reference: string }[] = [];
  const value = stringValue(node);
  if (node === undefined || value === undefined || !isScalar(node)) return { names, images };
  const where = placesIn(findings.source, node, value);
  let offset = 0;
  for (const line of value.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    const trimmed = line.trim();
    const eq = trimmed.indexOf('=');
    if (trimmed === '' || trimmed.startsWith('#') || eq <= 0) continue;
    names.add(trimmed.slice(0, eq).trim());
    const context = trimmed.slice(eq + 1).trim();
    if (!context.startsWith(DOCKER_IMAGE)) continue;
    const reference = context.slice(DOCKER_IMAGE.length);
    const from = lineStart + line.indexOf(context) + DOCKER_IMAGE.length;
    const at: Place = 'at' in where ? { text: reference, start: where.at(from), end: where.at(from + reference.length) } : nodePlace(findings, node);
    const expressions = workflowExpressions(reference);
    const image = `the named context ${trimmed.slice(0, eq).trim()} (build-contexts) of ${what}`;
    if (expressions.length > 0) findings.problem('unresolved', at, expressionMessage(image, expressions));
    else if ('reason' in where) findings.problem('skipped', at, `skipped ${JSON.stringify(reference)} (${image}): ${where.reason}, so no digest can be inserted safely`);
    else images.push({ place: at, reference });
  }
  return { names, images };
}

/** An input's value for one run: its expressions worked out, `{ unknown }` naming one that cannot be, undefined when not given. */
export function inputValue(doc: YamlDocument, node: Node | undefined, run: Combination | undefined, env: ReadonlyMap<string, Node>, inputs?: SeenInputs): string | { unknown: string } | undefined {
  if (node === undefined) return undefined;
  // An input is a string; a number or boolean is read as the runner reads it, as its text.
  const value = isScalar(node) && node.value !== null ? String(node.value) : undefined;
  if (value === undefined) return undefined;
  let out = value;
  for (const expression of workflowExpressions(value)) {
    const part = expressionValue(doc, expression, run, env, inputs);
    if (part === undefined) return { unknown: expression };
    out = out.replace(expression, part);
  }
  return out;
}

/** An expression reading the `inputs` context (`${{ inputs.platform }}`). */
const INPUTS_EXPRESSION = /^\$\{\{\s*inputs\b/;
const ENV_PATH = /^\$\{\{\s*env\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

/**
 * The value of `expression` for one run: a `${{ matrix.… }}` of `run`, an `${{ env.NAME }}` of
 * `env`, for a composite action's step read as a caller uses it an `${{ inputs.NAME }}` of
 * `inputs`; undefined for any other, or a value only the run knows.
 */
export function expressionValue(doc: YamlDocument, expression: string, run: Combination | undefined, env: ReadonlyMap<string, Node>, inputs?: SeenInputs): string | undefined {
  if (inputs !== undefined && INPUTS_EXPRESSION.test(expression)) return inputsValue(expression, inputs);
  const node = run !== undefined && MATRIX_PATH.test(expression) ? matrixValue(doc, expression, run) : undefined;
  return node === undefined ? envValue(expression, env) : literal(node);
}

/** The NAME of `${{ env.NAME }}`; undefined for any other expression. */
export function envName(expression: string): string | undefined {
  return ENV_PATH.exec(expression)?.[1];
}

/** The literal `env` gives `${{ env.NAME }}`; undefined for any other expression, or a value that is no literal. */
export function envValue(expression: string, env: ReadonlyMap<string, Node>): string | undefined {
  const name = envName(expression);
  return name === undefined ? undefined : literal(env.get(name));
}

/** A string, number or boolean without an expression in it, as the runner reads it: its text. */
function literal(found: Node | undefined): string | undefined {
  const value = found === undefined ? undefined : (stringValue(found) ?? scalarText(found));
  return value === undefined || workflowExpressions(value).length > 0 ? undefined : value;
}

function scalarText(node: Node): string | undefined {
  const value = (node as { value?: unknown }).value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

function isGitContext(context: string | undefined): boolean {
  const text = context?.trim() ?? '';
  return text === '' || text.startsWith('{{defaultContext}}');
}

/** The folder of the context in the repository (`.` for the Git context); undefined for a remote one. */
function contextFolder(context: string | undefined): string | undefined {
  const text = context?.trim() ?? '';
  if (text === '' || text === '{{defaultContext}}') return '.';
  const sub = /^\{\{defaultContext\}\}:(.*)$/.exec(text);
  if (sub !== null) return posix.normalize(sub[1] || '.');
  if (/^[a-z][a-z0-9+.-]*:\/\/|^git@|^-$/i.test(text)) return undefined;
  return posix.normalize(text);
}

/**
 * A path of the workspace as a path of the repository: under a folder this repository is checked
 * out into (`path:`), the rest of it; under another repository's checkout, undefined.
 */
export function inRepository(path: string, checkouts: readonly Checkout[]): string | undefined {
  const normalized = posix.normalize(path);
  const checkout = checkouts.find((c) => normalized === c.path || normalized.startsWith(`${c.path}/`));
  if (checkout === undefined) return normalized;
  return checkout.thisRepository ? posix.normalize(normalized.slice(checkout.path.length + 1) || '.') : undefined;
}

/** A path of the repository, from the workflow's folder (`.github/workflows`). */
export function fromRoot(path: string): string {
  return posix.isAbsolute(path) ? path : posix.join('../..', path);
}

/** The platforms the input names, as the action splits it (lines and commas); undefined after reporting an invalid one. */
function platformList(findings: Findings, node: Node | undefined, text: string | undefined, what: string): Platform[] | undefined {
  try {
    return parsedPlatforms(text);
  } catch (e) {
    if (!isDockerPinError(e) || node === undefined) throw e;
    findings.problem('invalid', nodePlace(findings, node), `the platforms input of ${what}: ${e.message}`);
    return undefined;
  }
}

/** The platforms a platforms input's value names; undefined when an expression hides it or it names no platform. */
function writtenPlatforms(value: string | { unknown: string } | undefined): Platform[] | undefined {
  if (typeof value === 'object') return undefined;
  try {
    return parsedPlatforms(value);
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return undefined;
  }
}

/** The platforms of a platforms input's text, each once; throws for one that is no platform. */
function parsedPlatforms(text: string | undefined): Platform[] {
  const out: Platform[] = [];
  for (const item of listItems(text ?? '', true)) {
    const platform = parsePlatform(item);
    if (!out.some((p) => platformsEqual(p, platform))) out.push(platform);
  }
  return out;
}

/** The build args, one `NAME=VALUE` a line; a value holding an expression that cannot be worked out is not known. */
function buildArgList(doc: YamlDocument, node: Node | undefined, run: Combination | undefined, env: ReadonlyMap<string, Node>, inputs: SeenInputs | undefined): Pick<DockerfileBuild, 'buildArgs' | 'unknownArgs'> {
  const buildArgs = new Map<string, string>();
  const unknownArgs = new Map<string, string>();
  for (const line of listItems(stringValue(node) ?? '', false)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const raw = line.slice(eq + 1);
    let value = raw;
    let unknown: string | undefined;
    for (const expression of workflowExpressions(raw)) {
      const part = expressionValue(doc, expression, run, env, inputs);
      if (part === undefined) unknown ??= expression;
      else value = value.replace(expression, part);
    }
    buildArgs.delete(name);
    unknownArgs.delete(name);
    if (unknown === undefined) buildArgs.set(name, value);
    else unknownArgs.set(name, `its build arg is ${unknown}, known only when the workflow runs`);
  }
  return { buildArgs, unknownArgs };
}

/** The action's list inputs: one item a line, and (`commas`) items split at commas too; blank and `#` lines left out. */
function listItems(text: string, commas: boolean): string[] {
  return text
    .split(/\r?\n/)
    .flatMap((line) => (commas ? line.split(',') : [line]))
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

export function onePlatform(facts: RunnerFacts): Platform | undefined {
  return 'usePlatforms' in facts ? (facts.usePlatforms.length === 1 ? facts.usePlatforms[0] : undefined) : facts.platform;
}

