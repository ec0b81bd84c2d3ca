// Azure Pipelines' config (`azure-pipelines.yml`, and the YAML files of `.azure-pipelines/` or
// `.azuredevops/` it uses as templates): the images its jobs run in — each
// `resources.containers` entry's `image`, and a job's `container` and `services` when they name an
// image rather than a container resource (a string that is no resource's name, or a mapping with
// `image`) — and the Dockerfiles its `script` and `bash` steps build with `docker build` (read as a
// workflow's are, runDockerBuild.ts, from the repository's root, where `checkout: self` puts it).
//
// Jobs stand at the top level (`jobs`, or one implicit job's `steps`), or under `stages`; a
// deployment job's steps stand under its `strategy` (`runOnce`, `rolling` or `canary`), in each
// lifecycle hook (`preDeploy`, `deploy`, `routeTraffic`, `postRouteTraffic`, `on.failure`,
// `on.success`), and are read as a job's. A job runs on
// Microsoft's hosted agents, linux/amd64, when its `pool.vmImage` (or the pipeline's) names an
// Ubuntu image; a Windows or macOS one is not read; a self-hosted pool on the configured platform.
// A `${{ }}` template expression, a `$( )` macro or a `$[ ]` runtime expression in an image is
// known only when the pipeline runs.
import { isMap, isScalar } from '../yaml';
import type { Node } from '../yaml';
import { comparePositions } from '../text';
import type { DockerfileBuild, ImageSource, Platform, ScanResult, SourceScanOptions } from '../types';
import { ciImage } from './ciImage';
import { Findings } from './findings';
import { ciScriptBuilds, type CiScripts } from './ciScriptBuilds';
import { UNKNOWN } from './runDockerBuild';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const EXPRESSION = /\$\{\{[^]*?\}\}|\$\([^)]*\)|\$\[[^]*?\]/;
const PLACEHOLDER = { pattern: EXPRESSION, words: (found: string) => `${found}, which Azure Pipelines fills in when the pipeline runs` };

/** Where a job runs: an architecture, or (`skip`) not on Linux. */
type Host = { readonly platform?: Platform } | { readonly skip: true };

export function scanAzurePipelines(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'azure-pipelines');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const root = doc.contents ?? undefined;
    if (!isMap(root)) continue;
    const rootHost = hostOf(doc, lookup(doc, root, 'pool'), {});
    // The container resources by name, with the platforms of the jobs that run in them.
    const resources = new Map<string, { node: Node; uses: (Platform | undefined)[] }>();
    for (const container of items(doc, lookup(doc, lookup(doc, root, 'resources'), 'containers'))) {
      const name = stringValue(lookup(doc, container, 'container'));
      if (name !== undefined) resources.set(name, { node: container, uses: [] });
    }
    const jobs = [...items(doc, lookup(doc, root, 'jobs')), ...items(doc, lookup(doc, root, 'stages')).flatMap((stage) => items(doc, lookup(doc, stage, 'jobs')))];
    // A pipeline of steps alone is one job.
    if (lookup(doc, root, 'steps') !== undefined) jobs.push(root);
    jobs.forEach((job, at) => {
      const host = job === root ? rootHost : hostOf(doc, lookup(doc, job, 'pool'), rootHost);
      if ('skip' in host) return;
      const name = stringValue(lookup(doc, job, 'job')) ?? stringValue(lookup(doc, job, 'deployment'));
      const what = job === root ? 'the pipeline' : name === undefined ? `job ${at + 1}` : `job ${name}`;
      const container = lookup(doc, job, 'container');
      if (container !== undefined) containerImage(findings, doc, container, resources, 'container', `the container of ${what}`, host.platform);
      for (const [service, node] of entries(doc, lookup(doc, job, 'services'))) {
        if (node !== undefined) containerImage(findings, doc, node, resources, 'service', `service ${service} of ${what}`, host.platform);
      }
      builds.push(...stepBuilds(findings, doc, job, what, host.platform));
    });
    for (const [name, { node, uses }] of resources) {
      const image = lookup(doc, node, 'image');
      if (image !== undefined) ciImage(findings, image, 'container', `container resource ${name}`, uses.length > 0 ? uses : [rootHost.platform], PLACEHOLDER);
    }
  }
  findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
  findings.problems.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return findings.result(builds.length === 0 ? {} : { builds });
}

