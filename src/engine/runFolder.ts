// The folder a build runs in, when its paths start there and its file does not say which it is
// (`DockerfileBuild.fromRunFolder`): `docker buildx bake` resolves a target's relative `context`
// from the folder it runs in, which is the bake file's own when it is run there (found by its
// name) or any folder above it that names it (`docker buildx bake -f docker/docker-bake.hcl` from
// the repository's root). A build that works runs where its Dockerfile is found: of the folders
// from the file's own up to the repository's root, those the Dockerfile's path names a file from.
// One is the folder; none leaves the file's own (its Dockerfile is then missing, and said so);
// several, naming different files, cannot be told apart.
import { dirname, join } from 'node:path';
import { isInside } from './assembly';
import type { FileAccess } from './fileAccess';

/** A folder the build may run in, and the real path of the Dockerfile its path names from there. */
export interface RunFolder {
  readonly folder: string;
  /** The Dockerfile from there, as the front door spells paths, and its real path. */
  readonly path: string;
  readonly real: string;
}

/**
 * The folders from `folder` (the naming file's, inside `root`, the repository's real path) up to
 * `root` from which `dockerfile` (a relative path) names a regular file inside the repository, one
 * per file, nearest first.
 */
export async function runFolders(dockerfile: string, folder: string, root: string, files: FileAccess): Promise<RunFolder[]> {
  const found: RunFolder[] = [];
  for (let at = folder; ; at = dirname(at)) {
    const path = join(at, dockerfile);
    if (await files.isFile(path)) {
      const real = await files.realpath(path).catch(() => undefined);
      if (real !== undefined && isInside(root, real) && !found.some((known) => known.real === real)) found.push({ folder: at, path, real });
    }
    const real = await files.realpath(at).catch(() => at);
    if (real === root || dirname(at) === at || !isInside(root, real)) return found;
  }
}
