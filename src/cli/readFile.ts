// Reads a Dockerfile as text, refusing bytes that would not survive being written back.
// Synchronously, as the directory walk reads: a run reads thousands of small files, and Node reads
// one in a single call that way, where fs/promises takes four trips through the thread pool (open,
// stat, read, close) and a promise for each. `check .` over the benchmark's 50,000-file monorepo
// took about half the CPU time (bench/startupTricks.md). Only answers already in wait meanwhile.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { UnreadableFileError } from '../engine/fileAccess';
import { displayName, STDIN } from './inputs';

export { UnreadableFileError } from '../engine/fileAccess';

/** `file`'s text; `-` reads standard input to its end (once: a second read finds it empty). */
export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = file === STDIN ? await readStream(process.stdin) : readFileSync(file);
  } catch (error) {
    throw UnreadableFileError.fromSystem(displayName(file), error);
  }
  // Invalid UTF-8 would be replaced by U+FFFD on decoding and silently changed on writing.
  if (!isUtf8(bytes)) throw new UnreadableFileError(displayName(file), 'not valid UTF-8');
  return bytes.toString('utf8');
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks);
}
