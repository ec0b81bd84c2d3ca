// Pin All and source.fixAll.dockerPin (and, for one Dockerfile line a compose build gives its image
// in an arg, that line's lens and quick fix): the pins of an open document as the CLI's `pin` plans them
// (engine/pinReadings.ts): every reading of it the workspace's includes, extending projects and
// builds make (or the document alone), each env file a reading pins into, and for a compose file
// the build args its builds' Dockerfiles take their images from, as one set of edits checked for
// every reading before anything is offered. The answers are the status cache's, shared with the
// lenses, for the document's own lines.
import * as vscode from 'vscode';
import type { BuiltDockerfile, BuiltLine } from '../engine/buildArgPins';
import type { PinningReading, PinResult } from '../engine/pinReadings';
import { pinReadings } from '../engine/pinReadings';
import { scanSource, type SourceFile, type SourceOptions } from '../engine/sources';
import type { EnvFileEdits, PlannedEdits } from './edits';
import { envPathOf } from './includeIndex';
import type { Services } from './services';

export type DocumentPins = { readonly planned: PlannedEdits; readonly result: PinResult } | { readonly refused: string; readonly result: PinResult };

/**
 * The pins of `document` (read as `file`), with every stale pin updated when `update`; `signal`
 * stops the waiting. With `onlyLine`, a compose document's pin of that line of a Dockerfile its
 * builds read alone (its lens and quick fix), into the build arg the line takes its image from. Undefined when the document is not one the extension reads.
 */
export async function documentPins(services: Services, document: vscode.TextDocument, update: boolean, signal: AbortSignal, onlyLine?: BuiltLine): Promise<DocumentPins | undefined> {
  const file = await services.sourceFile(document);
  if (file === undefined) return undefined;
  const path = document.uri.fsPath;
  const readings = readingsOf(services, document, file);
  // Each env file as it is now; the document's own as `file` was read with it.
  const envTexts = new Map<string, string>();
  for (const { envPath } of readings) {
    if (envPath === null || envTexts.has(envPath)) continue;
    const text = envPath === readings[0].envPath ? file.envFile?.text : await services.fileText(vscode.Uri.file(envPath));
    if (text !== undefined) envTexts.set(envPath, text);
  }
  const result = await pinReadings<SourceOptions>({
    path,
    file,
    readings,
    envTexts,
    update,
    analyze: async (source, options, from) => {
      // A Dockerfile a build of this compose file reads: answered with its own settings.
      if (from !== undefined) return services.analyzeWith(source, vscode.Uri.file(from), options, signal);
      const scan = scanSource(source, options);
      const statuses = await Promise.all(scan.images.map(async (occurrence) => ({ ...(await services.status(document, occurrence, signal)), occurrence })));
      return { statuses, problems: scan.problems };
    },
    built: await builtDockerfiles(services, document),
    ...(onlyLine === undefined ? {} : { onlyLine }),
  });
  if (result.refused !== undefined) return { refused: result.refused.as === undefined ? result.refused.reason : `${result.refused.reason} (as ${result.refused.as})`, result };
  let edits: PlannedEdits['edits'] = [];
  const envFiles: EnvFileEdits[] = [];
  for (const [changed, { before, edits: fileEdits }] of result.files) {
    const uri = vscode.Uri.file(changed);
    if (fileEdits === undefined) return { refused: `the pins would change the lines of ${changed === path ? 'the file' : vscode.workspace.asRelativePath(uri, false)}`, result };
    if (changed === path) edits = fileEdits;
    else envFiles.push({ uri, text: before, edits: fileEdits });
  }
  return { planned: { edits, ...(envFiles.length === 0 ? {} : { envFiles }) }, result };
}

/** How the document is read: its own reading first, then each further one the workspace makes. */
function readingsOf(services: Services, document: vscode.TextDocument, file: SourceFile): PinningReading<SourceOptions>[] {
  const own = services.scanOptions(document.uri, file.kind);
  const envPath = file.kind === 'compose' ? (services.envFileOf(document)?.fsPath ?? null) : null;
  const reading = services.includes.readingOf(document.uri);
  if (reading === undefined) return [{ options: own, main: true, envPath }];
  // Who reads it its own way, as `pin` names it in a conflict (a kustomization that renders it, an include).
  const first = reading.passes.find((pass) => pass.main);
  return [
    { options: own, main: true, envPath: reading.envPath, ...(first?.by === undefined ? {} : { by: first.by, via: first.via ?? 'build' }) },
    ...reading.passes
      .filter((pass) => !pass.main)
      .map((pass) => ({
        options: services.passScanOptions(document.uri, file.kind, pass),
        main: false,
        envPath: envPathOf(reading, pass),
        ...(pass.by === undefined ? {} : { by: pass.by, via: pass.via ?? 'build' }),
        ...(pass.use === undefined ? {} : { use: pass.use }),
      })),
  ];
}

/** For a compose document: the Dockerfiles its builds read whose build args take their pins, as they are now. */
async function builtDockerfiles(services: Services, document: vscode.TextDocument): Promise<BuiltDockerfile[]> {
  const built: BuiltDockerfile[] = [];
  for (const { operand, use } of services.includes.dockerfilesBuiltBy(document.uri)) {
    const text = await services.fileText(vscode.Uri.file(operand.path));
    // One that cannot be read is left alone, as the CLI leaves it to its own reading.
    if (text !== undefined) built.push({ path: operand.path, use, file: { kind: 'dockerfile', text } });
  }
  return built;
}
