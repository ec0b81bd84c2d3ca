// Finds the images a GitHub Actions workflow (`.github/workflows/*.yml`) runs: each job's
// `container` (a string, or a mapping with `image`), its `services.<name>` (the same two forms) and
// its `steps[*].uses: docker://<ref>` (and the image input of an action that pulls one,
// actionImageInputs.ts). As the runner reads them (actions/runner
// WorkflowTemplateConverter): a `docker://` prefix on a container or service image is dropped, an
// empty image means no container, and a job that `uses:` a reusable workflow runs no container of
// its own. A value holding a `${{ … }}` expression is known only when the workflow runs: it is
// reported unresolved, never guessed — except a value that is a matrix value whole
// (`${{ matrix.image }}`) of a matrix written out in the job: each literal it takes is checked and
// pinned where the matrix writes it (workflowMatrixImage.ts). `credentials` are never read. The
// images a job runs are for the platform of the runner its `runs-on` names, when it names one for
// sure (runnerPlatform.ts), each run's when a matrix puts it on several; else the configured one.
// A container or service whose `options` give `--platform` is created for that platform instead
// (containerOptions.ts).
import { isMap, isScalar } from '../yaml';
import type { Node } from '../yaml';
import type { DockerfileBuild, ImageSource, Range, ScanResult, SourceScanOptions } from '../types';
import { buildPushBuilds, checkoutsOf, envName, envValue } from './buildPushAction';
import { runStepBuilds } from './runDockerBuild';
import { runStepCalls } from './runStepCalls';
import { localActionUses } from './localActionUses';
import { bakePlatformOverrides } from './bakeOverrides';
import { actionImageInput } from './actionImageInputs';
import { offRunnerBuilder } from './buildxDriverOpts';
import { optionsPlatform } from './containerOptions';
import { afterPrefix, expressionMessage, Findings, wholeScalar, workflowExpressions } from './findings';
import { hiddenRunner, type JobRunner, jobRunner, type RunnerFacts, UNKNOWN_RUNNER } from './runnerPlatform';
import { SourceText } from './sourceText';
import { type MatrixJob, matrixImage } from './workflowMatrixImage';
import { entries, items, lookup, parseYaml, stringValue, writtenScalar } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

const DOCKER_PREFIX = 'docker://';

/** Every image the workflow runs, and the places that name one but cannot be pinned. Never throws on bad input. */
/** What a workflow's scan is told besides its text. */
export interface WorkflowScanOptions extends SourceScanOptions {
  /**
   * The workflow is one Gitea or Forgejo Actions runs (`giteaActionsWorkflow`): its runners are
   * their owners', and no label says their architecture for sure, so every job's runner is unknown.
   */
  readonly giteaActions?: boolean;
}

