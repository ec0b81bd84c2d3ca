// Which open documents the extension reads for images, and as which file kind: the document
// selector the providers register with, and the decision for one document from its language, path
// and text. A language another extension gives (the Docker extension's `dockercompose`, the GitHub
// Actions extension's `github-actions-workflow`) settles the kind; a `yaml` or JSON document is
// asked of the core's `detectKind`, which tells named files by name and, for any other YAML or
// JSON, tests the text with plain substring and line checks before anything is parsed. A YAML or
// JSON file that names no image therefore costs one text search per version. Free of `vscode`.
import { detectKind } from '../core/sources/detect';
import type { FileKind } from '../core/types';

/** Schemes of documents a user edits and saves: local, new, and remote (SSH, containers, WSL). */
export const EDITABLE_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote'];

/** The kinds a document of each language may hold. */
const LANGUAGE_KINDS: Readonly<Record<string, readonly FileKind[]>> = {
  dockerfile: ['dockerfile'],
  dockercompose: ['compose'],
  'github-actions-workflow': ['github-workflow'],
  yaml: ['compose', 'kubernetes', 'github-workflow', 'github-action', 'gitlab-ci', 'ko', 'goreleaser', 'circleci', 'bitbucket-pipelines', 'azure-pipelines', 'drone', 'woodpecker'],
  jsonc: ['devcontainer'],
  json: ['devcontainer', 'kubernetes', 'bake'],
  // A Bake file in HCL, with the language an HCL extension gives it (by name only).
  hcl: ['bake'],
};

/** Languages whose documents no name claims are read for their kind by their content. */
const CONTENT_LANGUAGES: readonly string[] = ['yaml', 'json'];

/** Languages whose every document is of one kind, whatever its name. */
const LANGUAGE_OWN_KIND: Readonly<Record<string, FileKind>> = {
  dockerfile: 'dockerfile',
  dockercompose: 'compose',
  'github-actions-workflow': 'github-workflow',
};

/** The places a dev container config is read from (the Dev Container Specification). */
export const DEVCONTAINER_PATTERN = '**/{.devcontainer.json,.devcontainer/devcontainer.json,.devcontainer/*/devcontainer.json}';

/** The names of a Bake file written in HCL (core/sources/detect.ts). */
const BAKE_HCL_PATTERN = '**/{docker-bake.hcl,docker-bake.override.hcl}';

/** One `vscode.DocumentFilter`, as plain data. */
export interface DocumentFilterData {
  readonly language: string;
  readonly scheme: string;
  readonly pattern?: string;
}

/**
 * What lenses, quick fixes and hovers register for. Any `yaml` or `json` document, because a
 * Kubernetes manifest (in YAML or JSON) or a Compose file may have any name (its content decides,
 * cheaply, in `documentKind`); JSON with comments only at the dev container paths.
 */
export const DOCUMENT_FILTERS: readonly DocumentFilterData[] = EDITABLE_SCHEMES.flatMap((scheme) => [
  { language: 'dockerfile', scheme },
  { language: 'dockercompose', scheme },
  { language: 'github-actions-workflow', scheme },
  { language: 'yaml', scheme },
  { language: 'jsonc', scheme, pattern: DEVCONTAINER_PATTERN },
  { language: 'json', scheme },
  { language: 'hcl', scheme, pattern: BAKE_HCL_PATTERN },
]);

/** The languages the extension activates on and reads documents of. */
export const DOCUMENT_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_KINDS);

/**
 * The kind of an editable document, or undefined when the extension does not read it. `text` is
 * called only when the name does not settle the kind (a YAML file that may be a Compose file or a
 * Kubernetes manifest, a JSON file that may be a manifest).
 */
export function documentKind(document: { readonly path: string; readonly languageId: string; readonly scheme: string }, text: () => string): FileKind | undefined {
  if (!EDITABLE_SCHEMES.includes(document.scheme)) return undefined;
  const allowed = LANGUAGE_KINDS[document.languageId];
  if (allowed === undefined) return undefined;
  const own = LANGUAGE_OWN_KIND[document.languageId];
  if (own !== undefined) return own;
  const byName = detectKind(document.path);
  if (byName !== undefined) return allowed.includes(byName) ? byName : undefined;
  if (!CONTENT_LANGUAGES.includes(document.languageId)) return undefined;
  const byContent = detectKind(document.path, text());
  return byContent !== undefined && allowed.includes(byContent) ? byContent : undefined;
}

