// CodeLenses above image references. `provideCodeLenses` only scans (fast, no network); the
// registry is asked in `resolveCodeLens`, through the status shared with hover and diagnostics.
import * as vscode from 'vscode';
import type { ImageOccurrence } from '../core/types';
import type { ImageStatus } from '../engine/types';
import { withSignal } from './cancel';
import { Commands } from './commandIds';
import { toVsRange } from './convert';
import { expectedLensCount, lensCommands, type LensCommand } from './lensModel';
import { problemLenses } from './scanProblems';
import { DOCUMENT_SELECTOR, Services } from './services';
import { slotOf, type DocumentKey } from './statusCache';

class ImageLens extends vscode.CodeLens {
  constructor(
    readonly key: DocumentKey,
    readonly occurrence: ImageOccurrence,
    /** Which of the line's lenses this is (unpinned lines have two). */
    readonly index: number,
  ) {
    super(toVsRange(occurrence.range));
  }
}

function toCommand(lens: LensCommand): vscode.Command {
  return { title: lens.title, command: lens.command, arguments: [...lens.arguments], tooltip: lens.tooltip };
}

export class PinCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Per document, the version and slots already redrawn for a lens-count guess that was wrong. */
  private readonly redrawn = new Map<string, { version: number; slots: Set<string> }>();

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      this.changed,
      services.onDidReset(() => this.changed.fire()),
      services.settings.onDidChange(() => this.changed.fire()),
      services.statuses.onDidSettle((doc, status) => this.redrawIfGuessWrong(doc, status)),
      vscode.workspace.onDidCloseTextDocument((document) => this.redrawn.delete(document.uri.toString())),
    );
  }

  /**
   * A line guessed to need two lenses that turns out to have one (an error) is redrawn, once per
   * version and line: the redraw finds the settled status, but should it ever ask again, a second
   * redraw would start a request loop.
   */
  private redrawIfGuessWrong(doc: DocumentKey, status: ImageStatus): void {
    if (lensCommands(status, this.context(doc.uri, doc.version)).length === expectedLensCount(status.occurrence)) return;
    let seen = this.redrawn.get(doc.uri);
    if (!seen || seen.version !== doc.version) this.redrawn.set(doc.uri, (seen = { version: doc.version, slots: new Set() }));
    const slot = slotOf(status.occurrence);
    if (seen.slots.has(slot)) return;
    seen.slots.add(slot);
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.services.settings.current.codeLensEnabled) return [];
    const key = Services.key(document);
    const scan = this.services.scan(document);
    const lenses: vscode.CodeLens[] = [];
    for (const occurrence of scan.images) {
      const known = this.services.statuses.peek(key, occurrence);
      const count = known ? lensCommands(known, this.context(key.uri, key.version)).length : expectedLensCount(occurrence);
      for (let index = 0; index < count; index++) lenses.push(new ImageLens(key, occurrence, index));
    }
    // Places that name an image but cannot be pinned say so where they stand (no registry needed).
    for (const problem of scan.problems) {
      for (const lens of problemLenses(problem)) lenses.push(new vscode.CodeLens(toVsRange(problem.range), toCommand(lens)));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): Promise<vscode.CodeLens> {
    if (!(lens instanceof ImageLens)) return lens;
    let status: ImageStatus;
    try {
      status = await withSignal(token, (signal) => this.services.statuses.status(lens.key, lens.occurrence, signal));
    } catch (error) {
      // Cancelled (the document changed): VS Code drops this lens anyway, but never leave one without a command.
      lens.command = { title: '⚠ not resolved', command: Commands.showLog, tooltip: (error as Error).message };
      return lens;
    }
    const commands = lensCommands(status, this.context(lens.key.uri, lens.key.version));
    // A second lens guessed before the status was known, on a line that has one: a way to the log
    // until the provider redraws the line.
    lens.command = toCommand(commands[lens.index] ?? { title: 'Show log', command: Commands.showLog, arguments: [] });
    return lens;
  }

  private context(uri: string, version: number) {
    return { uri, version, digestKind: this.services.settings.for(uri).digestKind };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export function registerCodeLens(services: Services): vscode.Disposable {
  const provider = new PinCodeLensProvider(services);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, provider));
}
