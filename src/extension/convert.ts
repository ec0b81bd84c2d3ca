// Conversions between the core's plain positions and VS Code's classes.
import * as vscode from 'vscode';
import type { Position, Range } from '../core/types';

export function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toVsPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function contains(range: Range, position: Position): boolean {
  return toVsRange(range).contains(toVsPosition(position));
}
