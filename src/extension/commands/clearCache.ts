// `dockerPin.clearCache`: forget every resolution (the client's tag and manifest caches as well),
// so the next lens, hover or check asks the registry again.
import * as vscode from 'vscode';
import type { Services } from '../services';

export function clearCache(services: Services): void {
  services.clearCaches(true);
  services.log.info('cache cleared');
  void vscode.window.setStatusBarMessage('Docker Pin: cache cleared', 3000);
}
