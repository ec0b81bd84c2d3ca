// Finds the images a `.gitlab-ci.yml` runs: each job's `image` and `services` (a string, or a
// mapping with `name` and optionally `docker: {platform}`), from the job itself, its `extends`
// chain or `default:`. Each image is reported once, where it is written — an image in a hidden
// template or in `default:` counts for the jobs that use it — with `$VAR`/`${VAR}` expanded from
// the `variables:` each of those jobs sees (see gitlabVariables.ts). When the jobs that use one
// written image see different values, no single digest fits there: that is reported (and counted), unless the
// image is written as exactly one variable whose values can each take their own pin. Local
// `include:`s are returned for the engine to follow; this file reads nothing else. A job's
// `trigger: include:` of a local file runs it as a child pipeline, which GitLab gives the trigger
// job's variables over the child's own (`forward: yaml_variables`): not read, it is reported, as
// is a child pipeline another job generates (`include: artifact:`).
import { isScalar } from '../yaml';
import type { Node, Scalar } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform } from '../platform';
import { parseReference } from '../reference';
import { comparePositions } from '../text';
import type { ArgValue, DockerfileBuild, LinkedFile, Platform, ScanResult, SourceScanOptions } from '../types';
import { Findings, nodePlace, wholeScalar } from './findings';
import type { Place } from './findings';
import { field, GitlabConfig } from './gitlabConfig';
import type { JobContext, Value } from './gitlabConfig';
import { isPlainName, isPredefined, JobVariables, soleVariable, variableText } from './gitlabVariables';
import type { GitlabPipeline, TemplateExtender, VariableDefinition } from './gitlabVariables';
import { matrixInstances } from './gitlabMatrix';
import type { MatrixInstance } from './gitlabMatrix';
import { reportUnreadParents } from './gitlabUnreadParents';
import { gitlabRunner } from './gitlabRunner';
import { contextImagesAt, MAY_BUILD, ScriptBuilds, WORKSPACE } from './runDockerBuild';
import { ScriptCalls } from './runStepCalls';
import { scriptBakeOverrides } from './bakeOverrides';
import { SourceText } from './sourceText';
import { entries, items, lookup, parseYaml, stringValue, writtenScalar } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

/** One job's use of a written image. */
interface ImageUse {
  readonly context: JobContext;
  readonly variables: JobVariables;
  /** The rules (the job's, the workflow's) whose `variables:` it is read with, as messages name them. */
  readonly rule?: string;
  /** The values of the job's `parallel:matrix` it is read with, as GitLab names the job (`[3.12, alpine]`). */
  readonly instance?: string;
  readonly source: 'image' | 'service';
  /** The name as written, or the `!reference` this file cannot follow. */
  readonly name: NameValue;
  readonly platform?: Value;
  /** The platform of the hosted runner the job's `tags:` pick, when they pick one. */
  readonly runner?: Platform;
  /** The tag of the hosted macOS runner the job's `tags:` pick: its `image:` is a VM image, not a container image. */
  readonly vm?: string;
}

type NameValue = Exclude<Value, { kind: 'map' }>;

type Resolution =
  | { readonly kind: 'unknown'; readonly reasons: readonly string[] }
  /** The pipelines that include the file give the variables `names` different values (`reasons` say which). */
  | { readonly kind: 'conflict'; readonly reasons: readonly string[]; readonly names: readonly string[] }
  | { readonly kind: 'invalid'; readonly message: string }
  /** Run in a hosted macOS runner's virtual machine: its `image:` is no container image. */
  | { readonly kind: 'vm'; readonly tag: string }
  | {
      readonly kind: 'ok';
      readonly expanded: string;
      readonly names: readonly string[];
      readonly platform?: Platform;
      /** The variable the image is written as, when it is written as exactly one. */
      readonly sole?: VariableDefinition;
    };

/** What a GitLab CI file is read with: the pipeline it is part of, when the engine put it together. */
export interface GitlabScanOptions extends SourceScanOptions {
  readonly pipeline?: GitlabPipeline;
}

export function scanGitlabCi(text: string, options: GitlabScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'gitlab-ci');
  // GitLab reads its YAML as 1.1 (Ruby's Psych): `on` is a boolean, `1.20` the number 1.2.
  const { docs, problems } = parseYaml(source, '1.1');
  findings.problems.push(...problems);
  const linked: LinkedFile[] = [];
  const builds: DockerfileBuild[] = [];
  for (const doc of configDocuments(docs)) {
    try {
      linked.push(...localIncludes(source, doc));
      reportChildPipelines(findings, doc);
      const config = new GitlabConfig(doc);
      const scan = new FileScan(findings, config, options.pipeline);
      scan.run();
      builds.push(...scan.builds());
      reportUnreadParents(findings, config, options.pipeline);
    } catch (e) {
      // A surprise in one document must not hide the others' images.
      findings.problem('invalid', { text: '', start: 0, end: 0 }, `could not read this file: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  // Reported in the order of the file, as a reader meets them.
  findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
  findings.problems.sort((a, b) => comparePositions(a.range.start, b.range.start));
  return findings.result({ linked, ...(builds.length === 0 ? {} : { builds }) });
}

/** The scalars of one script item: a string (one command, or several lines of a block scalar), or a nested list's strings. */
function scriptScalars(config: GitlabConfig, item: Value): Scalar[] {
  if (item.kind !== 'node') return [];
  if (isScalar(item.node)) return typeof item.node.value === 'string' ? [item.node] : [];
  return config.list(item).flatMap((inner) => (inner.kind === 'node' && inner.node !== item.node ? scriptScalars(config, inner) : []));
}


/** A file with a `spec:` header (a CI/CD component) keeps its configuration in the document after it. */
function configDocuments(docs: readonly YamlDocument[]): YamlDocument[] {
  if (docs.length >= 2 && lookup(docs[0], docs[0].contents, 'spec') !== undefined) return docs.slice(1);
  return [...docs];
}

function localIncludes(source: SourceText, doc: YamlDocument): LinkedFile[] {
  return localFiles(doc, lookup(doc, doc.contents, 'include')).map(({ path, node: [start, end] }) => ({
    path,
    kind: 'gitlab-ci' as const,
    relativeTo: 'repository' as const,
    range: source.range(start, end),
    line: source.line(start),
  }));
}

/**
 * Each local file a job runs as a child pipeline (`trigger: include:`, named as `include:` names
 * files): its images are decided by the variables this pipeline passes down, which docker-pin does
 * not follow, so they are reported as not worked out rather than read with the child's own values.
 */
function reportChildPipelines(findings: Findings, doc: YamlDocument): void {
  const at = ([start, end]: readonly number[]) => ({ text: findings.source.text.slice(start, end), start, end });
  for (const [name, job] of entries(doc, doc.contents)) {
    const include = lookup(doc, lookup(doc, job, 'trigger'), 'include');
    for (const { path, node } of localFiles(doc, include)) {
      findings.problem(
        'unresolved',
        at(node),
        `job ${name} runs ${path} as a child pipeline, which docker-pin does not read: GitLab gives it this pipeline's variables over its own, so its images cannot be worked out from that file — check them by hand, or accept this with --allow-unresolved`,
      );
    }
    // A dynamic child pipeline: its configuration is an artifact another job writes when it runs.
    for (const entry of items(doc, include)) {
      const artifact = lookup(doc, entry, 'artifact');
      const path = stringValue(artifact);
      if (artifact?.range == null || path === undefined) continue;
      const by = stringValue(lookup(doc, entry, 'job'));
      findings.problem(
        'unresolved',
        at(artifact.range),
        `job ${name} runs a child pipeline ${by === undefined ? 'another job' : `job ${by}`} generates (${path}) when the pipeline runs, so its images cannot be known here — check what generates it, or accept this with --allow-unresolved`,
      );
    }
  }
}

