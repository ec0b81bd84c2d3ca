// Where Kubernetes manifests name images: the container lists of a pod spec, the pod spec of each
// built-in workload kind, and the places custom resources of known groups use (kubernetes.ts
// reads them).
import type { ImageSource } from '../types';

export const CONTAINER_LISTS: readonly (readonly [string, ImageSource])[] = [
  ['containers', 'container'],
  ['initContainers', 'init-container'],
  ['ephemeralContainers', 'ephemeral-container'],
];

/** Tekton's API group (its subgroups, `triggers.tekton.dev`, read as it is: RESOURCE_CONTAINERS). */
export const TEKTON_GROUP = 'tekton.dev';

/** Argo's API group: Workflows' resources, and Argo CD's and Argo Events' (argoScheduling.ts places a workflow's templates). */
export const ARGO_GROUP = 'argoproj.io';

/**
 * Custom resources whose containers are not in pod-spec lists: Tekton's `steps` and `sidecars`
 * and the `stepTemplate` whose image the steps without one run (a Task, a `taskSpec` embedded in a
 * Pipeline or a PipelineRun, a trigger template's resources: the group or a subgroup), Argo Workflows' `container` and `script` of a template and its
 * `sidecars` (`argoproj.io` alone: a subgroup such as Argo Dataflow's `dataflow.argoproj.io` is
 * another API, read as an unknown group is). A step's or a template's platform is where its pod is
 * placed: a Tekton run's pod template, an Argo template's node selection (argoScheduling.ts); else the
 * configured one. Argo's resource template holds in its
 * `manifest` string a whole manifest that Argo creates when the step runs (`resource.manifest`).
 * Argo CD's Application (and an ApplicationSet's template) may set images of its source through
 * kustomize (`source.kustomize.images`, `name=new:tag` or `image:tag`, given to `kustomize edit set
 * image`): reported, as no pin is written there.
 */
export const RESOURCE_CONTAINERS: readonly {
  readonly group: string;
  /** Whether the group's subgroups (`triggers.tekton.dev`) use the same places. */
  readonly subgroups: boolean;
  readonly lists: readonly string[];
  readonly maps: readonly string[];
  readonly manifests: readonly string[];
  readonly overrides: readonly string[];
}[] = [
  { group: TEKTON_GROUP, subgroups: true, lists: ['steps', 'sidecars'], maps: ['stepTemplate'], manifests: [], overrides: [] },
  { group: ARGO_GROUP, subgroups: false, lists: ['sidecars'], maps: ['container', 'script'], manifests: ['resource'], overrides: ['kustomize'] },
];

/** The places of RESOURCE_CONTAINERS a resource of this API group uses, if any. */
export function resourceContainers(group: string): (typeof RESOURCE_CONTAINERS)[number] | undefined {
  return RESOURCE_CONTAINERS.find((resource) => group === resource.group || (resource.subgroups && group.endsWith(`.${resource.group}`)));
}

/** Where Crossplane's package manager looks for a package named without a registry (its `--registry` flag). */
const CROSSPLANE_REGISTRY =
  "Crossplane's package manager, which looks for a package named without a registry in its own default registry (its --registry flag: xpkg.crossplane.io since Crossplane 1.20, xpkg.upbound.io before), not Docker Hub";

/**
 * Custom resources that name one image at a fixed place rather than in a container list: the
 * Prometheus Operator's (`monitoring.coreos.com`) `spec.image`, the image the operator runs on the
 * pods the spec's node selection places, and a Prometheus's `spec.thanos.image`, the Thanos sidecar
 * it adds to those pods (`platformAt`: the mapping whose node selection places the image, when not
 * the one holding it); Tekton's StepAction (`spec.image`, a step's image shared
 * by Tasks) and the older Condition (`spec.check`, a step), whose platform is the configured one.
 * The same holds for the images other operators run from their resources: Knative's cached
 * `Image` (pulled ahead onto every node), Rook's CephCluster (`spec.cephVersion.image`), the
 * OpenTelemetry Operator's collector, target allocator and OpAMP bridge (`spec.image`, the
 * collector's `spec.targetAllocator.image`) and the agents an Instrumentation injects, one per
 * language (`spec.java.image`, …). A place holding a list names an image in each entry, for the
 * platform of the mapping that holds the list: an operator bundle's ClusterServiceVersion lists in
 * `spec.relatedImages` the images its operator and operands run, for mirroring; an OpenTelemetry
 * collector's `spec.additionalContainers` run in its pods (`source`: what each entry is); a kind
 * cluster's config (`kind.x-k8s.io` Cluster) names in `nodes` the node image kind runs each node
 * from, and a k3d cluster's config (`k3d.io` Simple) the k3s image of its nodes (`image`) and the
 * registry it creates (`registries.create.image`), for the configured platform. Crossplane's
 * packages (`pkg.crossplane.io`) are OCI images its package manager pulls: a Provider's, a
 * Function's or a Configuration's `spec.package` (`field`), whose Provider and Function images also
 * run as the package's controller, their revisions' `spec.image`, and the controller image a
 * ControllerConfig (`spec.image`) runs instead; Crossplane reads a package named without a
 * registry from its own default registry (`packageRegistry`), not Docker Hub.
 */
