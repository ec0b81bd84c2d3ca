// Finds the images a GitHub Actions workflow (`.github/workflows/*.yml`) runs: each job's
// `container` (a string, or a mapping with `image`), its `services.<name>` (the same two forms) and
// its `steps[*].uses: docker://<ref>`. As the runner reads them (actions/runner
// WorkflowTemplateConverter): a `docker://` prefix on a container or service image is dropped, an
// empty image means no container, and a job that `uses:` a reusable workflow runs no container of
// its own. A value holding a `${{ … }}` expression is known only when the workflow runs: it is
// reported unresolved, never guessed. `credentials` are never read.
import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { ImageSource, ScanResult, SourceScanOptions } from '../types';
import { afterPrefix, expressionMessage, Findings, wholeScalar, workflowExpressions } from './findings';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, writtenScalar } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

const DOCKER_PREFIX = 'docker://';

/** Every image the workflow runs, and the places that name one but cannot be pinned. Never throws on bad input. */
export function scanGithubWorkflow(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'github-workflow');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  for (const doc of docs) {
    for (const [jobId, job] of entries(doc, lookup(doc, doc.contents, 'jobs'))) {
      if (!isMap(job)) continue;
      const where = `job ${jobId}`;
      const container = lookup(doc, job, 'container');
      if (container !== undefined) containerImage(doc, findings, container, 'container', `the container of ${where}`);
      const services = lookup(doc, job, 'services');
      // `services: ${{ fromJSON(…) }}` names its images only when the workflow runs.
      if (isScalar(services) && workflowExpressions(stringValue(services) ?? '').length > 0) {
        imageValue(findings, services, 'service', `the services of ${where}`);
      }
      for (const [name, service] of entries(doc, services)) {
        if (service !== undefined) containerImage(doc, findings, service, 'service', `service ${name} of ${where}`);
      }
      for (const step of items(doc, lookup(doc, job, 'steps'))) {
        dockerStep(findings, lookup(doc, step, 'uses'), `a step of ${where}`);
      }
    }
  }
  return findings.result();
}

/** A container or service: a string, or a mapping with `image`; either may be an expression. */
function containerImage(doc: YamlDocument, findings: Findings, node: Node, source: ImageSource, what: string): void {
  const image = isMap(node) ? lookup(doc, node, 'image') : node;
  if (image === undefined) return;
  imageValue(findings, image, source, what);
}

/**
 * A step's `uses`: only `docker://<ref>` names an image (`owner/repo@ref` and `./path` are
 * actions). Workflows match the prefix exactly; action manifests (`caseless`) in any case.
 */
export function dockerStep(findings: Findings, uses: Node | undefined, what: string, caseless = false): void {
  const value = stringValue(uses);
  if (uses === undefined || value === undefined || !hasDockerPrefix(value, caseless)) return;
  imageValue(findings, uses, 'uses', what, caseless);
}

function hasDockerPrefix(value: string, caseless: boolean): boolean {
  return caseless ? value.slice(0, DOCKER_PREFIX.length).toLowerCase() === DOCKER_PREFIX : value.startsWith(DOCKER_PREFIX);
}

/** Records the image a scalar names; a `docker://` prefix is not part of the reference. */
export function imageValue(findings: Findings, node: Node, source: ImageSource, what: string, caseless = false): void {
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
  if (expressions.length > 0) {
    findings.problem('unresolved', { text: findings.source.text.slice(start, end), start, end }, expressionMessage(what, expressions));
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
  findings.image(place, { source, expanded: value.slice(skip) });
}

function nodePlace(findings: Findings, node: Node): { text: string; start: number; end: number } | undefined {
  const range = node.range;
  if (range === undefined || range === null) return undefined;
  return { text: findings.source.text.slice(range[0], range[1]), start: range[0], end: range[1] };
}