/** The local files an `include:` names: `include: path` is local unless it is a URL; a mapping says `local:`. */
function localFiles(doc: YamlDocument, include: Node | undefined): { path: string; node: [number, number] }[] {
  return (isScalar(include) ? [include] : items(doc, include)).flatMap((entry) => {
    const node = isScalar(entry) ? entry : lookup(doc, entry, 'local');
    const path = stringValue(node);
    if (node === undefined || path === undefined || !node.range || (isScalar(entry) && /^https?:\/\//i.test(path))) return [];
    return [{ path, node: [node.range[0], node.range[1]] }];
  });
}

class FileScan {
  private readonly source: SourceText;
  private readonly globals: ReadonlyMap<string, VariableDefinition>;
  private readonly defaults: Value;
  private readonly workflowRules: readonly RuleVariables[];

  constructor(
    private readonly findings: Findings,
    private readonly config: GitlabConfig,
    private readonly pipeline?: GitlabPipeline,
  ) {
    this.source = findings.source;
    this.globals = withPipeline(definitions(config.globalVariables()), pipeline);
    this.defaults = config.defaults();
    const workflow = config.top.get('workflow');
    this.workflowRules = ruleVariables(config, this.source, workflow === undefined ? undefined : field(config.view(workflow), 'rules'), 'the workflow rule');
  }

  /** The nodes the images of this file's jobs, templates and `default` are written at. */
  imageNodes(): Node[] {
    return [...new Set(this.config.contexts().flatMap((context) => this.uses(context).map((use) => nodeOf(use.name))))];
  }

  /** The uses of images that count: a template's or default's image counts for the jobs that use it; one that no job uses is read on its own. */
  private counted(): ImageUse[] {
    const uses = this.config.contexts().flatMap((context) => this.uses(context));
    const byJobs = new Set(uses.filter((use) => use.context.kind === 'job').map((use) => nodeOf(use.name)));
    // A template jobs of other files extend, setting variables of their own, is read for them too.
    return uses.filter((use) => use.context.kind === 'job' || !byJobs.has(nodeOf(use.name)) || this.extendersSetting(use.context).length > 0);
  }

  /** The jobs of other files of the pipeline that extend this template and set variables of their own. */
  private extendersSetting(context: JobContext): readonly TemplateExtender[] {
    if (context.kind !== 'template') return [];
    return (this.pipeline?.extenders?.get(context.name) ?? []).filter((extender) => extender.names.length > 0);
  }

  /**
   * For each variable an image here is written as exactly (`image: $BUILD_IMAGE`), the platforms
   * its jobs run it on (`image:docker:platform`; undefined: the configured one), and why one of them
   * cannot be worked out from this file alone, when one cannot.
   */
  solePlatforms(): Map<string, { platforms: (Platform | undefined)[]; unknown?: string }> {
    const out = new Map<string, { platforms: (Platform | undefined)[]; unknown?: string }>();
    for (const use of this.counted()) {
      const sole = use.name.kind === 'node' ? soleVariable(stringValue(use.name.node) ?? '') : undefined;
      // A matrix value is the job's own: no other file's value of that name reaches it.
      if (sole === undefined || use.variables.definitions.get(sole)?.matrix === true || use.vm !== undefined) continue;
      const entry = out.get(sole) ?? { platforms: [] };
      out.set(sole, entry);
      if (use.platform === undefined) {
        entry.platforms.push(use.runner);
        continue;
      }
      const answer = this.platform(use);
      if ('platform' in answer) entry.platforms.push(answer.platform);
      else entry.unknown ??= `the docker:platform of ${use.context.name} (line ${this.source.line(nodeOf(use.name).range?.[0] ?? 0)}) cannot be worked out there`;
    }
    return out;
  }

  run(): void {
    const counted = this.counted();
    const written = new Map<Node, ImageUse[]>();
    for (const use of counted) written.set(nodeOf(use.name), [...(written.get(nodeOf(use.name)) ?? []), use]);
    const resolved = [...written].map(([node, group]) => ({ node, uses: group, resolutions: group.map((use) => this.resolve(use)) }));
    const values = new ValuePlacement(this.source, [...written.keys()], jobReferences(this.config));
    // Images in other files of the pipeline written as a variable defined here: their platforms
    // are uses of its value too (every use first: a placement keeps the platforms it was decided with).
    for (const [name, variable] of this.pipeline?.variables ?? []) {
      const definition = this.globals.get(name);
      if (variable.imageElsewhere !== true || variable.definedIn !== undefined || definition === undefined) continue;
      for (const platform of variable.elsewherePlatforms ?? []) values.use(definition, platform);
    }
    const soleHere = new Set<string>();
    for (const { resolutions } of resolved) {
      for (const r of resolutions) {
        if (r.kind !== 'ok' || r.sole === undefined) continue;
        values.use(r.sole, r.platform);
        soleHere.add(r.sole.name);
      }
    }
    for (const { node, uses: group, resolutions } of resolved) this.report(node, group, resolutions, values);
    this.reportValuesForOtherFiles(values, soleHere);
  }

  /**
   * A value written here that images in other files of the pipeline are written as (`image:
   * $BUILD_IMAGE` in a file this one is included with): it takes their pin, so it is an image of
   * this file. One this file's own images use is reported with them already.
   */
  private reportValuesForOtherFiles(values: ValuePlacement, soleHere: ReadonlySet<string>): void {
    for (const [name, variable] of this.pipeline?.variables ?? []) {
      const definition = this.globals.get(name);
      if (variable.imageElsewhere !== true || variable.definedIn !== undefined || soleHere.has(name) || definition?.node === undefined) continue;
      if (!('value' in values.placement(definition)) || !('text' in definition.value)) continue;
      const written = writtenScalar(this.source, definition.node, definition.value.text);
      if ('reason' in written) continue;
      // The value is the image as written: a digest here changes it wherever it is used, so it fits
      // the platforms of every use (`image:docker:platform`; several: only the index digest does).
      this.findings.image(wholeScalar(written), { source: 'image', expanded: definition.value.text, usePlatforms: variable.elsewherePlatforms ?? [undefined] });
    }
  }

  /**
   * The Dockerfiles the jobs' scripts build with `docker build` / `docker buildx build`
   * (runDockerBuild.ts): `before_script` (the job's, else `default:`'s) and `script` run in one
   * shell, from the repository's root, with the job's variables, on the runner its tags pick.
   */
  builds(): DockerfileBuild[] {
    const out: DockerfileBuild[] = [];
    for (const context of this.config.contexts()) {
      if (context.kind !== 'job') continue;
      const script = field(context.config, 'script');
      const inherits = inherited(this.config.doc, field(field(context.config, 'inherit'), 'default'), 'before_script');
      const before = field(context.config, 'before_script') ?? (inherits ? field(this.defaults, 'before_script') : undefined);
      const scalars = [...this.config.list(before), ...this.config.list(script)].flatMap((line) => scriptScalars(this.config, line));
      const lines = scalars.map((line) => String(line.value));
      const node = script === undefined ? undefined : firstNode(script);
      if (node === undefined) continue;
      const where = nodePlace(this.findings, node);
      const text = lines.join('\n');
      const builds = lines.some((line) => MAY_BUILD.test(line)) ? new ScriptBuilds(this.findings, where, `the docker build command of the script of job ${context.name}`, 'the pipeline') : undefined;
      if (builds !== undefined) scriptBakeOverrides(this.findings, where, `the docker buildx bake command of the script of job ${context.name}`, text);
      // The Makefiles and scripts of the repository it runs, on a runner of known architecture (runStepCalls.ts).
      const calls = new ScriptCalls(`the script of job ${context.name}`);
      for (const { variables } of this.variants(context)) {
        const runner = this.runnerOf(context, variables);
        // A macOS virtual machine has no docker of its own.
        if (runner !== undefined && 'vm' in runner) continue;
        // Above the repository's root: the runner's, no file of this repository.
        const inRepository = (path: string) => (path.startsWith('../') ? undefined : path);
        const reading = {
          start: '.',
          variable: (name: string) => {
            // The folder the job runs in, where the repository is cloned.
            if (name === 'CI_PROJECT_DIR') return WORKSPACE;
            const expansion = variables.expand(`\${${name}}`);
            return expansion.unknown.size > 0 ? undefined : expansion.value;
          },
          runner: runner?.platform,
          inRepository,
        };
        builds?.read(text, reading);
        calls.read(text, reading, inRepository);
      }
      for (const call of calls.all()) this.findings.localAction(where, call);
      if (builds === undefined) continue;
      contextImagesAt(this.findings, scalars, where, builds.contextImages(), `a docker-image:// named context of the docker build command of the script of job ${context.name}`, 'the pipeline');
      out.push(...builds.all().map((build) => ({ ...build, fromRepositoryRoot: true as const })));
    }
    return out;
  }

  /** The hosted runner a context's tags (its own, else `default:`'s) pick with these variables. */
  private runnerOf(context: JobContext, variables: JobVariables): ReturnType<typeof gitlabRunner> {
    const inherits = context.kind === 'job' && inherited(this.config.doc, field(field(context.config, 'inherit'), 'default'), 'tags');
    const tags = field(context.config, 'tags') ?? (inherits ? field(this.defaults, 'tags') : undefined);
    return gitlabRunner(
      this.config.list(tags).map((tag) => {
        const text = tag.kind === 'node' ? stringValue(tag.node) : undefined;
        const expansion = text === undefined ? undefined : variables.expand(text);
        return expansion === undefined || expansion.unknown.size > 0 ? undefined : expansion.value;
      }),
    );
  }

  /** The images a job (or template, or `default`) runs, with the variables it sees. */
  private uses(context: JobContext): ImageUse[] {
    return this.variants(context).flatMap(({ variables, rule, instance }) => this.usesWith(context, variables, rule, instance));
  }

  /**
   * The variables a context can run with: GitLab gives a job the `variables:` of the first of its
   * `rules:` that matches over its own, and those of the first `workflow:rules:` entry that matches
   * over the top-level ones (a job's own still win). Each rule that can run the job (not `when:
   * never`) is one set; the job's plain set counts when no rules say otherwise, or when a rule
   * without `variables:` can run it. A `parallel:matrix` makes one job per combination of its
   * values, each with them over its own variables (see gitlabMatrix.ts).
   */
  private variants(context: JobContext): { variables: JobVariables; rule?: string; instance?: string }[] {
    const out: { variables: JobVariables; rule?: string; instance?: string }[] = [];
    const matrix = matrixInstances(this.config, field(context.config, 'parallel'));
    const instances: (MatrixInstance | { unknown: string } | undefined)[] = matrix === undefined ? [undefined] : 'unknown' in matrix ? [matrix] : matrix.instances;
    for (const workflow of this.workflowRules) {
      for (const job of ruleVariables(this.config, this.source, field(context.config, 'rules'), 'its rule')) {
        const rule = [job.label, workflow.label].filter((label) => label !== undefined).join(' and ');
        for (const instance of instances) {
          out.push({
            variables: this.variables(context, workflow.definitions, job.definitions, instance),
            ...(rule === '' ? {} : { rule }),
            ...(instance === undefined || 'unknown' in instance ? {} : { instance: instance.label }),
          });
        }
      }
    }
    return out;
  }

  private usesWith(context: JobContext, variables: JobVariables, rule: string | undefined, instance: string | undefined): ImageUse[] {
    const inherits = (keyword: string): boolean =>
      context.kind === 'job' && inherited(this.config.doc, field(field(context.config, 'inherit'), 'default'), keyword);
    const image = field(context.config, 'image') ?? (inherits('image') ? field(this.defaults, 'image') : undefined);
    const services = field(context.config, 'services') ?? (inherits('services') ? field(this.defaults, 'services') : undefined);
    const runner = this.runnerOf(context, variables);
    const out: ImageUse[] = [];
    const add = (value: Value | undefined, source: ImageUse['source']): void => {
      if (value === undefined) return;
      const name = value.kind === 'map' ? field(value, 'name') : value;
      // An empty `image:` names nothing.
      if (name === undefined || name.kind === 'map' || (name.kind === 'node' && isScalar(name.node) && name.node.value === null)) return;
      const platform = value.kind === 'map' ? field(field(value, 'docker'), 'platform') : undefined;
      out.push({
        context,
        variables,
        source,
        name,
        ...(rule === undefined ? {} : { rule }),
        ...(instance === undefined ? {} : { instance }),
        ...(platform === undefined ? {} : { platform }),
        ...(runner === undefined ? {} : 'vm' in runner ? { vm: runner.vm } : { runner: runner.platform }),
      });
    };
    add(image, 'image');
    for (const service of this.config.list(services)) add(service, 'service');
    return out;
  }

  /**
   * The variables a context sees: the top-level ones it inherits, overridden by its own (its
   * `extends` chain's), then by its matrix job's values, then by the rule that runs it.
   */
  private variables(
    context: JobContext,
    workflow?: ReadonlyMap<string, VariableDefinition>,
    rule?: ReadonlyMap<string, VariableDefinition>,
    matrix?: MatrixInstance | { readonly unknown: string },
  ): JobVariables {
    const own = field(context.config, 'variables');
    const ownDefinitions = definitions(own);
    const filter = context.kind === 'job' ? field(field(context.config, 'inherit'), 'variables') : undefined;
    const label = context.kind === 'default' ? 'default' : `${context.kind} ${context.name}`;
    const matrixUnknown = matrix !== undefined && 'unknown' in matrix ? matrix.unknown : undefined;
    // What may give a variable another value than this file says: a parent or a `variables: !reference` it cannot follow.
    const parents = context.missingParents;
    const loops = context.loopingParents;
    const hidden =
      parents.length > 0
        ? `it extends ${parents.join(', ')}, which ${parents.length === 1 ? 'is' : 'are'} not in this file`
        : loops.length > 0
          ? `its extends chain loops back to ${loops.join(', ')} (GitLab refuses such a file)`
          : own?.kind === 'unknown'
            ? `its variables: ${own.reason}`
            : matrixUnknown;
    const all = new Map<string, VariableDefinition>();
    const globals = workflow === undefined ? this.globals : new Map([...this.globals, ...workflow]);
    // Jobs of other files that extend this template may give a variable it uses another value.
    const overridden = new Map<string, string[]>();
    for (const { job, names } of this.extendersSetting(context)) for (const name of names) overridden.set(name, [...(overridden.get(name) ?? []), job]);
    const otherValue = (name: string): string | undefined => {
      const jobs = overridden.get(name);
      if (jobs === undefined) return undefined;
      return `$${name} may have another value in ${label}: ${jobs.join(', ')}, which extend${jobs.length === 1 ? 's' : ''} it, set${jobs.length === 1 ? 's' : ''} ${name}, and docker-pin reads a template only with the jobs of its own file`;
    };
    for (const [name, definition] of globals) {
      if (!inherited(this.config.doc, filter, name)) continue;
      if (hidden === undefined) {
        all.set(name, definition);
        continue;
      }
      // What the including pipelines disagree on is moot here: this context may not see it at all.
      all.set(name, { ...definition, value: { unknown: `$${name} may have another value in ${label}: ${hidden}` }, conflict: undefined });
    }
    for (const [name, definition] of ownDefinitions) {
      // A matrix this file cannot read may set any of them.
      all.set(name, matrixUnknown === undefined ? definition : { ...definition, value: { unknown: `$${name} may have another value in ${label}: ${matrixUnknown}` } });
    }
    for (const name of overridden.keys()) {
      const definition = all.get(name);
      if (definition !== undefined) all.set(name, { ...definition, value: { unknown: otherValue(name) ?? '' }, conflict: undefined });
    }
    for (const [name, definition] of matrix !== undefined && 'definitions' in matrix ? matrix.definitions : []) all.set(name, definition);
    for (const [name, definition] of rule ?? []) all.set(name, definition);
    return new JobVariables(all, (name) => {
      if (!isPlainName(name)) return `\${${name}} is not a variable name (GitLab has no \${NAME:-default} forms; the runner would make it empty)`;
      if (hidden !== undefined) return `$${name} is not defined in this file for ${label}: ${hidden}`;
      if (this.globals.has(name)) return `$${name} is not passed to ${label} (its inherit:variables leaves it out)`;
      if (isPredefined(name)) return `$${name} is a predefined CI/CD variable, known only when the pipeline runs`;
      // A template is read on its own only when no job of this file uses it: the jobs that do are elsewhere.
      if (context.kind === 'template') {
        const elsewhere = this.pipeline === undefined ? 'another file' : `another file of ${this.pipeline.files}`;
        return `$${name} is not set for template ${context.name}: a job of ${elsewhere} that extends ${context.name} may set it, and docker-pin reads a template only with the jobs of its own file`;
      }
      if (this.pipeline !== undefined) return `$${name} is not defined in the variables of ${this.pipeline.files} (it may come from the project's CI/CD settings)`;
      return `$${name} is not defined in this file's variables (it may come from an included or including file, or the project's CI/CD settings)`;
    });
  }

  private resolve(use: ImageUse): Resolution {
    if (use.vm !== undefined) return { kind: 'vm', tag: use.vm };
    if (use.name.kind === 'unknown') return { kind: 'unknown', reasons: [use.name.reason] };
    const text = use.name.kind === 'node' ? stringValue(use.name.node) : undefined;
    if (text === undefined) return { kind: 'invalid', message: `the ${use.source} of ${use.context.name} is not a string, so it names no image` };
    const inputs = interpolations(text);
    if (inputs.length > 0) return { kind: 'unknown', reasons: [inputMessage(inputs)] };
    const expansion = use.variables.expand(text);
    if (expansion.unknown.size > 0) return notKnown(expansion.unknown, use.variables);
    // docker:platform says what to pull; else the hosted runner's architecture, when the tags pick one.
    let platform: Platform | undefined = use.runner;
    if (use.platform !== undefined) {
      const answer = this.platform(use);
      if ('kind' in answer) return answer;
      platform = answer.platform;
    }
    const sole = soleVariable(text);
    const definition = sole === undefined ? undefined : use.variables.definitions.get(sole);
    return {
      kind: 'ok',
      expanded: expansion.value,
      names: expansion.names,
      ...(platform === undefined ? {} : { platform }),
      ...(definition === undefined ? {} : { sole: definition }),
    };
  }

  private platform(use: ImageUse): { platform: Platform } | Resolution {
    const value = use.platform;
    if (value?.kind === 'unknown') return { kind: 'unknown', reasons: [value.reason] };
    const text = value?.kind === 'node' ? stringValue(value.node) : undefined;
    if (text === undefined) return { kind: 'invalid', message: `docker:platform of ${use.context.name} is not a string` };
    const expansion = use.variables.expand(text);
    if (expansion.unknown.size > 0) return notKnown(expansion.unknown, use.variables);
    try {
      return { platform: parsePlatform(expansion.value) };
    } catch (e) {
      if (!isDockerPinError(e)) throw e;
      return { kind: 'invalid', message: `docker:platform of ${use.context.name}: ${e.message}` };
    }
  }

  /** One written image: an occurrence, one per value it takes its pin in, or the problem that stops it. */
  private report(node: Node, uses: readonly ImageUse[], resolutions: readonly Resolution[], values: ValuePlacement): void {
    const range = node.range ?? [0, 0, 0];
    const at: Place = { text: this.source.text.slice(range[0], range[1]), start: range[0], end: range[1] };
    const users = jobList(uses);
    const vm = resolutions.find((r) => r.kind === 'vm');
    if (vm !== undefined && resolutions.every((r) => r.kind === 'vm')) {
      this.findings.problem(
        'skipped',
        at,
        `skipped ${at.text} (${users}): the job runs on GitLab's hosted macOS runner (tags: ${vm.tag}), in a virtual machine ` +
          (uses[0].source === 'image' ? 'whose image: names a macOS VM image, not a container image' : 'that runs no services: containers'),
      );
      return;
    }
    const unknown = resolutions.flatMap((r) => (r.kind === 'unknown' ? r.reasons : []));
    if (unknown.length > 0) {
      this.findings.problem(
        'unresolved',
        at,
        `${at.text} (${users}) cannot be worked out here: ${[...new Set(unknown)].join('; ')}. ` +
          `Write the image out to pin it, or accept it unpinned with --allow-unresolved`,
      );
      return;
    }
    const conflicts = resolutions.flatMap((r) => (r.kind === 'conflict' ? [r] : []));
    if (conflicts.length > 0) {
      const names = [...new Set(conflicts.flatMap((r) => r.names))];
      this.findings.problem(
        'conflict',
        at,
        `conflict ${JSON.stringify(stringValue(node) ?? at.text)} (${users}): the pipelines that include this file read it as different images, ${[...new Set(conflicts.flatMap((r) => r.reasons))].join('; ')}, ` +
          `and one digest cannot pin them all, so it is not pinned: give ${names.join(' and ')} one value for every pipeline that includes this file (set in one file they all include), or make the pipelines agree`,
      );
      return;
    }
    const invalid = resolutions.find((r) => r.kind === 'invalid');
    if (invalid !== undefined && invalid.kind === 'invalid') {
      this.findings.problem('invalid', at, invalid.message);
      return;
    }
    // Every use is worked out from here on; each keeps its job.
    const ok = resolutions.flatMap((resolution, i) => (resolution.kind === 'ok' ? [{ resolution, use: uses[i] }] : []));
    if (ok.length === 0 || !isScalar(node)) return;
    const value = stringValue(node) ?? '';
    if (value === '') return;
    const written = writtenScalar(this.source, node as Scalar, value);
    if ('reason' in written) {
      this.findings.problem('skipped', at, `skipped ${JSON.stringify(value)} (${users}): ${written.reason}, so no digest can be inserted safely`);
      return;
    }
    // One occurrence per image and place its pin goes; uses that differ only in platform share it
    // (their platforms side by side: only the index digest fits them all).
    const groups = new Map<string, { resolution: (typeof ok)[number]['resolution']; uses: ImageUse[]; platforms: (Platform | undefined)[] }>();
    for (const { resolution, use } of ok) {
      const placement = resolution.sole === undefined ? undefined : values.placement(resolution.sole);
      const valueAt = placement === undefined ? undefined : 'value' in placement ? resolution.sole?.node?.range?.[0] : 'elsewhere' in placement ? placement.elsewhere : undefined;
      const key = `${resolution.expanded}\0${valueAt ?? ''}`;
      const group = groups.get(key) ?? { resolution, uses: [], platforms: [] };
      group.uses.push(use);
      group.platforms.push(resolution.platform);
      groups.set(key, group);
    }
    const place = wholeScalar(written);
    const list = [...groups.values()];
    const placements = list.map((g) => (g.resolution.sole === undefined ? undefined : values.placement(g.resolution.sole)));
    if (list.length > 1 && !placements.every((p) => p !== undefined && !('refused' in p))) {
      const seen = list.map((g) => `${g.resolution.expanded} in ${jobList(g.uses)}`);
      const refused = placements.flatMap((p) => (p !== undefined && 'refused' in p ? [p.refused] : []));
      // Counted like an image that cannot be worked out: it stays unpinned until the file changes.
      this.findings.problem(
        'unresolved',
        at,
        `${value} is not one image: the jobs that use it see different values (${seen.join('; ')}), and one digest written here cannot serve them all. ` +
          (placements.every((p) => p !== undefined)
            ? `Each value would take its own pin, but ${refused.join('; ')}`
            : uses.some((use) => use.instance !== undefined)
              ? `Write the whole images in the parallel:matrix (IMAGE: [${list.map((g) => g.resolution.expanded).slice(0, 2).join(', ')}]) and write the ${uses[0].source} as $IMAGE alone, so that each value takes its own pin`
              : `Write each job's image out, or give each job its image as one variable of its own (image: $IMAGE) so that each value takes its own pin`),
      );
      return;
    }
    const byJobs = uses.some((use) => use.context.kind === 'job');
    list.forEach((group, i) => {
      const { resolution } = group;
      const notImage = byJobs ? undefined : referenceProblem(resolution.expanded);
      if (notImage !== undefined) {
        // A template no job here uses may hold a placeholder (`name: _`): nothing runs it from this file.
        this.findings.problem('skipped', at, `skipped ${JSON.stringify(value)} (${users}, used by no job in this file): ${notImage}`);
        return;
      }
      const placement = placements[i];
      // Its value is written in another file of the pipeline, which reports it there and takes its pin.
      if (placement !== undefined && 'elsewhere' in placement) return;
      const source = uses.find((use) => group.uses.includes(use))?.source ?? 'image';
      this.findings.image(place, {
        source,
        expanded: resolution.expanded,
        variables: resolution.names,
        usePlatforms: group.platforms,
        ...(placement === undefined ? {} : 'value' in placement ? { valueAt: placement.value } : 'refused' in placement ? { valueRefused: placement.refused } : {}),
      });
    });
  }
}

/** An expansion with names it could not know: a conflict when each is one the including pipelines disagree on, else unknown. */
function notKnown(unknown: ReadonlyMap<string, string>, variables: JobVariables): Resolution {
  const conflicts = [...unknown.keys()].map((name) => variables.definitions.get(name)?.conflict);
  if (conflicts.every((reason): reason is string => reason !== undefined)) return { kind: 'conflict', reasons: conflicts, names: [...unknown.keys()] };
  return { kind: 'unknown', reasons: [...unknown.values()] };
}

/** Why `text` is not an image reference, or undefined when it is one. */
function referenceProblem(text: string): string | undefined {
  try {
    parseReference(text);
    return undefined;
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return e.message;
  }
}

/** The node a use's image is written at (the `!reference` for one that cannot be followed). */
function nodeOf(value: NameValue): Node {
  return value.node;
}

function jobList(uses: readonly ImageUse[]): string {
  const names = [
    ...new Set(
      uses.map((use) => {
        const job = use.instance === undefined ? use.context.name : `${use.context.name}: ${use.instance}`;
        return use.rule === undefined ? job : `${job} when ${use.rule} matches`;
      }),
    ),
  ];
  const jobs = uses.filter((use) => use.context.kind === 'job');
  const label = new Set(uses.map((use) => `${use.context.name}\0${use.instance ?? ''}`)).size === 1 ? (jobs.length > 0 ? 'job' : uses[0].context.kind === 'default' ? '' : 'template') : jobs.length > 0 ? 'jobs' : 'templates';
  return `${label ? `${label} ` : ''}${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
}

/** One set of variables a `rules:` list can give: none (the plain set), or a rule's `variables:`, with where that rule is. */
interface RuleVariables {
  readonly definitions?: ReadonlyMap<string, VariableDefinition>;
  readonly label?: string;
}

/**
 * The sets of variables the entries of a `rules:` list can give what they run: each entry that
 * can run it (not `when: never`) with its `variables:`, and the plain set for one without (or when
 * there are no rules, or none that can run it). `what` names a rule in messages (`its rule on line 7`).
 */
function ruleVariables(config: GitlabConfig, source: SourceText, rules: Value | undefined, what: string): RuleVariables[] {
  const out: RuleVariables[] = [];
  let plain = false;
  for (const rule of config.list(rules)) {
    const when = field(rule, 'when');
    if (when?.kind === 'node' && stringValue(when.node) === 'never') continue;
    const variables = field(rule, 'variables');
    const at = rule.kind === 'map' ? firstNode(rule) : undefined;
    if (variables === undefined || at?.range == null) {
      plain = true;
      continue;
    }
    out.push({ definitions: definitions(variables), label: `${what} on line ${source.line(at.range[0])}` });
  }
  return plain || out.length === 0 ? [{}, ...out] : out;
}

/** The first node written in a mapping value, for the line it starts on. */
function firstNode(value: Value): Node | undefined {
  if (value.kind !== 'map') return value.node;
  const nodes = [...value.entries.values()].map(firstNode).filter((node): node is Node => node?.range != null);
  return nodes.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0))[0];
}

/** `true`/absent: everything; `false`: nothing; a list: those names. */
function inherited(doc: YamlDocument, filter: Value | undefined, name: string): boolean {
  if (filter === undefined || filter.kind !== 'node') return true;
  if (isScalar(filter.node)) return filter.node.value !== false;
  return items(doc, filter.node).some((item) => stringValue(item) === name);
}

/** `$[[ inputs.x ]]` interpolations of a CI/CD component's inputs. */
function interpolations(text: string): string[] {
  return text.match(/\$\[\[[^]*?\]\]/g) ?? [];
}

function inputMessage(inputs: readonly string[]): string {
  return `${inputs.join(', ')} is an input of this file, known only when another configuration includes it with its inputs`;
}

/** The variables of a `variables:` mapping: `NAME: value` or `NAME: {value, expand, options, description}`. */
function definitions(value: Value | undefined): Map<string, VariableDefinition> {
  const out = new Map<string, VariableDefinition>();
  if (value?.kind !== 'map') return out;
  for (const [name, entry] of value.entries) {
    const holder = entry.kind === 'map' ? field(entry, 'value') : entry;
    const raw = entry.kind === 'map' && isFalse(field(entry, 'expand'));
    const hasOptions = entry.kind === 'map' && field(entry, 'options') !== undefined;
    if (holder === undefined) {
      out.set(name, { name, value: { text: '' }, raw, hasOptions });
    } else if (holder.kind === 'unknown') {
      out.set(name, { name, value: { unknown: `${name}: ${holder.reason}` }, raw, hasOptions });
    } else if (holder.kind === 'node' && isScalar(holder.node)) {
      const node = holder.node;
      const isString = typeof node.value === 'string';
      out.set(name, { name, value: { text: variableText(node) }, raw, hasOptions, ...(isString ? { node } : {}) });
    } else {
      out.set(name, { name, value: { unknown: `the value of ${name} is not a string` }, raw, hasOptions });
    }
  }
  return out;
}

function isFalse(value: Value | undefined): boolean {
  return value?.kind === 'node' && isScalar(value.node) && value.node.value === false;
}

/** Where an image written as one variable takes its pin: that variable's value here, or in the file that defines it (`elsewhere`), or on its line (`refused`, with why). */
type Placement = { readonly value: ArgValue } | { readonly elsewhere: string } | { readonly refused: string };

/** The global variables a file's jobs see: its own, with the pipeline's merged ones in their place. */
function withPipeline(own: Map<string, VariableDefinition>, pipeline: GitlabPipeline | undefined): Map<string, VariableDefinition> {
  if (pipeline === undefined) return own;
  const out = new Map(own);
  for (const [name, variable] of pipeline.variables) {
    const local = own.get(name);
    if (variable.definedIn === undefined && local !== undefined && !('unknown' in variable.value)) continue;
    out.set(name, {
      name,
      value: variable.value,
      raw: variable.raw,
      hasOptions: false,
      ...(variable.definedIn === undefined ? {} : { definedIn: variable.definedIn }),
      ...(variable.refusedThere === undefined ? {} : { refusedThere: variable.refusedThere }),
      ...(variable.conflict === undefined ? {} : { conflict: variable.conflict }),
    });
  }
  return out;
}

/**
 * Where a variable's value can take the pin of an image written as exactly that variable: its
 * value is written in this file as a single-line string without variables, it has no `options`
 * list, and the file names it nowhere else (a script, a rule, another value): one pin serves
 * every use, and a pipeline variable overriding it replaces tag and digest together.
 */
class ValuePlacement {
  private readonly platforms = new Map<Scalar, (Platform | undefined)[]>();
  private readonly answers = new Map<VariableDefinition, Placement>();
  /** Offsets of the `$` of images written as exactly one variable: uses that are allowed. */
  private readonly soleUses: number[];

  constructor(
    private readonly source: SourceText,
    imageNodes: readonly Node[],
    /** Where jobs name other jobs (`needs:`, `dependencies:`), matrix jobs by their values as written. */
    private readonly references: readonly (readonly [number, number])[],
  ) {
    this.soleUses = imageNodes.flatMap((node) => {
      const value = stringValue(node);
      if (value === undefined || soleVariable(value) === undefined || !node.range) return [];
      return [this.source.text.indexOf('$', node.range[0])];
    });
  }

  use(definition: VariableDefinition, platform: Platform | undefined): void {
    if (definition.node === undefined) return;
    this.platforms.set(definition.node, [...(this.platforms.get(definition.node) ?? []), platform]);
  }

  placement(definition: VariableDefinition): Placement {
    let answer = this.answers.get(definition);
    if (answer === undefined) {
      answer = this.decide(definition);
      this.answers.set(definition, answer);
    }
    return answer;
  }

  private decide(definition: VariableDefinition): Placement {
    const { name, node } = definition;
    if (definition.definedIn !== undefined) {
      return definition.refusedThere === undefined
        ? { elsewhere: definition.definedIn }
        : { refused: `the value of ${name} is written in ${definition.definedIn}, where it cannot take the pin: ${definition.refusedThere}` };
    }
    if (node === undefined || 'unknown' in definition.value) return { refused: `the value of ${name} is not a string written in this file` };
    const line = this.source.line(node.range?.[0] ?? 0);
    if (definition.hasOptions) return { refused: `${name} (line ${line}) lists options its value must be one of, so its value cannot take the pin` };
    if (definition.value.text.includes('$')) return { refused: `the value of ${name} (line ${line}) is built from other variables` };
    const written = writtenScalar(this.source, node, definition.value.text);
    if ('reason' in written) return { refused: `the value of ${name} (line ${line}) cannot take the pin: ${written.reason}` };
    const elsewhere = this.otherUse(name);
    if (elsewhere !== undefined) return { refused: `${name} is also used on line ${elsewhere}, so its value cannot take the pin` };
    if (definition.matrix === true) {
      // GitLab names the matrix job by its values, and a job's needs:parallel:matrix (or a needs
      // or dependencies naming it) must match them as written: a digest there breaks the match.
      const named = this.referenceTo(definition.value.text);
      if (named !== undefined) {
        return { refused: `the parallel:matrix value ${definition.value.text} of ${name} (line ${line}) is also written on line ${named}, where a job names this one by it, so it cannot take the pin` };
      }
    }
    return { value: { name, text: written.text, range: this.source.range(written.start, written.end), platforms: this.platforms.get(node) ?? [] } };
  }

  /** The line where a job's `needs:` or `dependencies:` writes `text`, if one does. */
  private referenceTo(text: string): number | undefined {
    for (const [start, end] of this.references) {
      const at = this.source.text.slice(start, end).indexOf(text);
      if (at >= 0) return this.source.line(start + at);
    }
    return undefined;
  }

  /** The line of a `$NAME`, `${NAME}`, `$env:NAME` or `%NAME%` anywhere but an image written as exactly `$NAME`. */
  private otherUse(name: string): number | undefined {
    const pattern = new RegExp(`\\$\\{?${name}(?![A-Za-z0-9_])|\\$env:${name}(?![A-Za-z0-9_])|%${name}%`, 'g');
    for (const match of this.source.text.matchAll(pattern)) {
      const at = match.index ?? 0;
      if (!this.soleUses.includes(at) || !this.isSoleUseOf(at, name)) return this.source.line(at);
    }
    return undefined;
  }

  private isSoleUseOf(at: number, name: string): boolean {
    return new RegExp(`^\\$(?:\\{${name}\\}|${name})(?![A-Za-z0-9_}])`).test(this.source.text.slice(at));
  }
}

/** Where the jobs and templates of a file name other jobs: the text of their `needs:` and `dependencies:`. */
function jobReferences(config: GitlabConfig): [number, number][] {
  const out: [number, number][] = [];
  for (const name of config.jobNames()) {
    for (const key of ['needs', 'dependencies']) {
      const range = lookup(config.doc, config.top.get(name), key)?.range;
      if (range != null) out.push([range[0], range[1]]);
    }
  }
  return out;
}

/** What the engine needs of a GitLab CI file to put together the pipeline it is part of. */
export interface GitlabFileFacts {
  /** Its local includes, as `scanGitlabCi` returns them. */
  readonly includes: readonly LinkedFile[];
  /** Its top-level variables (a later document's win), each with why its value cannot take a pin, when it cannot. */
  readonly variables: ReadonlyMap<string, { readonly value: VariableDefinition['value']; readonly raw: boolean; readonly refused?: string }>;
  /**
   * Variables an image of this file is written as exactly (`image: $BUILD_IMAGE`), each with the
   * platforms its jobs run it on (undefined: the configured one) and why one cannot be worked out
   * from this file, when one cannot.
   */
  readonly soleImages: ReadonlyMap<string, { readonly platforms: readonly (Platform | undefined)[]; readonly unknown?: string }>;
  /** Variables this file names otherwise (a script, a rule, another value), with the line of the first such use. */
  readonly otherUses: ReadonlyMap<string, number>;
  /** Its jobs and hidden templates, which the `extends` of the other files of its pipelines may name. */
  readonly jobNames: ReadonlySet<string>;
  /** For each template its jobs extend that this file does not define: those jobs, and the variables each sets of its own. */
  readonly extenders: ReadonlyMap<string, readonly TemplateExtender[]>;
}

/** The variables a job sets over what the templates it extends see: its own, its rules', its matrix's. */
function variablesSet(config: GitlabConfig, context: JobContext): string[] {
  const names = new Set(definitions(field(context.config, 'variables')).keys());
  for (const rule of config.list(field(context.config, 'rules'))) for (const name of definitions(field(rule, 'variables')).keys()) names.add(name);
  const matrix = matrixInstances(config, field(context.config, 'parallel'));
  for (const instance of matrix !== undefined && 'instances' in matrix ? matrix.instances : []) for (const name of instance.definitions.keys()) names.add(name);
  return [...names];
}

export function gitlabFileFacts(text: string): GitlabFileFacts {
  const source = new SourceText(text);
  const findings = new Findings(source, 'gitlab-ci');
  const includes: LinkedFile[] = [];
  const variables = new Map<string, { value: VariableDefinition['value']; raw: boolean; refused?: string }>();
  const soleImages = new Map<string, { platforms: (Platform | undefined)[]; unknown?: string }>();
  const soleOffsets = new Set<number>();
  const jobNames = new Set<string>();
  const extenders = new Map<string, TemplateExtender[]>();
  for (const doc of configDocuments(parseYaml(source, '1.1').docs)) {
    try {
      includes.push(...localIncludes(source, doc));
      const config = new GitlabConfig(doc);
      for (const name of config.jobNames()) jobNames.add(name);
      for (const context of config.contexts()) {
        if (context.kind !== 'job' || context.missingParents.length === 0) continue;
        const names = variablesSet(config, context);
        for (const parent of context.missingParents) extenders.set(parent, [...(extenders.get(parent) ?? []), { job: context.name, names }]);
      }
      const scan = new FileScan(findings, config);
      const nodes = scan.imageNodes();
      const values = new ValuePlacement(source, nodes, jobReferences(config));
      for (const definition of definitions(config.globalVariables()).values()) {
        const placement = values.placement(definition);
        variables.set(definition.name, { value: definition.value, raw: definition.raw, ...('refused' in placement ? { refused: placement.refused } : {}) });
      }
      for (const node of nodes) {
        const sole = soleVariable(stringValue(node) ?? '');
        if (sole === undefined || !node.range) continue;
        soleOffsets.add(text.indexOf('$', node.range[0]));
      }
      for (const [name, { platforms, unknown }] of scan.solePlatforms()) {
        const entry = soleImages.get(name) ?? { platforms: [] };
        entry.platforms.push(...platforms);
        if (unknown !== undefined) entry.unknown ??= unknown;
        soleImages.set(name, entry);
      }
    } catch {
      // The file's own scan reports what it cannot read.
    }
  }
  const otherUses = new Map<string, number>();
  for (const match of text.matchAll(/\$env:([A-Za-z_][A-Za-z0-9_]*)|\$\{?([A-Za-z_][A-Za-z0-9_]*)|%([A-Za-z_][A-Za-z0-9_]*)%/g)) {
    const name = match[1] ?? match[2] ?? match[3];
    const at = match.index ?? 0;
    if (soleOffsets.has(at) || otherUses.has(name)) continue;
    otherUses.set(name, source.line(at));
  }
  return { includes, variables, soleImages, otherUses, jobNames, extenders };
}
