// A build whose platforms only its run knows (`--platform $(PLATFORMS)`, `platforms: ${{ inputs.platforms }}`)
// is `unresolved` at its line: its Dockerfile is read for the configured platform, which may not be
// one it is built for, and the message offers pinning that Dockerfile to index digests as a way out.
// When the Dockerfile is pinned so (`--index`, or its repository config's `digestKind: index`), that
// way is taken: the build is read for any platform (core/buildScan.ts, `platformsUnknown`), so each
// of its lines takes the index digest, a platform pin there is stale, and the line's problem is
// settled (not said). A build that hides which Dockerfile it builds still says it.
import { isAbsolute, join } from 'node:path';
import type { Assembly } from './assembly';
import type { BuildOperand } from './buildOperands';
import type { FileBuild } from './sources';

/** `build` as read for its Dockerfile: for any platform, its problem settled in `naming`, when its platforms are hidden and the Dockerfile is pinned to index digests. */
export async function readForIndex(build: FileBuild, base: string, naming: BuildOperand, assembly: Pick<Assembly, 'fileOptions' | 'displayName'>): Promise<FileBuild> {
  const hidden = build.hidden;
  if (hidden === undefined || build.dockerfile === undefined) return build;
  const path = isAbsolute(build.dockerfile) ? build.dockerfile : join(base, build.dockerfile);
  if ((await assembly.fileOptions.of(path)).kind !== 'index') return build;
  (naming.settled ??= new Set()).add(hidden.message);
  return { ...build, hidden: undefined, platforms: [], platform: undefined, platformsUnknown: `${build.by} in ${assembly.displayName(naming.path)} builds it for platforms known only when it runs` };
}

/** Whether `message`, one of `operand`'s own problems, is settled by index pins (`readForIndex`). */
export function settledByIndex(operand: Pick<BuildOperand, 'settled'> | undefined, message: string): boolean {
  return operand?.settled?.has(message) === true;
}
