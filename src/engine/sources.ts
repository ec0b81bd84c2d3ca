// One table: each file kind and the source that reads it. Every front door scans through here, so a
// file is read the same way for its analysis, its look-ahead and the re-read of its rewrite.
import { scanDockerfile } from '../core/dockerfile';
import { composeEnvironment, scanCompose } from '../core/sources/compose';
import { scanDevcontainer } from '../core/sources/devcontainer';
import { parseDotEnv } from '../core/sources/dotenv';
import { scanGithubAction } from '../core/sources/githubAction';
import { scanGithubWorkflow } from '../core/sources/githubWorkflow';
import { scanGitlabCi } from '../core/sources/gitlabCi';
import { scanKubernetes } from '../core/sources/kubernetes';
import type { FileKind, ScanOptions, ScanResult } from '../core/types';

/** A file to read for images: its kind and text, and what its kind reads beside it. */
export interface SourceFile {
  readonly kind: FileKind;
  readonly text: string;
  /**
   * A compose project's `.env` file (next to the compose file), when it has one: the values it
   * writes are interpolated, and an image written as one variable whose value is there takes its
   * pin there. Read for compose files only.
   */
  readonly envFile?: { readonly text: string };
}

/** What a scan is told about the world outside the file. */
export interface SourceOptions extends ScanOptions {
  /**
   * The environment compose interpolates with (it wins over `.env`, as in Compose). Dockerfiles,
   * workflows and GitLab files never read it: their variables come from the file or the build.
   */
  readonly environment?: ReadonlyMap<string, string>;
}

type Scan = (file: SourceFile, options: SourceOptions) => ScanResult;

const SOURCES: Readonly<Record<FileKind, Scan>> = {
  dockerfile: (file, options) => scanDockerfile(file.text, options),
  compose: (file, options) => {
    const environment = options.environment ?? new Map<string, string>();
    const dotEnv = file.envFile === undefined ? undefined : parseDotEnv(file.envFile.text, environment);
    return scanCompose(file.text, { env: composeEnvironment(environment, dotEnv) });
  },
  kubernetes: (file, options) => scanKubernetes(file.text, { platform: options.platform }),
  'github-workflow': (file) => scanGithubWorkflow(file.text),
  'github-action': (file) => scanGithubAction(file.text),
  'gitlab-ci': (file) => scanGitlabCi(file.text),
  devcontainer: (file) => scanDevcontainer(file.text),
};

/** The images `file` names, read by its kind's source with `options`. */
export function scanSource(file: SourceFile, options: SourceOptions): ScanResult {
  return SOURCES[file.kind](file, options);
}