export function scanGithubWorkflow(text: string, options: WorkflowScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'github-workflow');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const readers = new Map<Node, Range[]>();
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const workflowEnv = definedEntries(doc, lookup(doc, doc.contents, 'env'));
    for (const [jobId, job] of entries(doc, lookup(doc, doc.contents, 'jobs'))) {
      if (!isMap(job)) continue;
      const where = `job ${jobId}`;
      const matrix: MatrixJob = { doc, source, job, id: jobId, readers };
      const runner = options.giteaActions === true ? UNKNOWN_RUNNER : jobRunner(matrix);
      const env = new Map([...workflowEnv, ...definedEntries(doc, lookup(doc, job, 'env'))]);
      const container = lookup(doc, job, 'container');
      if (container !== undefined) containerImage(doc, findings, container, 'container', `the container of ${where}`, matrix, runner);
      const services = lookup(doc, job, 'services');
      // `services: ${{ fromJSON(…) }}` names its images only when the workflow runs.
      if (isScalar(services) && workflowExpressions(stringValue(services) ?? '').length > 0) {
        imageValue(findings, services, 'service', `the services of ${where}`);
      }
      for (const [name, service] of entries(doc, services)) {
        if (service !== undefined) containerImage(doc, findings, service, 'service', `service ${name} of ${where}`, matrix, runner);
      }
      // The folder a run step starts in, unless it names its own: the job's default, else the workflow's.
      const workingDirectory = runDefault(doc, job) ?? runDefault(doc, doc.contents);
      const steps = items(doc, lookup(doc, job, 'steps'));
      const checkouts = checkoutsOf(doc, steps);
      // Builds on a builder off the runner, or on a runner only the run knows: of a platform the file does not say.
      const offRunner = steps.map((step) => offRunnerBuilder(doc, step)).find((why) => why !== undefined) ?? (options.giteaActions === true ? undefined : hiddenRunner(matrix));
      for (const [index, step] of steps.entries()) {
        dockerStep(findings, lookup(doc, step, 'uses'), `a step of ${where}`, { runner: runner.facts() });
        actionImageInput(doc, findings, step, `a step of ${where}`, runner.facts(), { job: matrix, runner }, stepEnv(doc, step, env, steps.slice(0, index)));
        builds.push(...buildPushBuilds(findings, { step, job: matrix, runner, env, what: where, checkouts, offRunner }));
        builds.push(...runStepBuilds(findings, { step, job: matrix, runner, env, what: where, checkouts, offRunner }, workingDirectory));
        const run = lookup(doc, step, 'run');
        if (run?.range) {
          const [start, end] = run.range;
          for (const call of runStepCalls({ step, job: matrix, runner, env, what: where, checkouts, offRunner }, workingDirectory)) findings.localAction({ start, end }, call);
        }
        bakePlatformOverrides(doc, findings, step, where);
        const uses = lookup(doc, step, 'uses');
        if (uses?.range) {
          const [start, end] = uses.range;
          const at = { step, job: matrix, runner, env: stepEnv(doc, step, env, steps.slice(0, index)), by: `a step of ${where}`, ...(offRunner === undefined ? {} : { offRunner }) };
          for (const local of localActionUses(stringValue(uses), at)) findings.localAction({ start, end }, local);
        }
      }
    }
  }
  return findings.result({ builds });
}

/** `defaults.run.working-directory` of a job or the workflow. */
function runDefault(doc: YamlDocument, node: Node | null | undefined): string | undefined {
  return stringValue(lookup(doc, lookup(doc, lookup(doc, node ?? undefined, 'defaults'), 'run'), 'working-directory'));
}

/** A mapping's entries that have a value. */
/**
 * The `env` context a step's inputs see, as far as the file says it for sure: its own `env:`, and the
 * job's and the workflow's where no run step `before` it may change the value for the steps after
 * it (a script that writes the name to `$GITHUB_ENV`).
 */
function stepEnv(doc: YamlDocument, step: Node, inherited: ReadonlyMap<string, Node>, before: readonly Node[]): Map<string, Node> {
  const scripts = before.map((earlier) => stringValue(lookup(doc, earlier, 'run')) ?? '').filter((script) => script.includes('GITHUB_ENV'));
  const kept = [...inherited].filter(([name]) => !scripts.some((script) => script.includes(name)));
  return new Map([...kept, ...definedEntries(doc, lookup(doc, step, 'env'))]);
}

function definedEntries(doc: YamlDocument, node: Node | undefined): [string, Node][] {
  return [...entries(doc, node)].flatMap(([key, value]) => (value === undefined ? [] : [[key, value] as [string, Node]]));
}

/** A container or service: a string, or a mapping with `image`; either may be an expression. */
function containerImage(doc: YamlDocument, findings: Findings, node: Node, source: ImageSource, what: string, matrix: MatrixJob, runner: JobRunner): void {
  const image = isMap(node) ? lookup(doc, node, 'image') : node;
  if (image === undefined) return;
  // `options: --platform linux/arm64` creates the container for that platform, whatever the runner's.
  const created = isMap(node) ? optionsPlatform(findings, lookup(doc, node, 'options'), what) : undefined;
  const runs: JobRunner = created === undefined ? runner : { facts: () => ({ platform: created }) };
  imageValue(findings, image, source, what, { matrix: { job: matrix, whole: !isMap(node), runner: runs }, runner: runs.facts() });
}

