// Where the pin of an open Dockerfile's line goes when compose builds of the workspace give its
// image whole in their args: the builds (from the live scan, liveReadings.ts) and each value's
// place, named as the user sees it (argPinModel.ts says what the lens and quick fix do with it).
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ImageOccurrence, Position } from '../core/types';
import { type ArgPinTarget, argPinWhere } from './argPinModel';
import { type ArgLine, ownEnvPath } from './liveReadings';
import type { Services } from './services';
import { exists } from './workspaceFileAccess';

/** The builds that give the line at `at` of `document` its image whole in an arg whose pin their compose files write; undefined for any other line. */
export async function argLinesAt(services: Services, document: vscode.TextDocument, at: Position): Promise<readonly ArgLine[] | undefined> {
  for (const [occurrence, lines] of (await services.scan(document)).argLines ?? []) {
    if (occurrence.range.start.line === at.line && occurrence.range.start.character === at.character) return lines;
  }
  return undefined;
}

/** Where the pin of `occurrence` (a line of `document`) goes when builds give its image in their args; undefined for any other line. */
export async function argPinTarget(services: Services, document: vscode.TextDocument, occurrence: ImageOccurrence): Promise<ArgPinTarget | undefined> {
  const lines = await argLinesAt(services, document, occurrence.range.start);
  if (lines === undefined || lines.length === 0) return undefined;
  const folder = dirname(document.uri.fsPath);
  const found = await Promise.all(
    lines.map(async ({ use, place }) => {
      const builder = use.builder;
      const path = builder === undefined ? null : place.file === 'env-file' ? await ownEnvPath(builder, exists) : builder.path;
      if (path === null) return [];
      const name = dirname(path) === folder ? basename(path) : vscode.workspace.asRelativePath(vscode.Uri.file(path), false);
      return [{ name, line: place.at.line }];
    }),
  );
  const places = found.flat();
  // The same value read by several builds (one .env line) is one place.
  const unique = places.filter((place, i) => places.findIndex((p) => p.name === place.name && p.line === place.line) === i);
  if (unique.length === 0) return undefined;
  return { arg: lines[0].arg, where: argPinWhere(unique), by: [...new Set(lines.map((line) => line.use.by))] };
}

/** Where the pins of those of `occurrences` (lines of `document`) that builds give their images in args go, as `LensContext.argPin` looks them up. */
export async function argPinTargets(services: Services, document: vscode.TextDocument, occurrences: readonly ImageOccurrence[]): Promise<(occurrence: ImageOccurrence) => ArgPinTarget | undefined> {
  const at = (position: Position): string => `${position.line}:${position.character}`;
  const targets = new Map<string, ArgPinTarget>();
  for (const occurrence of occurrences) {
    const target = await argPinTarget(services, document, occurrence);
    if (target !== undefined) targets.set(at(occurrence.range.start), target);
  }
  return (occurrence) => targets.get(at(occurrence.range.start));
}
