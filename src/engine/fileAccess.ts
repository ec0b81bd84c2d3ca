// What the engine reads from disk when it puts together which files to read, and which ways: a
// front door passes its own (the CLI Node's fs, the extension the same for the workspace's file:
// URIs), so the engine decides how a file is read while never reaching for a file system itself.

/** A file that cannot be read as text (missing, a folder, not UTF-8): `code` is the system's, when it gave one. */
export class UnreadableFileError extends Error {
  /** Why, in the words a problem puts in parentheses: `EACCES`, `no such file`, `not valid UTF-8`. */
  readonly detail: string;

  constructor(
    /** The file as messages name it. */
    name: string,
    /** Why, in words: `no such file`, `is a directory`, `not valid UTF-8`, `cannot read (EACCES)`. */
    readonly reason: string,
    /** The system's error code when the file could not be read (`ENOENT`, …). */
    readonly code?: string,
    detail?: string,
  ) {
    super(`${name}: ${reason}`);
    this.name = 'UnreadableFileError';
    this.detail = detail ?? reason;
  }

  /** The file `name` could not be read from the system (`error`, its `code` when it has one). */
  static fromSystem(name: string, error: unknown): UnreadableFileError {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return new UnreadableFileError(name, 'no such file', code);
    if (code === 'EISDIR') return new UnreadableFileError(name, 'is a directory', code);
    const detail = code ?? String(error);
    return new UnreadableFileError(name, `cannot read (${detail})`, code, detail);
  }
}

/** Why `error`'s file cannot be read, in a problem's words: `cannot be read (EACCES)`, `cannot be read (not valid UTF-8)`. */
export function cannotBeRead(error: UnreadableFileError): string {
  return `cannot be read (${error.detail})`;
}

export interface FileAccess {
  /** The file's text. Throws UnreadableFileError when it cannot be read. */
  readText(path: string): Promise<string>;
  /** The file's real path; rejects with the system's error (its `code`: `ENOENT`, …) when there is none. */
  realpath(path: string): Promise<string>;
  /** Whether `path` is a regular file (false when it is missing). */
  isFile(path: string): Promise<boolean>;
  /**
   * Whether `path` names no file but a stream that can be read only once (the CLI's `-`): it is
   * then read by its own pass alone, and nothing beside it (a `.env`) is looked for.
   */
  isStream(path: string): boolean;
}
