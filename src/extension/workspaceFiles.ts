// Which files Check Workspace reads: every file named as one of the kinds docker-pin reads (a
// Makefile or shell script too: it names no image, but the Dockerfiles its recipes or commands build
// are read as they build them), and
// every YAML and JSON file (a Compose file or a Kubernetes manifest may have any name;
// `detectKind` decides on its text, with plain text tests before any parse). Check Workspace
// searches with the glob and lets the user's `files.exclude` apply (an own exclude glob passed to
// findFiles would switch it off), then drops dependency and build folders itself.
import { detectKind } from '../core/sources/detect';
import type { FileKind } from '../core/types';

export const WORKSPACE_GLOB =
  '**/{Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*,Containerfile*,*.containerfile,*.yml,*.yaml,*.json,.devcontainer.json,Kustomization,docker-bake.hcl,docker-bake.override.hcl,Makefile,makefile,GNUmakefile,Makefile.*,makefile.*,GNUmakefile.*,*.mk,*.sh,*.bash}';

/**
 * The kind of a workspace file from its path and text: what `detectKind` says, and a Dockerfile for
 * the `Containerfile…` names this extension gives the `dockerfile` language (package.json), as
 * their open editors are read.
 */
export function workspaceFileKind(path: string, text: string): FileKind | undefined {
  const kind = detectKind(path, text);
  if (kind !== undefined) return kind;
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return /^Containerfile/.test(base) && !base.endsWith('.dockerignore') ? 'dockerfile' : undefined;
}

/**
 * The files of WORKSPACE_GLOB that may be compose or GitLab CI files: its YAML ones (a Dockerfile, a
 * Kustomization or JSON never is one). A narrower search than Check Workspace's: in a monorepo, most of what
 * WORKSPACE_GLOB finds is JSON and Dockerfiles, and the include index's search is waited for.
 */
export const COMPOSE_GLOB = '**/*.{yml,yaml}';

/**
 * The dev container configurations of the workspace, by the names the dev container spec reads
 * (`.devcontainer.json`, `.devcontainer/devcontainer.json`, `.devcontainer/<folder>/devcontainer.json`;
 * `workspaceFileKind` tells a `devcontainer.json` elsewhere apart): the include index reads those that build a Dockerfile.
 */
export const DEVCONTAINER_GLOB = '**/{.devcontainer.json,devcontainer.json}';

/** The Docker Bake files of the workspace, by the names `docker buildx bake` reads (core/sources/bake.ts). */
export const BAKE_GLOB = '**/{docker-bake.hcl,docker-bake.json,docker-bake.override.hcl,docker-bake.override.json}';

/** The Makefiles of the workspace, by the names GNU make reads by default and those of the makefiles they include (detectKind tells which): the include index reads those whose recipes build a Dockerfile. */
export const MAKEFILE_GLOB = '**/{Makefile,makefile,GNUmakefile,Makefile.*,makefile.*,GNUmakefile.*,*.mk}';

/** The shell scripts of the workspace, by the names detectKind reads as scripts (core/sources/shellScript.ts): the include index reads those that may run a container build. */
export const SHELL_SCRIPT_GLOB = '**/{*.sh,*.bash}';

/** The package.json files of the workspace (not those of node_modules, `SKIPPED_FOLDERS`): the include index reads those whose scripts may run a container build (core/sources/packageScripts.ts). */
export const PACKAGE_JSON_GLOB = '**/package.json';

/** The kustomizations of the workspace, by the names kustomize reads (engine/kustomizeReadings.ts): which manifests they render, and how. */
export const KUSTOMIZATION_GLOB = '**/{kustomization.yaml,kustomization.yml,Kustomization}';

/** Folders whose files belong to dependencies, tools or build output, not to the project. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.tools', 'out', 'dist'];

/** Whether a workspace-relative path (either slash) lies inside one of the skipped folders. */
export function inSkippedFolder(relativePath: string): boolean {
  const folders = relativePath.split(/[\\/]/).slice(0, -1);
  return folders.some((folder) => SKIPPED_FOLDERS.includes(folder));
}
