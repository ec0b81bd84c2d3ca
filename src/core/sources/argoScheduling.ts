// Where Argo Workflows places the pod of a template (argo-workflows' addSchedulingConstraints, in
// workflow/controller/workflowpod.go): its `nodeSelector` is the template's own when not empty,
// else that of the steps or DAG template calling it (the boundary node's), else the workflow
// spec's; its `affinity` is chosen the same way, on its own. `templateDefaults` are merged under
// every template first, so a selection there counts as each template's own. The caller of a
// template is known only when the workflow runs, so a template without a selection of its own
// may be placed by the spec's or by any steps or DAG template's: each is a selection its pod may get.
import type { Entry } from './yamlFile';

/** A template's (or the spec's) `nodeSelector` (only when not empty) and `affinity`, when given. */
export interface Scheduling {
  readonly nodeSelector?: Entry;
  readonly affinity?: Entry;
}

/**
 * The node selections the pod of `template` may be given, each as the fields of a pod spec
 * (`nodeSelector`, `affinity`) that decide it; `callers` are the steps and DAG templates of the spec.
 */
export function templateSchedulings(spec: Scheduling, defaults: Scheduling, callers: readonly Scheduling[], template: Scheduling): Map<string, Entry>[] {
  const merged = (one: Scheduling): Scheduling => ({ nodeSelector: one.nodeSelector ?? defaults.nodeSelector, affinity: one.affinity ?? defaults.affinity });
  const own = merged(template);
  const seen = new Set<string>();
  const out: Map<string, Entry>[] = [];
  const ids = new Map<Entry, number>();
  const id = (entry: Entry | undefined): number => {
    if (entry === undefined) return 0;
    if (!ids.has(entry)) ids.set(entry, ids.size + 1);
    return ids.get(entry) ?? 0;
  };
  for (const caller of [undefined, ...callers.map(merged)]) {
    const nodeSelector = own.nodeSelector ?? caller?.nodeSelector ?? spec.nodeSelector;
    const affinity = own.affinity ?? caller?.affinity ?? spec.affinity;
    const key = `${id(nodeSelector)}:${id(affinity)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(new Map([...(nodeSelector === undefined ? [] : [['nodeSelector', nodeSelector] as const]), ...(affinity === undefined ? [] : [['affinity', affinity] as const])]));
  }
  return out;
}