/** A job's `container` or a service: a container resource's name (its use counted there), an image, or a mapping with `image`. */
function containerImage(
  findings: Findings,
  doc: YamlDocument,
  node: Node,
  resources: Map<string, { node: Node; uses: (Platform | undefined)[] }>,
  source: ImageSource,
  what: string,
  platform: Platform | undefined,
): void {
  const image = isMap(node) ? lookup(doc, node, 'image') : node;
  if (image === undefined) return;
  const value = stringValue(image);
  const resource = value === undefined ? undefined : resources.get(value);
  if (resource !== undefined && isScalar(node)) {
    resource.uses.push(platform);
    return;
  }
  ciImage(findings, image, source, what, [platform], PLACEHOLDER);
}

/** Where a `pool` runs its jobs, `inherited` where it names none. */
function hostOf(doc: YamlDocument, pool: Node | undefined, inherited: Host): Host & { readonly platform?: Platform } {
  if (pool === undefined) return inherited as Host & { readonly platform?: Platform };
  const vmImage = stringValue(lookup(doc, pool, 'vmImage'))?.trim().toLowerCase();
  if (vmImage === undefined) return {};
  if (/^(?:windows|win|vs20|macos)/.test(vmImage)) return { skip: true };
  return /^ubuntu/.test(vmImage) ? { platform: AMD64 } : {};
}

const SCRIPTS: CiScripts = {
  hiders: 'a variable, a macro or an expression',
  // The checkout folder, however the script names it, is the repository's root.
  shell: (script) => script.replace(/\$\((?:Build\.SourcesDirectory|System\.DefaultWorkingDirectory)\)/gi, '.').replace(new RegExp(EXPRESSION.source, 'g'), UNKNOWN),
  rootVariables: ['BUILD_SOURCESDIRECTORY', 'SYSTEM_DEFAULTWORKINGDIRECTORY'],
};

/** A deployment job's strategies and their lifecycle hooks, each of which runs its own `steps`. */
const STRATEGIES = ['runOnce', 'rolling', 'canary'];
const HOOKS = ['preDeploy', 'deploy', 'routeTraffic', 'postRouteTraffic'];

/** A job's steps: its own `steps`, and a deployment job's, in each lifecycle hook of its strategy. */
function stepsOf(doc: YamlDocument, job: Node): Node[] {
  const strategy = lookup(doc, job, 'strategy');
  const hooks = STRATEGIES.flatMap((name) => {
    const kind = lookup(doc, strategy, name);
    const on = lookup(doc, kind, 'on');
    return [...HOOKS.map((hook) => lookup(doc, kind, hook)), lookup(doc, on, 'failure'), lookup(doc, on, 'success')];
  });
  return [lookup(doc, job, 'steps'), ...hooks.map((hook) => lookup(doc, hook, 'steps'))].flatMap((steps) => items(doc, steps));
}

/** The Dockerfiles a job's `script` and `bash` steps build. */
function stepBuilds(findings: Findings, doc: YamlDocument, job: Node, what: string, platform: Platform | undefined): DockerfileBuild[] {
  return stepsOf(doc, job).flatMap((step) => {
    const node = lookup(doc, step, 'script') ?? lookup(doc, step, 'bash');
    const script = stringValue(node);
    return node === undefined || script === undefined ? [] : ciScriptBuilds(findings, node, script, `the docker build command of a script step of ${what}`, `a script step of ${what}`, platform, SCRIPTS);
  });
}
