// Pin All and source.fixAll.dockerPin on a file several includes, extending projects or builds
// read: the pins of every reading (readingPins.ts, as the CLI's `pin` writes them), as one set of
// edits of the file and of each env file a reading pins into, checked for every reading before
// anything is offered.
import * as vscode from 'vscode';
import type { SourceFile } from '../engine/sources';
import type { ImageStatus } from '../engine/types';
import type { EnvFileEdits, PlannedEdits } from './edits';
import { envPathOf } from './includeIndex';
import { lineEdits } from '../core/lineEdits';
import { pinEveryReading, type PinReading } from './readingPins';
import type { Services } from './services';

/**
 * The edits that pin `statuses` (the live reading's answers for `document`, read as `file`) for
 * every further reading of it; `refused`: why they are not known good. Undefined when at most one
 * reading reads it: the caller's own plan then holds.
 */
export function everyReadingEdits(services: Services, document: vscode.TextDocument, file: SourceFile, statuses: readonly ImageStatus[], update: boolean): PlannedEdits | { refused: string } | undefined {
  const reading = services.includes.readingOf(document.uri);
  const more = reading?.passes.filter((pass) => !pass.main) ?? [];
  if (reading === undefined || more.length === 0) return undefined;
  const readings: PinReading[] = [
    { options: services.scanOptions(document.uri, file.kind), envPath: reading.envPath },
    ...more.map((pass) => ({
      options: services.passScanOptions(document.uri, file.kind, pass),
      envPath: envPathOf(reading, pass),
      ...(pass.by === undefined ? {} : { by: pass.by, via: pass.via ?? 'build' }),
    })),
  ];
  // Each env file as it is now; the live reading's as `file` was read with it.
  const envTexts = new Map<string, string>();
  for (const { envPath } of readings) {
    if (envPath === null || envTexts.has(envPath)) continue;
    const text = envPath === reading.envPath ? file.envFile?.text : services.fileText(vscode.Uri.file(envPath));
    if (text !== undefined) envTexts.set(envPath, text);
  }
  const result = pinEveryReading(file.kind, file.text, readings, envTexts, statuses, update);
  if (!result.ok) return { refused: result.reason };
  const edits = lineEdits(file.text, result.text);
  const envFiles: EnvFileEdits[] = [];
  for (const [path, { before, after }] of result.envFiles) {
    const envEdits = lineEdits(before, after);
    if (envEdits === undefined) return { refused: `the pins would change the lines of ${vscode.workspace.asRelativePath(vscode.Uri.file(path), false)}` };
    envFiles.push({ uri: vscode.Uri.file(path), text: before, edits: envEdits });
  }
  if (edits === undefined) return { refused: 'the pins would change the lines of the file' };
  return { edits, ...(envFiles.length === 0 ? {} : { envFiles }) };
}
