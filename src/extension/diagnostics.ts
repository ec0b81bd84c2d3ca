// Diagnostics for open Dockerfiles: unpinned lines at once (no registry needed), then stale pins
// and failures as their shared resolutions arrive (those of the lines no reading can change asked
// for before the include index is known). Check Workspace's results for closed files live
// in a collection of their own: nothing refreshes them, so they are dropped when they may be wrong
// (Clear Cache, a setting that changes results) and when the file opens (the live ones take over),
// except what only the check could say (a build's reading of the file, a conflict between
// readings, a problem of a build or include the file names): the live diagnostics read the open
// document alone, so those stay until the document is edited.
import * as vscode from 'vscode';
import type { ScanResult } from '../core/types';
import type { ImageStatus } from '../engine/types';
import { toVsRange } from './convert';
import { DIAGNOSTIC_SOURCE, diagnosticsFor, type DiagnosticData, type Severity } from './diagnosticModel';
import { Services } from './services';
import type { UnpinnedSeverity } from './settingsModel';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Typing pauses this long before the registry is asked about the new text. */
const DEBOUNCE_MS = 400;

export function toDiagnostic(data: DiagnosticData): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVsRange(data.range), data.message, SEVERITY[data.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = data.code;
  return diagnostic;
}

export function toDiagnostics(scan: ScanResult, statuses: readonly (ImageStatus | undefined)[], severity: UnpinnedSeverity, envFiles?: readonly string[]): vscode.Diagnostic[] {
  return diagnosticsFor(scan, statuses, severity, envFiles).map(toDiagnostic);
}

export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  /** Check Workspace's results for files that were not open. */
  readonly checkCollection = vscode.languages.createDiagnosticCollection(`${DIAGNOSTIC_SOURCE}-workspace`);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Per checked file (by URI), its check results that the live diagnostics cannot give. */
  private readonly checkOnly = new Map<string, vscode.Diagnostic[]>();

  constructor(private readonly services: Services) {
    this.subscriptions.push(
      this.collection,
      this.checkCollection,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (this.services.reads(document)) {
          const kept = this.checkOnly.get(document.uri.toString());
          if (kept !== undefined && kept.length > 0) this.checkCollection.set(document.uri, kept);
          else this.checkCollection.delete(document.uri);
        }
        this.schedule(document, 0);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        this.dropCheckOnly(event.document.uri);
        this.schedule(event.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancelTimer(document.uri.toString());
        this.collection.delete(document.uri);
      }),
      services.onDidReset(() => this.refreshAll()),
      // A new client: Clear Cache, new credentials or trust, mirrors, … Old results may be wrong.
      services.clients.onDidChange(() => this.clearCheckResults('the registry client changed')),
      services.settings.onDidChangeResults(() => this.clearCheckResults('settings changed')),
    );
    this.refreshAll();
  }

  /**
   * Check Workspace's result for a file it read from disk: `all` while the file stays closed;
   * `checkOnly`, the part the live diagnostics cannot give, once it opens (until it is edited).
   */
  setChecked(uri: vscode.Uri, all: vscode.Diagnostic[], checkOnly: vscode.Diagnostic[]): void {
    const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && this.services.reads(d));
    this.checkCollection.set(uri, open ? checkOnly : all);
    if (checkOnly.length > 0) this.checkOnly.set(uri.toString(), checkOnly);
    else this.checkOnly.delete(uri.toString());
  }

  /** An edit: what the check said of the file's other readings was said of the old text. */
  private dropCheckOnly(uri: vscode.Uri): void {
    if (!this.checkOnly.delete(uri.toString())) return;
    this.checkCollection.delete(uri);
    this.services.log.info(`check workspace: results of other readings of ${vscode.workspace.asRelativePath(uri)} cleared (edited); run Check Workspace again`);
  }

  private clearCheckResults(why: string): void {
    this.checkOnly.clear();
    let files = 0;
    this.checkCollection.forEach(() => void files++);
    if (files === 0) return;
    this.checkCollection.clear();
    this.services.log.info(`check workspace: results for ${files} closed file(s) cleared (${why}); run Check Workspace again`);
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!this.services.reads(document)) return;
    const uri = document.uri.toString();
    this.cancelTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.refresh(document);
      }, delayMs),
    );
  }

  private cancelTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  /** Publishes what is known now, then the full picture once every image has resolved. */
  async refresh(document: vscode.TextDocument): Promise<void> {
    // The lines no reading can change are asked about at once, not after the include index is known
    // (seconds in a monorepo): the lenses drawn meanwhile wait for these answers.
    for (const occurrence of (await this.services.readingFreeScan(document))?.scan.images ?? []) void this.services.status(document, occurrence).catch(() => undefined);
    await this.services.ready(document);
    if (document.isClosed) return;
    const version = document.version;
    const severity = this.services.settings.for(document.uri).unpinnedSeverity;
    const scan = await this.services.scan(document);
    // Changed or closed while its env file was read: its new version has its own refresh.
    if (document.isClosed || document.version !== version) return;
    const known = scan.images.map((occurrence) => this.services.statuses.peek(Services.key(document), occurrence));
    const envFiles = this.services.envFileNames(document);
    this.collection.set(document.uri, toDiagnostics(scan, known, severity, envFiles));
    if (known.every((status) => status !== undefined)) return;
    let statuses: ImageStatus[];
    try {
      statuses = await Promise.all(scan.images.map((occurrence) => this.services.status(document, occurrence)));
    } catch {
      return; // The document changed or closed meanwhile; its new version has its own refresh.
    }
    if (document.isClosed || document.version !== version) return;
    if (statuses.some((status) => status.state === 'error' && status.error?.code === 'CANCELLED')) return;
    this.collection.set(document.uri, toDiagnostics(scan, statuses, severity, envFiles));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
