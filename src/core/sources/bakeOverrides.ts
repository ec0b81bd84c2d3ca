// A workflow or pipeline that runs Bake with a platform override — docker/bake-action's `set`
// input (`*.platform=linux/amd64,linux/arm64`, one override a line) or `docker buildx bake --set
// app.platform=…` in a run step or a GitLab job's script — builds the bake file's targets for other platforms than the file
// says. docker-pin reads each bake file on its own (bake.ts), with the platforms its targets give,
// so the Dockerfiles those targets build may be pinned for a platform the build does not use: the
// override is reported unresolved, naming it and the ways out, never passed over.
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import { type Findings, nodePlace, type Place } from './findings';
import { commandsOf } from './runDockerBuild';
import { lookup, stringValue, type YamlDocument } from './yamlNodes';

const BAKE_ACTION = 'docker/bake-action';

/** `target.platform=value` (bake's `--set` key for platforms; `*` and patterns match several targets). */
const PLATFORM_OVERRIDE = /^\s*([^\s=]+)\.platform\s*=/;

/** Reports a step's Bake platform overrides: in docker/bake-action's `set`, or in `docker buildx bake --set` of its `run:` script. */
export function bakePlatformOverrides(doc: YamlDocument, findings: Findings, step: Node, what: string): void {
  const uses = stringValue(lookup(doc, step, 'uses'))?.split('@')[0].toLowerCase();
  if (uses === BAKE_ACTION) {
    const set = lookup(doc, lookup(doc, step, 'with'), 'set');
    const text = stringValue(set);
    if (set === undefined || text === undefined) return;
    const targets = text.split(/\r?\n/).flatMap((line) => PLATFORM_OVERRIDE.exec(line)?.[1] ?? []);
    if (targets.length > 0) report(findings, nodePlace(findings, set), `the set input of the ${BAKE_ACTION} step of ${what}`, targets);
    return;
  }
  const run = lookup(doc, step, 'run');
  const script = stringValue(run);
  if (run === undefined || script === undefined || !isScalar(run)) return;
  scriptBakeOverrides(findings, nodePlace(findings, run), `the docker buildx bake command of a run step of ${what}`, script);
}

/** Reports the `docker buildx bake --set <target>.platform=…` commands of a script (a run step's, a GitLab job's) at `where`. */
export function scriptBakeOverrides(findings: Findings, where: Place, what: string, script: string): void {
  if (!/\bbake\b/.test(script)) return;
  const targets = commandsOf(script, '.').flatMap((command) => bakeSetTargets(command.words));
  if (targets.length > 0) report(findings, where, what, targets);
}

/** The targets whose platform a `docker buildx bake` command's `--set` overrides. */
function bakeSetTargets(words: readonly string[]): string[] {
  const at = words.indexOf('docker');
  if (at < 0 || words[at + 1] !== 'buildx' || words[at + 2] !== 'bake') return [];
  const out: string[] = [];
  words.forEach((word, i) => {
    const value = word === '--set' ? words[i + 1] : word.startsWith('--set=') ? word.slice('--set='.length) : undefined;
    const target = value === undefined ? undefined : PLATFORM_OVERRIDE.exec(value)?.[1];
    if (target !== undefined) out.push(target);
  });
  return out;
}

function report(findings: Findings, where: Place, what: string, targets: readonly string[]): void {
  const names = [...new Set(targets)].join(', ');
  findings.problem(
    'unresolved',
    where,
    `${what} overrides the platform of the bake targets ${names}: docker-pin reads the bake file with the platforms its targets give, not this override, so the Dockerfiles those targets build may be pinned for a platform the build does not use; ` +
      `write the platforms in the bake file, pin those Dockerfiles' images to index digests (--index), or accept this with --allow-unresolved`,
  );
}

