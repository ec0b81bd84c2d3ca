// A job that runs no image of its own and extends a template no file docker-pin reads defines gets
// its image from that template, which comes from an `include:` of another project, a URL, a
// template or a component (freedesktop's and GNOME's ci-templates: `.fdo.distribution-image@fedora`),
// none of which docker-pin fetches. That image cannot be checked, so it is said where the template
// is named, once for every job that reaches it there, rather than passed over.
import type { Node } from '../yaml';
import type { Findings } from './findings';
import type { GitlabConfig } from './gitlabConfig';
import { field } from './gitlabConfig';
import type { GitlabPipeline } from './gitlabVariables';
import { items, lookup, resolved, stringValue } from './yamlNodes';

export function reportUnreadParents(findings: Findings, config: GitlabConfig, pipeline?: GitlabPipeline): void {
  const named = new Map<Node, { parent: string; jobs: string[] }>();
  for (const context of config.contexts()) {
    if (context.kind !== 'job' || field(context.config, 'image') !== undefined || field(context.config, 'trigger') !== undefined) continue;
    const unread = new Set(context.missingParents.filter((parent) => pipeline?.jobNames.has(parent) !== true));
    for (const node of namingNodes(config, context.name, unread)) {
      const entry = named.get(node) ?? { parent: stringValue(node) ?? '', jobs: [] };
      entry.jobs.push(context.name);
      named.set(node, entry);
    }
  }
  const where = pipeline === undefined ? 'the files docker-pin reads' : pipeline.files;
  for (const [node, { parent, jobs }] of named) {
    const [start, end] = node.range ?? [0, 0];
    const fetched = `which is not in ${where} (an include: of another project, a URL, a template or a component may define it, and docker-pin does not fetch those)`;
    const message =
      jobs.length === 1
        ? `job ${jobs[0]} extends ${parent}, ${fetched}: the image it runs comes from there and is not checked; give it an image: of its own, or accept this with --allow-unresolved`
        : `jobs ${listed(jobs)} extend ${parent}, ${fetched}: the images they run come from there and are not checked; give them an image: of their own, or accept this with --allow-unresolved`;
    findings.problem('unresolved', { text: findings.source.text.slice(start, end), start, end }, message);
  }
}

/** Job names for a message: the first few, then how many more. */
function listed(jobs: readonly string[]): string {
  return jobs.length <= 4 ? jobs.join(', ') : `${jobs.slice(0, 3).join(', ')} and ${jobs.length - 3} more`;
}

/** The `extends` entries of `job` and of the entries it extends in turn that name one of `unread`. */
function namingNodes(config: GitlabConfig, job: string, unread: ReadonlySet<string>): Node[] {
  if (unread.size === 0) return [];
  const out: Node[] = [];
  const seen = new Set<string>();
  const walk = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const extendsNode = resolved(config.doc, lookup(config.doc, config.top.get(name), 'extends'));
    const parents = stringValue(extendsNode) === undefined ? items(config.doc, extendsNode) : [extendsNode as Node];
    for (const parent of parents) {
      const parentName = stringValue(parent);
      if (parentName === undefined) continue;
      if (unread.has(parentName)) out.push(parent);
      else if (config.top.has(parentName)) walk(parentName);
    }
  };
  walk(job);
  return out;
}
