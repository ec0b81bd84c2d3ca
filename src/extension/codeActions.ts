// Quick fixes on image references and a `source.fixAll.dockerPin` action for
// `editor.codeActionsOnSave`. Single-line fixes reuse the status the lens and diagnostic already
// share (no extra request); the one that needs another digest kind runs `dockerPin.pinAs`, which
// fetches it only when chosen and tells the user when the file changed meanwhile or the registry failed.
import * as vscode from 'vscode';
import { formatPlatform } from '../core/platform';
import { pinEdit } from '../core/pin';
import type { DigestKind, ImageOccurrence, TextEdit } from '../core/types';
import { planPins } from '../engine/planPins';
import type { ImageStatus } from '../engine/types';
import { withSignal } from './cancel';
import { Commands } from './commandIds';
import { toVsRange } from './convert';
import { DIAGNOSTIC_SOURCE } from './diagnosticModel';
import { DOCKERFILE_SELECTOR, Services } from './services';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('dockerPin');

export const QuickFixTitles = {
  platform: (platform: string) => `Pin to platform digest (${platform})`,
  index: 'Pin to index digest (multi-arch)',
  update: 'Update stale pin',
  pinAll: 'Pin all images in file',
} as const;

function workspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of edits) edit.replace(document.uri, toVsRange(textEdit.range), textEdit.newText);
  return edit;
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
    const scan = this.services.scan(document);
    // Only when asked for our kind (or a narrower one): a bare `source.fixAll` on save is what
    // users set up for other fixers (eslint), and must not pin Dockerfiles they did not opt in for.
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const fixAll = await this.fixAll(document, scan.images, token);
      if (fixAll) actions.push(fixAll);
    }
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return actions;
    const touched = scan.images.filter((occurrence) => toVsRange(occurrence.range).intersection(range) !== undefined);
    let offerPinAll = false;
    for (const occurrence of touched) {
      let status: ImageStatus;
      try {
        status = await withSignal(token, (signal) => this.services.status(document, occurrence, signal));
      } catch {
        return actions;
      }
      const diagnostics = context.diagnostics.filter(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(toVsRange(occurrence.range)),
      );
      const fixes = this.fixesFor(document, status, diagnostics);
      offerPinAll ||= fixes.length > 0;
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

  private fixesFor(document: vscode.TextDocument, status: ImageStatus, diagnostics: vscode.Diagnostic[]): vscode.CodeAction[] {
    const settings = this.services.settings.for(document.uri);
    const resolution = status.resolution;
    const make = (title: string, digest: string | undefined, preferred: boolean): vscode.CodeAction | undefined => {
      const edit = digest ? pinEdit(status.occurrence, digest) : undefined;
      if (!edit) return undefined;
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.edit = workspaceEdit(document, [edit]);
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
    if (status.state === 'unpinned' && resolution) {
      const platformFirst = settings.digestKind === 'platform';
      // The index was found with a HEAD: the platform digest needs the body, fetched when chosen.
      out.push(resolution.platformDigest ? make(platformTitle, resolution.platformDigest, platformFirst) : lazy(platformTitle, 'platform', platformFirst));
      out.push(make(QuickFixTitles.index, resolution.indexDigest, !platformFirst));
    } else if (status.state === 'stale') {
      out.push(make(QuickFixTitles.update, status.targetDigest, true));
    } else if (status.state === 'gone') {
      // The pinned manifest cannot say what it was made for: the user picks, none is preferred.
      out.push(lazy(platformTitle, 'platform', false), lazy(QuickFixTitles.index, 'index', false));
    }
    return out.filter((action): action is vscode.CodeAction => action !== undefined);
  }

  /** Every unpinned and stale image in the file, as one edit; only when asked for (e.g. on save). */
  private async fixAll(document: vscode.TextDocument, images: readonly ImageOccurrence[], token: vscode.CancellationToken): Promise<vscode.CodeAction | undefined> {
    let statuses: ImageStatus[];
    try {
      statuses = await withSignal(token, (signal) => Promise.all(images.map((occurrence) => this.services.status(document, occurrence, signal))));
    } catch {
      return undefined;
    }
    const plan = planPins({ statuses, problems: [] }, { update: true });
    if (plan.edits.length === 0) return undefined;
    const action = new vscode.CodeAction(QuickFixTitles.pinAll, FIX_ALL_KIND);
    action.edit = workspaceEdit(document, plan.edits);
    return action;
  }
}

export function registerCodeActions(services: Services): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    DOCKERFILE_SELECTOR,
    new PinCodeActionProvider(services),
    PinCodeActionProvider.metadata,
  );
}
