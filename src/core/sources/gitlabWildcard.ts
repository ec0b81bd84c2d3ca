// GitLab's wildcard `include:local` paths (`ci/*.yml`, `configs/**.yml`, `/.gitlab/ci/**/*.yml`),
// matched as GitLab matches them (Repository#search_files_by_wildcard_path): the path, its leading
// slashes dropped, is taken literally except for `*`, which matches within one folder, and `**`,
// which matches across folders, against the repository's file paths from its root. So
// `configs/**.yml` matches `configs/a.yml` and `configs/x/b.yml`, while `configs/**/*.yml` matches
// only the files in folders under `configs`; `?` and `[` are file name characters. GitLab includes
// the files matched in the order git lists them (by path, byte by byte); a pattern that matches
// nothing includes nothing. Each file matched is then included as if named alone, so one whose name
// GitLab refuses (File::Base#invalid_extension?: its base name must match /.+\.(yml|yaml)$/i) fails
// the whole pipeline ("Included file `ci/notes.txt` does not have YAML extension!"): a match is
// never dropped quietly.

/** Whether a local include's path is a wildcard pattern: GitLab expands only `*`. */
export function isWildcardPath(path: string): boolean {
  return path.includes('*');
}

/** The pattern as it is matched against paths from the repository root: without its leading slashes. */
export function fromRepositoryRoot(path: string): string {
  return path.replace(/^\/+/, '');
}

/** The regular expression GitLab matches `pattern` with against a repository's file paths (`/`-separated, from its root). */
export function wildcardPathRegExp(pattern: string): RegExp {
  const escaped = fromRepositoryRoot(pattern).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\\\*\\\*/g, '.*?').replace(/\\\*/g, '[^/]*?')}$`);
}

/** GitLab's rule for an included file's base name: something, then `.yml` or `.yaml`, in any case. */
const INCLUDABLE_BASE_NAME = /^.+\.(?:yml|yaml)$/i;

/** Whether GitLab includes a file at `path` (`/`-separated), by its name: else it fails the pipeline. */
export function isIncludableName(path: string): boolean {
  return INCLUDABLE_BASE_NAME.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * The paths of `files` (from the repository root, `/`-separated) that `pattern` matches, in the
 * order GitLab includes them: those whose names it refuses (`isIncludableName`) among them.
 */
export function wildcardMatches(pattern: string, files: readonly string[]): string[] {
  const regexp = wildcardPathRegExp(pattern);
  return [...new Set(files)].filter((file) => regexp.test(file)).sort(byBytes);
}

/** Git's order of paths, as `git ls-tree -r` lists them: by their UTF-8 bytes, which is the order of their code points. */
function byBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) ?? 0);
  const y = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
