// What VS Code loads (extension/dist/extension.js): runs the extension's bundle
// (dist/extension-main.js, from extension.ts) from the code cache an earlier activation made on
// this machine (src/startup/codeCache.ts), in the extension's own global storage. From the cache,
// loading and activating take less than half as long, and the first CodeLens list about half
// (BENCHMARKS.md, scenario 5). Kept tiny, since all of this file is compiled on every activation;
// it imports nothing from `vscode` at run time.
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { codeCacheOff, runBundle } from '../startup/codeCache';
import type * as Main from './extension';

/**
 * When the cache is written, after activation: by then the first Dockerfile's lenses, the include
 * index and the first resolutions have compiled what they use, which a later activation then
 * finds compiled. A window closed sooner writes it as it closes.
 */
const SAVE_AFTER_MS = 20_000;

let main: typeof Main | undefined;

export function activate(context: vscode.ExtensionContext): Main.DockerPinApi {
  const bundle = runBundle<typeof Main>(join(__dirname, 'extension-main.js'), module, {
    directory: codeCacheOff() ? undefined : join(context.globalStorageUri.fsPath, 'code'),
    name: 'extension',
  });
  main = bundle.exports;
  const api = main.activate(context, bundle.outcome);
  const timer = setTimeout(() => bundle.save(), SAVE_AFTER_MS);
  timer.unref?.();
  context.subscriptions.push({
    dispose: () => {
      clearTimeout(timer);
      bundle.save();
    },
  });
  return api;
}

export function deactivate(): void {
  main?.deactivate();
}
