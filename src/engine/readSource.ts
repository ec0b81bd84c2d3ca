// Reads a file for the engine, with its kind and what its kind reads beside it: a compose file's
// project `.env` (in the compose file's folder, as `docker compose` reads it when run there, or the
// env file an include gives it).
import { dirname, join } from 'node:path';
import { detectKind } from '../core/sources/detect';
import type { FileKind } from '../core/types';
import { type FileAccess, UnreadableFileError } from './fileAccess';
import type { SourceFile } from './sources';

/** A file to read: a path, or a path with the kind already known (a walk tells it). */
export type FileOperand =
  | string
  | {
      readonly path: string;
      readonly kind?: FileKind;
      /** A compose file's env file when it is not the `.env` beside it (an include's); null for none. */
      readonly envPath?: string | null;
    };

export function operandPath(operand: FileOperand): string {
  return typeof operand === 'string' ? operand : operand.path;
}

/** A file read for the engine: its source, and where its `.env` is when it has one. */
export interface ReadSource {
  readonly path: string;
  readonly file: SourceFile;
  /** The path of `file.envFile`. */
  readonly envPath?: string;
}

/**
 * Reads `operand`. Its kind is the one given, else the one its name and content tell
 * (`kindOf`, detectKind by default), else Dockerfile — a file of no known kind is read as a
 * Dockerfile, as `check Dockerfile.prod` always was. Throws UnreadableFileError for the file or its `.env`.
 */
export async function readSource(operand: FileOperand, files: FileAccess, kindOf: (path: string, text: string) => FileKind | undefined = detectKind): Promise<ReadSource> {
  const path = operandPath(operand);
  const text = await files.readText(path);
  const kind = (typeof operand === 'string' ? undefined : operand.kind) ?? kindOf(path, text) ?? 'dockerfile';
  if (kind !== 'compose' || files.isStream(path)) return { path, file: { kind, text } };
  const given = typeof operand === 'string' ? undefined : operand.envPath;
  if (given === null) return { path, file: { kind, text } };
  const envPath = given ?? join(dirname(path), '.env');
  let envText: string;
  try {
    envText = await files.readText(envPath);
  } catch (error) {
    // No `.env` is the common case: Compose then reads the environment alone.
    if (error instanceof UnreadableFileError && error.code === 'ENOENT') return { path, file: { kind, text } };
    throw error;
  }
  return { path, envPath, file: { kind, text, envFile: { text: envText } } };
}
