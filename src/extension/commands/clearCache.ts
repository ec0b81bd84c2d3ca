// `dockerPin.clearCache`: forget every resolution and start a new registry client (its caches,
// tokens and credentials too), so the next lens, hover or check asks the registry again with what
// `docker login` just stored.
import * as vscode from 'vscode';
import type { Services } from '../services';

export function clearCache(services: Services): void {
  services.clearCaches(true);
  services.log.info('cache cleared');
  void vscode.window.setStatusBarMessage('Docker Pin: cache cleared', 3000);
}
