// The lenses and quick fixes of one image a compose build gives whole in its args (`FROM
// ${BASE_IMAGE}`, `args: BASE_IMAGE: …`), on the Dockerfile's line (`dockerPin.pinBuildArg`) or on
// the compose file's arg (`dockerPin.pinBuildArgValue`). Each compose file giving it is planned as
// Pin All plans it (documentPins.ts, the engine's pinReadings), for that Dockerfile line alone: the
// digest goes into the arg's value or the `.env` line it reads, a stale one is updated there, only
// once the engine's re-read checks pass; the Dockerfile stays as written. Nothing is written if the
// document the lens was drawn on changed since, or a file to edit changed while the pin was planned.
import * as vscode from 'vscode';
import type { BuiltLine } from '../../engine/buildArgPins';
import type { Position } from '../../core/types';
import { argLinesAt } from '../argPinTargets';
import { documentPins } from '../documentPins';
import { applyChecked, findDocument, reportOutdated, reportRefused, type ApplyResult } from '../edits';
import type { Services } from '../services';

/** `dockerPin.pinBuildArg(uri, version, position)`: the Dockerfile line at `position`, pinned in each compose file that gives its image. */
export async function pinBuildArg(services: Services, uri: string, version: number, at: Position): Promise<ApplyResult> {
  const { document, current } = await drawnOn(services, uri, version);
  if (!current()) {
    reportOutdated(document);
    return 'outdated';
  }
  const lines = (await argLinesAt(services, document, at)) ?? [];
  const builders = [...new Set(lines.flatMap((line) => (line.use.builder === undefined ? [] : [line.use.builder.path])))];
  return pinInComposeFiles(services, builders, { path: document.uri.fsPath, line: at.line }, current, () => reportOutdated(document));
}

/** `dockerPin.pinBuildArgValue(uri, version, dockerfile, line)`: from a compose file's arg, the pin of the Dockerfile line (zero-based) it gives its image. */
export async function pinBuildArgValue(services: Services, uri: string, version: number, dockerfile: string, line: number): Promise<ApplyResult> {
  const { document, current } = await drawnOn(services, uri, version);
  if (!current()) {
    reportOutdated(document);
    return 'outdated';
  }
  return pinInComposeFiles(services, [document.uri.fsPath], { path: dockerfile, line }, current, () => reportOutdated(document));
}

/** The document a lens was drawn on, and whether it is still the version it was drawn for. */
async function drawnOn(services: Services, uri: string, version: number): Promise<{ document: vscode.TextDocument; current: () => boolean }> {
  const document = await findDocument(uri);
  await services.ready(document);
  return { document, current: () => !document.isClosed && document.version === version };
}

/**
 * The pin of `only` written in each of `builders` (compose files), one after the other: one that
 * shares a .env with another plans on the text the other left. `current` says whether the document
 * the lens was drawn on is still the text it was drawn for.
 */
async function pinInComposeFiles(services: Services, builders: readonly string[], only: BuiltLine, current: () => boolean, outdated: () => void): Promise<ApplyResult> {
  const name = `${vscode.workspace.asRelativePath(vscode.Uri.file(only.path))}:${only.line + 1}`;
  let result: ApplyResult = 'nothing';
  const written: string[] = [];
  for (const path of builders) {
    const compose = await findDocument(vscode.Uri.file(path).toString());
    await services.ready(compose);
    const composeVersion = compose.version;
    const pins = await documentPins(services, compose, true, new AbortController().signal, only);
    if (pins === undefined) continue;
    if ('refused' in pins) {
      reportRefused(compose, pins.refused, services.log);
      return 'refused';
    }
    const composeName = vscode.workspace.asRelativePath(compose.uri);
    // A pin the engine did not make (its value serves other images, its rewrite did not check out): said, nothing written for it.
    for (const note of pins.result.notes) services.log.warn(`${composeName}:${note.range.start.line + 1}: ${note.text}`);
    const failed = pins.result.outcomes.find((outcome) => outcome.action === 'failed');
    if (failed !== undefined) {
      void vscode.window
        .showWarningMessage(`Docker Pin: ${name} was not pinned in ${composeName}: ${failed.note ?? 'see the log'}.`, 'Show Log')
        .then((choice) => choice && services.log.show(true));
      return 'refused';
    }
    // Typed over while the compose file was planned: the pin belongs to a text that may be gone.
    if (!current()) {
      outdated();
      return 'outdated';
    }
    const applied = await applyChecked(services, compose, composeVersion, pins.planned, () => undefined);
    if (applied === 'applied') {
      written.push(composeName);
      result = 'applied';
    } else if (applied !== 'nothing') return applied;
  }
  if (result === 'applied') void vscode.window.setStatusBarMessage(`Docker Pin: pinned ${name} in ${written.join(', ')}.`, 5000);
  else void vscode.window.showInformationMessage(`Docker Pin: nothing to pin for ${name}.`);
  return result;
}
