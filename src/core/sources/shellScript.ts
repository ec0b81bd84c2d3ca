// A shell script (`*.sh`, `*.bash`) builds the Dockerfiles its `docker build` / `docker buildx
// build` (podman's, buildah's) commands name, for the platforms their `--platform` flags name (none:
// the machine's own, the configured one): `scripts/build-image.sh` running `docker buildx build
// --platform linux/amd64,linux/arm64 .` builds that Dockerfile for arm64 too, so its lines take the
// index digest. The engine reads each such Dockerfile as the build uses it.
//
// The script is read as bash reads it (runDockerBuild.ts): lines joined at `\` line ends, here-document
// bodies left out, words split and unquoted. A script starts in the folder of whoever runs it, which
// the file does not say, so a relative path means nothing until a `cd` to a known folder: the
// script's own (`cd "$(dirname "$0")"`, `cd "$(dirname "${BASH_SOURCE[0]}")/.."`, through a variable
// set to it, with `&& pwd` or `realpath`) or the repository's root (`cd "$(git rev-parse
// --show-toplevel)"`). A variable is known when the script sets it once, outside any block or
// function, to a written value, and no file is sourced after: its value stands in the commands
// after that line. Anything else (an argument, the environment, a function's parameter, a value set
// twice) is known only when the script runs: a build whose platforms it hides, or whose Dockerfile
// it hides while platforms are named, is reported unresolved, with what would make it known.
import { posix } from 'node:path';
import type { DockerfileBuild, ScanResult } from '../types';
import { Findings, type Place } from './findings';
import { commandsOf, folderAfter, MAY_BUILD, ScriptBuilds, UNKNOWN, WORKSPACE } from './runDockerBuild';
import { scriptBakeOverrides } from './bakeOverrides';
import { MAY_BUILD_IMAGE } from './makefile';
import { SourceText } from './sourceText';

export interface ShellScriptScanOptions {
  /** The script's path from the repository's root: `$(dirname "$0")` is its folder. Undefined: not known. */
  readonly repositoryPath?: string;
  /**
   * The folder it starts in, from the repository's root, when who runs it is known (a workflow's run
   * step: its folder): relative paths before any `cd` are from there. Undefined: not known.
   */
  readonly start?: string;
}

