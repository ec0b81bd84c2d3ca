// The Node modules VS Code's extension host has loaded before any extension activates. Scenario 5
// loads the extension in plain Node with a stand-in `vscode` module; without these, its require()
// would also pay for loading http, https, tls, zlib and the rest, which VS Code has done for its
// own work (its proxy support, its file watcher, its IPC) by the time an extension's bundle is read.
//
// Measured in code-server's extension host (the UI tests' harness, Node v20.20.2) on 2026-12-03:
// a probe extension activated on `*` listed `process.moduleLoadList`; these are the public modules
// among the 196 Node modules loaded at that point.
export const EXTENSION_HOST_BUILTINS = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'crypto', 'dgram', 'diagnostics_channel', 'dns',
  'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'querystring',
  'stream', 'stream/promises', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util', 'util/types', 'v8', 'worker_threads', 'zlib',
] as const;

/** Loads them, as the extension host has. */
export function loadExtensionHostBuiltins(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const id of EXTENSION_HOST_BUILTINS) require(`node:${id}`);
}
