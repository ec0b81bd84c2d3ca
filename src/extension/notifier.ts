// Shows the errors that need the user (log in, wait, trust the workspace) once per cause.
import * as vscode from 'vscode';
import type { DockerPinError } from '../core/errors';
import { Commands } from './commandIds';
import { OncePerCause, userAction } from './userErrors';

export class UserNotifier {
  private readonly once = new OncePerCause();

  constructor(private readonly isTrusted: () => boolean) {}

  /** `registry` is the reference's registry, e.g. `docker.io`. */
  report(error: DockerPinError, registry: string): void {
    const action = userAction(error, { registry, trusted: this.isTrusted() });
    if (!action || !this.once.first(action.key)) return;
    void vscode.window.showErrorMessage(action.message, 'Show Log').then((choice) => {
      if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
    });
  }

  /** After Clear Cache the user has probably done something about it: tell them again if not. */
  reset(): void {
    this.once.reset();
  }
}
