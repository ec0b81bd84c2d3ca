// The platform of the runner a workflow job's `runs-on` names, which its container, services,
// docker:// steps and the images its actions run on the runner are pulled for. `runs-on` is a label,
// a list of labels the runner must all have, or a mapping with `group` and `labels`; labels match
// case-insensitively. Only labels whose architecture is certain count: GitHub-hosted Linux runners
// (`ubuntu-latest`, `ubuntu-24.04`: x64; `ubuntu-24.04-arm`, `ubuntu-22.04-arm`: arm64), the
// Linux runners of hosted-runner providers whose label schemes name it (Depot, Blacksmith,
// BuildJet, Ubicloud, WarpBuild: `PROVIDER_LABELS`) and the
// architecture labels every self-hosted runner has (`X64`, `ARM64`, `ARM`). Anything else (a
// larger runner's or a custom label, a group, an expression) says nothing: the configured platform.
// A build without platforms of its own in a job whose runner an expression hides is the exception
// (`hiddenRunner`): it is built for that runner, of a platform the workflow does not say.
//
// A `runs-on` that takes matrix values (`${{ matrix.os }}`, `[self-hosted, "${{ matrix.arch }}"]`)
// names a runner per run of the job: its matrix is expanded (workflowMatrix.ts) and each run's
// labels read. When the runs are on different architectures, or some on a runner whose
// architecture is not known, the job's images get each run's platform (`usePlatforms`), so only
// the index digest is pinned: a platform digest would run one architecture's image on the others.
import { isMap, isScalar, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { parsePlatform } from '../platform';
import type { Platform } from '../types';
import { workflowExpressions } from './findings';
import { type Combination, expandMatrix, MATRIX_PATH, matrixValue } from './workflowMatrix';
import type { MatrixJob } from './workflowMatrixImage';
import { items, lookup, stringValue } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

/** Where an image of a job runs, as an occurrence's facts: one platform (none: the configured one), or each run's. */
export type RunnerFacts = { readonly platform?: Platform } | { readonly usePlatforms: readonly (Platform | undefined)[] };

/** The runners of a job: over all its runs, or the runs `only` accepts (those that take one matrix value). */
export interface JobRunner {
  facts(only?: (combination: Combination) => boolean): RunnerFacts;
}

/**
 * The Linux runners of hosted-runner providers, each label naming its architecture as the
 * provider's documented scheme does: an arm64 runner's label has `arm` (`arm64` for WarpBuild)
 * where an x64 one's has nothing (`x64`).
 */
const PROVIDER_LABELS: readonly RegExp[] = [
  // Depot: depot-ubuntu-24.04, depot-ubuntu-24.04-arm-4.
  /^depot-ubuntu-\d{2}\.\d{2}(?<arm>-arm)?(?:-\d+)?$/,
  // Blacksmith and BuildJet: blacksmith-4vcpu-ubuntu-2404-arm, buildjet-2vcpu-ubuntu-2204.
  /^(?:blacksmith|buildjet)-\d+vcpu-ubuntu-\d{4}(?<arm>-arm)?$/,
  // Ubicloud: ubicloud, ubicloud-standard-8-arm, ubicloud-standard-4-ubuntu-2204.
  /^ubicloud(?:-standard-\d+(?<arm>-arm)?(?:-ubuntu-\d{4})?)?$/,
  // WarpBuild: warp-ubuntu-latest-x64-2x, warp-ubuntu-2404-arm64-4x.
  /^warp-ubuntu-(?:latest|\d{4})-(?:x64|(?<arm>arm64))-\d+x$/,
];

/**
 * The Windows build each GitHub-hosted Windows Server runner runs: docker there builds and runs
 * Windows containers of that build (process isolation). `windows-latest` moves between them.
 */
const WINDOWS_BUILDS: ReadonlyMap<string, string> = new Map([
  ['windows-2019', '10.0.17763'],
  ['windows-2022', '10.0.20348'],
  ['windows-2025', '10.0.26100'],
]);

/**
 * The platform docker builds for on a Windows runner its labels name (`windows-2022`, or a
 * self-hosted runner's `Windows` label): Windows containers, of the runner's Windows build when the
 * label says it. Only a run step's docker builds read it (runDockerBuild.ts): a job's containers,
 * services and `docker://` steps run on Linux runners alone, so for them a Windows runner is one
 * of no known platform, as before.
 */
export function windowsRunnerPlatform(labels: readonly string[]): Platform | undefined {
  const names = labels.map((label) => label.trim().toLowerCase());
  for (const name of names) {
    const build = WINDOWS_BUILDS.get(name);
    if (build !== undefined) return parsePlatform(`windows(${build})/amd64`);
  }
  return names.some((name) => name === 'windows' || name === 'windows-latest') && !names.some((name) => name === 'arm64') ? parsePlatform('windows/amd64') : undefined;
}

/** The architecture each label names, as a platform. */
function labelPlatform(label: string): string | undefined {
  const name = label.trim().toLowerCase();
  if (/^ubuntu-(latest|\d{2}\.\d{2})$/.test(name) || name === 'x64') return 'linux/amd64';
  if (/^ubuntu-\d{2}\.\d{2}-arm$/.test(name) || name === 'arm64') return 'linux/arm64';
  // A self-hosted runner on 32-bit ARM (armv7l) has the label ARM.
  if (name === 'arm') return 'linux/arm/v7';
  for (const scheme of PROVIDER_LABELS) {
    const match = scheme.exec(name);
    if (match !== null) return match.groups?.arm === undefined ? 'linux/amd64' : 'linux/arm64';
  }
  return undefined;
}

/** A job whose runner's architecture nothing says: its images are for the configured platform. */
export const UNKNOWN_RUNNER: JobRunner = { facts: () => ({}) };

/** The runner facts of `job`, from its `runs-on` and, when that takes matrix values, its matrix. */
export function jobRunner(job: MatrixJob): JobRunner {
  const runsOn = lookup(job.doc, job.job, 'runs-on');
  const fixed = (facts: RunnerFacts): JobRunner => ({ facts: () => facts });
  if (!takesMatrixValues(job.doc, runsOn)) {
    const platform = runnerPlatform(job.doc, runsOn);
    return fixed(platform === undefined ? {} : { platform });
  }
  const expansion = (job.expansion ??= expandMatrix(job.doc, job.source, job.job, job.id));
  // A matrix the file does not say leaves the runner unknown: the configured platform.
  if (expansion.known !== true || expansion.combinations.length === 0) return fixed({});
  const runs = expansion.combinations.map((combination) => ({ combination, platform: runnerPlatform(job.doc, runsOn, combination) }));
  return {
    facts: (only): RunnerFacts => {
      const platforms = runs.filter((run) => only === undefined || only(run.combination)).map((run) => run.platform);
      return platforms.length === 0 ? {} : { usePlatforms: platforms };
    },
  };
}

/**
 * Why the runner of `job` is known only when the workflow runs, when it is: its `runs-on` holds an
 * expression the file does not work out (`${{ inputs.runner }}`, a matrix from `fromJSON(…)`). A
 * build there without platforms of its own builds for that runner's architecture, which is then
 * not said: the engine reads it as a build on a builder of unknown platform (`offRunner`).
 */
export function hiddenRunner(job: MatrixJob): string | undefined {
  const runsOn = lookup(job.doc, job.job, 'runs-on');
  if (runsOn === undefined) return undefined;
  let hidden: boolean;
  if (!takesMatrixValues(job.doc, runsOn)) hidden = labelsOf(job.doc, runsOn, undefined, true) === undefined;
  else {
    const expansion = (job.expansion ??= expandMatrix(job.doc, job.source, job.job, job.id));
    hidden = expansion.known !== true || expansion.combinations.length === 0 || expansion.combinations.some((combination) => labelsOf(job.doc, runsOn, combination, true) === undefined);
  }
  if (!hidden) return undefined;
  const written = runsOn.range === undefined || runsOn.range === null ? '' : job.source.text.slice(runsOn.range[0], runsOn.range[1]).replace(/\s+/g, ' ').trim();
  return `job ${job.id} runs on a runner known only when the workflow runs (runs-on: ${written}), whose platform the workflow does not say`;
}

/** The platform the labels of a job's `runs-on` name (with `combination`'s matrix values), when they name exactly one architecture. */
export function runnerPlatform(doc: YamlDocument, runsOn: Node | undefined, combination?: Combination): Platform | undefined {
  const labels = labelsOf(doc, runsOn, combination, true);
  if (labels === undefined) return undefined;
  const os = new Set(labels.map((label) => label.trim().toLowerCase()));
  // A self-hosted Windows or macOS runner's architecture label (X64, ARM64) is not a Linux platform's.
  if (os.has('macos') || os.has('windows')) return undefined;
  const named = new Set(labels.map(labelPlatform).filter((platform) => platform !== undefined));
  return named.size === 1 ? parsePlatform([...named][0]) : undefined;
}

/** The labels `node` names, matrix values put in; undefined when one is not known (an expression, not a string). */
function labelsOf(doc: YamlDocument, node: Node | undefined, combination: Combination | undefined, top: boolean): string[] | undefined {
  if (isSeq(node)) {
    const out: string[] = [];
    for (const item of items(doc, node)) {
      const labels = labelsOf(doc, item, combination, false);
      if (labels === undefined) return undefined;
      out.push(...labels);
    }
    return out;
  }
  // A mapping's labels (its group says nothing of the architecture); only `runs-on` itself or a matrix value in its place is one.
  if (isMap(node)) return top ? labelsOf(doc, lookup(doc, node, 'labels'), combination, false) : undefined;
  const value = stringValue(node);
  if (value === undefined) return undefined;
  const expressions = workflowExpressions(value);
  if (expressions.length === 0) return [value];
  if (combination === undefined) return undefined;
  // The whole value one matrix value: it may be a list of labels, or a mapping in runs-on's place.
  if (expressions.length === 1 && expressions[0] === value.trim()) {
    const whole = matrixValue(doc, expressions[0], combination);
    return whole === undefined || isScalar(whole) ? scalarLabel(whole) : labelsOf(doc, whole, undefined, top);
  }
  let label = value;
  for (const expression of expressions) {
    const part = scalarLabel(matrixValue(doc, expression, combination));
    if (part === undefined) return undefined;
    label = label.replace(expression, part[0]);
  }
  return [label];
}

function scalarLabel(node: Node | undefined): [string] | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  const text = String(node.value);
  return workflowExpressions(text).length > 0 ? undefined : [text];
}

/** Whether `runs-on` holds a matrix value anywhere. */
function takesMatrixValues(doc: YamlDocument, node: Node | undefined): boolean {
  if (isSeq(node)) return items(doc, node).some((item) => takesMatrixValues(doc, item));
  if (isMap(node)) return takesMatrixValues(doc, lookup(doc, node, 'labels'));
  return workflowExpressions(stringValue(node) ?? '').some((expression) => MATRIX_PATH.test(expression));
}
