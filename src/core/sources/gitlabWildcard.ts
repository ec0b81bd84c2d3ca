// GitLab's wildcard `include:local` paths (`ci/*.yml`, `configs/**.yml`, `/.gitlab/ci/**/*.yml`),
// matched as GitLab matches them (Repository#search_files_by_wildcard_path): the path, its leading
// slashes dropped, is taken literally except for `*`, which matches within one folder, and `**`,
// which matches across folders, against the repository's file paths from its root. So
// `configs/**.yml` matches `configs/a.yml` and `configs/x/b.yml`, while `configs/**/*.yml` matches
// only the files in folders under `configs`; `?` and `[` are file name characters. GitLab includes
// the files matched in the order git lists them (by path, byte by byte) and refuses any whose name
// does not end in `.yml` or `.yaml`; a pattern that matches nothing includes nothing.

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

/** A name GitLab includes: one ending in `.yml` or `.yaml`, in any case. */
export const INCLUDABLE_NAME = /(?:^|\/)[^/]+\.ya?ml$/i;

/** The paths of `files` (from the repository root, `/`-separated) that `pattern` includes, in the order GitLab includes them. */
export function wildcardMatches(pattern: string, files: readonly string[]): string[] {
  const regexp = wildcardPathRegExp(pattern);
  return [...new Set(files)].filter((file) => regexp.test(file) && INCLUDABLE_NAME.test(file)).sort(byBytes);
}

/** Git's order of paths, as `git ls-tree -r` lists them: by their UTF-8 bytes, which is the order of their code points. */
function byBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) ?? 0);
  const y = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
