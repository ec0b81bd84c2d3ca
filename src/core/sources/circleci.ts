// CircleCI's config (`.circleci/config.yml`, and the other YAML files of `.circleci/` a setup
// workflow continues with): the images each job's Docker executor runs — the `image` of each entry
// of a job's or an executor's `docker:` list, the first the job's primary container, the others
// its service containers — and the Dockerfiles its `run:` steps build with `docker build`.
//
// A Docker executor runs on the architecture of its `resource_class`: `arm.medium`, `arm.large`…
// are arm64, CircleCI's others amd64; a self-hosted runner's class (`namespace/name`) or one a
// parameter gives is not known here (the configured platform). An executor's images run on the
// classes of the jobs that use it (`executor: name`), else on its own. A value holding a `<< >>`
// placeholder (`<< parameters.tag >>`, `<< pipeline.git.branch >>`) is known only when CircleCI
// runs the pipeline. Machine, Windows and macOS executors run virtual machines, not container
// images; a Windows or macOS job's docker builds are not read.
// A `run:` step's script is read as a workflow's (runDockerBuild.ts), from the repository's root
// where `checkout` puts it, on the job's architecture.
import { isMap } from '../yaml';
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
const ARM64: Platform = { os: 'linux', architecture: 'arm64' };
const PLACEHOLDER = /<<[^]*?>>/;

export function scanCircleci(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'circleci');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  const builds: DockerfileBuild[] = [];
  for (const doc of docs) {
    const jobs = [...entries(doc, lookup(doc, doc.contents, 'jobs'))].flatMap(([name, job]) => (job !== undefined && isMap(job) ? [{ name, job }] : []));
    const executors = new Map([...entries(doc, lookup(doc, doc.contents, 'executors'))].flatMap(([name, executor]) => (executor !== undefined && isMap(executor) ? [[name, executor] as const] : [])));
    // The architectures each executor runs on: those of the jobs that use it.
    const uses = new Map<string, (Platform | undefined)[]>();
    for (const { name, job } of jobs) {
      const executor = executorName(doc, job);
      const used = executor === undefined ? undefined : executors.get(executor);
      // A Windows or macOS job builds no Linux image.
      if (notLinux(doc, job) || (used !== undefined && notLinux(doc, used) && stringValue(lookup(doc, job, 'resource_class')) === undefined)) continue;
      const platform = classPlatform(doc, job) ?? classPlatform(doc, used);
      if (executor !== undefined) uses.set(executor, [...(uses.get(executor) ?? []), platform]);
      dockerImages(findings, doc, job, `job ${name}`, [platform]);
      builds.push(...runBuilds(findings, doc, job, `job ${name}`, platform));
    }
    for (const [name, executor] of executors) {
      const platforms = uses.get(name) ?? [classPlatform(doc, executor)];
      dockerImages(findings, doc, executor, `executor ${name}`, platforms);
    }
  }
  // In the order of the file, as a reader meets them.
  findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
  findings.problems.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return findings.result(builds.length === 0 ? {} : { builds });
}

/** The executor a job names (`executor: name` or `executor: {name: …}`), when it is one of this file's. */
function executorName(doc: YamlDocument, job: Node): string | undefined {
  const executor = lookup(doc, job, 'executor');
  return stringValue(executor) ?? stringValue(lookup(doc, executor, 'name'));
}

/** A Windows or macOS executor (its key, or a `windows.*` or `macos.*` resource class). */
function notLinux(doc: YamlDocument, node: Node): boolean {
  const resourceClass = stringValue(lookup(doc, node, 'resource_class'))?.trim() ?? '';
  return lookup(doc, node, 'macos') !== undefined || lookup(doc, node, 'windows') !== undefined || /^(?:windows|macos)\./.test(resourceClass);
}

/** The architecture a `resource_class` runs on; undefined when it is not one of CircleCI's own. */
function classPlatform(doc: YamlDocument, node: Node | undefined): Platform | undefined {
  const resourceClass = stringValue(lookup(doc, node, 'resource_class'))?.trim();
  // Without one, a Docker or machine executor is `medium`, on amd64.
  if (resourceClass === undefined) return lookup(doc, node, 'docker') === undefined && lookup(doc, node, 'machine') === undefined ? undefined : AMD64;
  if (PLACEHOLDER.test(resourceClass) || resourceClass.includes('/')) return undefined;
  return resourceClass.startsWith('arm.') ? ARM64 : AMD64;
}

/** The images of a job's or executor's `docker:` list, each for the architectures it runs on. */
function dockerImages(findings: Findings, doc: YamlDocument, node: Node, what: string, platforms: readonly (Platform | undefined)[]): void {
  items(doc, lookup(doc, node, 'docker')).forEach((entry, at) => {
    const image = lookup(doc, entry, 'image');
    if (image === undefined) return;
    const source: ImageSource = at === 0 ? 'container' : 'service';
    const role = at === 0 ? `the primary container of ${what}` : `service container ${at} of ${what}`;
    ciImage(findings, image, source, role, platforms, { pattern: PLACEHOLDER, words: (found) => `${found}, which CircleCI fills in when the pipeline runs` });
  });
}


const SCRIPTS: CiScripts = { hiders: "a shell variable, a command's output or a << >> placeholder", shell: (script) => script.replace(/<<[^]*?>>/g, UNKNOWN) };

/** The Dockerfiles a job's `run:` steps build (`run: <script>` or `run: {command: <script>}`). */
function runBuilds(findings: Findings, doc: YamlDocument, job: Node, what: string, platform: Platform | undefined): DockerfileBuild[] {
  return items(doc, lookup(doc, job, 'steps')).flatMap((step) => {
    const run = lookup(doc, step, 'run');
    const command = isMap(run) ? lookup(doc, run, 'command') : run;
    const script = stringValue(command);
    return command === undefined || script === undefined ? [] : ciScriptBuilds(findings, command, script, `the docker build command of a run step of ${what}`, `a run step of ${what}`, platform, SCRIPTS);
  });
}
