// Which kind of file a path holds, by its name and, for a YAML or JSON file no name claims, by its
// content: a top level `services:` whose entries have `image` or `build`, beside Compose's other
// top-level keys only, is a Compose file (they
// are often named `pwd.yml` or `overrides/compose.full.yaml`), documents with `apiVersion` and
// `kind` naming an image (or a field IMAGE_PLACES reads, as a Crossplane package's) are Kubernetes manifests, and so is a `.json` file (or a `.yaml` one written as JSON) holding JSON objects, one or several
// one after another, with them at their top (jsonStream.ts; a package.json or tsconfig.json has
// neither at its top), and so is a kustomize JSON patch whose operations write containers or images.
// A package.json is a build file when a script of its `scripts` may run a container build
// (packageScripts.ts); the rest, most of them, are of no kind.
// Content is looked at with plain text tests first, and a file that names no image costs one
// substring search; only a likely Compose file or JSON manifest is parsed.
import { isMap } from '../yaml';
import type { FileKind } from '../types';
import { COMPOSE_TOP_LEVEL } from './composeTopLevel';
import { isJsonText, readJsonStream } from './jsonStream';
import { isImagePatch } from './kubernetesPatch';
import { OTHER_IMAGE_FIELDS } from './kubernetesPlaces';
import { packageScriptsMayBuild } from './packageScripts';
import { YamlFile } from './yamlFile';

/** The kind of the file at `path` (any separator), or undefined when docker-pin does not read it. */
export function detectKind(path: string, text?: string): FileKind | undefined {
  const normalized = path.replace(/\\/g, '/');
  const base = normalized.slice(normalized.lastIndexOf('/') + 1);
  const byName = kindByName(normalized, base);
  if (byName !== undefined) return byName;
  if (text === undefined) return undefined;
  // JSON is YAML, and kubectl reads a `.yaml` file whose first character is `{` as JSON: such a
  // manifest has no `apiVersion:` at a line start. A Helm template opening with `{{` is no JSON
  // manifest, and is told by its YAML lines.
  if (/\.ya?ml$/i.test(base)) return (isJsonText(text) ? jsonKind(text) : undefined) ?? kindByContent(text);
  if (base === 'package.json') return packageScriptsMayBuild(text) ? 'package-scripts' : undefined;
  if (/\.json$/i.test(base)) return jsonKind(text);
  // A script without an extension (`script/cibuild`, `hack/build-image`) is known by its `#!` line.
  if (!base.includes('.') && SHELL_SHEBANG.test(text)) return 'shell-script';
  return undefined;
}

/** Whether the file at `path` (any separator) has a name without an extension: a script of that name is told by its `#!` line. */
export function extensionless(path: string): boolean {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return base !== '' && !base.includes('.');
}

/**
 * The `#!` line (the first) of a POSIX shell script: sh, bash, dash, ash, ksh or zsh, by path or through
 * `env` (`#!/bin/sh -e`, `#!/usr/bin/env bash`, `#!/usr/bin/env -S bash -eu`).
 */
export const SHELL_SHEBANG = /^#![ \t]*(?:\S*\/env[ \t]+(?:-\S+[ \t]+)*)?(?:\S*\/)?(?:ba|da|a|k|z)?sh(?:[ \t\r\n]|$)/;

/**
 * A Dockerfile's name: `Dockerfile` or `Containerfile`, alone or followed by `.`, `-` or `_` and a
 * suffix (`Dockerfile.prod`, `Dockerfile-alpine`, `Dockerfile_ci`: the names Renovate and
 * Dependabot read as Dockerfiles too), or ending in `.dockerfile`/`.containerfile`.
 */
const DOCKERFILE_NAME = /^(?:dockerfile|containerfile)(?:[._-](.+))?$/;

/**
 * Extensions that make a name of that form something else: the ignore file of a Dockerfile
 * (`Dockerfile.dockerignore`), source code, documentation, data and leftovers (`Dockerfile.md`,
 * buildkit's `dockerfile_test.go`, `Dockerfile.yml`, `Dockerfile.orig`). A YAML or JSON one is
 * still told by its content.
 */
export const NOT_A_DOCKERFILE: ReadonlySet<string> = new Set([
  'dockerignore',
  ...['md', 'markdown', 'txt', 'rst', 'adoc', 'html', 'htm', 'pdf'],
  ...['go', 'py', 'js', 'mjs', 'cjs', 'ts', 'rs', 'java', 'kt', 'rb', 'php', 'c', 'h', 'cc', 'cpp', 'cs', 'swift'],
  ...['sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd'],
  ...['json', 'jsonc', 'yaml', 'yml', 'toml', 'xml', 'ini', 'csv', 'lock', 'sum', 'mod'],
  ...['orig', 'rej', 'bak', 'swp', 'log', 'diff', 'patch', 'png', 'jpg', 'svg', 'gz', 'tgz', 'zip', 'tar'],
]);

