// The pipelines GitLab CI files are read in. GitLab merges a `.gitlab-ci.yml` and every file it
// includes locally into one configuration before it expands any variable: the top-level
// `variables:` of each included file reach the jobs of every other (the included files' first, in
// the order they are included, a wildcard pattern's files in the order GitLab includes them, then
// the including file's, each later one winning). Each GitLab CI
// file among the files to read is given the variables of the pipelines it is part of; a file two
// pipelines include with different values for a variable reads an image written with it as a
// conflict, with each value and the file that sets it, rather than one of them. A value other files
// use as their image takes their pin where it is written, for the platforms those images run on.
import { detectKind } from '../core/sources/detect';
import { type GitlabFileFacts, gitlabFileFacts } from '../core/sources/gitlabCi';
import type { GitlabPipeline, PipelineVariable, TemplateExtender } from '../core/sources/gitlabVariables';
import type { Platform } from '../core/types';
import { type Assembly, isInside } from './assembly';
import type { BuildOperand } from './buildOperands';
import { linkedPaths } from './linkedPaths';

interface PipelineFile {
  readonly real: string;
  /** As messages name it. */
  readonly name: string;
  readonly facts: GitlabFileFacts;
  /** The real paths of the files it includes locally, in order. */
  readonly includes: readonly string[];
  /** The operand reading it, when it is among the files read. */
  operand?: BuildOperand;
}

interface Merged {
  readonly value: PipelineVariable['value'];
  readonly raw: boolean;
  /** The real path of the file whose definition wins. */
  readonly definer: string;
}

/** Gives each GitLab CI file among `operands` the merged variables of the pipelines it is part of (`options.gitlabPipeline`). */
export async function withGitlabPipelines(operands: readonly BuildOperand[], assembly: Assembly): Promise<void> {
  const graph = new Map<string, PipelineFile>();
  const ours: PipelineFile[] = [];
  for (const operand of operands) {
    if (!operand.direct || assembly.files.isStream(operand.path) || (operand.kind ?? detectKind(operand.path)) !== 'gitlab-ci') continue;
    const file = await load(operand.path, graph, assembly, operand);
    if (file !== undefined) ours.push(file);
  }
  if (ours.length === 0) return;
  const included = new Set(ours.flatMap((file) => reachable(file.real, graph).slice(1)));
  const pipelines = new Map<string, { root: PipelineFile; variables: Map<string, Merged> }[]>();
  for (const root of ours) {
    // A file no other file read includes is a pipeline's main file.
    if (included.has(root.real)) continue;
    const tree = reachable(root.real, graph);
    if (tree.length < 2) continue;
    const variables = merged(root.real, graph, []);
    for (const real of tree) pipelines.set(real, [...(pipelines.get(real) ?? []), { root, variables }]);
  }
  for (const file of ours) {
    const mine = pipelines.get(file.real);
    if (mine === undefined || file.operand === undefined) continue;
    const pipeline: GitlabPipeline = {
      variables: fileVariables(file, mine, graph),
      files: `${mine[0].root.name} and the files it includes`,
      jobNames: new Set(mine.flatMap(({ root }) => reachable(root.real, graph).flatMap((real) => [...(graph.get(real)?.facts.jobNames ?? [])]))),
      extenders: extenders(file, mine, graph),
    };
    file.operand.options = { ...file.operand.options, gitlabPipeline: pipeline };
  }
}

/**
 * The jobs of the other files of a file's pipelines that extend a template (one this file may
 * define), named with their file, and the variables each sets of its own.
 */
function extenders(file: PipelineFile, mine: readonly { root: PipelineFile }[], graph: ReadonlyMap<string, PipelineFile>): Map<string, TemplateExtender[]> {
  const out = new Map<string, TemplateExtender[]>();
  const others = new Set(mine.flatMap(({ root }) => reachable(root.real, graph)).filter((real) => real !== file.real));
  for (const real of others) {
    const other = graph.get(real);
    for (const [template, jobs] of other?.facts.extenders ?? []) {
      const named = jobs.map(({ job, names }) => ({ job: `job ${job} of ${other?.name ?? real}`, names }));
      out.set(template, [...(out.get(template) ?? []), ...named]);
    }
  }
  return out;
}

async function load(path: string, graph: Map<string, PipelineFile>, assembly: Assembly, operand?: BuildOperand): Promise<PipelineFile | undefined> {
  const { files, displayName } = assembly;
  let real: string;
  let text: string;
  try {
    real = await files.realpath(path);
    const known = graph.get(real);
    if (known !== undefined) {
      // Met first as another file's include.
      if (operand !== undefined) known.operand ??= operand;
      return known;
    }
    text = await files.readText(path);
  } catch {
    // The file's own pass (or the include naming it) reports what keeps it from being read.
    return undefined;
  }
  const facts = gitlabFileFacts(text);
  const includes: string[] = [];
  const file: PipelineFile = { real, name: displayName(path), facts, includes, ...(operand === undefined ? {} : { operand }) };
  graph.set(real, file);
  const root = await assembly.repositoryRoot(path);
  for (const link of facts.includes) {
    // A pattern's files in the order GitLab includes them, each later one's variables winning.
    const found = await linkedPaths(link, path, root, assembly);
    for (const target of 'paths' in found ? found.paths : []) {
      const child = await load(target, graph, assembly);
      if (child !== undefined && isInside(root, child.real)) includes.push(child.real);
    }
  }
  return file;
}

