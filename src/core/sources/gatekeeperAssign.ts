// What a Gatekeeper Assign mutation (`mutations.gatekeeper.sh`) writes into the objects it
// admits: its `spec.parameters.assign.value` at the path its `spec.location` names
// (https://open-policy-agent.github.io/gatekeeper/website/docs/mutation). A location is dotted
// keys, a list element chosen by a key's value (`containers[name: foo]`, `[name: *]` for every one),
// each key maybe quoted. A location ending at a container of a pod spec's container lists writes a
// whole container (a sidecar the mutation injects into every pod), one ending at such a
// container's `image` writes the image every matching container runs.
import { CONTAINER_LISTS } from './kubernetesPlaces';

/** The group of Gatekeeper's mutators. */
export const GATEKEEPER_MUTATIONS_GROUP = 'mutations.gatekeeper.sh';

/** What an Assign's value is, by its location: a container, an image, or neither (undefined). */
export function assignedValue(location: string): 'container' | 'image' | undefined {
  const segments = locationSegments(location);
  const last = segments.at(-1);
  if (last === undefined) return undefined;
  if (isContainer(last)) return 'container';
  const before = segments.at(-2);
  return unquoted(last) === 'image' && before !== undefined && isContainer(before) ? 'image' : undefined;
}

/** The dots between segments, outside a `[…]` and a quoted key. */
function locationSegments(location: string): string[] {
  return location.match(/(?:"[^"]*"|\[[^\]]*\]|[^."[]+)+/g) ?? [];
}

/** A list element of a container list: `containers[name: foo]`, `"initContainers"[name: *]`. */
function isContainer(segment: string): boolean {
  const element = /^(.*?)\s*\[[^\]]*\]$/.exec(segment);
  return element !== null && CONTAINER_LISTS.some(([list]) => list === unquoted(element[1]));
}

function unquoted(key: string): string {
  const trimmed = key.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}