function isDockerfileName(lower: string): boolean {
  const named = DOCKERFILE_NAME.exec(lower);
  if (named === null) return /\.(?:dockerfile|containerfile)$/.test(lower);
  const suffix = named[1];
  return suffix === undefined || !NOT_A_DOCKERFILE.has(suffix.slice(suffix.lastIndexOf('.') + 1));
}

function kindByName(path: string, base: string): FileKind | undefined {
  const lower = base.toLowerCase();
  if (isDockerfileName(lower)) return 'dockerfile';
  if (/^(?:docker-)?compose(?:\.[^/]+)?\.ya?ml$/.test(lower)) return 'compose';
  // Gitea and Forgejo Actions run workflows of GitHub's syntax from their own folders.
  if (/(?:^|\/)\.(?:github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i.test(path)) return 'github-workflow';
  if (lower === 'action.yml' || lower === 'action.yaml') return 'github-action';
  if (/(?:^|\/)\.circleci\/[^/]+\.ya?ml$/i.test(path)) return 'circleci';
  if (lower === 'bitbucket-pipelines.yml' || lower === 'bitbucket-pipelines.yaml') return 'bitbucket-pipelines';
  if (lower === '.drone.yml' || lower === '.drone.yaml') return 'drone';
  if (/^azure-pipelines(?:[.-][^/]*)?\.ya?ml$/.test(lower) || /(?:^|\/)\.(?:azure-pipelines|azuredevops)\/(?:[^/]+\/)*[^/]+\.ya?ml$/i.test(path)) return 'azure-pipelines';
  if (lower === '.woodpecker.yml' || lower === '.woodpecker.yaml' || /(?:^|\/)\.woodpecker\/[^/]+\.ya?ml$/i.test(path)) return 'woodpecker';
  if (lower === '.gitlab-ci.yml' || lower === '.gitlab-ci.yaml' || lower.endsWith('.gitlab-ci.yml')) return 'gitlab-ci';
  if (lower === '.devcontainer.json' || /(?:^|\/)\.devcontainer\/(?:[^/]+\/)?devcontainer\.json$/i.test(path)) return 'devcontainer';
  if (lower === 'kustomization.yaml' || lower === 'kustomization.yml' || base === 'Kustomization') return 'kubernetes';
  if (lower === '.ko.yaml' || lower === '.ko.yml') return 'ko';
  if (/^\.?goreleaser\.ya?ml$/.test(lower)) return 'goreleaser';
  if (/^docker-bake(?:\.override)?\.(?:hcl|json)$/.test(lower)) return 'bake';
  if (/^skaffold(?:[.-][^/]*)?\.ya?ml$/.test(lower)) return 'skaffold';
  // The names GNU make reads when no -f names one, and the files Makefiles include (or name with
  // -f): `*.mk`, `Makefile.common` (read alone, what the including Makefile sets is not known).
  if (base === 'Makefile' || base === 'makefile' || base === 'GNUmakefile' || INCLUDED_MAKEFILE.test(base)) return 'makefile';
  // just finds `justfile` and `.justfile` in any case; `*.just` are the files a justfile imports or loads as modules.
  if (lower === 'justfile' || lower === '.justfile' || JUST_MODULE.test(lower)) return 'justfile';
  // go-task's names (Taskfile.yml, taskfile.yaml, Taskfile.dist.yml, …) and the Taskfiles they include (Taskfile.docker.yml).
  if (TASKFILE_NAME.test(lower)) return 'taskfile';
  if (lower.endsWith('.sh') || lower.endsWith('.bash')) return 'shell-script';
  return undefined;
}

/** A file a justfile imports (`import 'docker.just'`) or loads as a module (`mod docker`: `docker.just`, `docker/mod.just`). */
const JUST_MODULE = /^[^.][^/]*\.just$/;

/** go-task's Taskfile names, with or without `.dist`, and `Taskfile.<name>.yml`, the name of Taskfiles others include. */
const TASKFILE_NAME = /^taskfile(?:\.[a-z0-9_-]+)*\.ya?ml$/;

/**
 * Whether the file at `path` is, by its name, one a justfile imports or loads as a module (`*.just`):
 * read alone, the folder its recipes run in is not known (an import's run in the importing
 * justfile's folder).
 */
export function moduleJustfile(path: string): boolean {
  return JUST_MODULE.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase());
}

/**
 * Whether the file at `path` is a workflow of Gitea or Forgejo Actions (`.gitea/workflows`,
 * `.forgejo/workflows`): GitHub's syntax, run on runners their owners register, whose labels say
 * nothing certain of their architecture (`ubuntu-latest` there is a label the runner maps to an
 * image, run on its own machine).
 */
