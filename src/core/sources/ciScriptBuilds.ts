// The Dockerfiles a script of a CI config builds (a CircleCI `run:` step, a Bitbucket step's
// `script`, an Azure Pipelines `script` or `bash` step): read as the shell reads it, from the
// repository's root, where the pipeline checks it out, on the runner's platform. A path above the
// root is the runner's, no file of this repository. What differs between CI systems is what they
// fill in when the pipeline runs and which variables name the checkout folder.
import type { Node } from '../yaml';
import type { DockerfileBuild, Platform } from '../types';
import { type Findings, nodePlace } from './findings';
import { MAY_BUILD, ScriptBuilds } from './runDockerBuild';

/** How one CI system's scripts are read. */
export interface CiScripts {
  /** What may hide a part of a command there (`a variable, a macro or an expression`). */
  readonly hiders: string;
  /** The script as the shell reads it: what the CI system fills in when the pipeline runs made unknown (`UNKNOWN`). */
  readonly shell?: (script: string) => string;
  /** The variables the CI system sets to the checkout folder: the repository's root. */
  readonly rootVariables?: readonly string[];
}

/**
 * The builds `script`, written at `node`, makes on `platform` (undefined: the configured one), each
 * a build from the repository's root; `what` names its build command in messages.
 */
export function ciScriptBuilds(findings: Findings, node: Node, script: string, what: string, platform: Platform | undefined, scripts: CiScripts): DockerfileBuild[] {
  if (!MAY_BUILD.test(script)) return [];
  const builds = new ScriptBuilds(findings, nodePlace(findings, node), what, 'the pipeline', scripts.hiders);
  builds.read(scripts.shell === undefined ? script : scripts.shell(script), {
    start: '.',
    variable: (name) => (scripts.rootVariables?.includes(name) === true ? '.' : undefined),
    runner: platform,
    inRepository: (path) => (path.startsWith('../') ? undefined : path),
  });
  return builds.all().map((build) => ({ ...build, fromRepositoryRoot: true as const }));
}
