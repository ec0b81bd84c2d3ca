// Which files are Dockerfiles: VS Code's own `dockerfile` language names plus the patterns this
// extension adds in package.json. Check Workspace searches with the glob and lets the user's
// `files.exclude` apply (an own exclude glob passed to findFiles would switch it off), then drops
// dependency and build folders itself.
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile*,*.containerfile}';

/** Folders whose Dockerfiles belong to dependencies, tools or build output, not to the project. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.tools', 'out', 'dist'];

/** Whether a workspace-relative path (either slash) lies inside one of the skipped folders. */
export function inSkippedFolder(relativePath: string): boolean {
  const folders = relativePath.split(/[\\/]/).slice(0, -1);
  return folders.some((folder) => SKIPPED_FOLDERS.includes(folder));
}
