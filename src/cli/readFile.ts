// Reads a Dockerfile as text, refusing bytes that would not survive being written back.
import { readFile } from 'node:fs/promises';

export class UnreadableFileError extends Error {
  constructor(file: string, cause: string) {
    super(`${file}: ${cause}`);
    this.name = 'UnreadableFileError';
  }
}

export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UnreadableFileError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(error)})`);
  }
  const text = bytes.toString('utf8');
  // Invalid UTF-8 would be replaced by U+FFFD on decoding and silently changed on writing.
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new UnreadableFileError(file, 'not valid UTF-8');
  return text;
}
