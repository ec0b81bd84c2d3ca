// The kustomizations among the files to read, and the manifests they render. A manifest a
// kustomization reaches (as a resource, through bases and components) is pulled as kustomize
// renders it, so an `images:` entry that renames its image with `newName` alone
// (core/sources/kustomizeRender.ts) makes its line another image than the one it writes. Each
// kustomization no other one reaches (each one that is built) reads the manifests it renders with
// the entries that act on them, in kustomize's order: a base's own entries before the
// kustomization's, a component's on what the kustomization has gathered when it is applied. A
// manifest the built kustomizations render alike is read that one way; one they render
// differently is read each way, and a line the ways name different images on is a conflict that
// names them (readings.ts), never a guess. A kustomization's transformer configs
// (`configurations:`) may name more places its entries rename (core/sources/kustomizeConfig.ts):
// kustomize merges each kustomization's configs into those of the one built on it, so an entry
// acts at the places of its own kustomization's configs, its bases' and its components'.
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { ConfigurationProblem, ImageFieldSpec } from '../core/sources/kustomizeConfig';
import { type KustomizationFacts, kustomizationFacts, type KustomizeStep } from '../core/sources/kustomizeRender';
import { type Assembly, isInside } from './assembly';
import type { BuildOperand } from './buildOperands';
import { transformerConfigs, withFieldSpecs } from './transformerConfigs';

/** One way the built kustomizations render a manifest: who (`overlays/prod/kustomization.yaml renders it`) and the entries that act on it, in order. */
export interface KustomizeReading {
  readonly by: string;
  readonly steps: readonly KustomizeStep[];
}

interface Node {
  /** The kustomization file's real path. */
  readonly path: string;
  readonly facts: KustomizationFacts;
  readonly dir: string;
  /** The image field specs of its transformer configs, and what is wrong with the entries naming them. */
  readonly fieldSpecs: readonly ImageFieldSpec[];
  readonly configurations: readonly ConfigurationProblem[];
}

/** The ways the built kustomizations render the manifests a front door reads, by real path. */
export interface KustomizeRenders {
  /** Each manifest read that they render renaming an image, with every way they render it (the first read as its own). */
  readonly readings: ReadonlyMap<string, readonly KustomizeReading[]>;
  /** The real paths of the kustomizations whose manifests are read with them (`SourceOptions.rendersRead`). */
  readonly rendersRead: ReadonlySet<string>;
  /** What is wrong with the `configurations:` entries of the kustomizations read, by real path (`SourceOptions.configurations`). */
  readonly configurations: ReadonlyMap<string, readonly ConfigurationProblem[]>;
}

/** The file names kustomize reads a kustomization from. */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Gives each manifest among `operands` that a built kustomization renames an image of the ways
 * they render it (`kustomizeReadings`), and each kustomization whose manifests are read so the
 * word that its renames are read there (`options.rendersRead`).
 */
export async function withKustomizeReadings(operands: readonly BuildOperand[], assembly: Assembly): Promise<void> {
  const { files } = assembly;
  if (!operands.some((operand) => KUSTOMIZATION_FILE_NAMES.includes(basename(operand.path)))) return;
  const read = new Map<string, BuildOperand>();
  for (const operand of operands) {
    if (!operand.direct || files.isStream(operand.path)) continue;
    const real = await files.realpath(operand.path).catch(() => undefined);
    if (real !== undefined) read.set(real, operand);
  }
  const kustomizations = [...read].filter(([real]) => KUSTOMIZATION_FILE_NAMES.includes(basename(real))).map(([, operand]) => operand.path);
  const renders = await kustomizeRenders(kustomizations, assembly, (manifest) => read.has(manifest));
  for (const kustomization of renders.rendersRead) {
    const operand = read.get(kustomization);
    if (operand !== undefined) operand.options = { ...operand.options, rendersRead: true };
  }
  for (const [kustomization, configurations] of renders.configurations) {
    const operand = read.get(kustomization);
    if (operand !== undefined) operand.options = { ...operand.options, configurations };
  }
  for (const [manifest, readings] of renders.readings) {
    const operand = read.get(manifest);
    if (operand === undefined) continue;
    operand.kustomizeReadings = readings;
    // Its own options read it the first way too: what a front door scans ahead asks for the images kustomize renders.
    operand.options = { ...operand.options, kustomize: readings[0] };
  }
}

/**
 * How the kustomizations at `kustomizations` (paths as the front door names them, in its order)
 * render the manifests `isRead` says are read (by real path): the CLI's files to check, the
 * editor's workspace (extension/includeIndex.ts). Those another of them reaches are bases, read as
 * the ones built from them render them.
 */
