// The images of Kubernetes manifests: every document (`---`, and the `items` of a `List`) with
// `apiVersion` and `kind`; in it, the `image` of each entry of a pod spec's `containers`,
// `initContainers` and `ephemeralContainers`, and a pod's image volumes
// (`volumes[].image.reference`). Pod specs are at `spec` (Pod), `template.spec` (PodTemplate),
// `spec.template.spec` (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
// Job) and `spec.jobTemplate.spec.template.spec` (CronJob); a custom resource (a group outside
// Kubernetes' own) may embed pod specs anywhere, so in one those lists are looked for at any depth,
// and so are the containers of Tekton and Argo Workflows resources, which are not in those lists;
// the Prometheus Operator's resources and Tekton's StepAction name their image in `spec.image`,
// a Tekton Condition in `spec.check.image`, an OLM ClusterServiceVersion in each of its
// `spec.relatedImages`, and other operators' resources at places of their own (IMAGE_PLACES).
// A custom resource of a group none of those tables knows (Elastic's, Crunchy's, Strimzi's, …)
// is read for the `image` fields of its spec whose value is written as an image reference.
// An image written `ko://` and a Go import path is the one ko builds from that package:
// reported, as there is nothing in the file to pin.
//
// A pod's platform comes from where it may be scheduled: `nodeSelector` on `kubernetes.io/arch`
// and `kubernetes.io/os` (or their `beta.` labels), and required node affinity with `In`. Several
// allowed architectures give several platforms: only the index digest fits them all.
//
// Not read here: Helm chart templates (`{{ }}` makes them something else than YAML until
// rendered: one problem for the file). The `images:` of a kustomization or of a kustomize
// Component, which has the same fields, are read by kustomize.ts: their digest goes in a `digest:`
// field, never after a tag (`ImageOccurrence.digestField`).
import { isMap, isScalar, isSeq, parseAllDocuments, visit } from '../yaml';
import type { Node, Scalar, YAMLMap, YAMLSeq } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform, platformsEqual } from '../platform';
import { comparePositions, lineStarts, positionAt } from '../text';
import { namesRegistry, parseReference } from '../reference';
import type { ImageOccurrence, ImageReference, ImageSource, KustomizePlace, Platform, ScanProblem, ScanResult } from '../types';
import { wholeScalar } from './findings';
import { isJsonText, jsonErrorMessage, readJsonStream } from './jsonStream';
import { readKustomizeImage } from './kustomize';
import { templateSchedulings } from './argoScheduling';
import type { Scheduling } from './argoScheduling';
import { assignedValue, GATEKEEPER_MUTATIONS_GROUP } from './gatekeeperAssign';
import { jsonPatchOperations, patchImagePlace, patchTarget } from './kubernetesPatch';
import { literalLines } from './literalBlock';
import type { ConfigurationProblem } from './kustomizeConfig';
import { ARGO_GROUP, CLOUDNATIVE_PG_GROUP, CONTAINER_LISTS, TEKTON_GROUP, IMAGE_PLACES, NO_IMAGE_GROUPS, NOT_RUN_KEYS, POD_SPEC_PATHS, RESOURCE_CONTAINERS, resourceContainers, VIRTUAL_MACHINE_GROUP } from './kubernetesPlaces';
import { scalarText, writtenString, YamlFile, YamlScan } from './yamlFile';
import type { Entry, YamlDocument } from './yamlFile';

export interface KubernetesScanOptions {
  /**
   * The configured platform. A pod that says only its OS (`kubernetes.io/os: windows`) runs its
   * images on that OS with this platform's architecture (amd64 when not given).
   */
  readonly platform?: Platform;
  /**
   * For a kustomization: the manifests it renders are read with it (engine/kustomizeReadings.ts),
   * each line an entry renames with `newName` alone checked as the image kustomize renders
   * (kustomizeRender.ts), so such an entry has nothing left to report.
   */
  readonly rendersRead?: boolean;
  /**
   * For a kustomization: what is wrong with its `configurations:` entries, found where the files
   * are read (engine/kustomizeReadings.ts), reported at each entry.
   */
  readonly configurations?: readonly ConfigurationProblem[];
}

/**
 * ko (ko.build) writes `ko://` and a Go import path where the image it builds from that package
 * goes; `ko resolve` and `ko apply` put the built image's reference there.
 */
const KO_SCHEME = 'ko://';

function koImage(importPath: string): string {
  return `ko builds this image from the Go package ${importPath} and writes its reference here when it resolves the manifest (ko resolve, ko apply): there is no image to pin in this file — pin the base image ko builds on (defaultBaseImage or baseImageOverrides in .ko.yaml)`;
}

/**
 * Istio's placeholder image (`AutoImage` in istio/pkg/kube/inject/webhook.go): a container Istio's
 * injector also defines (a gateway deployment's `istio-proxy`) written with `image: auto` takes the
 * image the injector is configured with when the pod is created. No image of that name is pulled.
 */
const ISTIO_AUTO_IMAGE = 'auto';

const ISTIO_AUTO_MESSAGE =
  "image: auto is Istio's placeholder: its sidecar injector puts in the proxy image it is configured with when the pod is created, so there is no image to pin here — pin the proxy image where Istio's installation sets it (global.proxy.image in its Helm values); to name an image called auto, write it in full (docker.io/library/auto:latest)";

const ARCH_LABELS = ['kubernetes.io/arch', 'beta.kubernetes.io/arch'];
const OS_LABELS = ['kubernetes.io/os', 'beta.kubernetes.io/os'];

/** Every image the manifests run, and the places that name one but cannot be pinned. Never throws. */
export function scanKubernetes(text: string, options: KubernetesScanOptions = {}): ScanResult {
  // Before JSON: a template whose first action opens the file (`{{- if … }}`) starts with `{`.
  const helm = helmTemplate(text);
  if (helm !== undefined) return { images: [], problems: [helm] };
  if (isJsonText(text)) return scanJson(text, options);
  const reader = new KubernetesReader(new YamlFile(text), options);
  const images = reader.images();
  return { images, problems: reader.problems };
}

/**
 * Manifests written as JSON, read as kubectl reads them (jsonStream.ts): each object of the stream
 * is one document, read as the YAML it also is, so a pin goes inside its JSON string. The first
 * syntax error is reported at its line and column; the object holding it is read up to it, and
 * nothing after it is.
 */
function scanJson(text: string, options: KubernetesScanOptions): ScanResult {
  const stream = readJsonStream(text);
  const last = stream.values.at(-1);
  const parts = stream.values.filter((value) => value.isObject).map((value) => ({ start: value.start, end: value.end, stops: stream.error !== undefined && value === last }));
  const reader = new KubernetesReader(new YamlFile(text, parts), options);
  for (const value of stream.values) {
    if (!value.isObject) reader.report(reader.file.problem('invalid', value.start, value.end, 'this JSON value is not an object, so it is no Kubernetes object: kubectl refuses it'));
  }
  if (stream.error !== undefined) {
    const { offset, length } = stream.error;
    const at = reader.file.position(offset);
    const message = `JSON error on line ${at.line + 1}, column ${at.character + 1} (${stream.error.code}): ${jsonErrorMessage(text, stream.error)}; nothing after it is read`;
    // Placed exactly at the error (a problem at a quoted token is not moved inside its quotes): the column the message names.
    reader.report({ kind: 'invalid', range: reader.file.range(offset, offset + length), text: text.slice(offset, offset + length), message });
  }
  const images = reader.images();
  return { images, problems: reader.problems };
}

