// Whether a file may build a Dockerfile of its workspace or repository, told from its text before
// anything is parsed: the editor's include index (composeFileCensus.ts) and the CLI's search for a named
// Dockerfile's builds (cli/repositoryBuilders.ts) read only the files these tests pass.
// Each test holds for every text whose scan gives a build, so a file is never left out that builds;
// one passed in vain is scanned for nothing.
import type { FileKind } from '../core/types';
import { BUILD_PUSH_STEP } from '../core/sources/buildPushAction';
import { MAY_BUILD_IMAGE } from '../core/sources/makefile';
import { INCLUDE_LINE } from '../core/sources/makefileInclude';
import { MAY_RUN_COMPOSE } from '../core/sources/composeRun';
import { MAY_BUILD } from '../core/sources/runDockerBuild';
import { scriptMayBuild } from '../core/sources/shellScript';
import { justfileMayBuild } from '../core/sources/justfile';
import { taskfileMayBuild } from '../core/sources/taskfile';
import { packageScriptsMayBuild } from '../core/sources/packageScripts';
import { PACKAGE_TOOLS } from '../core/sources/packageRun';
import { BUILD_PLUGIN } from '../core/sources/pipelinePlugins';

/** A build command of a script (core/sources/runDockerBuild.ts buildCommand): docker's, podman's or buildah's build, bud, buildx, image build or builder build, maybe quoted. */
const TOOL_BUILD = /\b(?:docker|podman|buildah)["']?[\s\\]+["']?(?:build|bud|buildx|image[\s\\]+build|builder[\s\\]+build)\b/i;
/** A tool a variable, a workflow expression or a command's output names, before `build` (`$ENGINE build -t app .`), which a script naming a tool elsewhere may run. */
const NAMED_TOOL_BUILD = /(?:\$\w+|\$\{[^}\n]*\}+|\$\([^)\n]*\))["']?[\s\\]+["']?build\b/;
/** A step using docker/build-push-action, or an action building as it does (core/sources/buildPushAction.ts). */
const BUILD_PUSH = BUILD_PUSH_STEP;
/** A step using an action of the repository (`uses: ./.github/actions/image`): what it builds, it builds on the step's runner. */
const LOCAL_ACTION = /["']?uses["']?[ \t]*:[ \t]*["']?\.\//;
/** A GoReleaser config's docker builds (core/sources/goreleaser.ts). */
const GORELEASER_DOCKERS = /^dockers(?:_v2)?[ \t]*:/m;
/** A Docker container action's `runs.image` naming a Dockerfile (core/sources/githubAction.ts). */
const ACTION_DOCKERFILE = /^[ \t]+["']?image["']?[ \t]*:[ \t]*["']?[^\s"']*dockerfile/im;
/** A dev container's `build.dockerfile` or legacy `dockerFile` (core/sources/devcontainer.ts). */
const DEVCONTAINER_DOCKERFILE = /"dockerfile"[ \t\r\n]*:/i;
/** A run step running make, just, task, a script of the repository or a package.json's script (a package manager), which builds on the runner (core/sources/runStepCalls.ts). */
const RUNS_FILE = new RegExp(`\\bg?make\\b|\\bjust\\b|\\btask\\b|(?:^|\\s)\\.\\/[\\w-]|\\.(?:ba)?sh\\b|\\b(?:ba|z|da)?sh[ \\t]+[^-\\s]|\\bsource[ \\t]|${PACKAGE_TOOLS.source}`, 'm');
/** A Bake file's targets (core/sources/bake.ts): each builds a Dockerfile. */
const BAKE_TARGETS = /\btarget\b/;
/** A Skaffold config's artifacts, of its build or a profile's (core/sources/skaffold.ts). */
const SKAFFOLD_ARTIFACTS = /\bartifacts\b/;

/** Whether a script of the text (a workflow's run step, a GitLab job's script) may run make, a script of the repository or docker compose on its compose files (core/sources/runStepCalls.ts). */
export function mayRunFile(text: string): boolean {
  return RUNS_FILE.test(text) || MAY_RUN_COMPOSE.test(text);
}

/** Whether a script of the text (a workflow's or action's `run:`, a GitLab job's `script:`) may run a container build. */
export function mayRunBuild(text: string): boolean {
  return TOOL_BUILD.test(text) || (MAY_BUILD.test(text) && NAMED_TOOL_BUILD.test(text));
}

/** Whether a file of `kind` (not compose nor GitLab CI: the index reads those whatever they hold) may build a Dockerfile of the workspace: its own scan says which, and how. */
export function mayBuild(kind: FileKind | undefined, text: string): boolean {
  switch (kind) {
    case 'github-workflow':
      return BUILD_PUSH.test(text) || mayRunBuild(text) || LOCAL_ACTION.test(text) || mayRunFile(text);
    case 'github-action':
      // A Docker container action's Dockerfile, or a composite action's steps.
      return ACTION_DOCKERFILE.test(text) || BUILD_PUSH.test(text) || mayRunBuild(text);
    case 'goreleaser':
      return GORELEASER_DOCKERS.test(text);
    case 'devcontainer':
      return DEVCONTAINER_DOCKERFILE.test(text);
    case 'bake':
      return BAKE_TARGETS.test(text);
    case 'makefile':
      // What a file it includes builds, it builds (engine/makefileIncludes.ts).
      return MAY_BUILD_IMAGE.test(text) || INCLUDE_LINE.test(text);
    case 'shell-script':
      return scriptMayBuild(text);
    case 'justfile':
      return justfileMayBuild(text);
    case 'taskfile':
      return taskfileMayBuild(text);
    case 'package-scripts':
      return packageScriptsMayBuild(text);
    case 'skaffold':
      return SKAFFOLD_ARTIFACTS.test(text);
    case 'circleci':
    case 'bitbucket-pipelines':
    case 'azure-pipelines':
      // Their scripts' builds, and the Makefiles and scripts they run.
      return mayRunBuild(text) || mayRunFile(text);
    case 'drone':
    case 'woodpecker':
      // Their steps' build plugins.
      return BUILD_PLUGIN.test(text);
    default:
      return false;
  }
}
