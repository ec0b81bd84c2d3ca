// CodeLenses above image references, from the status shared with hover, diagnostics and quick
// fixes. `provideCodeLenses` asks the registry nothing: it draws the lenses of answers already
// known, after a short wait for those already on their way; a line still unanswered gets
// placeholder lenses that `resolveCodeLens` fills in, asking the registry if nothing else has.
// While the include index is being built, the lines of a Dockerfile or a manifest no reading can
// change are drawn (readingFree.ts) and the rest once the index is known, when VS Code asks again.
import * as vscode from 'vscode';
import type { ImageOccurrence, ScanResult } from '../core/types';
import type { ImageStatus } from '../engine/types';
import { argPinTargets } from './argPinTargets';
import { ArgValueLens, argValueLenses, resolveArgValueLens } from './argValueLenses';
import { withSignal } from './cancel';
import { Commands } from './commandIds';
import { toVsRange } from './convert';
import { expectedLensCount, lensCommands, type LensCommand, type LensContext } from './lensModel';
import { problemLenses } from './scanProblems';
import { DOCUMENT_SELECTOR, Services } from './services';
import { slotOf, type DocumentKey } from './statusCache';

/**
 * How long `provideCodeLenses` waits for answers already on their way (the light bulb asks about
 * the line under the cursor, diagnostics about a file as it opens). A lens without a command is
 * filled in only after VS Code's resolve pause (250 ms at least) once the lenses are drawn; one
 * with its command is drawn at once. VS Code's pause before asking for lenses is at least 250 ms
 * too and grows only with providers slower than that, so this wait leaves it as it is.
 */
const SETTLE_WAIT_MS = 200;

class ImageLens extends vscode.CodeLens {
  constructor(
    readonly key: DocumentKey,
    readonly occurrence: ImageOccurrence,
    /** Which of the line's lenses this is (unpinned lines have two). */
    readonly index: number,
    command?: vscode.Command,
  ) {
    super(toVsRange(occurrence.range), command);
  }
}

function toCommand(lens: LensCommand): vscode.Command {
  return { title: lens.title, command: lens.command, arguments: [...lens.arguments], tooltip: lens.tooltip };
}

