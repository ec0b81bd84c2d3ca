// Bitbucket Pipelines' config (`bitbucket-pipelines.yml`): the images its steps run in — the
// top-level `image`, each step's `image` (a string, or a mapping with `name`), and each service's
// `image` under `definitions.services` — and the Dockerfiles its steps' `script`s build with
// `docker build` (read as a workflow's are, runDockerBuild.ts, from the repository's root, where
// the clone is).
//
// Steps stand under `pipelines` (`default`, and each pattern of `branches`, `tags`,
// `pull-requests` and `custom`), alone, in a `parallel` group or in a `stage`. A step runs on
// Bitbucket's Linux cloud runners, amd64 unless its `runtime.cloud.arch` (or the global `options`'s)
// is `arm`; a self-hosted runner (`runs-on` with `self.hosted`) on the architecture its labels name
// (`linux.arm64`), else the configured one; a Windows or macOS runner is not read. A `$VARIABLE` in
// an image is a repository or deployment variable, known only when the pipeline runs.
import { isMap, isSeq } from '../yaml';
import type { Node } from '../yaml';
import { comparePositions } from '../text';
import type { DockerfileBuild, ImageSource, Platform, ScanResult, SourceScanOptions } from '../types';
import { ciImage } from './ciImage';
import { Findings } from './findings';
import { ciScriptBuilds, type CiScripts } from './ciScriptBuilds';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, type YamlDocument } from './yamlNodes';

const AMD64: Platform = { os: 'linux', architecture: 'amd64' };
const ARM64: Platform = { os: 'linux', architecture: 'arm64' };
const VARIABLE = /\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)/;

/** Where a step runs: an architecture, or (`skip`) not on Linux. */
type Host = { readonly platform?: Platform } | { readonly skip: true };

export function scanBitbucketPipelines(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'bitbucket-pipelines');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const root = doc.contents ?? undefined;
    const globalHost = hostOf(doc, lookup(doc, root, 'options'), { platform: AMD64 });
    // The default image: used by every step that names none, on each of their runners.
    const defaultUses: (Platform | undefined)[] = [];
    const serviceUses = new Map<string, (Platform | undefined)[]>();
    const steps = pipelineSteps(doc, lookup(doc, root, 'pipelines'));
    const seen = new Set<Node>();
    steps.forEach((step, at) => {
      // A step written once under an anchor and used by several pipelines is read once.
      if (seen.has(step)) return;
      seen.add(step);
      const host = hostOf(doc, step, globalHost);
      if ('skip' in host) return;
      const what = stepName(doc, step, at);
      const image = lookup(doc, step, 'image');
      if (image === undefined) defaultUses.push(host.platform);
      else imageOf(findings, doc, image, 'image', `the image of ${what}`, [host.platform]);
      for (const service of items(doc, lookup(doc, step, 'services'))) {
        const name = stringValue(service);
        if (name !== undefined) serviceUses.set(name, [...(serviceUses.get(name) ?? []), host.platform]);
      }
      builds.push(...scriptBuilds(findings, doc, step, what, host.platform));
    });
    const image = lookup(doc, root, 'image');
    if (image !== undefined) imageOf(findings, doc, image, 'image', 'the default image of the pipelines', defaultUses.length > 0 ? defaultUses : [globalHost.platform]);
    for (const [name, service] of entries(doc, lookup(doc, lookup(doc, root, 'definitions'), 'services'))) {
      const serviceImage = lookup(doc, service, 'image');
      // `docker` is Bitbucket's own Docker-in-Docker service unless it names an image.
      if (serviceImage !== undefined) imageOf(findings, doc, serviceImage, 'service', `service ${name}`, serviceUses.get(name) ?? [globalHost.platform]);
    }
  }
  findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
  findings.problems.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return findings.result(builds.length === 0 ? {} : { builds });
}

/** Every step of every pipeline, in the file's order: alone, in `parallel` groups and in `stage`s. */
function pipelineSteps(doc: YamlDocument, pipelines: Node | undefined): Node[] {
  const lists: Node[] = [];
  for (const [kind, value] of entries(doc, pipelines)) {
    if (value === undefined) continue;
    if (kind === 'default') lists.push(value);
    else for (const pipeline of entries(doc, value).values()) if (pipeline !== undefined) lists.push(pipeline);
  }
  const out: Node[] = [];
  const walk = (node: Node | undefined): void => {
    for (const item of items(doc, node)) {
      const step = lookup(doc, item, 'step');
      if (step !== undefined) out.push(step);
      const parallel = lookup(doc, item, 'parallel');
      if (parallel !== undefined) walk(isSeq(parallel) ? parallel : lookup(doc, parallel, 'steps'));
      const stage = lookup(doc, item, 'stage');
      if (stage !== undefined) walk(lookup(doc, stage, 'steps'));
    }
  };
  for (const list of lists) walk(list);
  return out;
}

function stepName(doc: YamlDocument, step: Node, at: number): string {
  const name = stringValue(lookup(doc, step, 'name'));
  return name === undefined ? `step ${at + 1}` : `step ${JSON.stringify(name)}`;
}

/** Where a step (or the global `options`) runs, `inherited` where it says nothing. */
function hostOf(doc: YamlDocument, node: Node | undefined, inherited: Host): Host & { readonly platform?: Platform } {
  const runsOn = lookup(doc, node, 'runs-on');
  if (runsOn !== undefined) {
    const labels = (isSeq(runsOn) ? items(doc, runsOn).map((l) => stringValue(l)) : [stringValue(runsOn)]).flatMap((l) => (l === undefined ? [] : [l.trim().toLowerCase()]));
    if (labels.includes('self.hosted')) {
      if (labels.some((l) => l === 'windows' || l === 'macos')) return { skip: true };
      return labels.includes('linux.arm64') ? { platform: ARM64 } : {};
    }
  }
  const arch = stringValue(lookup(doc, lookup(doc, lookup(doc, node, 'runtime'), 'cloud'), 'arch'))?.trim().toLowerCase();
  if (arch === 'arm') return { platform: ARM64 };
  if (arch === 'x86') return { platform: AMD64 };
  return inherited as Host & { readonly platform?: Platform };
}

/** An image value: a string, or a mapping with `name`. */
function imageOf(findings: Findings, doc: YamlDocument, node: Node, source: ImageSource, what: string, platforms: readonly (Platform | undefined)[]): void {
  const name = isMap(node) ? lookup(doc, node, 'name') : node;
  if (name === undefined) return;
  ciImage(findings, name, source, what, platforms, { pattern: VARIABLE, words: (found) => `${found}, a variable Bitbucket sets when the pipeline runs` });
}

const SCRIPTS: CiScripts = { hiders: "a variable, a command's output", rootVariables: ['BITBUCKET_CLONE_DIR'] };

/** The Dockerfiles a step's `script` builds, each item a line of one shell, from the repository's root. */
function scriptBuilds(findings: Findings, doc: YamlDocument, step: Node, what: string, platform: Platform | undefined): DockerfileBuild[] {
  const script = lookup(doc, step, 'script');
  if (script === undefined) return [];
  const lines = items(doc, script).flatMap((item) => {
    const value = stringValue(item);
    return value === undefined ? [] : [value];
  });
  return ciScriptBuilds(findings, script, lines.join('\n'), `the docker build command of the script of ${what}`, `the script of ${what}`, platform, SCRIPTS);
}
