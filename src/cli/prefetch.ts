// `pin` and `check` over many files go through them twice. A first pass reads and scans every file
// and starts the resolution of each image as soon as it is seen, so a tree's distinct images are
// all asked for at once instead of in waves as files come up. The ordered pass (forEachOrdered)
// then finds its answers there or in flight, and alone reports and writes, in argument order.
import { stat } from 'node:fs/promises';
import type { ImageOccurrence } from '../core/types';
import { scanSource, type SourceFile, type SourceOptions } from '../engine/sources';
import { FILES_IN_FLIGHT, forEachOrdered } from './forEachOrdered';
import { STDIN } from './inputs';
import { type FileOperand, operandPath, readSource } from './readSource';

export interface LookAhead {
  /** No further file is read; resolutions already started go on (the ordered pass may need them). */
  stop(): void;
  /** Settles, never rejecting, once no file is being read any more. */
  readonly done: Promise<void>;
}

/**
 * Reads and scans `files` (for the build `options` describes, as the ordered pass scans them),
 * `concurrency` at a time, calling `start` for every image occurrence.
 * It keeps nothing of a file once scanned and reports nothing: a file it cannot read or scan is
 * passed over, and the ordered pass reports it as it always did. A file the ordered pass would
 * refuse (not UTF-8) starts no resolution, so looking ahead costs no request that was not due.
 * Only regular files are read: standard input, a pipe (`<(…)`) or a device can be read only once,
 * and that read is the ordered pass's.
 */
export function lookAhead<F extends FileOperand, O extends SourceOptions>(
  files: readonly F[],
  concurrency: number,
  options: O | ((file: F) => O),
  start: (occurrence: ImageOccurrence, options: O) => void,
): LookAhead {
  const optionsOf = typeof options === 'function' ? options : () => options;
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < files.length) {
      const operand = files[next++];
      const path = operandPath(operand);
      let file: SourceFile;
      try {
        if (path === STDIN || !(await stat(path)).isFile()) continue;
        file = (await readSource(operand)).file;
      } catch {
        continue;
      }
      if (stopped) return;
      try {
        const fileOptions = optionsOf(operand);
        for (const occurrence of scanSource(file, fileOptions).images) start(occurrence, fileOptions);
      } catch {
        // The ordered pass meets the same failure and stops the run with it.
      }
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, files.length) }, worker);
  return {
    stop: () => {
      stopped = true;
    },
    done: Promise.all(workers).then(() => undefined),
  };
}

/**
 * `forEachOrdered` over `files` (FILES_IN_FLIGHT at a time) behind a look-ahead pass that calls
 * `start` for every image, scanned with `options` (or each file's own). An error in `work` or `emit` stops the look-ahead at once, as it stops
 * the ordered pass from starting more files; the returned promise settles after both passes.
 */
export async function forEachFileLookingAhead<F extends FileOperand, R, O extends SourceOptions>(
  files: readonly F[],
  options: O | ((file: F) => O),
  start: (occurrence: ImageOccurrence, options: O) => void,
  work: (file: F) => Promise<R>,
  emit: (result: R) => void,
): Promise<void> {
  // One file has nothing to look ahead to: its own analysis asks for all its images at once.
  const ahead = files.length > 1 ? lookAhead(files, FILES_IN_FLIGHT, options, start) : undefined;
  const stopping = (error: unknown): never => {
    ahead?.stop();
    throw error;
  };
  try {
    await forEachOrdered(
      files,
      { concurrency: FILES_IN_FLIGHT },
      async (file) => {
        try {
          return await work(file);
        } catch (error) {
          return stopping(error);
        }
      },
      (result) => {
        try {
          emit(result);
        } catch (error) {
          stopping(error);
        }
      },
    );
  } finally {
    ahead?.stop();
    await ahead?.done;
  }
}
