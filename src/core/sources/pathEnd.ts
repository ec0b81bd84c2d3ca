// The end of the path of a Dockerfile a build names from a folder only its runner knows
// (`UnnamedDockerfileBuild.pathEnd`): `jq/Dockerfile` for `docker build jq` run from its caller's
// folder, `Dockerfile` for a bake target whose context a matrix gives.
import { posix } from 'node:path';

/** `file` (relative to the unknown folder) without any leading `../`; undefined when absolute or nothing is left. */
export function pathEnd(file: string): string | undefined {
  if (posix.isAbsolute(file)) return undefined;
  const end = posix.normalize(file).replace(/^(?:\.\.\/)+/, '');
  return end === '.' || end === '..' || end === '' ? undefined : end;
}
