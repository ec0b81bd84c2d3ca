// Command identifiers, shared by package.json's contributions, the providers and the tests.
export const Commands = {
  pinAll: 'dockerPin.pinAll',
  checkWorkspace: 'dockerPin.checkWorkspace',
  showManifest: 'dockerPin.showManifest',
  selectPlatform: 'dockerPin.selectPlatform',
  clearCache: 'dockerPin.clearCache',
  showLog: 'dockerPin.showLog',
  /** Lens and quick fix: `(uri, version, range, newText, at, digest)`; `at` is where the pinned image starts. */
  applyPin: 'dockerPin.applyPin',
  /** Lens-only: `(reference, platform?)`. */
  openManifest: 'dockerPin.openManifest',
  /** Lens-only: `(uri, version, position, kind)`, resolves the other kind's digest on click. */
  pinAs: 'dockerPin.pinAs',
  /** Lens and quick fix: `(uri, version, position)`, a Dockerfile line whose pin goes into the build arg a compose build gives its image in. */
  pinBuildArg: 'dockerPin.pinBuildArg',
  /** Lens-only: `(uri, version, dockerfile, line)`, a compose file's build arg pinned for the Dockerfile line (zero-based) it gives its image. */
  pinBuildArgValue: 'dockerPin.pinBuildArgValue',
} as const;

/** Context key, true while the active editor holds a file the extension reads images from (package.json's `when` clauses). */
export const ACTIVE_FILE_CONTEXT = 'dockerPin.activeFileNamesImages';