/** One logical line: its text (continuations joined) and where it stands in the file. */
interface Line {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const A_NAME = new RegExp(`^${NAME}$`);
/** `$NAME` and `${NAME}`. */
const VARIABLE = new RegExp(`\\$(?:\\{(${NAME})\\}|(${NAME}))`, 'g');
/** `NAME=value` at a command's start (after `export`, `readonly`, `declare`…), `NAME+=value` too. */
const ASSIGNMENT = new RegExp(`^(?:(?:export|readonly|declare(?:\\s+-[a-zA-Z]+)*|typeset|local)\\s+)?(${NAME})(\\+?)=(.*)$`);
/** Commands that set the variables they name without `=`: `read -r NAME`, `for NAME in`, `getopts spec NAME`, `unset NAME`, `mapfile NAME`. */
const SETTERS = new Set(['read', 'for', 'select', 'getopts', 'unset', 'mapfile', 'readarray', 'local', 'declare', 'typeset']);
/** `${NAME:=word}`, `${NAME=word}`: sets NAME where it is unset. */
const DEFAULT_SETTER = new RegExp(`\\$\\{(${NAME}):?=`, 'g');
/** A builder named by a variable: `$DOCKER build`, `${ENGINE} buildx build`. */
const BUILDER_VARIABLE = /\$\{?[A-Za-z_]\w*\}?\s+(?:buildx\s+(?:-\S+\s+)*)?(?:build|bud|bake|b)\b/;
/** A line that may change the folder. */
const MOVES = /\b(?:cd|pushd|popd)\b/;
const OPENERS = new Set(['if', 'case', 'for', 'while', 'until', 'select', '{', 'function']);
const CLOSERS = new Set(['fi', 'esac', 'done', '}']);

/** `$(dirname "$0")` and its spellings: the script's folder. */
const SCRIPT_FOLDER = /\$\(\s*dirname\s+(?:--\s+)?(?:"(?:\$0|\$\{0\}|\$\{BASH_SOURCE(?:\[0\])?\}|\$BASH_SOURCE)"|\$0|\$\{BASH_SOURCE(?:\[0\])?\})\s*\)|`\s*dirname\s+(?:"\$0"|\$0)\s*`/g;
/** `$(git rev-parse --show-toplevel)`: the repository's root. */
const REPOSITORY_ROOT = /\$\(\s*git\s+rev-parse\s+--show-toplevel\s*\)/g;
/** `$(cd "<known folder>" && pwd)`, `$(cd … >/dev/null 2>&1; pwd -P)`, `$(realpath "<known>")`, `$(readlink -f "<known>")`: that folder. */
const KNOWN = `(?:${WORKSPACE.replace('\u0001', '\\u0001')}[^"'\\s)]*)`;
const ABSOLUTE_OF = new RegExp(
  `\\$\\(\\s*(?:cd\\s+(?:--\\s+)?"?(${KNOWN})"?(?:\\s*[&0-9]*>\\s*/dev/null)*(?:\\s*2>&1)?\\s*(?:&&|;)\\s*pwd(?:\\s+-[PL])?|(?:realpath|readlink\\s+-[fem])\\s+(?:--\\s+)?"?(${KNOWN})"?)\\s*\\)`,
  'g',
);

/**
 * Whether a script's text (or one of its lines) may run a container build: it names a build and a
 * builder, by its name (docker, podman, buildah) or by a variable's (`$ENGINE build`). A script
 * failing this has no build and no finding.
 */
export function scriptMayBuild(text: string): boolean {
  return MAY_BUILD_IMAGE.test(text) && (MAY_BUILD.test(text) || BUILDER_VARIABLE.test(text));
}

export function scanShellScript(text: string, options: ShellScriptScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'shell-script');
  if (!scriptMayBuild(text)) return findings.result({ builds: [] });
  const lines = logicalLines(text);
  if (!lines.some((line) => scriptMayBuild(line.text))) return findings.result({ builds: [] });
  const folder = options.repositoryPath === undefined ? undefined : posix.dirname(options.repositoryPath);
  const setOnce = variablesSetOnce(lines.map((line) => line.text));
  const values = new Map<string, string>();
  const builds: DockerfileBuild[] = [];
  let cwd: string | undefined = options.start;
  lines.forEach((line, index) => {
    // The variables set for good on earlier lines written out, then the folders the line names.
    const expanded = line.text.includes('$') || line.text.includes('`') ? withKnownFolders(withVariables(line.text, values), folder) : line.text;
    const name = setOnce.get(index);
    const assignment = name === undefined ? null : ASSIGNMENT.exec(expanded.trim());
    if (assignment !== null && assignment[1] === name) {
      const value = unquoted(assignment[3]);
      if (value !== undefined) values.set(name, value);
    }
    if (scriptMayBuild(expanded)) {
      const where: Place = { text: text.slice(line.start, line.end), start: line.start, end: line.end };
      const what = `the docker build command on line ${source.line(line.start)} of the script`;
      scriptBakeOverrides(findings, where, `the docker buildx bake command on line ${source.line(line.start)} of the script`, expanded);
      const reading = new ScriptBuilds(
        findings,
        where,
        what,
        'the script',
        "the folder of whoever runs it, an argument, an environment variable, a variable the script sets more than once or in a block, or a command's output",
      );
      reading.read(expanded, {
        start: cwd,
        variable: () => undefined,
        runner: undefined,
        inRepository: (path) => (path === '..' || path.startsWith('../') ? undefined : path),
      });
      builds.push(...reading.all().map((build) => ({ ...build, fromRepositoryRoot: true as const })));
    }
    // Only a cd, pushd or popd moves the folder the commands after it run in.
    if (MOVES.test(expanded)) for (const command of commandsOf(expanded, cwd)) cwd = folderAfter(command.words, command.cwd);
  });
  return findings.result({ builds });
}