export async function kustomizeRenders(kustomizations: readonly string[], assembly: Assembly, isRead: (manifest: string) => boolean): Promise<KustomizeRenders> {
  const graph = new Map<string, Node | undefined>();
  const reached = new Set<string>();
  const built: { name: string; dir: string; gathered: Map<string, KustomizeStep[]>; builtOn: Set<string> }[] = [];
  const seen = new Set<string>();
  for (const path of kustomizations) {
    const real = await assembly.files.realpath(path).catch(() => undefined);
    if (real === undefined || seen.has(real) || !KUSTOMIZATION_FILE_NAMES.includes(basename(real))) continue;
    seen.add(real);
    const root = await assembly.repositoryRoot(path);
    const dir = dirname(real);
    const node = await load(dir, graph, assembly, root);
    if (node === undefined || node.facts.component) continue;
    const builtOn = new Set<string>([dir]);
    built.push({ name: assembly.displayName(path), dir, gathered: (await render(node, graph, assembly, root, builtOn, [dir])).gathered, builtOn });
    for (const base of builtOn) if (base !== dir) reached.add(base);
  }
  const byManifest = new Map<string, Map<string, string[]>>();
  const rendersRead = new Set<string>();
  for (const { name, dir, gathered, builtOn } of built) {
    if (reached.has(dir)) continue;
    let readHere = false;
    for (const [manifest, steps] of gathered) {
      if (!isRead(manifest)) continue;
      readHere = true;
      const ways = byManifest.get(manifest) ?? new Map<string, string[]>();
      // An entry that neither renames nor replaces the tag leaves the manifest's line as it is.
      const key = JSON.stringify(steps.filter((step) => step.newName !== undefined || !step.keepsTag));
      ways.set(key, [...(ways.get(key) ?? []), name]);
      byManifest.set(manifest, ways);
    }
    if (!readHere) continue;
    for (const kustomization of builtOn) {
      const node = graph.get(kustomization);
      if (node !== undefined) rendersRead.add(node.path);
    }
  }
  const readings = new Map<string, KustomizeReading[]>();
  for (const [manifest, ways] of byManifest) {
    // Rendered one way by entries that rename nothing: read as written.
    if (ways.size === 1 && ways.has('[]')) continue;
    readings.set(
      manifest,
      [...ways].map(([key, names]) => ({
        by: `${names.join(' and ')} render${names.length === 1 ? 's' : ''} it`,
        steps: JSON.parse(key) as KustomizeStep[],
      })),
    );
  }
  const configurations = new Map<string, readonly ConfigurationProblem[]>();
  for (const node of graph.values()) if (node !== undefined && node.configurations.length > 0) configurations.set(node.path, node.configurations);
  return { readings, rendersRead, configurations };
}

/** The kustomization in folder `dir` (a real path), read once; undefined when it has none or it cannot be read. */
async function load(dir: string, graph: Map<string, Node | undefined>, { files }: Assembly, root: string): Promise<Node | undefined> {
  if (graph.has(dir)) return graph.get(dir);
  graph.set(dir, undefined);
  if (!isInside(root, dir)) return undefined;
  for (const file of KUSTOMIZATION_FILE_NAMES) {
    const path = join(dir, file);
    if (!(await files.isFile(path))) continue;
    const text = await files.readText(path).catch(() => undefined);
    if (text === undefined) return undefined;
    const facts = kustomizationFacts(text);
    const node = { path, facts, dir, ...(await transformerConfigs(facts, dir, files, root)) };
    graph.set(dir, node);
    return node;
  }
  return undefined;
}

/**
 * The manifests `node` gathers (by real path), each with the entries that act on its images in
 * the order kustomize applies them, its own last, and the image field specs of the transformer
 * configs it builds with (its own, its bases' and its components'). `builtOn` gains the folder of
 * every kustomization it builds on.
 */
async function render(
  node: Node,
  graph: Map<string, Node | undefined>,
  assembly: Assembly,
  root: string,
  builtOn: Set<string>,
  stack: readonly string[],
): Promise<{ gathered: Map<string, KustomizeStep[]>; specs: ImageFieldSpec[] }> {
  const gathered = new Map<string, KustomizeStep[]>();
  const specs: ImageFieldSpec[] = [];
  const found = async (path: string): Promise<string | undefined> => {
    const real = await assembly.files.realpath(isAbsolute(path) ? path : join(node.dir, path)).catch(() => undefined);
    // A remote base, a missing file, or a kustomization cycle (which kustomize refuses): nothing to read here.
    return real === undefined || !isInside(root, real) || stack.includes(real) ? undefined : real;
  };
  const add = async (path: string, component: boolean): Promise<void> => {
    const real = await found(path);
    if (real === undefined) return;
    if (await assembly.files.isFile(real)) {
      if (!component) gathered.set(real, []);
      return;
    }
    const child = await load(real, graph, assembly, root);
    if (child === undefined || child.facts.component !== component) return;
    builtOn.add(real);
    const inner = await render(child, graph, assembly, root, builtOn, [...stack, real]);
    for (const [manifest, steps] of inner.gathered) gathered.set(manifest, steps);
    specs.push(...inner.specs);
    // A component's entries act on everything the kustomization has gathered when it is applied,
    // with the transformer configs gathered so far (a component shares its kustomization's).
    if (component) for (const steps of gathered.values()) steps.push(...withFieldSpecs(child.facts.images, specs));
  };
  for (const resource of node.facts.resources) await add(resource, false);
  // kustomize merges a kustomization's own configs after its resources', before its components run.
  specs.push(...node.fieldSpecs);
  for (const component of node.facts.components) await add(component, true);
  // Its patches run after its components, before its own images transformer (kustomize's order of
  // builtin transformers, api/krusty/kusttarget_configplugin.go): the images a patch writes,
  // in a patch file or inline in the kustomization, are renamed like its resources' images.
  for (const patch of node.facts.patches) {
    const real = await found(patch);
    if (real !== undefined && (await assembly.files.isFile(real))) gathered.set(real, []);
  }
  if (node.facts.inlinePatches) gathered.set(node.path, []);
  if (!node.facts.component) for (const steps of gathered.values()) steps.push(...withFieldSpecs(node.facts.images, specs));
  return { gathered, specs };
}