export function giteaActionsWorkflow(path: string): boolean {
  return /(?:^|[\\/])\.(?:gitea|forgejo)[\\/]workflows[\\/][^\\/]+\.ya?ml$/i.test(path);
}

/** Whether the file at `path` is, by its name, a makefile other Makefiles include (`INCLUDED_MAKEFILE`). */
export function includedMakefile(path: string): boolean {
  return INCLUDED_MAKEFILE.test(path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
}

/**
 * A makefile other Makefiles include: `*.mk`, or `Makefile.<word>` that is no template or other
 * format (`Makefile.in` and `Makefile.am` are autotools' inputs, `Makefile.toml` is cargo-make's).
 */
const INCLUDED_MAKEFILE = /^(?:[^.][^/]*\.mk|(?:GNUmakefile|[Mm]akefile)\.(?!(?:in|am|ac|toml|json|ya?ml|txt|md|bak|orig|old|sample|example|template|tmpl|j2|dist)$)[A-Za-z0-9_-]+)$/;

/** A YAML key among OTHER_IMAGE_FIELDS, at a line's start, after a `- `, `{` or `,`, maybe quoted. */
const OTHER_IMAGE_KEY = new RegExp(`(?:^[ \\t]*(?:-[ \\t]+)?|[{,][ \\t]*)["']?(?:${OTHER_IMAGE_FIELDS.join('|')})["']?[ \\t]*:`, 'm');

function kindByContent(text: string): FileKind | undefined {
  // A manifest may name an image only as a URL (a KubeVirt data volume's `docker://` registry
  // import), or in a field of another name (a Crossplane Provider's `package:`; not a Rego
  // policy's `package name` in a Gatekeeper ConstraintTemplate).
  const image = text.includes('image') || text.includes('docker://') || OTHER_IMAGE_KEY.test(text);
  if (!image && !text.includes('build')) return undefined;
  // A Skaffold config has apiVersion and kind too, and builds its images rather than running them.
  if (/^apiVersion[ \t]*:[ \t]*["']?skaffold\//m.test(text)) return 'skaffold';
  // A Taskfile others include, named as they like (`tasks/docker.yml`): go-task's top-level `version` and `tasks`, with commands.
  if (/^version[ \t]*:[ \t]*["']?3/m.test(text) && /^tasks[ \t]*:/m.test(text) && /^[ \t]+(?:-[ \t]+)?cmds?[ \t]*:/m.test(text)) return 'taskfile';
  if (/^services[ \t]*:/m.test(text) && /(?:^[ \t]+|[{,][ \t]*)(?:image|build)[ \t]*:/m.test(text) && isCompose(text)) return 'compose';
  if (image && /^apiVersion[ \t]*:/m.test(text) && /^kind[ \t]*:/m.test(text)) return 'kubernetes';
  // A kustomize JSON patch file that adds or replaces containers or images (kubernetesPatch.ts).
  if (image && /^[ \t]*-[ \t]+op[ \t]*:/m.test(text) && text.includes('ontainers') && isImagePatch(text)) return 'kubernetes';
  return undefined;
}

/**
 * A JSON manifest candidate: text naming an image with a top-level object (the only one, or any
 * of several written one after another) that has string `apiVersion` and `kind`, as far as they
 * can be read — a broken manifest is still one, so its JSON error is reported, while a
 * broken package.json, which has neither, is no candidate and never read.
 */
function jsonKind(text: string): FileKind | undefined {
  // Cheapest first: an array or any non-object (a lock file, data) is decided by its first characters.
  if (!isJsonText(text) || !['image', ...OTHER_IMAGE_FIELDS].some((field) => text.includes(`"${field}"`)) || !/"apiVersion"\s*:\s*"/.test(text) || !/"kind"\s*:\s*"/.test(text)) return undefined;
  const { values } = readJsonStream(text);
  return values.some((value) => value.fields.has('apiVersion') && value.fields.has('kind')) ? 'kubernetes' : undefined;
}

/**
 * A document whose `services` maps names to mappings with `image` or `build`, and whose other
 * top-level keys are Compose's: a file with others (Woodpecker CI's `steps:` beside its
 * `services:`) is refused by Compose, so it is no Compose file, and its steps would go unread.
 */
function isCompose(text: string): boolean {
  for (const document of new YamlFile(text).documents) {
    const root = document.root();
    if (!isMap(root)) continue;
    const top = document.entries(root);
    if ([...top.keys()].some((key) => !COMPOSE_TOP_LEVEL.has(key) && !key.startsWith('x-'))) continue;
    const services = top.get('services')?.value;
    if (!isMap(services)) continue;
    for (const service of document.entries(services).values()) {
      if (!isMap(service.value)) continue;
      const fields = document.entries(service.value);
      if (fields.has('image') || fields.has('build')) return true;
    }
  }
  return false;
}