export class PinCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Per document, the version and slots whose lens count was guessed and is not yet redrawn. */
  private readonly guessed = new Map<string, { version: number; slots: Set<string> }>();

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      this.changed,
      services.onDidReset(() => this.changed.fire()),
      services.settings.onDidChange(() => this.changed.fire()),
      services.statuses.onDidSettle((doc, status) => void this.redrawIfGuessWrong(doc, status)),
      vscode.workspace.onDidCloseTextDocument((document) => this.guessed.delete(document.uri.toString())),
    );
  }

  /**
   * A line whose lenses were drawn as placeholders, guessed to need two, that turns out to have
   * one (an error) is redrawn, once per version and line: the redraw finds the settled status and
   * draws it as it is; should it ever ask again, a second redraw would start a request loop.
   */
  private async redrawIfGuessWrong(doc: DocumentKey, status: ImageStatus): Promise<void> {
    if (lensCommands(status, await this.context(doc.uri, doc.version, [status.occurrence])).length === expectedLensCount(status.occurrence)) return;
    const guessed = this.guessed.get(doc.uri);
    if (guessed?.version !== doc.version || !guessed.slots.delete(slotOf(status.occurrence))) return;
    this.changed.fire();
  }

  private guess(doc: DocumentKey, occurrence: ImageOccurrence): void {
    let guessed = this.guessed.get(doc.uri);
    if (guessed?.version !== doc.version) this.guessed.set(doc.uri, (guessed = { version: doc.version, slots: new Set() }));
    guessed.slots.add(slotOf(occurrence));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.services.settings.current.codeLensEnabled) return [];
    const scan = await this.scanToDraw(document, token);
    const key = Services.key(document);
    // Cancelled when the document changes: VS Code then asks again for the new version.
    await withSignal(token, (signal) => this.services.statuses.settling(key, scan.images, SETTLE_WAIT_MS, signal));
    const context = await this.context(key.uri, key.version, scan.images);
    const lenses: vscode.CodeLens[] = [];
    for (const occurrence of scan.images) {
      // Only this version's answers (or ones carried over to it): never one for other text.
      const known = this.services.statuses.peek(key, occurrence);
      if (known) {
        lensCommands(known, context).forEach((command, index) => lenses.push(new ImageLens(key, occurrence, index, toCommand(command))));
        continue;
      }
      this.guess(key, occurrence);
      for (let index = 0; index < expectedLensCount(occurrence); index++) lenses.push(new ImageLens(key, occurrence, index));
    }
    // A compose file's build args that give Dockerfile lines their images: their pin goes there.
    lenses.push(...(await argValueLenses(this.services, document, key)));
    // Places that name an image but cannot be pinned say so where they stand (no registry needed).
    for (const problem of scan.problems) {
      for (const lens of problemLenses(problem)) lenses.push(new vscode.CodeLens(toVsRange(problem.range), toCommand(lens)));
    }
    return lenses;
  }

  /**
   * The scan the lenses are drawn from: the document as its readings read it once they are known
   * (`Services.ready`). Until then, what no reading can change, once the answers on their way for it
   * have come (the wait any drawing has): the readings known meanwhile have every line drawn at once,
   * else the lenses are asked for again when they are known, if that left something out.
   */
  private async scanToDraw(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<ScanResult> {
    let known = false;
    const ready = this.services.ready(document).then(() => {
      known = true;
    });
    // Known already (the index built, or nothing to wait for): settled before the next turn.
    await Promise.race([ready, new Promise((resolve) => setImmediate(resolve))]);
    const early = known ? undefined : await this.services.readingFreeScan(document);
    const key = Services.key(document);
    if (early !== undefined) await Promise.race([ready, withSignal(token, (signal) => this.services.statuses.settling(key, early.scan.images, SETTLE_WAIT_MS, signal))]);
    // Edited meanwhile: VS Code asks again for the new text.
    if (early === undefined || known || document.version !== key.version) {
      await ready;
      return this.services.scan(document);
    }
    if (!early.complete) void ready.then(() => this.changed.fire());
    return early.scan;
  }

  async resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): Promise<vscode.CodeLens> {
    if (lens instanceof ArgValueLens) return resolveArgValueLens(this.services, lens, token);
    if (!(lens instanceof ImageLens)) return lens;
    let status: ImageStatus;
    try {
      status = await withSignal(token, (signal) => this.services.statuses.status(lens.key, lens.occurrence, signal));
    } catch (error) {
      // Cancelled (the document changed): VS Code drops this lens anyway, but never leave one without a command.
      lens.command = { title: '⚠ not resolved', command: Commands.showLog, tooltip: (error as Error).message };
      return lens;
    }
    const commands = lensCommands(status, await this.context(lens.key.uri, lens.key.version, [lens.occurrence]));
    // A second lens guessed before the status was known, on a line that has one: a way to the log
    // until the provider redraws the line.
    lens.command = toCommand(commands[lens.index] ?? { title: 'Show log', command: Commands.showLog, arguments: [] });
    return lens;
  }

  /** What the lenses of `occurrences` (lines of the document at `uri`) are drawn with. */
  private async context(uri: string, version: number, occurrences: readonly ImageOccurrence[]): Promise<LensContext> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    const envFiles = document === undefined ? undefined : this.services.envFileNames(document);
    return {
      uri,
      version,
      digestKind: this.services.settings.for(uri).digestKind,
      ...(envFiles === undefined || envFiles.length === 0 ? {} : { envFiles }),
      ...(document === undefined ? {} : { argPin: await argPinTargets(this.services, document, occurrences) }),
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

export function registerCodeLens(services: Services): vscode.Disposable {
  const provider = new PinCodeLensProvider(services);
  return vscode.Disposable.from(provider, vscode.languages.registerCodeLensProvider(DOCUMENT_SELECTOR, provider));
}
