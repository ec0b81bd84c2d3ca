// A justfile (casey/just: `justfile`, `Justfile`, `.justfile`, and the `*.just` files a justfile
// imports or loads as modules) builds the Dockerfiles its recipes run `docker build` / `docker
// buildx build` (podman's, buildah's) on, for the platforms their `--platform` flags name (none: the
// machine's own, the configured one): `just image` running `docker buildx build --platform
// linux/amd64,linux/arm64 .` builds that Dockerfile for arm64 too, so its lines take the index
// digest. The engine reads each such Dockerfile as the build uses it.
//
// The file is read as just reads it (justfileRead.ts). Each recipe line is expanded as just expands
// it before the shell runs it: `{{NAME}}` is the variable's value where the file writes it out
// once, `{{justfile_directory()}}` (`justfile_dir()`, `source_directory()`, `source_dir()`) the
// justfile's folder; a recipe parameter, any other expression or function and a variable set
// otherwise are known only when just runs, and so is a shell variable (`$NAME`), unless the file
// exports a written value under that name. Then each line is read as the shell reads it
// (runDockerBuild.ts), from the folder just runs recipes in: the justfile's, or the one `set
// working-directory` or a recipe's `[working-directory]` attribute writes out; each line its own
// shell, a `#!` recipe one script. A build whose platforms a word only the run knows hides, or
// whose Dockerfile it hides while platforms are named, is `unresolved` at its line, as a Makefile's.
//
// Every recipe is read, whichever one a caller runs (`just image`, a CI step: runStepCalls.ts), and
// whatever recipes it depends on: the builds of all of them are the file's, a superset of what any
// one `just` run builds. A `*.just` file read alone (what imports it is not known, nor the folder
// its recipes run in: an imported recipe runs in the importing justfile's) is read as a makefile
// other Makefiles include is: a build's relative path is told only to the Dockerfiles whose path
// ends with it, and a build for named platforms is unresolved at its line. The files a justfile
// imports (`import`, `mod`) are not followed from it: each is read alone.
import { posix } from 'node:path';
import type { DockerfileBuild, ScanResult } from '../types';
import { scriptBakeOverrides } from './bakeOverrides';
import { Findings, type Place } from './findings';
import { type Justfile, type JustRecipe, readJustfile } from './justfileRead';
import { ScriptBuilds, UNKNOWN, WORKSPACE } from './runDockerBuild';
import { scriptMayBuild } from './shellScript';
import { SourceText } from './sourceText';

export interface JustfileScanOptions {
  /** A `*.just` file read alone: the folder its recipes run in is not known, nor the root justfile's. */
  readonly module?: boolean;
}

/** What may hide a part of a recipe's command. */
const HIDERS = "a variable the justfile does not set to a written value, a recipe parameter, a just function, an environment variable or a command's output";

/** Functions naming the justfile's own folder (the root justfile's, for `justfile_directory`). */
const OWN_FOLDER = /^(?:source_directory|source_dir)\(\s*\)$/;
const ROOT_FOLDER = /^(?:justfile_directory|justfile_dir)\(\s*\)$/;

/** A tool an interpolation names before `build` (`{{docker}} build -t app .`), which the reading may find a container build. */
const INTERPOLATED_TOOL_BUILD = /\}\}["']?[ \t]+(?:buildx[ \t]+)?(?:build|bud|b)\b/;

/** Whether a justfile's text may run a container build (a recipe naming a builder, maybe through a variable or an interpolation). */
export function justfileMayBuild(text: string): boolean {
  return scriptMayBuild(text) || (/\bbuild\b/.test(text) && INTERPOLATED_TOOL_BUILD.test(text));
}

export function scanJustfile(text: string, options: JustfileScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'justfile');
  if (!justfileMayBuild(text)) return findings.result({ builds: [] });
  const file = readJustfile(text);
  const builds: DockerfileBuild[] = [];
  for (const recipe of file.recipes) {
    if (recipe.script?.shell === false) continue;
    const start = recipeFolder(file, recipe, options.module === true);
    for (const command of recipe.commands) {
      const script = expanded(command.text, file, recipe, options.module === true);
      if (!justfileMayBuild(command.text) && !scriptMayBuild(script)) continue;
      const where: Place = { text: text.slice(command.start, command.end), start: command.start, end: command.end };
      scriptBakeOverrides(findings, where, `the docker buildx bake command of recipe ${recipe.name} in the justfile`, script);
      const reading = new ScriptBuilds(findings, where, `the docker build command of recipe ${recipe.name} in the justfile`, 'just', HIDERS);
      reading.read(script, {
        start,
        // A variable the justfile exports with a written value; any other is the environment's.
        variable: (name) => {
          const value = file.exported.has(name) && !recipe.parameters.has(name) ? file.variables.get(name) : undefined;
          return value === 'unknown' ? undefined : value;
        },
        runner: undefined,
        inRepository: (path) => path,
      });
      builds.push(...reading.all());
    }
  }
  return findings.result({ builds });
}

/** The folder the recipe runs in, from the justfile's; undefined when only just knows it. */
function recipeFolder(file: Justfile, recipe: JustRecipe, module: boolean): string | undefined {
  if (module || recipe.attributes.includes('no-cd')) return undefined;
  const setting = file.workingDirectory;
  let folder = setting === undefined ? '.' : folderWritten(setting);
  const attribute = recipe.attributes.find((each) => /^working-directory\b/.test(each));
  if (attribute !== undefined && folder !== undefined) {
    const written = /^working-directory\s*(?::\s*|\(\s*)(?:'([^']*)'|"([^"\\]*)")\s*\)?$/.exec(attribute);
    const own = written === null ? undefined : folderWritten(written[1] ?? written[2]);
    folder = own === undefined ? undefined : posix.normalize(posix.join(folder, own));
  }
  return folder;
}

/** A folder written out relative to the justfile's; undefined for an absolute one (outside the repository, for all this reading knows) or one only just knows. */
function folderWritten(written: string): string | undefined {
  return written === 'unknown' || posix.isAbsolute(written) || written.startsWith('~') ? undefined : posix.normalize(written);
}

/**
 * A recipe's command as just hands it to the shell: `{{{{` is `{{`, and each `{{ expression }}`
 * the value just puts in when the file says it (a variable written out, the justfile's folder as
 * WORKSPACE), else UNKNOWN.
 */
function expanded(command: string, file: Justfile, recipe: JustRecipe, module: boolean): string {
  return command.replace(/\{\{\{\{|\{\{([^]*?)\}\}/g, (_, expression: string | undefined) => {
    if (expression === undefined) return '{{';
    const name = expression.trim();
    if (OWN_FOLDER.test(name) || (!module && ROOT_FOLDER.test(name))) return WORKSPACE;
    if (recipe.parameters.has(name)) return UNKNOWN;
    const value = file.variables.get(name);
    return value === undefined || value === 'unknown' ? UNKNOWN : value;
  });
}
