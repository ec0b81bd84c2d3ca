// A package.json's `scripts` build the Dockerfiles their `docker build` / `docker buildx build`
// (podman's, buildah's) commands name, for the platforms their `--platform` flags name (none: the
// machine's own, the configured one): npm (yarn, pnpm, bun, `node --run`) runs a script's command
// line with `sh -c` in the package's folder, the one holding the package.json, so uptime-kuma's
// `"build-docker-base": "docker buildx build -f docker/debian-base.dockerfile --platform
// linux/amd64,linux/arm64,linux/arm/v7 …"` builds that Dockerfile for three platforms, and its lines
// take the index digest. The engine reads each such Dockerfile as the build uses it.
//
// Each script is read as a shell script's command line (runDockerBuild.ts, as shellScript.ts reads
// one): from the package's folder, a `cd` to a written folder moving it; paths stay the package's
// (the engine joins them onto its folder). Nothing of a script's variables is known here: npm runs
// it in an environment of the caller's, with values of its own (`$npm_package_config_platforms`,
// which `npm config` may override), so a build whose platforms a variable hides, or whose
// Dockerfile it hides while platforms are named, is reported unresolved, with what would make it
// known, as a shell script's is.
//
// A CI step that runs one script (`npm run build-docker-base`, runStepCalls.ts) runs it on its
// runner: the engine reads that script alone then (`PackageScriptsScanOptions.script`), with npm's
// `pre<name>` and `post<name>` scripts it runs around it and the scripts of the same package.json
// it runs in turn (`npm run base && npm run push`), so a build there without `--platform` is of
// the runner's architecture. The scripts of other packages it runs (a workspace's, `turbo run image`,
// `cd packages/api && npm run image`) are told to the engine (`otherPackages`), which reads them
// as the step runs them, each in its own package's folder.
//
// A package.json is read only when a `scripts` entry may build (`packageScriptsMayBuild`): most
// have none, and a text test rules them out before anything is parsed.
import { posix } from 'node:path';
import { parseTree } from 'jsonc-parser';
import type { Node as JsonNode } from 'jsonc-parser';
import type { DockerfileBuild, ScanResult } from '../types';
import { scriptBakeOverrides } from './bakeOverrides';
import { Findings, type Place } from './findings';
import { packageScriptRuns } from './packageRun';
import { commandsOf, ScriptBuilds } from './runDockerBuild';
import { leading } from './runStepCalls';
import { scriptMayBuild } from './shellScript';
import { SourceText } from './sourceText';

export interface PackageScriptsScanOptions {
  /**
   * The script a CI step runs (`npm run <name>`): only it is read, with its `pre`/`post` scripts and
   * those of the package.json it runs. Undefined: every script.
   */
  readonly script?: string;
}

/** One entry of `scripts`: its name, its command line, and where that string stands. */
interface PackageScript {
  readonly name: string;
  readonly command: string;
  readonly place: Place;
}

/** What may hide a part of a script's command. */
const HIDERS = "an environment variable of whoever runs it or one npm sets, an npm_package_* or npm_config_* value npm config may override, an argument or a command's output";

/**
 * Whether a package.json's text has a `scripts` entry that may run a container build
 * (shellScript.ts `scriptMayBuild`): a plain text test first, then its scripts, parsed.
 */
export function packageScriptsMayBuild(text: string): boolean {
  if (!text.includes('"scripts"') || !scriptMayBuild(text)) return false;
  return scriptsOf(text).some((script) => scriptMayBuild(script.command));
}

export function scanPackageScripts(text: string, options: PackageScriptsScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'package-scripts');
  // A script a step runs is read whatever it runs: the scripts of other packages it runs may build.
  if (!text.includes('"scripts"') || (options.script === undefined && !scriptMayBuild(text))) return findings.result({ builds: [] });
  const scripts = scriptsOf(text);
  const read = options.script === undefined ? scripts : reached(scripts, options.script);
  const builds: DockerfileBuild[] = [];
  for (const script of read) {
    if (options.script !== undefined) otherPackages(findings, script);
    if (!scriptMayBuild(script.command)) continue;
    const what = `the docker build command of the ${script.name} script`;
    scriptBakeOverrides(findings, script.place, `the docker buildx bake command of the ${script.name} script`, script.command);
    const reading = new ScriptBuilds(findings, script.place, what, 'the script', HIDERS);
    // From the package's folder; a path above it may still be of the repository: the engine tells.
    reading.read(script.command, { start: '.', variable: () => undefined, runner: undefined, inRepository: (path) => path });
    builds.push(...reading.all());
  }
  return findings.result({ builds });
}

/** The string entries of the package.json's top-level `scripts` object, in order; none when it has no such object. */
function scriptsOf(text: string): PackageScript[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (root?.type !== 'object') return [];
  const scripts = property(root, 'scripts');
  if (scripts?.type !== 'object') return [];
  const out: PackageScript[] = [];
  for (const entry of scripts.children ?? []) {
    const [key, value] = entry.children ?? [];
    if (key?.type !== 'string' || value?.type !== 'string' || typeof key.value !== 'string' || typeof value.value !== 'string') continue;
    out.push({ name: key.value, command: value.value, place: { text: text.slice(value.offset, value.offset + value.length), start: value.offset, end: value.offset + value.length } });
  }
  return out;
}

/** The value of an object node's property `name` (the last one, as JSON.parse takes it). */
function property(object: JsonNode, name: string): JsonNode | undefined {
  let found: JsonNode | undefined;
  for (const entry of object.children ?? []) if (entry.children?.[0]?.value === name) found = entry.children[1];
  return found;
}

/**
 * The scripts running `name` runs: its `pre` and `post` scripts (npm runs them around it), and those
 * of the same package.json its commands run in turn, from its folder, each once.
 */
function reached(scripts: readonly PackageScript[], name: string): PackageScript[] {
  // A name written twice: the last, as JSON.parse takes it.
  const byName = new Map(scripts.map((script) => [script.name, script]));
  const seen = new Set<string>();
  const out: PackageScript[] = [];
  const visit = (at: string) => {
    for (const each of [`pre${at}`, at, `post${at}`]) {
      const script = byName.get(each);
      if (script === undefined || seen.has(each)) continue;
      seen.add(each);
      out.push(script);
      for (const command of commandsOf(script.command, '.')) {
        if (command.cwd !== '.') continue;
        for (const run of packageScriptRuns(command.words.slice(leading(command.words)))) if (run.folder === '.' && run.workspaces === undefined) visit(run.script);
      }
    }
  };
  visit(name);
  return out;
}

/**
 * The scripts of other packages `script` runs (`turbo run image`, `pnpm -r image`, `npm --prefix web
 * run image`, after a `cd`), told to the engine as calls (`ScanResult.localActions`, without
 * runners): it reads them as the step that runs this script runs them.
 */
function otherPackages(findings: Findings, script: PackageScript): void {
  for (const command of commandsOf(script.command, '.')) {
    if (command.cwd === undefined) continue;
    for (const run of packageScriptRuns(command.words.slice(leading(command.words)))) {
      const folder = posix.join(command.cwd, run.folder);
      // The same package's scripts are read with this one (`reached`).
      if (folder === '.' && run.workspaces === undefined) continue;
      findings.localAction(script.place, { folder, packageScript: run.script, ...(run.workspaces === undefined ? {} : { workspaces: run.workspaces }), platforms: [], by: `the ${script.name} script` });
    }
  }
}
