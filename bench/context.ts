// What every scenario gets: the options, the running registry + proxy, and a progress logger.
import type { BenchEnvironment } from './environment';
import type { BenchOptions } from './options';

export interface BenchContext {
  readonly options: BenchOptions;
  readonly env: BenchEnvironment;
  /** Progress on stderr, so stdout stays the report. */
  readonly log: (message: string) => void;
}

export function cliCommonArgs(ctx: BenchContext): string[] {
  return ['--platform', 'linux/amd64', '--mirror', `docker.io=${ctx.env.proxy.url}`];
}
