// How kustomize renders the images of a kustomization's resources, as far as the manifests' own
// lines decide them. kustomize's imagetag updater (kubernetes-sigs/kustomize,
// api/filters/imagetag/updater.go, `SetImageValue`) matches a manifest's image by its name as
// written (api/internal/image/image.go, `IsImageMatched`: the entry's `name`, then an optional
// `:tag` and `@digest`), replaces the name with `newName` when given, and replaces tag and digest
// together only when the entry gives `newTag`, `digest` or `tagSuffix`. An entry with `newName`
// alone therefore keeps the manifest's tag *and* its digest: `image: nginx:1.27@sha256:X` under
// `{name: nginx, newName: registry.example.com/mirror/nginx}` renders as
// `registry.example.com/mirror/nginx:1.27@sha256:X`. So the line is resolved as the renamed image
// and pinned where it is written, with that image's digest — the one place that fits every tag
// the manifests give (a `digest:` in the entry would drop each manifest's tag, and could hold only
// one image's digest). An entry that replaces the tag makes the manifest's tag and digest unused:
// the line is left alone (ignored, saying which entry), since a digest there would be dropped, and
// the image pulled is pinned in the entry (kustomize.ts reads its `newName`/`newTag`/`digest`). An entry renames the images of containers, initContainers and
// pod image volumes (`defaultImagePlace`), and those at the places the image field
// specs of its kustomization's transformer configs name (`KustomizeStep.fieldSpecs`,
// kustomizeConfig.ts); others it leaves as written.
import { parseAllDocuments } from '../yaml';
import { isDockerPinError } from '../errors';
import { parseReference } from '../reference';
import type { ImageOccurrence, ScanProblem, ScanResult } from '../types';
import { defaultImagePlace, fieldSpecSelects, type ImageFieldSpec } from './kustomizeConfig';

/** One `images:` entry, as it acts on a manifest's image. */
export interface KustomizeStep {
  readonly name: string;
  readonly newName?: string;
  /** False when the entry gives `newTag`, `digest` or `tagSuffix`: the manifest's tag and digest are replaced. */
  readonly keepsTag: boolean;
  /**
   * The image field specs of the transformer configs (`configurations:`) the entry's
   * kustomization builds with, its bases' and components' included: places it renames beyond
   * containers, initContainers and pod image volumes (kustomizeConfig.ts).
   */
  readonly fieldSpecs?: readonly ImageFieldSpec[];
}

/** What a kustomization (or a kustomize Component) names: its resources, components and image entries. */
export interface KustomizationFacts {
  readonly component: boolean;
  /** `resources` then `bases` (the older name), as written: files or folders, relative to the kustomization's folder. */
  readonly resources: readonly string[];
  readonly components: readonly string[];
  readonly images: readonly KustomizeStep[];
  /** `configurations`, as written: its transformer config files, relative to the kustomization's folder (a non-string entry as undefined). */
  readonly configurations: readonly (string | undefined)[];
  /** The patch files of `patches`, `patchesStrategicMerge` and `patchesJson6902`, as written, relative to the kustomization's folder. */
  readonly patches: readonly string[];
  /** Whether it writes a patch inline (a `patch:` string, or a `patchesStrategicMerge` entry that is a patch, not a file name). */
  readonly inlinePatches: boolean;
}

