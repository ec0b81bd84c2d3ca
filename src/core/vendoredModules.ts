// Go's vendored modules: `go mod vendor` copies the project's dependencies into a `vendor` folder
// beside `go.mod`, with `vendor/modules.txt` listing them, and rewrites the folder on its next run
// (a CI check of `go mod vendor` then fails on any file changed there). Its compose files and
// Dockerfiles are the dependencies' own, not the project's builds: neither front door reads them,
// as neither reads `node_modules`.

/** The `vendor` folders `path` lies in (`/` or `\` separated), each as the path up to and including it, outermost first. */
function vendorFolders(path: string): string[] {
  const out: string[] = [];
  const pattern = /(?:^|[\\/])vendor[\\/]/g;
  for (let match = pattern.exec(path); match !== null; match = pattern.exec(path)) {
    out.push(path.slice(0, match.index + match[0].length));
    pattern.lastIndex = match.index + match[0].length - 1;
  }
  return out;
}

/**
 * Whether a path lies in a folder of Go's vendored modules: a `vendor` folder holding
 * `modules.txt`, which `exists` (given the folder's path, ending in its separator, joined with
 * `modules.txt`) tells. Each folder is asked about once.
 */
export function goVendored(exists: (path: string) => boolean): (path: string) => boolean {
  const known = new Map<string, boolean>();
  return (path) =>
    vendorFolders(path).some((folder) => {
      let vendored = known.get(folder);
      if (vendored === undefined) {
        vendored = exists(`${folder}modules.txt`);
        known.set(folder, vendored);
      }
      return vendored;
    });
}
