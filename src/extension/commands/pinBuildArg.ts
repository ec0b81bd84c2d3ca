// `dockerPin.pinBuildArg(uri, version, position)`: the lens and quick fix of a Dockerfile line whose
// image compose builds give whole in their args. Each compose file giving it is planned as Pin All
// plans it (documentPins.ts, the engine's pinReadings), for that line alone: the digest goes into
// the arg's value or the `.env` line it reads, a stale one is updated there, only once the engine's
// re-read checks pass; the Dockerfile stays as written. Nothing is written if the Dockerfile changed
// since the lens was drawn, or a file to edit changed while the pin was planned.
import * as vscode from 'vscode';
import type { Position } from '../../core/types';
import { argLinesAt } from '../argPinTargets';
import { documentPins } from '../documentPins';
import { applyChecked, findDocument, reportOutdated, reportRefused, type ApplyResult } from '../edits';
import type { Services } from '../services';

export async function pinBuildArg(services: Services, uri: string, version: number, at: Position): Promise<ApplyResult> {
  const document = await findDocument(uri);
  await services.ready(document);
  if (document.isClosed || document.version !== version) {
    reportOutdated(document);
    return 'outdated';
  }
  const lines = argLinesAt(services, document, at) ?? [];
  const builders = [...new Set(lines.flatMap((line) => (line.use.builder === undefined ? [] : [line.use.builder.path])))];
  const name = vscode.workspace.asRelativePath(document.uri);
  let result: ApplyResult = 'nothing';
  const written: string[] = [];
  // One compose file after the other: one that shares a .env with another plans on the text the other left.
  for (const path of builders) {
    const compose = await findDocument(vscode.Uri.file(path).toString());
    await services.ready(compose);
    const composeVersion = compose.version;
    const pins = await documentPins(services, compose, true, new AbortController().signal, { path: document.uri.fsPath, line: at.line });
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
        .showWarningMessage(`Docker Pin: ${name}:${at.line + 1} was not pinned in ${composeName}: ${failed.note ?? 'see the log'}.`, 'Show Log')
        .then((choice) => choice && services.log.show(true));
      return 'refused';
    }
    // Typed over while the compose file was planned: the pin belongs to a line that may be gone.
    if (document.isClosed || document.version !== version) {
      reportOutdated(document);
      return 'outdated';
    }
    const applied = await applyChecked(services, compose, composeVersion, pins.planned, () => undefined);
    if (applied === 'applied') {
      written.push(composeName);
      result = 'applied';
    } else if (applied !== 'nothing') return applied;
  }
  if (result === 'applied') void vscode.window.setStatusBarMessage(`Docker Pin: pinned ${name}:${at.line + 1} in ${written.join(', ')}.`, 5000);
  else void vscode.window.showInformationMessage(`Docker Pin: nothing to pin for ${name}:${at.line + 1}.`);
  return result;
}
