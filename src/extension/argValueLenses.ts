// On a compose file, a lens on each build arg whose value gives a Dockerfile line of its builds its
// image whole (`args: BASE_IMAGE: …` for `FROM ${BASE_IMAGE}`): pin or update that value (or the
// `.env` line it reads) for that line, as Pin All does for every such arg (argPinModel.ts says what
// it shows, commands/pinBuildArg.ts what it runs). Drawn from parsing alone; answered on resolve.
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { buildArgOf } from '../core/buildScan';
import type { ImageOccurrence } from '../core/types';
import { pinnedByBuilder } from '../engine/buildArgPins';
import { buildOptions } from '../engine/passes';
import { leavingAlone, readingConflicts } from '../engine/readings';
import { buildsOf, scanSource, type SourceOptions } from '../engine/sources';
import type { ImageStatus } from '../engine/types';
import { argValueCommand, type ArgValueTarget } from './argPinModel';
import { withSignal } from './cancel';
import { Commands } from './commandIds';
import { type LensCommand, lensCommands } from './lensModel';
import type { Services } from './services';
import type { DocumentKey } from './statusCache';

export class ArgValueLens extends vscode.CodeLens {
  constructor(
    readonly key: DocumentKey,
    readonly target: ArgValueTarget,
    /** The Dockerfile line as the build reads it, and what it is scanned with. */
    readonly occurrence: ImageOccurrence,
    readonly options: SourceOptions,
    line: number,
  ) {
    super(new vscode.Range(line, 0, line, 0));
  }
}

/** The lenses of `document`'s build args that give Dockerfile lines their images whole (none for any other document). */
export async function argValueLenses(services: Services, document: vscode.TextDocument, key: DocumentKey): Promise<ArgValueLens[]> {
  const file = await services.sourceFile(document);
  if (file?.kind !== 'compose') return [];
  // The builds as the text is now (the index's may be of an earlier version of it).
  const builds = buildsOf(file, services.scanOptions(document.uri, 'compose'));
  const lenses: ArgValueLens[] = [];
  for (const { operand, use } of services.includes.dockerfilesBuiltBy(document.uri)) {
    const build = builds.find((b) => b.by === use.build.by && b.dockerfile === use.build.dockerfile && b.inline === undefined);
    const uri = vscode.Uri.file(operand.path);
    const text = build === undefined ? undefined : await services.fileText(uri);
    if (build === undefined || text === undefined) continue;
    const now = { ...use, build };
    // A line another build reads as no image (its named context, an image its project builds) is
    // left alone, with that build's why, as check . and the Dockerfile's own lenses leave it.
    const conflicts = readingConflicts({ kind: 'dockerfile', text }, services.includes.readingOf(uri)?.passes ?? []);
    const options = leavingAlone(services.passScanOptions(uri, 'dockerfile', { options: buildOptions(operand.options, build), main: false, via: 'build', use: now }), conflicts);
    for (const occurrence of scanSource({ kind: 'dockerfile', text }, options).images) {
      const arg = buildArgOf(occurrence, build.buildArgs);
      const place = arg === undefined ? undefined : build.argValues?.get(arg);
      if (arg === undefined || place === undefined || !pinnedByBuilder(now, arg)) continue;
      // A value read from .env: the lens stands on the arg that reads it.
      const line = place.file === 'env-file' ? (build.argLines?.get(arg) ?? build.range.start.line + 1) - 1 : place.at.line;
      const dockerfile = dirname(operand.path) === dirname(document.uri.fsPath) ? basename(operand.path) : vscode.workspace.asRelativePath(uri, false);
      const target: ArgValueTarget = { arg, by: use.by, dockerfile, path: operand.path, line: occurrence.range.start.line };
      lenses.push(new ArgValueLens(key, target, occurrence, options, line));
    }
  }
  return lenses;
}

const SAID_AS_ANY = new Set<ImageStatus['state']>(['current', 'digest-only', 'error', 'ignored']);

/** Fills in the lens: the Dockerfile line's answer, as its build reads it, and what to do about it. */
export async function resolveArgValueLens(services: Services, lens: ArgValueLens, token: vscode.CancellationToken): Promise<ArgValueLens> {
  let status: ImageStatus | undefined;
  try {
    const path = lens.target.path;
    const text = (await services.fileText(vscode.Uri.file(path))) ?? '';
    const analysis = await withSignal(token, (signal) => services.analyzeWith({ kind: 'dockerfile', text }, vscode.Uri.file(path), lens.options, signal));
    const at = lens.occurrence.range.start;
    status = analysis.statuses.find((s) => s.occurrence.range.start.line === at.line && s.occurrence.range.start.character === at.character);
  } catch (error) {
    lens.command = { title: '⚠ not resolved', command: Commands.showLog, tooltip: (error as Error).message };
    return lens;
  }
  // Nothing to write (current, an error, …): said as any image's lens says it; never a lens editing this file at the Dockerfile's place.
  const said = status !== undefined && SAID_AS_ANY.has(status.state) ? lensCommands(status, { uri: lens.key.uri, version: lens.key.version, digestKind: status.kind })[0] : undefined;
  const command: LensCommand | undefined = status === undefined ? undefined : (argValueCommand(status, lens.target, lens.key) ?? said);
  lens.command =
    command === undefined
      ? { title: 'Show log', command: Commands.showLog }
      : { title: command.title, command: command.command, arguments: [...command.arguments], ...(command.tooltip === undefined ? {} : { tooltip: command.tooltip }) };
  return lens;
}