export const IMAGE_PLACES: readonly {
  readonly group: string;
  readonly kinds: readonly string[];
  readonly path: readonly string[];
  /** The field of the mapping at `path` (or of each entry of the list there) naming the image; `image` when not given. */
  readonly field?: string;
  readonly source?: ImageSource;
  readonly platformAt?: readonly string[];
  /** What pulls a reference written without a registry, when that is not Docker Hub: such a reference is unresolved, saying so. */
  readonly packageRegistry?: string;
}[] = [
  { group: 'operators.coreos.com', kinds: ['ClusterServiceVersion'], path: ['spec', 'relatedImages'], source: 'image' },
  { group: 'kind.x-k8s.io', kinds: ['Cluster'], path: ['nodes'], source: 'image' },
  { group: 'k3d.io', kinds: ['Simple'], path: [], source: 'image' },
  { group: 'k3d.io', kinds: ['Simple'], path: ['registries', 'create'], source: 'image' },
  { group: 'opentelemetry.io', kinds: ['OpenTelemetryCollector'], path: ['spec', 'additionalContainers'], source: 'container' },
  { group: 'monitoring.coreos.com', kinds: ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'], path: ['spec'] },
  { group: 'monitoring.coreos.com', kinds: ['Prometheus'], path: ['spec', 'thanos'], platformAt: ['spec'] },
  { group: 'tekton.dev', kinds: ['StepAction'], path: ['spec'] },
  { group: 'tekton.dev', kinds: ['Condition'], path: ['spec', 'check'] },
  { group: 'caching.internal.knative.dev', kinds: ['Image'], path: ['spec'] },
  { group: 'ceph.rook.io', kinds: ['CephCluster'], path: ['spec', 'cephVersion'] },
  { group: 'opentelemetry.io', kinds: ['OpenTelemetryCollector', 'TargetAllocator', 'OpAMPBridge'], path: ['spec'] },
  { group: 'opentelemetry.io', kinds: ['OpenTelemetryCollector'], path: ['spec', 'targetAllocator'] },
  ...['java', 'nodejs', 'python', 'dotnet', 'go', 'apacheHttpd', 'nginx'].map((language) => ({ group: 'opentelemetry.io', kinds: ['Instrumentation'], path: ['spec', language] })),
  { group: 'pkg.crossplane.io', kinds: ['Provider', 'Function', 'Configuration'], path: ['spec'], field: 'package', source: 'image', packageRegistry: CROSSPLANE_REGISTRY },
  { group: 'pkg.crossplane.io', kinds: ['ProviderRevision', 'FunctionRevision', 'ConfigurationRevision'], path: ['spec'], source: 'image', packageRegistry: CROSSPLANE_REGISTRY },
  { group: 'pkg.crossplane.io', kinds: ['ControllerConfig'], path: ['spec'] },
];

/** The fields other than `image` that IMAGE_PLACES read (a Crossplane package's `package`): a manifest naming no `image` may name an image in one. */
export const OTHER_IMAGE_FIELDS: readonly string[] = [...new Set(IMAGE_PLACES.flatMap((place) => (place.field === undefined ? [] : [place.field])))];

/**
 * KubeVirt's resources (`kubevirt.io` and its subgroups) hold virtual machine specs — a
 * VirtualMachineInstance's `spec`, the `template.spec` of a VirtualMachine, a replica set or a pool:
 * a mapping with a `domain`. Their images are the container disks among `volumes`
 * (`containerDisk.image`) and the kernel boot container (`domain.firmware.kernelBoot.container`),
 * pulled on the node the VM runs on: its `architecture`, else its node selection, else the
 * configured platform. A data volume's registry import (CDI, `cdi.kubevirt.io`) is reported.
 */
export const VIRTUAL_MACHINE_GROUP = 'kubevirt.io';

/**
 * CloudNativePG's resources (`postgresql.cnpg.io`): a Cluster runs `spec.imageName` (a tag, or a
 * tag and digest) on the nodes its `spec.affinity` (`nodeSelector`, `nodeAffinity`) allows, and
 * mounts the image volumes of `spec.postgresql.extensions[].image.reference` beside it; an
 * ImageCatalog or ClusterImageCatalog lists images for the clusters that name it
 * (`spec.images[].image`, their `extensions`, `spec.componentImages[].image`), whose platform is
 * the configured one; a Pooler runs `spec.pgbouncer.image` in the pods of its `spec.template`.
 */
export const CLOUDNATIVE_PG_GROUP = 'postgresql.cnpg.io';

/**
 * Groups whose resources' `image` fields name no image to run, read by no other rule: Flux's image
 * automation (`image.toolkit.fluxcd.io`), whose ImageRepository's `spec.image` is a repository to
 * scan for tags — a tag or digest there breaks it.
 */
export const NO_IMAGE_GROUPS: readonly string[] = ['image.toolkit.fluxcd.io'];

/**
 * Keys of a custom resource under which an `image` or a container is not one it runs: a Helm
 * chart's values passed through (Flux's HelmRelease `spec.values`, Argo CD's `valuesObject`), whose
 * meaning and whether they take a digest the chart's templates decide; a build's `output`
 * (Shipwright's `spec.output.image`), an image the build pushes; and a Kyverno policy's patterns,
 * which the resources it admits must match (`validate.pattern`, `validate.anyPattern`, with `*`,
 * `!` and `|` in them, https://kyverno.io/docs/policy-types/cluster-policy/validate/), and the
 * images whose signatures it verifies (`verifyImages`): a digest written into a pattern would
 * change what the policy admits.
 */
export const NOT_RUN_KEYS: readonly string[] = ['values', 'valuesObject', 'output', 'pattern', 'anyPattern', 'verifyImages'];

/** Where the pod spec of each built-in workload kind is. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