/**
 * One problem for a Helm chart template, or undefined for YAML. A `{{` where YAML would start a
 * value or a line is a template action; inside a quoted string (a Prometheus rule's
 * `{{ $labels.pod }}`) it is text, and an image holding one is reported on its own.
 */
function helmTemplate(text: string): ScanProblem | undefined {
  if (!text.includes('{{')) return undefined;
  const actions = /^[ \t]*(?:-[ \t]+)?(?:[^\s#"'][^:#\n]*:[ \t]+)?\{\{/gm;
  let blocks: readonly (readonly [number, number])[] | undefined;
  let start: number | undefined;
  for (let action = actions.exec(text); action !== null; action = actions.exec(text)) {
    const at = text.indexOf('{{', action.index);
    // A line of a block scalar (a Tekton step's `script: |`) or a line a quoted string goes on to
    // (an Argo step's `args: ["…`) is text, whatever it looks like.
    blocks ??= multiLineScalars(text);
    if (!blocks.some(([from, to]) => at >= from && at < to)) {
      start = at;
      break;
    }
  }
  if (start === undefined) return undefined;
  const starts = lineStarts(text);
  return {
    kind: 'skipped',
    range: { start: positionAt(text, start, starts), end: positionAt(text, start + 2, starts) },
    text: '{{',
    message: 'this file is a Helm chart template ({{ }}), not YAML until it is rendered: its images cannot be read here — check the output of `helm template` instead',
  };
}

/** Where the block scalars (`|`, `>`) and the quoted strings of the file's documents stand. */
function multiLineScalars(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const document of parseAllDocuments(text, { uniqueKeys: false, strict: false, prettyErrors: false })) {
    visit(document, {
      Scalar(_key, node) {
        if (node.type !== undefined && node.type !== 'PLAIN' && node.range) ranges.push([node.range[0], node.range[1]]);
      },
    });
  }
  return ranges;
}

interface Use {
  readonly source: ImageSource;
  readonly platforms: readonly (Platform | undefined)[];
}

class KubernetesReader extends YamlScan {
  private readonly sites = new Map<Scalar, { document: YamlDocument; uses: Use[] }>();
  /** Strings holding a manifest or a patch, read as what they hold: an Argo resource's `manifest`, a kustomization's inline patch. */
  private readonly manifests = new Map<Scalar, { document: YamlDocument; owner: 'argo' | 'kustomize' }>();
  /** Each resource read, for the places of its images (`ImageOccurrence.kustomizePlaces`). */
  private readonly resources: { readonly document: YamlDocument; readonly object: YAMLMap; readonly apiVersion: string; readonly kind: string }[] = [];
  /** The places of the images a JSON patch writes (kubernetesPatch.ts `patchImagePlace`). */
  private readonly patchPlaces = new Map<Scalar, KustomizePlace[]>();
  /** Images read at a place whose reference without a registry is not looked for on Docker Hub, with what pulls it (IMAGE_PLACES `packageRegistry`). */
  private readonly packageRegistries = new Map<Scalar, string>();

  constructor(
    file: YamlFile,
    private readonly options: KubernetesScanOptions,
  ) {
    super(file, 'kubernetes');
    this.readDocuments((document) => {
      const root = document.root();
      if (isMap(root)) this.readObject(document, root);
      else this.readJsonPatch(document);
    });
  }

  /**
   * One object with `apiVersion` and `kind`; a `List` (or a typed list, `PodList`) is read for its
   * `items`. The items of a typed list as the API server writes it have no `apiVersion` and `kind`
   * of their own: they are the list's kind without `List`, in the list's API version (`listed`).
   */
  private readObject(document: YamlDocument, object: YAMLMap, listed?: { readonly apiVersion: string; readonly kind: string }): void {
    const entries = this.entries(document, object);
    const apiVersion = scalarText(document, entries.get('apiVersion')?.value) ?? listed?.apiVersion;
    const kind = scalarText(document, entries.get('kind')?.value) ?? listed?.kind;
    if (kind === 'Kustomization' || (kind === 'Component' && apiVersion?.startsWith('kustomize.config.k8s.io/')) || (kind === undefined && (isKustomization(document, entries) || this.options.configurations !== undefined))) {
      this.reportKustomization(document, entries);
      this.readInlinePatches(document, entries);
      return;
    }
    if (apiVersion === undefined || kind === undefined) return;
    const items = entries.get('items')?.value;
    if (!kind.endsWith('List') || !isSeq(items)) this.resources.push({ document, object, apiVersion, kind });
    if (kind.endsWith('List') && isSeq(items)) {
      const itemKind = kind.slice(0, -'List'.length);
      for (const item of items.items) {
        const target = this.followed(document, item);
        if (isMap(target)) this.readObject(document, target, itemKind === '' ? undefined : { apiVersion, kind: itemKind });
      }
      return;
    }
    const path = POD_SPEC_PATHS[kind];
    if (path !== undefined && builtIn(apiVersion)) {
      const spec = this.at(document, object, path);
      if (isMap(spec)) this.readPodSpec(document, spec);
      return;
    }
    if (!builtIn(apiVersion)) {
      const group = apiVersion.slice(0, Math.max(0, apiVersion.indexOf('/')));
      for (const place of IMAGE_PLACES.filter((p) => p.group === group && p.kinds.includes(kind))) {
        const holder = this.at(document, object, place.path);
        const field = place.field ?? 'image';
        const add = (entry: Entry | undefined, source: ImageSource, platforms: readonly (Platform | undefined)[]): void => {
          this.addImage(document, entry, source, platforms);
          if (place.packageRegistry !== undefined && isScalar(entry?.value)) this.packageRegistries.set(entry.value, place.packageRegistry);
        };
        if (isMap(holder)) {
          const fields = this.entries(document, holder);
          const placed = place.platformAt === undefined ? holder : this.at(document, object, place.platformAt);
          add(fields.get(field), place.source ?? 'container', isMap(placed) ? this.podPlatforms(document, this.entries(document, placed)) : [undefined]);
        } else if (isSeq(holder)) {
          const parent = this.at(document, object, place.path.slice(0, -1));
          const platforms = isMap(parent) ? this.podPlatforms(document, this.entries(document, parent)) : [undefined];
          for (const item of holder.items) {
            const entry = this.followed(document, item);
            if (isMap(entry)) add(this.entries(document, entry).get(field), place.source ?? 'image', platforms);
          }
        }
      }
      // A resource's status is what its controller observed and wrote back (a Kyverno policy's
      // autogen rules): nothing there is run from the file, so it is not searched.
      const status = this.entries(document, object).get('status')?.value;
      const notSearched = new Set<Node>(status === undefined || status === null ? [] : [status]);
      this.searchPodSpecs(document, object, notSearched, resourceContainers(group));
      // A DataImportCron polls its registry source's tag for new images on purpose: nothing to pin.
      const machines = (group === VIRTUAL_MACHINE_GROUP || group.endsWith(`.${VIRTUAL_MACHINE_GROUP}`)) && kind !== 'DataImportCron';
      if (machines) this.searchMachines(document, object, new Set());
      if (group === CLOUDNATIVE_PG_GROUP) this.readCloudNativePg(document, object, kind);
      if (group === GATEKEEPER_MUTATIONS_GROUP && kind === 'Assign') this.readGatekeeperAssign(document, object);
      if (group === GATEKEEPER_MUTATIONS_GROUP && kind === 'AssignImage') this.readGatekeeperAssignImage(document, object);
      if (!knownGroup(group)) this.searchImageFields(document, object);
    }
  }

  /**
   * A custom resource of a group none of the tables above knows: every `image` field of the
   * object outside its `metadata` and `status` (at any depth: its `spec`, or the top-level fields
   * of a configuration kind that has none, as Katib's KatibConfig and kpt's Kptfile) whose value is written as a container image reference — with a tag, a
   * digest or a registry host — is read as the image its operator runs, for the configured
   * platform as other custom resources' images are; so is any value of a mapping shaped as a
   * container, with `imagePullPolicy`, `command` or `args` beside its `image` (fields of
   * Kubernetes' Container, which an Argo template embedded in another resource, a Spark
   * application's driver or a runner's task carry), unless empty: an operator's default
   * (a MinIO Tenant's `kes.image: ""`), as Kubernetes' Container leaves `image` optional for
   * higher-level config to fill in. A value without any of those
   * (`image: debian-cloud/debian-11`, a cloud provider's machine image; `image: proxyv2`, a name
   * another field completes) is left alone: nothing in it says it is a container image. So are
   * the images under NOT_RUN_KEYS (a chart's values, a build's output) and the groups of NO_IMAGE_GROUPS.
   * An `image` written as a mapping is read by imageMapping.
   */
  private searchImageFields(document: YamlDocument, object: YAMLMap): void {
    const seen = new Set<Node>();
    const visitNode = (node: Node | null): void => {
      if (node === null || seen.has(node)) return;
      seen.add(node);
      if (isSeq(node)) {
        for (const item of node.items) visitNode(this.followed(document, item));
        return;
      }
      if (!isMap(node)) return;
      const fields = this.entries(document, node);
      const container = CONTAINER_FIELDS.some((field) => fields.has(field));
      for (const [key, entry] of fields) {
        if (node === object && OBJECT_FIELDS.includes(key)) continue;
        const value = entry.value;
        if (key === 'image' && isScalar(value) && !this.sites.has(value) && (container ? scalarText(document, value) !== '' : writtenAsImage(scalarText(document, value)))) this.addImage(document, entry, 'image', [undefined]);
        else if (key === 'image' && isMap(value)) this.imageMapping(document, value);
        else if (!NOT_RUN_KEYS.includes(key)) visitNode(value);
      }
    };
    visitNode(object);
  }

  /**
   * An `image` field of an unknown custom resource written as a mapping: the parts of one reference
   * (imageInParts), or, with none of those parts, the images of the resource's components by
   * name, each field written as an image reference (Confluent for Kubernetes' `image.application`
   * and `image.init`), read as the scalar `image` fields are.
   */
  private imageMapping(document: YamlDocument, image: YAMLMap): void {
    const fields = this.entries(document, image);
    if (IMAGE_PARTS.some((part) => fields.has(part))) {
      this.imageInParts(document, image);
      return;
    }
    for (const entry of fields.values()) {
      if (isScalar(entry.value) && !this.sites.has(entry.value) && writtenAsImage(scalarText(document, entry.value))) this.addImage(document, entry, 'image', [undefined]);
    }
  }

  /**
   * An `image` field of an unknown custom resource written as a mapping of a `repository` and a
   * `tag` (with a `registry` maybe), as Helm charts write images: the operator puts the reference
   * together, so no one scalar holds it and no digest can be placed. Reported, never passed over;
   * one with a `digest` field is pinned there already.
   */
  private imageInParts(document: YamlDocument, image: YAMLMap): void {
    const fields = this.entries(document, image);
    const part = (name: string): string | undefined => {
      const node = fields.get(name)?.value ?? null;
      return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
    };
    const repository = fields.get('repository')?.value ?? null;
    if (!isScalar(repository) || part('repository') === undefined || part('tag') === undefined || fields.has('digest')) return;
    const parts = ['registry', 'repository', 'tag'].flatMap((name) => (part(name) === undefined ? [] : [`${name} ${part(name)}`]));
    const [start, end] = repository.range ?? [0, 0];
    this.report(
      this.file.problem(
        'skipped',
        start,
        end,
        `this image is written in parts (${parts.join(', ')}), which the operator puts together: no one place in the file holds the reference, so no digest can be placed — write the whole reference in one field if the resource takes one, or leave it alone with an ignore comment`,
      ),
    );
  }

  /**
   * The image a Gatekeeper Assign writes (gatekeeperAssign.ts): its value, when its location ends
   * at a container's `image`, or the `image` of the container it injects. The pods it mutates are
   * placed by their own specs, not named here: the configured platform.
   */
  private readGatekeeperAssign(document: YamlDocument, object: YAMLMap): void {
    const location = scalarText(document, this.at(document, object, ['spec', 'location']));
    const assign = this.at(document, object, ['spec', 'parameters', 'assign']);
    if (location === undefined || !isMap(assign)) return;
    const value = this.entries(document, assign).get('value');
    const written = assignedValue(location);
    if (written === 'image') this.addImage(document, value, 'container', [undefined]);
    else if (written === 'container' && isMap(value?.value)) this.addImage(document, this.entries(document, value.value).get('image'), 'container', [undefined]);
  }

  /**
   * A Gatekeeper AssignImage writes parts of the image of every container its location names:
   * `assignDomain`, `assignPath`, and `assignTag`, a tag (`:v1`) or a digest (`@sha256:…`), never
   * both. One writing a tag makes every such container run that tag: reported, as no digest can
   * go beside it. Its other parts keep each container's own pin.
   */
  private readGatekeeperAssignImage(document: YamlDocument, object: YAMLMap): void {
    const location = scalarText(document, this.at(document, object, ['spec', 'location']));
    const tag = this.at(document, object, ['spec', 'parameters', 'assignTag']);
    const written = scalarText(document, tag);
    if (location === undefined || assignedValue(location) !== 'image' || !isScalar(tag) || written === undefined || !written.startsWith(':')) return;
    const [start, end] = tag.range ?? [0, 0];
    const message = `this mutation writes the tag ${written} into the image of every container its location names, and Gatekeeper's assignTag takes a tag or a digest, never both: no digest can be placed beside it — write the digest as assignTag (@sha256:…) to pin those images, or leave it alone with an ignore comment`;
    this.report(this.file.problem('skipped', start, end, message));
  }

  /** The images a CloudNativePG resource runs (CLOUDNATIVE_PG_GROUP). */
  private readCloudNativePg(document: YamlDocument, object: YAMLMap, kind: string): void {
    const spec = this.at(document, object, ['spec']);
    if (!isMap(spec)) return;
    const fields = this.entries(document, spec);
    const listed = (node: Node | null): Map<string, Entry>[] =>
      (isSeq(node) ? node.items : []).flatMap((item) => {
        const entry = this.followed(document, item);
        return isMap(entry) ? [this.entries(document, entry)] : [];
      });
    const extensions = (node: Node | null, platforms: readonly (Platform | undefined)[]): void => {
      for (const extension of listed(node)) {
        const image = extension.get('image')?.value ?? null;
        if (isMap(image)) this.addImage(document, this.entries(document, image).get('reference'), 'image-volume', platforms);
      }
    };
    if (kind === 'Cluster') {
      // Its scheduling is written in `spec.affinity`: a node selector and node affinity side by side.
      const affinity = fields.get('affinity');
      const selector = isMap(affinity?.value) ? this.entries(document, affinity.value).get('nodeSelector') : undefined;
      const scheduling = new Map<string, Entry>([...(selector === undefined ? [] : [['nodeSelector', selector] as const]), ...(affinity === undefined ? [] : [['affinity', affinity] as const])]);
      const platforms = this.podPlatforms(document, scheduling);
      this.addImage(document, fields.get('imageName'), 'container', platforms);
      extensions(this.at(document, spec, ['postgresql', 'extensions']), platforms);
    } else if (kind === 'ImageCatalog' || kind === 'ClusterImageCatalog') {
      for (const image of listed(fields.get('images')?.value ?? null)) {
        this.addImage(document, image.get('image'), 'image', [undefined]);
        extensions(image.get('extensions')?.value ?? null, [undefined]);
      }
      for (const image of listed(fields.get('componentImages')?.value ?? null)) this.addImage(document, image.get('image'), 'image', [undefined]);
    } else if (kind === 'Pooler') {
      const pod = this.at(document, spec, ['template', 'spec']);
      const pgbouncer = fields.get('pgbouncer')?.value ?? null;
      if (isMap(pgbouncer)) this.addImage(document, this.entries(document, pgbouncer).get('image'), 'container', isMap(pod) ? this.podPlatforms(document, this.entries(document, pod)) : [undefined]);
    }
  }

  /** Every virtual machine spec of a KubeVirt resource (VIRTUAL_MACHINE_GROUP), at any depth. */
  private searchMachines(document: YamlDocument, node: Node | null, seen: Set<Node>): void {
    if (node === null || seen.has(node)) return;
    seen.add(node);
    if (isSeq(node)) {
      for (const item of node.items) this.searchMachines(document, this.followed(document, item), seen);
      return;
    }
    if (!isMap(node)) return;
    const entries = this.entries(document, node);
    const domain = entries.get('domain')?.value ?? null;
    if (!isMap(domain)) {
      const registry = entries.get('registry')?.value ?? null;
      if (isMap(registry)) this.reportImport(document, this.entries(document, registry).get('url')?.value ?? null);
      for (const entry of entries.values()) this.searchMachines(document, entry.value, seen);
      return;
    }
    const architecture = scalarText(document, entries.get('architecture')?.value);
    const platforms = this.podPlatforms(document, entries, architecture === undefined ? undefined : [architecture]);
    const volumes = entries.get('volumes')?.value;
    if (isSeq(volumes)) {
      for (const item of volumes.items) {
        const volume = this.followed(document, item);
        const disk = isMap(volume) ? this.entries(document, volume).get('containerDisk')?.value : null;
        if (isMap(disk)) this.addImage(document, this.entries(document, disk).get('image'), 'image-volume', platforms);
      }
    }
    const container = this.at(document, domain, ['firmware', 'kernelBoot', 'container']);
    if (isMap(container)) this.addImage(document, this.entries(document, container).get('image'), 'container', platforms);
  }

  private at(document: YamlDocument, map: YAMLMap, path: readonly string[]): Node | null {
    let node: Node | null = map;
    for (const key of path) {
      if (!isMap(node)) return null;
      node = this.entries(document, node).get(key)?.value ?? null;
    }
    return node;
  }

  /**
   * A custom resource: every mapping holding a container list is a pod spec (or shaped like one);
   * `own` names the resource's own places for containers, read at any depth too. The rest of such
   * a mapping is searched as well: an Argo template's `initContainers` stand beside its
   * `containerSet`, whose `containers` run in the same pod.
   */
  private searchPodSpecs(document: YamlDocument, node: Node | null, seen: Set<Node>, own: (typeof RESOURCE_CONTAINERS)[number] | undefined, platforms?: readonly (Platform | undefined)[]): void {
    if (node === null || seen.has(node)) return;
    seen.add(node);
    if (isMap(node)) {
      const entries = this.entries(document, node);
      if (own !== undefined) this.readOwnContainers(document, entries, own, platforms ?? [undefined]);
      if (own?.group === ARGO_GROUP && isSeq(entries.get('templates')?.value)) {
        this.searchArgoSpec(document, entries, seen, own);
        return;
      }
      if (own?.group === TEKTON_GROUP && this.searchTektonRun(document, entries, seen, own)) return;
      const podSpec = CONTAINER_LISTS.some(([list]) => isSeq(entries.get(list)?.value));
      if (podSpec) this.readPodSpec(document, node, platforms);
      for (const [key, entry] of entries) {
        if (NOT_RUN_KEYS.includes(key) || (podSpec && CONTAINER_LISTS.some(([list]) => list === key))) continue;
        this.searchPodSpecs(document, entry.value, seen, own, platforms);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) this.searchPodSpecs(document, this.followed(document, item), seen, own, platforms);
    }
  }

  /**
   * An Argo Workflows spec (a mapping holding `templates`: a Workflow's, WorkflowTemplate's or
   * ClusterWorkflowTemplate's `spec`, a CronWorkflow's `workflowSpec`, one a Sensor creates): the
   * containers of each template run in its pod, on the nodes argoScheduling.ts works out for it;
   * the spec's other fields (`templateDefaults`) for a template with no selection of its own.
   */
  private searchArgoSpec(document: YamlDocument, entries: Map<string, Entry>, seen: Set<Node>, own: (typeof RESOURCE_CONTAINERS)[number]): void {
    const scheduling = (fields: Map<string, Entry>): Scheduling => {
      const selector = fields.get('nodeSelector');
      const affinity = fields.get('affinity');
      return {
        ...(isMap(selector?.value) && selector.value.items.length > 0 ? { nodeSelector: selector } : {}),
        ...(isMap(affinity?.value) ? { affinity } : {}),
      };
    };
    const fieldsOf = (node: Node | null | undefined): Map<string, Entry> => (isMap(node) ? this.entries(document, node) : new Map<string, Entry>());
    const templates = (entries.get('templates')?.value as YAMLSeq).items.map((item) => this.followed(document, item));
    const callers = templates.map(fieldsOf).filter((fields) => fields.has('steps') || fields.has('dag')).map(scheduling);
    const spec = scheduling(entries);
    const defaults = scheduling(fieldsOf(entries.get('templateDefaults')?.value));
    const platformsOf = (template: Scheduling): (Platform | undefined)[] => {
      const all = templateSchedulings(spec, defaults, callers, template).flatMap((fields) => this.podPlatforms(document, fields));
      return all.filter((platform, i) => all.findIndex((other) => (other === undefined ? platform === undefined : platform !== undefined && platformsEqual(other, platform))) === i);
    };
    for (const template of templates) this.searchPodSpecs(document, template, seen, own, platformsOf(scheduling(fieldsOf(template))));
    for (const [key, entry] of entries) if (key !== 'templates' && !NOT_RUN_KEYS.includes(key)) this.searchPodSpecs(document, entry.value, seen, own, platformsOf({}));
  }

  /**
   * A Tekton run embedding what it runs, whose pods its pod template places (`nodeSelector`,
   * `affinity`): a TaskRun's `taskSpec` runs in the pod of its `podTemplate`; each task of a
   * PipelineRun's `pipelineSpec` (`tasks`, `finally`) in the pod of the `taskRunSpecs` entry naming
   * it (`podTemplate`; v1beta1 `taskPodTemplate`) over the run's own (`taskRunTemplate.podTemplate`;
   * v1beta1 `podTemplate`), field by field as Tekton's MergePodTemplateWithDefault merges them. False
   * for any other mapping. The cluster's default pod template (config-defaults) is not in the file.
   */
  private searchTektonRun(document: YamlDocument, entries: Map<string, Entry>, seen: Set<Node>, own: (typeof RESOURCE_CONTAINERS)[number]): boolean {
    const fieldsOf = (node: Node | null | undefined): Map<string, Entry> => (isMap(node) ? this.entries(document, node) : new Map<string, Entry>());
    const scheduling = (template: Map<string, Entry>): Scheduling => {
      const pick = (key: string): Entry | undefined => (isMap(template.get(key)?.value) ? template.get(key) : undefined);
      const [nodeSelector, affinity] = [pick('nodeSelector'), pick('affinity')];
      return { ...(nodeSelector === undefined ? {} : { nodeSelector }), ...(affinity === undefined ? {} : { affinity }) };
    };
    const platformsOf = (one: Scheduling, defaults: Scheduling = {}): readonly (Platform | undefined)[] =>
      this.podPlatforms(document, templateSchedulings({}, defaults, [], one)[0] ?? new Map<string, Entry>());
    const rest = (skip: readonly string[], platforms?: readonly (Platform | undefined)[]): void => {
      for (const [key, entry] of entries) if (!skip.includes(key) && !NOT_RUN_KEYS.includes(key)) this.searchPodSpecs(document, entry.value, seen, own, platforms);
    };
    const taskSpec = entries.get('taskSpec')?.value;
    if (isMap(taskSpec) && isMap(entries.get('podTemplate')?.value)) {
      const platforms = platformsOf(scheduling(fieldsOf(entries.get('podTemplate')?.value)));
      this.searchPodSpecs(document, taskSpec, seen, own, platforms);
      rest(['taskSpec'], platforms);
      return true;
    }
    const pipelineSpec = entries.get('pipelineSpec')?.value;
    if (!isMap(pipelineSpec)) return false;
    const defaults = scheduling(fieldsOf(fieldsOf(entries.get('taskRunTemplate')?.value).get('podTemplate')?.value ?? entries.get('podTemplate')?.value));
    const perTask = new Map<string, Scheduling>();
    const taskRunSpecs = entries.get('taskRunSpecs')?.value;
    for (const item of isSeq(taskRunSpecs) ? taskRunSpecs.items : []) {
      const spec = fieldsOf(this.followed(document, item));
      const name = scalarText(document, spec.get('pipelineTaskName')?.value);
      if (name !== undefined) perTask.set(name, scheduling(fieldsOf(spec.get('podTemplate')?.value ?? spec.get('taskPodTemplate')?.value)));
    }
    const pipeline = fieldsOf(pipelineSpec);
    for (const list of ['tasks', 'finally']) {
      const tasks = pipeline.get(list)?.value;
      for (const item of isSeq(tasks) ? tasks.items : []) {
        const task = this.followed(document, item);
        const name = scalarText(document, fieldsOf(task).get('name')?.value);
        this.searchPodSpecs(document, task, seen, own, platformsOf((name === undefined ? undefined : perTask.get(name)) ?? {}, defaults));
      }
    }
    this.searchPodSpecs(document, pipelineSpec, seen, own, platformsOf({}, defaults));
    rest(['pipelineSpec']);
    return true;
  }

  private readOwnContainers(document: YamlDocument, entries: Map<string, Entry>, own: (typeof RESOURCE_CONTAINERS)[number], platforms: readonly (Platform | undefined)[]): void {
    const containers: Node[] = [];
    for (const list of own.lists) {
      const value = entries.get(list)?.value;
      if (isSeq(value)) containers.push(...value.items.map((item) => this.followed(document, item)).filter((item): item is Node => item !== null));
    }
    for (const map of own.maps) {
      const value = entries.get(map)?.value;
      if (value !== undefined && value !== null) containers.push(value);
    }
    for (const container of containers) {
      if (isMap(container)) this.addImage(document, this.entries(document, container).get('image'), 'container', platforms);
    }
    for (const key of own.overrides) {
      const holder = entries.get(key)?.value ?? null;
      const images = isMap(holder) ? this.entries(document, holder).get('images')?.value : undefined;
      if (isSeq(images)) for (const item of images.items) this.reportOverride(document, item);
    }
    for (const key of own.manifests) {
      const holder = entries.get(key)?.value ?? null;
      const manifest = isMap(holder) ? this.entries(document, holder).get('manifest')?.value : undefined;
      if (isScalar(manifest) && typeof manifest.value === 'string') this.manifests.set(manifest, { document, owner: 'argo' });
    }
  }

  /**
   * A CDI registry source (`source.registry.url: docker://…`), which CDI imports with
   * containers/image: it refuses a reference with a tag and a digest together, so the pin this tool
   * writes would break the import. Reported with the form that works.
   */
  private reportImport(document: YamlDocument, node: Node | null): void {
    const url = scalarText(document, node);
    if (node === null || url === undefined || !url.startsWith('docker://')) return;
    const image = url.slice('docker://'.length);
    const [start, end] = node.range ?? [0, 0];
    const name = image.replace(/:[^:/@]*$/, '');
    const fix = image.includes('@') ? 'check its digest by hand' : `to pin it, replace its tag with the digest by hand (docker://${name}@sha256:…)`;
    this.report(this.file.problem('skipped', start, end, `CDI imports ${image} from this URL, and refuses a tag and a digest together, so no pin is written here — ${fix}`));
  }

  /** One of Argo CD's kustomize image overrides (RESOURCE_CONTAINERS): reported, never pinned. */
  private reportOverride(document: YamlDocument, item: unknown): void {
    const node = this.followed(document, item);
    const value = scalarText(document, node);
    if (node === null || value === undefined) return;
    const [start, end] = node.range ?? [0, 0];
    const equals = value.indexOf('=');
    const what = equals < 0 ? `the image ${value}` : `the image ${value.slice(0, equals)} to ${value.slice(equals + 1)}`;
    this.report(
      this.file.problem('skipped', start, end, `Argo CD sets ${what} through kustomize (kustomize edit set image) from this entry, which docker-pin does not pin — check its digest by hand`),
    );
  }

  /** A pod spec's images, for the platforms its node selection gives (or `placed`, when something else places the pod). */
  private readPodSpec(document: YamlDocument, spec: YAMLMap, placed?: readonly (Platform | undefined)[]): void {
    const entries = this.entries(document, spec);
    const platforms = placed ?? this.podPlatforms(document, entries);
    for (const [list, source] of CONTAINER_LISTS) {
      const containers = entries.get(list)?.value;
      if (!isSeq(containers)) continue;
      for (const item of containers.items) {
        const container = this.followed(document, item);
        if (!isMap(container)) continue;
        this.addImage(document, this.entries(document, container).get('image'), source, platforms);
      }
    }
    const volumes = entries.get('volumes')?.value;
    if (isSeq(volumes)) {
      for (const item of volumes.items) {
        const volume = this.followed(document, item);
        if (!isMap(volume)) continue;
        const image = this.entries(document, volume).get('image')?.value;
        if (isMap(image)) this.addImage(document, this.entries(document, image).get('reference'), 'image-volume', platforms);
      }
    }
  }

  /** A document that is a JSON patch (kubernetesPatch.ts): the containers and images its operations write, for the configured platform. */
  private readJsonPatch(document: YamlDocument): void {
    for (const { op, path, node } of jsonPatchOperations(document) ?? []) {
      const target = patchTarget(op, path);
      if (target === undefined || path === undefined) continue;
      const value = this.entries(document, node).get('value');
      const add = (entry: Entry | undefined): void => {
        this.addImage(document, entry, target.source, [undefined]);
        if (isScalar(entry?.value)) this.patchPlaces.set(entry.value, [patchImagePlace(path, target)]);
      };
      if (target.holds === 'image') {
        add(value);
        continue;
      }
      const held = value?.value ?? null;
      const containers = target.holds === 'container' ? [held] : isSeq(held) ? held.items.map((item) => this.followed(document, item)) : [];
      for (const container of containers) {
        if (isMap(container)) add(this.entries(document, container).get('image'));
      }
    }
  }

  /**
   * A kustomization's patches written inline: the `patch` string of a `patches` or
   * `patchesJson6902` entry (a JSON patch or a strategic merge patch), and a `patchesStrategicMerge`
   * entry that is a patch rather than a file name. Each is read as what it holds, as an Argo
   * resource's manifest is (readEmbedded).
   */
  private readInlinePatches(document: YamlDocument, entries: Map<string, Entry>): void {
    for (const key of ['patches', 'patchesJson6902']) {
      const list = entries.get(key)?.value;
      if (!isSeq(list)) continue;
      for (const item of list.items) {
        const entry = this.followed(document, item);
        const patch = isMap(entry) ? this.entries(document, entry).get('patch')?.value : undefined;
        if (isScalar(patch) && typeof patch.value === 'string') this.manifests.set(patch, { document, owner: 'kustomize' });
      }
    }
    const merges = entries.get('patchesStrategicMerge')?.value;
    if (!isSeq(merges)) return;
    for (const item of merges.items) {
      const patch = this.followed(document, item);
      if (isScalar(patch) && typeof patch.value === 'string' && patch.value.includes('\n')) this.manifests.set(patch, { document, owner: 'kustomize' });
    }
  }

  private addImage(document: YamlDocument, entry: Entry | undefined, source: ImageSource, platforms: readonly (Platform | undefined)[]): void {
    const node = entry?.value ?? null;
    if (node === null) return;
    if (!isScalar(node)) {
      const [start, end] = node.range ?? [0, 0];
      this.report(this.file.problem('invalid', start, end, 'this image is not a string'));
      return;
    }
    if (node.value === null) return;
    const site = this.sites.get(node);
    if (site !== undefined) site.uses.push({ source, platforms });
    else this.sites.set(node, { document, uses: [{ source, platforms }] });
  }

  images(): ImageOccurrence[] {
    const sites = [...this.sites].sort(([a], [b]) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    const places = this.places();
    for (const [node, { document, uses }] of sites) {
      const [start, end] = node.range ?? [0, 0];
      if (!this.readable(document, node)) continue;
      const written = writtenString(this.file, node);
      if ('reason' in written) {
        this.report(this.file.problem('skipped', start, end, `this image cannot take a pin: ${written.reason}`));
        continue;
      }
      if (written.value === ISTIO_AUTO_IMAGE) {
        this.report(this.file.problem('skipped', start, end, ISTIO_AUTO_MESSAGE));
        continue;
      }
      if (written.value.startsWith(KO_SCHEME)) {
        this.report(this.file.problem('skipped', start, end, koImage(written.value.slice(KO_SCHEME.length))));
        continue;
      }
      // `${NAME}` and `$NAME` (envsubst fills in both), Tekton's `$(params.x)`, `{{ }}`, a `{NAME}`
      // that sed or a format string fills in, an `@NAME@` (autoconf's and many scripts' form): no
      // reference holds a `$` or a brace, nor an upper-case letter after its `@`, so each is a value
      // put in before the manifest is applied.
      if (/\$\{|\$\(|\$[A-Za-z_]|\{\{|\{[A-Za-z_][\w.-]*\}|@[A-Z_][A-Z0-9_]*@/.test(written.value)) {
        this.report(
          this.file.problem('unresolved', start, end, `this image holds a template variable (${written.value}) that is filled in before the manifest is applied: pin the value where it is written`),
        );
        continue;
      }
      const registry = this.packageRegistries.get(node);
      if (registry !== undefined && !namesRegistry(written.value)) {
        this.report(
          this.file.problem(
            'unresolved',
            start,
            end,
            `this package names no registry, so it is pulled by ${registry}: it cannot be known which image that is — write the registry in the reference (xpkg.crossplane.io/crossplane-contrib/provider-nop:v0.3.0)`,
          ),
        );
        continue;
      }
      this.findings.image(wholeScalar(written), { source: uses[0].source, expanded: written.value, usePlatforms: uses.flatMap((use) => use.platforms), kustomizePlaces: places.get(node) ?? [] });
    }
    for (const [node, { document, owner }] of this.manifests) {
      if (this.readable(document, node)) this.readEmbedded(node, owner);
    }
    this.findings.images.sort((a, b) => comparePositions(a.range.start, b.range.start));
    return this.findings.images;
  }

  /**
   * Where each image read stands in its resource, as a kustomize field spec's path names it: the
   * keys from the resource's root, each item of a list on its list's path.
   */
  private places(): Map<Scalar, KustomizePlace[]> {
    const places = new Map<Scalar, KustomizePlace[]>();
    // Aliases can make a small file a huge tree (a "billion laughs"): past this many steps the
    // rest is not walked, as kustomize itself would not get through such a file.
    let budget = 100_000;
    for (const [node, place] of this.patchPlaces) places.set(node, place);
    for (const { document, object, apiVersion, kind } of this.resources) {
      const stack = new Set<Node>();
      const walk = (node: Node | null, path: readonly string[]): void => {
        if (node === null || stack.has(node) || --budget < 0) return;
        if (isScalar(node)) {
          if (this.sites.has(node)) places.set(node, [...(places.get(node) ?? []), { apiVersion, kind, path }]);
          return;
        }
        stack.add(node);
        if (isSeq(node)) for (const item of node.items) walk(this.followed(document, item), path);
        else if (isMap(node)) for (const [key, entry] of this.entries(document, node)) walk(entry.value, [...path, key]);
        stack.delete(node);
      };
      walk(object, []);
    }
    return places;
  }

  /**
   * A manifest written as a string inside this one, read as the manifest it is. Written as a
   * literal block, each of its lines is a line of the file, so its images are found (and pinned)
   * where they stand; written otherwise, the images it names are reported at the string.
   */
  private readEmbedded(node: Scalar, owner: 'argo' | 'kustomize'): void {
    const value = node.value as string;
    const inner = new KubernetesReader(new YamlFile(value), this.options);
    const images = inner.images();
    const problems = inner.problems;
    if (images.length === 0 && problems.length === 0) return;
    const place = node.type === 'BLOCK_LITERAL' ? literalLines(this.file, node, value) : undefined;
    const [start, end] = node.range ?? [0, 0];
    if (place === undefined) {
      const names = [...new Set(images.map((occ) => occ.expanded))].join(', ');
      const what = names === '' ? 'lines docker-pin cannot work out' : names;
      const message =
        owner === 'argo'
          ? `this manifest string names ${what}, which is created as written when the step runs; it is not written as a literal block (manifest: |)`
          : `this patch names ${what}, which kustomize applies as written; it is not written as a literal block (patch: |)`;
      this.report(this.file.problem('skipped', start, end, `${message}, so no digest can be placed in it safely — write it as a literal block to have its images pinned`));
      return;
    }
    for (const occ of images) {
      const [from, to] = [place(occ.range.start), place(occ.range.end)];
      const usePlatforms = occ.platforms ?? [occ.platform];
      // A patch's images keep their places: kustomize renames them as it renames its resources' (kustomizeReadings.ts).
      const kustomizePlaces = owner === 'kustomize' ? occ.kustomizePlaces : undefined;
      this.findings.image({ text: occ.text, start: from, end: to }, { source: occ.source, expanded: occ.expanded, usePlatforms, ...(kustomizePlaces === undefined ? {} : { kustomizePlaces }) });
    }
    for (const problem of problems) {
      const range = this.file.range(place(problem.range.start), place(problem.range.end));
      const syntax = /^YAML error on line \d+: ([^]*)$/.exec(problem.message);
      if (syntax === null) this.report({ ...problem, range });
      // Argo fills in `{{…}}` before it reads the manifest: where one stands for a value, the text is not YAML yet.
      else if (owner === 'argo' && value.includes('{{')) this.report({ ...problem, kind: 'skipped', range, message: `this manifest is not YAML until Argo fills in its {{…}} parameters, so its images from here on cannot be read — quote the values that hold one (name: "{{workflow.name}}-job") to have them read` });
      else this.report({ ...problem, range, message: `YAML error on line ${range.start.line + 1}: ${syntax[1]}` });
    }
  }

  /**
   * The platforms a pod may run on: undefined (the configured one) unless its node selector or
   * required node affinity narrows the architecture or the OS (or `architectures`, what a resource
   * says of its own, as a KubeVirt VM's `architecture`).
   */
  private podPlatforms(document: YamlDocument, spec: Map<string, Entry>, architectures?: readonly string[]): readonly (Platform | undefined)[] {
    const selector = spec.get('nodeSelector')?.value ?? null;
    const selected = isMap(selector) ? this.entries(document, selector) : new Map<string, Entry>();
    const label = (names: readonly string[]) => {
      for (const name of names) {
        const value = scalarText(document, selected.get(name)?.value);
        if (value !== undefined) return [value];
      }
      return undefined;
    };
    const terms = this.affinityTerms(document, spec);
    const arch = intersect(intersect(label(ARCH_LABELS), allowedBy(terms, ARCH_LABELS)), architectures);
    const os = intersect(label(OS_LABELS), allowedBy(terms, OS_LABELS));
    // Nothing said, or a contradiction (no node could take the pod): the configured platform.
    if ((arch === undefined && os === undefined) || arch?.length === 0 || os?.length === 0) return [undefined];
    const configured = this.options.platform;
    const oses = os ?? ['linux'];
    if (arch === undefined && oses.every((o) => o === (configured?.os ?? 'linux'))) return [undefined];
    const arches = arch ?? [configured?.architecture ?? 'amd64'];
    const platforms: Platform[] = [];
    const at = spec.get('nodeSelector')?.keyNode.range ?? spec.get('affinity')?.keyNode.range ?? [0, 0];
    const parameter = [...oses, ...arches].find((value) => value.includes('{{'));
    if (parameter !== undefined) {
      // An Argo template's input parameter ({{inputs.parameters.arch}}), filled in when its pod is created.
      this.report(this.file.problem('unresolved', at[0], at[1], `the pod's node selection holds the parameter ${parameter}, filled in when the pod is created, so the platform its images are pulled for cannot be worked out here: they are checked for the configured one; write the label's value out, or accept this with --allow-unresolved`));
      return [undefined];
    }
    for (const o of oses) {
      for (const a of arches) {
        try {
          platforms.push(parsePlatform(`${o}/${a}`));
        } catch (e) {
          if (!isDockerPinError(e)) throw e;
          this.report(this.file.problem('invalid', at[0], at[1], `the pod's node selection names ${o}/${a}, which is not a platform: its images are read for the configured platform`));
          return [undefined];
        }
      }
    }
    return platforms;
  }

  /** `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`, each a list of (key, values) with `In`. */
  private affinityTerms(document: YamlDocument, spec: Map<string, Entry>): { key: string; operator: string; values: string[] }[][] | undefined {
    const path = ['nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
    let node: Node | null = spec.get('affinity')?.value ?? null;
    for (const key of path) node = isMap(node) ? (this.entries(document, node).get(key)?.value ?? null) : null;
    if (!isSeq(node)) return undefined;
    return node.items.map((item) => {
      const term = document.followed(item);
      const expressions = isMap(term) ? this.entries(document, term).get('matchExpressions')?.value : null;
      if (!isSeq(expressions)) return [];
      return expressions.items.flatMap((e) => {
        const expression = document.followed(e);
        if (!isMap(expression)) return [];
        const fields = this.entries(document, expression);
        const key = scalarText(document, fields.get('key')?.value);
        const operator = scalarText(document, fields.get('operator')?.value);
        const list = fields.get('values')?.value;
        const values = isSeq(list) ? list.items.map((v) => scalarText(document, v)).filter((v): v is string => v !== undefined) : [];
        return key !== undefined && operator !== undefined ? [{ key, operator, values }] : [];
      });
    });
  }

  /**
   * A kustomization's images: an entry naming a whole reference (`newTag` or `digest`) is an
   * occurrence pinned in its `digest:` field (kustomize.ts); one naming no tag takes each manifest's
   * tag, and one with no safe place for the field cannot take a pin: both are reported. One that
   * renames the image with `newName` alone is pinned in the manifests, as the image kustomize
   * renders from them (kustomizeRender.ts): reported only when they are not read with it.
   */
  private reportKustomization(document: YamlDocument, entries: Map<string, Entry>): void {
    const configurations = entries.get('configurations')?.value;
    for (const problem of this.options.configurations ?? []) {
      const entry = isSeq(configurations) ? configurations.items[problem.index] : undefined;
      const node = entry === undefined ? null : this.followed(document, entry);
      const [start, end] = node?.range ?? entries.get('configurations')?.keyNode.range ?? [0, 0];
      // About the transformer config file the entry names, not a value.
      this.report({ ...this.file.problem(problem.kind, start, end, problem.message), aboutFile: true });
    }
    const images = entries.get('images')?.value;
    if (!isSeq(images)) return;
    for (const item of images.items) {
      const node = this.followed(document, item);
      if (!isMap(node) || !this.readable(document, node)) continue;
      const read = readKustomizeImage(this.file, this.entries(document, node), node.range ?? [0, 0, 0], Boolean(node.flow));
      if ('problem' in read) {
        this.report(read.problem);
        continue;
      }
      const { image } = read;
      const renames = image.newName !== undefined && image.newName.value !== image.name.value;
      if (image.reference === undefined && renames && this.options.rendersRead === true) continue;
      if (image.reference === undefined || (image.digest === undefined && image.insertion === undefined)) {
        const message =
          image.reference === undefined
            ? !renames
              ? `kustomize sets the image ${image.name.value} from this entry, with the tag each manifest gives it: no whole reference is written here to pin`
              : `kustomize renames the image ${image.name.value} to ${image.newName?.value ?? ''} in the manifests this kustomization renders, keeping each one's tag and digest: nothing is written here to pin, and none of those manifests is read with it now — read them together (check or pin the folder holding both) and each line is checked and pinned as ${image.newName?.value ?? ''} with its own tag`
            : `kustomize sets the image ${image.name.value} from this entry: its pin belongs in the entry's digest: field, which cannot be added safely here — set digest: sha256:… by hand`;
        this.report({ kind: 'skipped', range: image.name.range, text: image.name.value, message });
        continue;
      }
      const last = image.insertion?.position;
      const entry = last === undefined || comparePositions(last, image.range.end) <= 0 ? image.range : { start: image.range.start, end: last };
      this.findings.images.push({
        source: 'image',
        fileKind: 'kubernetes',
        text: image.name.value,
        range: image.name.range,
        expanded: image.reference.original,
        reference: image.reference,
        ...(image.digest === undefined ? {} : { digestRange: image.digest.range }),
        digestField: { entry, ...(image.insertion === undefined ? {} : { insertion: image.insertion }) },
        variables: [],
        line: image.line,
      });
    }
  }
}

/**
 * A kustomization.yaml may leave out apiVersion and kind: one whose `images` entries change a name,
 * tag or digest, or that lists patches, is read as one.
 */
function isKustomization(document: YamlDocument, entries: Map<string, Entry>): boolean {
  if (['patches', 'patchesJson6902', 'patchesStrategicMerge'].some((key) => isSeq(entries.get(key)?.value))) return true;
  const images = entries.get('images')?.value;
  if (!isSeq(images)) return false;
  return images.items.some((item) => {
    const image = document.resolve(item);
    return isMap(image) && image.items.some((pair) => isScalar(pair.key) && ['newName', 'newTag', 'digest'].includes(String(pair.key.value)));
  });
}

/** A group whose resources' images are read at places of their own (kubernetesPlaces.ts). */
function knownGroup(group: string): boolean {
  return (
    IMAGE_PLACES.some((place) => place.group === group) ||
    resourceContainers(group) !== undefined ||
    group === VIRTUAL_MACHINE_GROUP ||
    group.endsWith(`.${VIRTUAL_MACHINE_GROUP}`) ||
    group === CLOUDNATIVE_PG_GROUP ||
    group === GATEKEEPER_MUTATIONS_GROUP ||
    NO_IMAGE_GROUPS.includes(group)
  );
}

/** An object's fields that say what it is, and what its controller wrote back: no image it runs is there. */
const OBJECT_FIELDS: readonly string[] = ['apiVersion', 'kind', 'metadata', 'status'];

/** The fields of an `image` mapping that hold parts of one reference, as Helm charts write them. */
const IMAGE_PARTS: readonly string[] = ['registry', 'repository', 'name', 'tag', 'digest'];

/** Fields of Kubernetes' Container (core/v1) that only a container has beside its `image`. */
const CONTAINER_FIELDS: readonly string[] = ['imagePullPolicy', 'command', 'args'];

/** A reference with a tag, a digest or a registry host written in it (`nginx:1.27`, `ghcr.io/org/app`). */
function writtenAsImage(value: string | undefined): boolean {
  if (value === undefined) return false;
  let reference: ImageReference;
  try {
    reference = parseReference(value);
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return false;
  }
  return reference.tag !== undefined || reference.digest !== undefined || namesRegistry(value);
}

/**
 * The API groups under k8s.io that Kubernetes itself serves (the API reference's groups, and the
 * metrics API of its metrics-server), and those of its components' configuration files. Other
 * groups under k8s.io are custom resources: a CRD may take one once approved for it
 * (the `api-approved.kubernetes.io` annotation, kubernetes/enhancements KEP-1111), as the Spark
 * Operator's `sparkoperator.k8s.io` and Gateway API's `gateway.networking.k8s.io` are.
 */
const KUBERNETES_GROUPS: ReadonlySet<string> = new Set(
  [
    ...['admissionregistration', 'apiextensions', 'apiregistration', 'authentication', 'authorization', 'certificates'],
    ...['coordination', 'discovery', 'events', 'flowcontrol.apiserver', 'internal.apiserver', 'networking', 'node'],
    ...['rbac.authorization', 'resource', 'scheduling', 'storage', 'storagemigration', 'metrics', 'custom.metrics', 'external.metrics'],
    ...['apiserver.config', 'audit', 'client.authentication', 'imagepolicy', 'kubeadm', 'kubelet.config', 'kubeproxy.config'],
    ...['kubescheduler.config', 'kubecontrollermanager.config', 'cloudcontrollermanager.config', 'credentialprovider.kubelet', 'kubelet'],
  ].map((name) => `${name}.k8s.io`),
);

/** True for an apiVersion of Kubernetes' own API groups (`v1`, `apps/v1`, `batch/v1`, KUBERNETES_GROUPS). */
function builtIn(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return true;
  const group = apiVersion.slice(0, slash);
  return !group.includes('.') || KUBERNETES_GROUPS.has(group);
}

/**
 * The values a label may take under required node affinity: the terms are alternatives (any one
 * may place the pod), the expressions of a term all hold. Undefined when some term allows any value.
 */
function allowedBy(terms: readonly { key: string; operator: string; values: string[] }[][] | undefined, labels: readonly string[]): string[] | undefined {
  if (terms === undefined || terms.length === 0) return undefined;
  const union = new Set<string>();
  for (const term of terms) {
    let allowed: string[] | undefined;
    for (const expression of term) {
      if (!labels.includes(expression.key) || expression.operator !== 'In') continue;
      allowed = intersect(allowed, expression.values);
    }
    if (allowed === undefined) return undefined;
    for (const value of allowed) union.add(value);
  }
  return [...union];
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] | undefined {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return [...a];
  return a.filter((value) => b.includes(value));
}
