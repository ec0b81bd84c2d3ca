// What every command gets: the one registry client of this process, and where to write.
import type { RegistryClientApi } from '../registry/types';
import type { CheckRecord } from './formats/findings';
import type { Output } from './output';

export interface CommandContext {
  readonly client: RegistryClientApi;
  readonly output: Output;
  readonly observer?: RunObserver;
}

/** What a program running the CLI in its own process (the GitHub Action) learns besides the output. */
export interface RunObserver {
  /** `check`: one file's records, as the formats get them. */
  checked?(records: readonly CheckRecord[]): void;
  /** `pin`: one file done, the files it wrote (a compose project's `.env` too) and the lines it could not pin. */
  pinned?(report: { readonly written: readonly string[]; readonly failed: number }): void;
}