/** `real` and every file it includes, directly or not, each once. */
function reachable(real: string, graph: ReadonlyMap<string, PipelineFile>): string[] {
  const out = [real];
  for (let i = 0; i < out.length; i++) for (const child of graph.get(out[i])?.includes ?? []) if (!out.includes(child)) out.push(child);
  return out;
}

/** The global variables of `real` merged with those of the files it includes, as GitLab merges them. */
function merged(real: string, graph: ReadonlyMap<string, PipelineFile>, stack: readonly string[]): Map<string, Merged> {
  const out = new Map<string, Merged>();
  const file = graph.get(real);
  if (file === undefined) return out;
  for (const child of file.includes) {
    if (stack.includes(child) || child === real) continue;
    for (const [name, variable] of merged(child, graph, [...stack, real])) out.set(name, variable);
  }
  for (const [name, { value, raw }] of file.facts.variables) out.set(name, { value, raw, definer: real });
  return out;
}

/** The variables `file` sees across the pipelines that include it, each placed where its value is written. */
function fileVariables(file: PipelineFile, pipelines: readonly { root: PipelineFile; variables: Map<string, Merged> }[], graph: ReadonlyMap<string, PipelineFile>): Map<string, PipelineVariable> {
  const out = new Map<string, PipelineVariable>();
  const names = new Set(pipelines.flatMap((p) => [...p.variables.keys()]));
  const trees = [...new Set(pipelines.flatMap((p) => reachable(p.root.real, graph)))];
  for (const name of names) {
    const seen = pipelines.map((p) => ({ root: p.root, variable: p.variables.get(name) }));
    const first = seen[0].variable;
    const agree = seen.every(({ variable }) => variable !== undefined && first !== undefined && variable.definer === first.definer && sameValue(variable.value, first.value));
    if (!agree || first === undefined) {
      const values = seen.map(({ root, variable }) => {
        const value = variable === undefined ? 'not set' : `${'text' in variable.value ? JSON.stringify(variable.value.text) : 'a value not known here'} (set in ${graph.get(variable.definer)?.name ?? variable.definer})`;
        return `${value} in the pipeline of ${root.name}`;
      });
      const conflict = `$${name} is ${values.join(' and ')}`;
      out.set(name, { value: { unknown: conflict }, raw: false, conflict });
      continue;
    }
    const definer = graph.get(first.definer);
    if (first.definer === file.real) {
      const imageElsewhere = onlyImagesElsewhere(name, file.real, trees, graph);
      out.set(name, { value: first.value, raw: first.raw, imageElsewhere, ...(imageElsewhere ? { elsewherePlatforms: platformsElsewhere(name, file.real, trees, graph) } : {}) });
      continue;
    }
    const refused = refusal(name, first.definer, trees, graph);
    out.set(name, { value: first.value, raw: first.raw, definedIn: definer?.name ?? first.definer, ...(refused === undefined ? {} : { refusedThere: refused }) });
  }
  return out;
}

function sameValue(a: PipelineVariable['value'], b: PipelineVariable['value']): boolean {
  return 'text' in a && 'text' in b ? a.text === b.text : 'unknown' in a && 'unknown' in b && a.unknown === b.unknown;
}

/** Whether the other files of the pipelines use `name` only as images written as exactly it, and at least one does. */
function onlyImagesElsewhere(name: string, definer: string, trees: readonly string[], graph: ReadonlyMap<string, PipelineFile>): boolean {
  const others = trees.filter((real) => real !== definer).map((real) => graph.get(real));
  return (
    others.some((file) => file?.facts.soleImages.has(name) === true) &&
    others.every((file) => file?.facts.otherUses.has(name) !== true && file?.facts.soleImages.get(name)?.unknown === undefined)
  );
}

/** The platforms the images written as exactly `name` in the other files of the pipelines run on (undefined: the configured one). */
function platformsElsewhere(name: string, definer: string, trees: readonly string[], graph: ReadonlyMap<string, PipelineFile>): (Platform | undefined)[] {
  return trees.filter((real) => real !== definer).flatMap((real) => graph.get(real)?.facts.soleImages.get(name)?.platforms ?? []);
}

/** Why the value of `name` in `definer` cannot take the pin of an image written as exactly it in another file, or undefined when it can. */
function refusal(name: string, definer: string, trees: readonly string[], graph: ReadonlyMap<string, PipelineFile>): string | undefined {
  const file = graph.get(definer);
  if (file === undefined) return 'that file cannot be read';
  const own = file.facts.variables.get(name)?.refused;
  if (own !== undefined) return own;
  if (file.operand === undefined) return 'that file is not read (the repository configuration leaves it out)';
  for (const real of trees) {
    const facts = graph.get(real)?.facts;
    const line = facts?.otherUses.get(name);
    if (line !== undefined) return `${name} is also used in ${graph.get(real)?.name ?? real} on line ${line}`;
    // Which platform its pin must fit is not known where the value is written.
    const platform = facts?.soleImages.get(name)?.unknown;
    if (platform !== undefined) return `${platform} (${graph.get(real)?.name ?? real})`;
  }
  return undefined;
}