/** The facts of a kustomization file; an unreadable one names nothing. Never throws. */
export function kustomizationFacts(text: string): KustomizationFacts {
  let root: unknown;
  try {
    root = parseAllDocuments(text, { uniqueKeys: false })[0]?.toJS({ maxAliasCount: 100 });
  } catch {
    root = undefined;
  }
  const facts = {
    component: false,
    resources: [] as string[],
    components: [] as string[],
    images: [] as KustomizeStep[],
    configurations: [] as (string | undefined)[],
    patches: [] as string[],
    inlinePatches: false,
  };
  if (!isObject(root)) return facts;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  facts.component = root.kind === 'Component';
  if (Array.isArray(root.configurations)) facts.configurations.push(...(root.configurations as unknown[]).map((item) => (typeof item === 'string' ? item : undefined)));
  facts.resources.push(...strings(root.resources), ...strings(root.bases));
  facts.components.push(...strings(root.components));
  // A `patches` or `patchesJson6902` entry names its patch file under `path:` or writes it under
  // `patch:`; a `patchesStrategicMerge` entry is a file name or, holding a line break, the patch.
  for (const item of [root.patches, root.patchesJson6902].flatMap((list) => (Array.isArray(list) ? (list as unknown[]) : []))) {
    if (!isObject(item)) continue;
    if (typeof item.path === 'string') facts.patches.push(item.path);
    if (typeof item.patch === 'string') facts.inlinePatches = true;
  }
  for (const item of strings(root.patchesStrategicMerge)) {
    if (item.includes('\n')) facts.inlinePatches = true;
    else facts.patches.push(item);
  }
  for (const item of Array.isArray(root.images) ? (root.images as unknown[]) : []) {
    if (!isObject(item)) continue;
    const field = (key: string): string | undefined => {
      const value = item[key];
      return value === undefined || value === null || value === '' || typeof value === 'object' ? undefined : String(value);
    };
    const name = field('name');
    if (name === undefined) continue;
    const newName = field('newName');
    const keepsTag = field('newTag') === undefined && field('digest') === undefined && field('tagSuffix') === undefined;
    facts.images.push({ name, ...(newName === undefined ? {} : { newName }), keepsTag });
  }
  return facts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `written` (a manifest's image) as `steps` render it, in order, or undefined when they leave its
 * name alone or replace its tag (the line's own tag and digest are then not what is pulled).
 */
export function renderedImage(written: string, steps: readonly KustomizeStep[]): string | undefined {
  let { name } = split(written);
  const { tag, digest } = split(written);
  for (const step of steps) {
    if (step.name !== name) continue;
    if (!step.keepsTag) return undefined;
    if (step.newName !== undefined) name = step.newName;
  }
  if (name === split(written).name) return undefined;
  return `${name}${tag === '' ? '' : `:${tag}`}${digest === '' ? '' : `@${digest}`}`;
}

/** The name of the entry of `steps` that replaces `written`'s tag and digest (after the renames before it), if one does. */
function tagReplacer(written: string, steps: readonly KustomizeStep[]): string | undefined {
  let { name } = split(written);
  for (const step of steps) {
    if (step.name !== name) continue;
    if (!step.keepsTag) return step.name;
    if (step.newName !== undefined) name = step.newName;
  }
  return undefined;
}

/**
 * `scan` (a manifest's) with each image `steps` rename read as kustomize renders it: its
 * `expanded` and `reference` the rendered image, its text and place as written (`by` names the
 * kustomization, for a rendered name that is no reference).
 */
export function renderedScan(scan: ScanResult, steps: readonly KustomizeStep[], by: string): ScanResult {
  if (steps.length === 0) return scan;
  const problems: ScanProblem[] = [...scan.problems];
  const images = scan.images.flatMap((occurrence): ImageOccurrence[] => {
    // kustomize renames the images of containers and pod volumes, and an operator's own fields only where a transformer config names them.
    if (occurrence.digestField !== undefined) return [occurrence];
    const acting = (occurrence.kustomizePlaces ?? []).some(defaultImagePlace) ? steps : steps.filter((step) => actsAt(step, occurrence));
    if (acting.length === 0) return [occurrence];
    const replacing = tagReplacer(occurrence.expanded, acting);
    if (replacing !== undefined && occurrence.ignored === undefined) {
      return [{ ...occurrence, ignored: `${by} with the images entry for ${replacing}, which replaces its tag and digest (newTag, digest or tagSuffix): a digest here would be dropped, so the image pulled is pinned in that entry` }];
    }
    const rendered = renderedImage(occurrence.expanded, acting);
    if (rendered === undefined) return [occurrence];
    try {
      return [{ ...occurrence, expanded: rendered, reference: parseReference(rendered) }];
    } catch (error) {
      if (!isDockerPinError(error)) throw error;
      problems.push({ kind: 'invalid', range: occurrence.range, text: occurrence.text, message: `${by} as ${rendered}: ${error.message}` });
      return [];
    }
  });
  return { ...scan, images, problems };
}

/** Whether `step` acts on `occurrence` through a field spec of its kustomization's transformer configs. */
function actsAt(step: KustomizeStep, occurrence: ImageOccurrence): boolean {
  const places = occurrence.kustomizePlaces ?? [];
  return (step.fieldSpecs ?? []).some((spec) => places.some((place) => fieldSpecSelects(spec, place)));
}

/** The name an `images:` entry must give to act on `image` (a manifest's image, as written): its name as kustomize splits it. */
export function kustomizeImageName(image: string): string {
  return split(image).name;
}

/** A reference's name, tag and digest as kustomize splits it (api/internal/image/image.go, `Split`). */
function split(image: string): { name: string; tag: string; digest: string } {
  const slash = Math.max(image.indexOf('/'), 0);
  const rest = image.slice(slash);
  const at = rest.indexOf('@');
  const colon = rest.indexOf(':');
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, slash + at), tag: '', digest: image.slice(slash + at + 1) };
  if (at >= 0) return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1, slash + at), digest: image.slice(slash + at + 1) };
  return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1), digest: '' };
}