/**
 * A step's `uses`: only `docker://<ref>` names an image (`owner/repo@ref` and `./path` are
 * actions). Workflows match the prefix exactly; action manifests (`caseless`) in any case.
 */
export function dockerStep(findings: Findings, uses: Node | undefined, what: string, how: { readonly caseless?: boolean; readonly runner?: RunnerFacts } = {}): void {
  const value = stringValue(uses);
  if (uses === undefined || value === undefined || !hasDockerPrefix(value, how.caseless ?? false)) return;
  imageValue(findings, uses, 'uses', what, how);
}

function hasDockerPrefix(value: string, caseless: boolean): boolean {
  return caseless ? value.slice(0, DOCKER_PREFIX.length).toLowerCase() === DOCKER_PREFIX : value.startsWith(DOCKER_PREFIX);
}

export interface ImageValueOptions {
  /** Match the `docker://` prefix in any case (action manifests). */
  readonly caseless?: boolean;
  /**
   * The job the value is read in, whose matrix a value `${{ matrix.KEY }}` takes its images from;
   * `whole`: the value is the whole container or service, which a matrix value may give as a mapping with `image`;
   * `runner`: the job's runners, of which a matrix literal gets those of the runs that take it.
   */
  readonly matrix?: { readonly job: MatrixJob; readonly whole: boolean; readonly runner: JobRunner };
  /** For a matrix literal: the places reading it (`ImageOccurrence.readAt`). */
  readonly readAt?: readonly Range[];
  /** The platform of the runner the job runs on, when its `runs-on` names one (each run's, when they differ). */
  readonly runner?: RunnerFacts;
  /** The `env` context a step's input sees for sure (`stepEnv`): a value's `${{ env.NAME }}` of it is worked out. */
  readonly env?: ReadonlyMap<string, Node>;
}

/**
 * Records the image a scalar names; a `docker://` prefix is not part of the reference. In a job
 * (`matrix`), a value that is a matrix value whole records each literal the matrix gives it.
 */
export function imageValue(findings: Findings, node: Node, source: ImageSource, what: string, how: ImageValueOptions = {}): void {
  const { caseless = false, matrix } = how;
  const value = stringValue(node);
  if (value === undefined || !isScalar(node)) {
    const place = nodePlace(findings, node);
    if (place !== undefined && isScalar(node) && node.value !== null) {
      findings.problem('invalid', place, `${what} is not a string, so it names no image`);
    }
    return;
  }
  const written = writtenScalar(findings.source, node, value);
  const start = node.range?.[0] ?? 0;
  const end = node.range?.[1] ?? start;
  const expressions = workflowExpressions(value);
  const fromEnv = how.env === undefined || expressions.length === 0 ? undefined : envImage(value, expressions, how.env);
  if (fromEnv !== undefined) {
    // Pinned on the input, after the value as written: `kindest/node:${{ env.K8S }}@sha256:…`.
    if ('reason' in written) findings.problem('skipped', { text: findings.source.text.slice(start, end), start, end }, `skipped ${JSON.stringify(value)} (${what}): ${written.reason}, so no digest can be inserted safely`);
    else findings.image(wholeScalar(written), { source, expanded: fromEnv.expanded, variables: fromEnv.variables, ...how.runner });
    return;
  }
  if (expressions.length > 0) {
    const fromMatrix = matrix === undefined ? undefined : matrixImage(matrix.job, value, what);
    if (matrix !== undefined && fromMatrix !== undefined && 'key' in fromMatrix) {
      const reader = findings.source.range(start, end);
      const { key } = fromMatrix;
      for (const each of fromMatrix.values) {
        // The literal runs on the runners of the runs that take it.
        const runner = matrix.runner.facts((combination) => combination.get(key) === each.node);
        matrixValue(matrix.job, each, { findings, source, reader, whole: matrix.whole, what: `matrix.${key} of job ${matrix.job.id}, ${what}`, runner });
      }
      return;
    }
    findings.problem('unresolved', { text: findings.source.text.slice(start, end), start, end }, fromMatrix !== undefined && 'unresolved' in fromMatrix ? fromMatrix.unresolved : expressionMessage(what, expressions));
    return;
  }
  const skip = hasDockerPrefix(value, caseless) ? DOCKER_PREFIX.length : 0;
  // An empty image means no container (the runner skips it); `docker://` alone is its error.
  if (value.slice(skip) === '') {
    if (skip > 0) findings.problem('invalid', { text: value, start, end }, `${what} is "${value}": the image after docker:// is empty`);
    return;
  }
  if ('reason' in written) {
    findings.problem('skipped', { text: findings.source.text.slice(start, end), start, end }, `skipped ${JSON.stringify(value)} (${what}): ${written.reason}, so no digest can be inserted safely`);
    return;
  }
  const place = skip > 0 ? afterPrefix(written, skip) : wholeScalar(written);
  findings.image(place, {
    source,
    expanded: value.slice(skip),
    ...(how.readAt === undefined ? {} : { readAt: how.readAt }),
    ...how.runner,
  });
}

