// What every command gets: the one registry client of this process, and where to write.
import type { RegistryClientApi } from '../registry/types';
import type { Output } from './output';

export interface CommandContext {
  readonly client: RegistryClientApi;
  readonly output: Output;
}
