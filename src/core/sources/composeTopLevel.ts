// The top-level keys of a Compose file (the Compose Specification's), and the services written
// outside `services:` in the old format (Compose file format v1, docker-compose 1.x): docker compose
// refuses such a file ("additional property … not allowed"), so its images are reported, not read.
import { isMap } from '../yaml';
import type { YAMLMap } from '../yaml';
import type { Entry } from './yamlFile';

export const COMPOSE_TOP_LEVEL: ReadonlySet<string> = new Set(['version', 'name', 'include', 'services', 'networks', 'volumes', 'configs', 'secrets', 'models']);

/** A top-level key Compose does not know whose value is a mapping with `image` or `build`: a v1 service. */
export function topLevelServices(top: ReadonlyMap<string, Entry>, entries: (map: YAMLMap) => ReadonlyMap<string, Entry>): Entry[] {
  return [...top.values()].filter((entry) => {
    if (COMPOSE_TOP_LEVEL.has(entry.key) || entry.key.startsWith('x-') || !isMap(entry.value)) return false;
    const fields = entries(entry.value);
    return fields.has('image') || fields.has('build');
  });
}

export function topLevelServiceMessage(name: string): string {
  return `${name} is a service written at the top level, as the old Compose file format (v1) without services: wrote them; docker compose refuses the file, and its image is not read here: move the service under services:`;
}