/** The file's logical lines: continuations joined, comments and here-document bodies left out. */
function logicalLines(text: string): Line[] {
  const lines: Line[] = [];
  let heredoc: { readonly end: string; readonly tabs: boolean } | undefined;
  let current: { text: string; start: number } | undefined;
  const re = /[^\n]*(?:\n|$)/g;
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    const raw = m[0].replace(/\r?\n$/, '');
    const start = m.index;
    if (heredoc !== undefined) {
      if ((heredoc.tabs ? raw.replace(/^\t+/, '') : raw) === heredoc.end) heredoc = undefined;
      continue;
    }
    const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
    const piece = continued ? raw.slice(0, -1) : raw;
    current = current === undefined ? { text: piece, start } : { text: current.text + piece, start: current.start };
    if (continued) continue;
    const doc = /<<(-?)\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(current.text.replace(/'[^']*'/g, "''"));
    if (doc !== null) heredoc = { end: doc[3], tabs: doc[1] === '-' };
    if (!/^\s*(#|$)/.test(current.text)) lines.push({ text: current.text, start: current.start, end: start + raw.length });
    current = undefined;
  }
  return lines;
}

/** The line with the script's folder and the repository's root written as absolute folders (WORKSPACE…) where the file says them. */
function withKnownFolders(line: string, folder: string | undefined): string {
  const root = (path: string) => posix.normalize(posix.join(WORKSPACE, path));
  let out = line.replace(REPOSITORY_ROOT, WORKSPACE);
  out = out.replace(SCRIPT_FOLDER, () => (folder === undefined ? UNKNOWN : root(folder)));
  // `$(cd "$(dirname "$0")/.." && pwd)`: once the inner folder is written, the outer one is known.
  for (let before = ''; before !== out; ) {
    before = out;
    out = out.replace(ABSOLUTE_OF, (_, cd: string | undefined, real: string | undefined) => root(posix.relative(WORKSPACE, cd ?? real ?? '')));
  }
  return out;
}

/**
 * The variables the script sets for good, by the line that sets each: once, at the top level (no
 * block or function around), with `=`, where no sourced file may set them again afterwards.
 */
function variablesSetOnce(lines: readonly string[]): ReadonlyMap<number, string> {
  const at = new Map<string, number>();
  const sets = new Map<string, number>();
  const set = (name: string) => sets.set(name, (sets.get(name) ?? 0) + 1);
  let depth = 0;
  let lastSourced = -1;
  lines.forEach((line, index) => {
    for (const setter of line.matchAll(DEFAULT_SETTER)) set(setter[1]);
    for (const segment of commandSegments(line)) {
      const words = segment.split(/\s+/);
      const first = words[0] ?? '';
      if (first === 'source' || first === '.') lastSourced = index;
      // A function's body, and any block, is run when (or if) the script gets there: what it sets is not set for good.
      if ((OPENERS.has(first) && (first !== 'function' || segment.includes('{'))) || /^[A-Za-z_][\w-]*\s*\(\)\s*\{/.test(segment)) depth++;
      if (CLOSERS.has(first)) depth = Math.max(0, depth - 1);
      const assignment = ASSIGNMENT.exec(segment);
      if (assignment === null) {
        if (SETTERS.has(first)) for (const word of words.slice(1)) if (A_NAME.test(word)) set(word);
        continue;
      }
      const [, name, append] = assignment;
      set(name);
      // A value given to one command only (`NAME=value command`) is no assignment of the script's.
      if (append === '' && depth === 0 && !/^\s/.test(line) && segment === line.trim()) at.set(name, index);
    }
  });
  const byLine = new Map<number, string>();
  for (const [name, index] of at) if (sets.get(name) === 1 && index > lastSourced) byLine.set(index, name);
  return byLine;
}

/** The line's commands, split at `;`, `&&`, `||` and `|` outside quotes and `$(…)`, each trimmed. */
function commandSegments(line: string): string[] {
  const segments: string[] = [];
  let quote: string | undefined;
  let depth = 0;
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && quote !== "'") i++;
    else if (quote !== undefined) quote = c === quote ? undefined : quote;
    else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === ';' || c === '|' || (c === '&' && line[i + 1] === '&'))) {
      segments.push(line.slice(from, i).trim());
      if (line[i + 1] === c) i++;
      from = i + 1;
    }
  }
  segments.push(line.slice(from).trim());
  return segments;
}

/**
 * An assignment's value with its quotes taken off (a known folder, `ROOT="$(cd "$(dirname "$0")/.."
 * && pwd)"` once worked out, is such a value); undefined when the shell would work it out (`$`,
 * `` ` ``, a glob, a word split).
 */
function unquoted(written: string): string | undefined {
  return /^"([^"\\$`]*)"$/.exec(written)?.[1] ?? /^'([^']*)'$/.exec(written)?.[1] ?? (/^[^\s"'`$\\;&|<>()*?[\]{}~]*$/.test(written) ? written : undefined);
}

/** The line with each variable the script has set for good before it (`$NAME`, `${NAME}`) written out. */
function withVariables(line: string, values: ReadonlyMap<string, string>): string {
  return line.replace(VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => values.get((braced ?? bare) as string) ?? whole);
}
