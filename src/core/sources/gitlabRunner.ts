// What a GitLab job's `tags:` say of the runner that picks it up. GitLab.com's hosted runners have
// fixed tags: `saas-linux-<size>-amd64` and `saas-linux-<size>-arm64` (a GPU one adds
// `-gpu-<kind>`) run the job's image and services on that architecture; `saas-macos-<size>-<chip>`
// (and the older `shared-macos-amd64`) run the job in a macOS virtual machine, whose `image:` names
// a VM image (`macos-14-xcode-15`), not a container image. A runner must have every tag a job
// lists, its variables expanded (a `parallel:matrix` job's tags may take its values). Any other tag
// is a self-managed runner's, which says nothing certain; nor does a tag whose variable is not known.
import { parsePlatform } from '../platform';
import type { Platform } from '../types';

export type GitlabRunner = { readonly platform: Platform } | { readonly vm: string } | undefined;

/** The hosted runner the tags (expanded; undefined: not known) pick, when they pick one for sure. */
export function gitlabRunner(tags: readonly (string | undefined)[]): GitlabRunner {
  const found = new Map<string, GitlabRunner>();
  for (const tag of tags) {
    if (tag === undefined) continue;
    const name = tag.trim().toLowerCase();
    const linux = /^saas-linux-[a-z0-9]+-(amd64|arm64)(-gpu-[a-z0-9-]+)?$/.exec(name);
    if (linux !== null) found.set(`linux/${linux[1]}`, { platform: parsePlatform(`linux/${linux[1]}`) });
    else if (/^(saas-macos-[a-z0-9]+-[a-z0-9]+|shared-macos-amd64)$/.test(name)) found.set('macos', { vm: tag.trim() });
  }
  // Tags of two hosted runners pick none: GitLab leaves such a job pending.
  return found.size === 1 ? [...found.values()][0] : undefined;
}
