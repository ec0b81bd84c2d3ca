// The Dockerfiles a script of a CI config builds (a CircleCI `run:` step, a Bitbucket step's
// `script`, an Azure Pipelines `script` or `bash` step): read as the shell reads it, from the
// repository's root, where the pipeline checks it out, on the runner's platform. A path above the
// root is the runner's, no file of this repository. What differs between CI systems is what they
// fill in when the pipeline runs and which variables name the checkout folder.
import type { Node } from '../yaml';
import type { DockerfileBuild, Platform } from '../types';
import { type Findings, nodePlace } from './findings';
import { MAY_BUILD, ScriptBuilds } from './runDockerBuild';
import { ScriptCalls } from './runStepCalls';

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
 * a build from the repository's root; `what` names its build command in messages. The Makefiles
 * and scripts of the repository it runs on a runner of known architecture go to the file's
 * `findings` (`localAction`), `by` naming who runs them (runStepCalls.ts).
 */
export function ciScriptBuilds(findings: Findings, node: Node, script: string, what: string, by: string, platform: Platform | undefined, scripts: CiScripts): DockerfileBuild[] {
  const shell = scripts.shell === undefined ? script : scripts.shell(script);
  // Above the repository's root: the runner's, no file of this repository.
  const inRepository = (path: string) => (path.startsWith('../') ? undefined : path);
  const reading = { start: '.', variable: (name: string) => (scripts.rootVariables?.includes(name) === true ? '.' : undefined), runner: platform, inRepository };
  const place = nodePlace(findings, node);
  const calls = new ScriptCalls(by);
  calls.read(shell, reading, inRepository);
  for (const call of calls.all()) findings.localAction(place, call);
  if (!MAY_BUILD.test(script)) return [];
  const builds = new ScriptBuilds(findings, place, what, 'the pipeline', scripts.hiders);
  builds.read(shell, reading);
  return builds.all().map((build) => ({ ...build, fromRepositoryRoot: true as const }));
}
