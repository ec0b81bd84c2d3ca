// Each file's analyze options for `pin` and `check`: what the command line chose, then the file's
// repository config (.docker-pin.yaml), then the fallbacks the command line already applied
// (DOCKER_DEFAULT_PLATFORM, then the host; platform digests).
import { imageIgnorer, inEffect } from '../core/repoConfig/apply';
import type { RepoConfig } from '../core/repoConfig/parse';
import type { DigestKind } from '../core/types';
import type { SharedAnalyzeOptions } from '../engine/analyze';
import type { FileOptions } from '../engine/fileOptions';
import type { RepoConfigs } from './repoConfig';

export { sameForEveryFile, type FileOptions } from '../engine/fileOptions';

export interface CommandLineChoice {
  /** `--platform` was given: `run.platform` is that platform (else it is the fallback). */
  readonly platformGiven: boolean;
  /** `--digest-kind` (or `--index`), when given: it wins over the config's `digestKind`. */
  readonly digestKind?: DigestKind;
}

/** `run` (the command line's options and fallbacks) with each file's config applied under what the command line chose. */
export function withRepoConfigs(run: SharedAnalyzeOptions, choice: CommandLineChoice, configs: RepoConfigs): FileOptions {
  const byConfig = new Map<RepoConfig, SharedAnalyzeOptions>();
  return {
    async of(path) {
      const config = await configs.forFile(path);
      if (config === undefined) return run;
      let options = byConfig.get(config);
      if (options === undefined) {
        const values = inEffect(
          { ...(choice.platformGiven ? { platform: run.platform } : {}), ...(choice.digestKind !== undefined ? { digestKind: choice.digestKind } : {}), buildArgs: run.buildArgs },
          config,
        );
        const ignoreImages = imageIgnorer(config);
        options = {
          ...run,
          platform: values.platform ?? run.platform,
          kind: values.digestKind ?? run.kind,
          buildArgs: values.buildArgs,
          ...(ignoreImages === undefined ? {} : { ignoreImages }),
        };
        byConfig.set(config, options);
      }
      return options;
    },
    excluding: (path) => configs.excluding(path),
  };
}
