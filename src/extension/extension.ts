// The wiring list: build the shared services once, register every provider and command, and let
// `context.subscriptions` dispose all of it. Activation fetches nothing; lenses and commands do.
import * as vscode from 'vscode';
import type { DigestKind, Position, Range } from '../core/types';
import type { CodeCacheOutcome } from '../startup/codeCache';
import { ActiveFileContext } from './activeFileContext';
import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { Commands } from './commandIds';
import { applyPin } from './commands/applyPin';
import { checkWorkspace } from './commands/checkWorkspace';
import { clearCache } from './commands/clearCache';
import { openManifest } from './commands/openManifest';
import { pinAll } from './commands/pinAll';
import { pinAs } from './commands/pinAs';
import { pinBuildArg, pinBuildArgValue } from './commands/pinBuildArg';
import { selectPlatform } from './commands/selectPlatform';
import { showLog } from './commands/showLog';
import { showManifest } from './commands/showManifest';
import { DiagnosticsController } from './diagnostics';
import { registerHover } from './hover';
import { registerManifestDocuments } from './manifestDocuments';
import { Services } from './services';
import { PlatformStatusBar } from './statusBar';

/** How the activation log line says the bundle was compiled. */
const CODE_CACHE_TEXT: Record<CodeCacheOutcome, string> = {
  used: 'started from its code cache',
  missing: 'no code cache yet: one is made for the next start',
  rejected: 'code cache refused by this Node: a new one is made',
  untrusted: 'code cache not used: others may write its file; a new one is made',
  off: 'code cache off',
};

export interface DockerPinApi {
  /** Request counters of the current registry client (tests check that caching holds). */
  readonly stats: () => Readonly<Record<string, number>>;
}

/** Run by the loader (loader.ts), which says how this bundle was compiled: from its code cache, or why not. */
export function activate(context: vscode.ExtensionContext, codeCache?: CodeCacheOutcome): DockerPinApi {
  const log = vscode.window.createOutputChannel('Docker Pin', { log: true });
  // Manifests are kept by digest in the extension's own storage, shared by every window.
  const services = new Services(log, context.globalStorageUri.fsPath);
  const diagnostics = new DiagnosticsController(services);
  const command = (id: string, run: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, run);

  context.subscriptions.push(
    log,
    services,
    diagnostics,
    new PlatformStatusBar(services),
    new ActiveFileContext(services),
    registerCodeLens(services),
    registerCodeActions(services),
    registerHover(services),
    registerManifestDocuments(services),
    command(Commands.pinAll, (uri?: unknown) => pinAll(services, uri)),
    command(Commands.checkWorkspace, () => checkWorkspace(services, diagnostics)),
    command(Commands.showManifest, () => showManifest(services)),
    command(Commands.selectPlatform, (platform?: string) => selectPlatform(services, platform)),
    command(Commands.clearCache, () => clearCache(services)),
    command(Commands.showLog, () => showLog(log)),
    command(Commands.applyPin, (uri: string, version: number, range: Range, newText: string, at: Position, digest: string) =>
      applyPin(services, uri, version, range, newText, at, digest)),
    command(Commands.openManifest, (reference: string, platform?: string) => openManifest(services, reference, platform)),
    command(Commands.pinAs, (uri: string, version: number, position: Position, kind: DigestKind) => pinAs(services, uri, version, position, kind)),
    command(Commands.pinBuildArg, (uri: string, version: number, position: Position) => pinBuildArg(services, uri, version, position)),
    command(Commands.pinBuildArgValue, (uri: string, version: number, dockerfile: string, line: number) => pinBuildArgValue(services, uri, version, dockerfile, line)),
  );
  const started = codeCache === undefined ? '' : `; ${CODE_CACHE_TEXT[codeCache]}`;
  log.info(`activated (${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'} workspace, platform ${services.settings.current.platformText}${started})`);
  return { stats: () => ({ ...services.clients.current.stats }) };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
