// `dockerPin.showLog`: the "Docker Pin" output channel, where failed lenses explain themselves.
import type * as vscode from 'vscode';

export function showLog(log: vscode.LogOutputChannel): void {
  log.show(true);
}
