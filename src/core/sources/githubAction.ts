// Finds the images a GitHub action's metadata file (`action.yml` / `action.yaml`) runs. A
// container action (`runs.using: docker`, any case) names in `runs.image` either `docker://<ref>`
// (an image; the prefix in any case) or a path to a Dockerfile (its last segment ends with
// `Dockerfile` or starts with `Dockerfile.`, any case), which the runner builds with the
// Dockerfile's folder as context; anything else the runner refuses (actions/runner ActionManager,
// DockerUtil.IsDockerfile). A composite action (`runs.using: composite`) runs images in its
// `runs.steps[*].uses: docker://<ref>`. The Dockerfile is returned for the engine to scan; this
// file reads nothing else. A composite action's steps are read as a step of a workflow that uses
// it gives them inputs (`ActionScanOptions.call`, actionInputs.ts), or as itself, knowing the
// steps of the files read that use it (`callers`, actionCallers.ts).
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import type { ActionCaller, ActionInputs, DockerfileBuild, ScanResult, SourceScanOptions } from '../types';
import { type SeenInputs, seenInputs } from './actionInputs';
import { withCallers } from './actionCallers';
import { type BuildStep, buildPushBuilds, checkoutsOf } from './buildPushAction';
import { runStepBuilds } from './runDockerBuild';
import type { JobRunner } from './runnerPlatform';
import type { MatrixJob } from './workflowMatrixImage';
import { expressionMessage, Findings, workflowExpressions } from './findings';
import { actionImageInput } from './actionImageInputs';
import { dockerStep, imageValue } from './githubWorkflow';
import { SourceText } from './sourceText';
import { items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

/** How an action's metadata is read: as itself, or as one step using it gives it inputs. */
export interface ActionScanOptions extends SourceScanOptions {
  /** Read as a step that uses the action gives it these inputs: its steps' `${{ inputs.NAME }}` are theirs (or the defaults). */
  readonly call?: ActionInputs;
  /**
   * Read as itself, its inputs unknown, knowing every step of the files read that uses it: what
   * it cannot tell only for want of the inputs, and every caller tells, is moot (actionCallers.ts).
   */
  readonly callers?: readonly ActionCaller[];
}

export function scanGithubAction(text: string, options: ActionScanOptions = {}): ScanResult {
  const callers = options.callers ?? [];
  if (callers.length === 0) return scanAction(text, options.call);
  return withCallers(
    scanAction(text, undefined),
    callers.map((caller) => ({ by: caller.by, scan: scanAction(text, caller.inputs) })),
  );
}

/** The action read as itself (`call` undefined: its inputs unknown), or with the inputs a step gives it. */
function scanAction(text: string, call: ActionInputs | undefined): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'github-action');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const runs = lookup(doc, doc.contents, 'runs');
    const using = stringValue(lookup(doc, runs, 'using'))?.toLowerCase();
    if (using === 'docker') {
      const image = lookup(doc, runs, 'image');
      const value = stringValue(image);
      if (image === undefined || value === undefined || !isScalar(image) || !image.range) continue;
      const [start, end] = image.range;
      const place = { text: text.slice(start, end), start, end };
      const expressions = workflowExpressions(value);
      if (expressions.length > 0) findings.problem('unresolved', place, expressionMessage('runs.image', expressions));
      else if (value.toLowerCase().startsWith('docker://')) imageValue(findings, image, 'image', 'runs.image', { caseless: true });
      else if (isDockerfilePath(value)) builds.push(actionBuild(value, source.range(start, end), source.line(start)));
      else {
        findings.problem(
          'invalid',
          place,
          `runs.image ${JSON.stringify(value)} is neither docker://<image> nor a path to a Dockerfile, which are the two forms the runner accepts`,
        );
      }
    } else if (using === 'composite') {
      const steps = items(doc, lookup(doc, runs, 'steps'));
      for (const step of steps) {
        dockerStep(findings, lookup(doc, step, 'uses'), 'a step of this composite action');
        actionImageInput(doc, findings, step, 'a step of this composite action');
      }
      if (runs !== undefined) builds.push(...compositeBuilds(findings, doc, runs, steps, call === undefined ? undefined : seenInputs(doc, call)));
    }
  }
  return findings.result({ builds });
}

/**
 * The builds a composite action's steps make: a docker/build-push-action step's and a `run:`
 * script's `docker build`, read as a workflow's are (buildPushAction.ts, runDockerBuild.ts). Its
 * steps run in the workspace of the workflow that uses it, from the repository's root, on a runner
 * this file does not name: a build naming no platform is for the configured one. The engine reads
 * them for an action of the repository's own (`uses: ./.github/actions/build`), not for one at the
 * repository's root, which other repositories use on their own files. `inputs`: what a step using
 * the action gives it (actionInputs.ts); undefined, read as itself, its `${{ inputs.… }}` unknown.
 */
function compositeBuilds(findings: Findings, doc: YamlDocument, runs: Node, steps: readonly Node[], inputs: SeenInputs | undefined): DockerfileBuild[] {
  const job: MatrixJob = { doc, source: findings.source, job: runs, id: 'of this composite action', readers: new Map() };
  const runner: JobRunner = { facts: () => ({}) };
  const checkouts = checkoutsOf(doc, steps);
  const builds: DockerfileBuild[] = [];
  for (const step of steps) {
    const buildStep: BuildStep = { step, job, runner, env: new Map(), what: 'this composite action', checkouts, fromRoot: (path) => path, ...(inputs === undefined ? {} : { inputs }) };
    builds.push(...buildPushBuilds(findings, buildStep), ...runStepBuilds(findings, buildStep, undefined));
  }
  return builds.map((build) => ({ ...build, fromRepositoryRoot: true as const }));
}

/** The runner's test: the last path segment ends with `Dockerfile` or starts with `Dockerfile.`, in any case. */
function isDockerfilePath(value: string): boolean {
  const name = value.split('/').pop()?.toLowerCase() ?? '';
  return name.endsWith('dockerfile') || name.startsWith('dockerfile.');
}

function actionBuild(dockerfile: string, range: DockerfileBuild['range'], line: number): DockerfileBuild {
  const slash = dockerfile.lastIndexOf('/');
  return {
    dockerfile,
    // The runner builds with the Dockerfile's own folder as context.
    context: slash < 0 ? '.' : dockerfile.slice(0, slash) || '/',
    buildArgs: new Map(),
    unknownArgs: new Map(),
    platforms: [],
    range,
    line,
  };
}
