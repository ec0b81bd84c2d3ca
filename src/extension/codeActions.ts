// Quick fixes on image references and a `source.fixAll.dockerPin` action for
// `editor.codeActionsOnSave`. Single-line fixes reuse the status the lens and diagnostic already
// share (no extra request) and apply through `dockerPin.applyPin`, as the lens does: on the version
// they were offered for, after the re-read check. The one that needs another digest kind runs
// `dockerPin.pinAs`, which fetches it only when chosen. The fix-all edit is the CLI's `pin --update`
// plan (documentPins.ts: every reading, env file and build arg), checked for every reading before
// it is offered; when it does not pass, the user is told why.
import * as vscode from 'vscode';
import { formatPlatform } from '../core/platform';
import { pinEdit } from '../core/pin';
import type { DigestKind, ImageOccurrence } from '../core/types';
import type { ImageStatus } from '../engine/types';
import { buildTimePlatformPin } from './buildTimePlatform';
import { argPinCommand, type ArgPinTarget } from './argPinModel';
import { argPinTarget } from './argPinTargets';
import { withSignal } from './cancel';
import { Commands } from './commandIds';
import { toVsRange } from './convert';
import { DIAGNOSTIC_SOURCE, DiagnosticCodes } from './diagnosticModel';
import { type DocumentPins, documentPins } from './documentPins';
import { reportRefused, workspaceEdit } from './edits';
import { applyPinArguments } from './lensModel';
import { BUILD_ARGS_SETTING, buildArgWouldHelp, OPEN_SETTINGS_COMMAND } from './scanProblems';
import { DOCUMENT_SELECTOR, Services } from './services';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('dockerPin');

export const QuickFixTitles = {
  platform: (platform: string) => `Pin to platform digest (${platform})`,
  index: 'Pin to index digest (multi-arch)',
  update: 'Update stale pin',
  pinAll: 'Pin all images in file',
  buildArgs: `Set ${BUILD_ARGS_SETTING}`,
} as const;

function ours(diagnostic: vscode.Diagnostic, code?: string): boolean {
  return diagnostic.source === DIAGNOSTIC_SOURCE && (code === undefined || diagnostic.code === code);
}