/**
 * `value` with each of its `expressions` worked out from the `env` a step sees (`${{ env.NAME }}`,
 * a literal there), with the names it read; undefined when one is any other expression, or an
 * env value that is none, or not written here.
 */
function envImage(value: string, expressions: readonly string[], env: ReadonlyMap<string, Node>): { expanded: string; variables: string[] } | undefined {
  let expanded = value;
  const variables: string[] = [];
  for (const expression of expressions) {
    const name = envName(expression);
    const part = envValue(expression, env);
    if (name === undefined || part === undefined) return undefined;
    expanded = expanded.replace(expression, part);
    variables.push(`env.${name}`);
  }
  return { expanded, variables };
}

/**
 * A literal of the matrix that an image takes (a mapping's `image` when it is the whole container),
 * recorded where it is written with the places reading it, or skipped with why.
 */
function matrixValue(job: MatrixJob, value: { readonly node: Node; readonly skip?: string }, read: MatrixRead): void {
  const { findings, what } = read;
  const place = nodePlace(findings, value.node);
  if (place === undefined) return;
  if (value.skip !== undefined) {
    findings.problem('skipped', place, `skipped ${place.text} (${what}): ${value.skip}`);
    return;
  }
  const whole = isMap(value.node) && read.whole;
  const literal = whole ? lookup(job.doc, value.node, 'image') : value.node;
  if (literal === undefined || !isScalar(literal)) {
    const why = literal === undefined ? 'a mapping without image' : 'not a string';
    findings.problem('invalid', place, `${what}: the matrix value ${place.text} is ${why}, so it names no image`);
    return;
  }
  // The list is the literal's, shared by every reader: one met later joins it.
  const readAt = job.readers.get(literal) ?? [];
  readAt.push(read.reader);
  job.readers.set(literal, readAt);
  // A mapping the matrix gives as the whole container may carry its own `options`.
  const created = whole ? optionsPlatform(findings, lookup(job.doc, value.node, 'options'), what) : undefined;
  imageValue(findings, literal, read.source, what, { readAt, runner: created === undefined ? read.runner : { platform: created } });
}

interface MatrixRead {
  readonly findings: Findings;
  readonly source: ImageSource;
  /** The place reading the matrix value (`${{ matrix.image }}`). */
  readonly reader: Range;
  readonly whole: boolean;
  readonly what: string;
  readonly runner: RunnerFacts;
}

function nodePlace(findings: Findings, node: Node): { text: string; start: number; end: number } | undefined {
  const range = node.range;
  if (range === undefined || range === null) return undefined;
  return { text: findings.source.text.slice(range[0], range[1]), start: range[0], end: range[1] };
}