export class PinCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly services: Services) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    await this.services.ready(document);
    const scan = await this.services.scan(document);
    // Only when asked for our kind (or a narrower one): a bare `source.fixAll` on save is what
    // users set up for other fixers (eslint), and must not pin files they did not opt in for.
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const fixAll = await this.fixAll(document, scan.images, token);
      if (fixAll) actions.push(fixAll);
    }
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return actions;
    const helped = scan.problems.filter((p) => buildArgWouldHelp(p) && toVsRange(p.range).intersection(range) !== undefined);
    actions.push(...this.buildArgFixes(context.diagnostics.filter((d) => ours(d, DiagnosticCodes.noValue) && helped.some((p) => d.range.isEqual(toVsRange(p.range))))));
    const touched = scan.images.filter((occurrence) => toVsRange(occurrence.range).intersection(range) !== undefined);
    let offerPinAll = false;
    for (const occurrence of touched) {
      let status: ImageStatus;
      try {
        status = await withSignal(token, (signal) => this.services.status(document, occurrence, signal));
      } catch {
        return actions;
      }
      const diagnostics = context.diagnostics.filter((d) => ours(d) && d.range.isEqual(toVsRange(occurrence.range)));
      // Its pin goes where a build gives its value: that fix alone, never one on the line (Pin All of this file leaves it to the compose file).
      const target = await argPinTarget(this.services, document, occurrence);
      if (target !== undefined) {
        actions.push(...this.argPinFix(document, status, target, diagnostics));
        continue;
      }
      const fixes = this.fixesFor(document, status, diagnostics);
      offerPinAll ||= fixes.length > 0 && status.state !== 'current';
      actions.push(...fixes);
    }
    if (offerPinAll) {
      const pinAll = new vscode.CodeAction(QuickFixTitles.pinAll, vscode.CodeActionKind.QuickFix);
      // Runs the command: progress, cancellation and one undo step, with no work until chosen.
      pinAll.command = { title: QuickFixTitles.pinAll, command: Commands.pinAll, arguments: [document.uri] };
      actions.push(pinAll);
    }
    return actions;
  }

  /** A Dockerfile line whose image a compose build gives whole in its args: its pin (or update) there, as its lens does. */
  private argPinFix(document: vscode.TextDocument, status: ImageStatus, target: ArgPinTarget, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    const command = argPinCommand(status, target, Services.key(document));
    if (command === undefined || command.command !== Commands.pinBuildArg) return [];
    const action = new vscode.CodeAction(command.title, vscode.CodeActionKind.QuickFix);
    action.command = { title: command.title, command: command.command, arguments: [...command.arguments], tooltip: command.tooltip };
    action.diagnostics = diagnostics;
    action.isPreferred = true;
    return [action];
  }

  /** A variable without a value: the setting that gives it one. */
  private buildArgFixes(diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    if (diagnostics.length === 0) return [];
    const action = new vscode.CodeAction(QuickFixTitles.buildArgs, vscode.CodeActionKind.QuickFix);
    action.command = { title: QuickFixTitles.buildArgs, command: OPEN_SETTINGS_COMMAND, arguments: [BUILD_ARGS_SETTING] };
    action.diagnostics = diagnostics;
    action.isPreferred = true;
    return [action];
  }

  private fixesFor(document: vscode.TextDocument, status: ImageStatus, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    const resolution = status.resolution;
    const make = (title: string, digest: string | undefined, preferred: boolean): vscode.CodeAction | undefined => {
      const edit = digest ? pinEdit(status.occurrence, digest) : undefined;
      if (!edit || !digest) return undefined;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      // Through the lens's command: checked on the version it was offered for, with the re-read check.
      action.command = { title, command: Commands.applyPin, arguments: [...applyPinArguments(Services.key(document), status.occurrence, edit, digest)] };
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      return action;
    };
    /** A fix that resolves the digest of `kind` only when chosen (`dockerPin.pinAs`). */
    const lazy = (title: string, kind: DigestKind, preferred: boolean): vscode.CodeAction => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.command = { title, command: Commands.pinAs, arguments: [document.uri.toString(), document.version, { ...status.occurrence.range.start }, kind] };
      action.diagnostics = diagnostics;
      action.isPreferred = preferred;
      return action;
    };
    const out: (vscode.CodeAction | undefined)[] = [];
    const platformTitle = QuickFixTitles.platform(formatPlatform(status.platform));
    if (status.state === 'unpinned' && resolution && status.indexOnly !== undefined) {
      // An ARG default serving several platforms: only the index digest fits every use.
      out.push(make(QuickFixTitles.index, resolution.indexDigest, true));
    } else if (status.state === 'unpinned' && resolution) {
      // The kind the answer is for: the setting's, or the one the line's place needs (`# syntax=`: the index).
      const platformFirst = status.kind === 'platform';
      // The index was found with a HEAD: the platform digest needs the body, fetched when chosen.
      out.push(resolution.platformDigest ? make(platformTitle, resolution.platformDigest, platformFirst) : lazy(platformTitle, 'platform', platformFirst));
      out.push(make(QuickFixTitles.index, resolution.indexDigest, !platformFirst));
    } else if (status.state === 'stale') {
      out.push(make(QuickFixTitles.update, status.targetDigest, true));
    } else if (status.state === 'gone') {
      // The pinned manifest cannot say what it was made for: the user picks, none is preferred.
      if (status.indexOnly === undefined) out.push(lazy(platformTitle, 'platform', false));
      out.push(lazy(QuickFixTitles.index, 'index', false));
    }
    if (status.state !== 'unpinned' && buildTimePlatformPin(status)) {
      // A platform pin (current or stale) where the platform is decided at build time: the tag's
      // index instead, known from the same answer, else fetched when chosen.
      out.push(
        resolution?.indexDigest ? make(QuickFixTitles.index, resolution.indexDigest, false) : lazy(QuickFixTitles.index, 'index', false),
      );
    }
    return out.filter((action): action is vscode.CodeAction => action !== undefined);
  }

  /**
   * Every unpinned and stale image in the file, as one edit; only when asked for (e.g. on save),
   * and only when the edit passes the CLI's re-read check on the text it was planned for.
   */
  private async fixAll(document: vscode.TextDocument, images: readonly ImageOccurrence[], token: vscode.CancellationToken): Promise<vscode.CodeAction | undefined> {
    const version = document.version;
    let pins: DocumentPins | undefined;
    try {
      // The pins the CLI would write: every reading, each env file and build arg a pin goes into.
      pins = await withSignal(token, async (signal) => {
        await Promise.all(images.map((occurrence) => this.services.status(document, occurrence, signal)));
        return documentPins(this.services, document, true, signal);
      });
    } catch {
      return undefined;
    }
    // Typed over while resolving: these edits belong to a text that is gone.
    if (pins === undefined || document.isClosed || document.version !== version) return undefined;
    if ('refused' in pins) {
      reportRefused(document, pins.refused, this.services.log);
      return undefined;
    }
    if (pins.result.files.size === 0) return undefined;
    const action = new vscode.CodeAction(QuickFixTitles.pinAll, FIX_ALL_KIND);
    action.edit = workspaceEdit(document, pins.planned);
    return action;
  }
}

export function registerCodeActions(services: Services): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    DOCUMENT_SELECTOR,
    new PinCodeActionProvider(services),
    PinCodeActionProvider.metadata,
  );
}
