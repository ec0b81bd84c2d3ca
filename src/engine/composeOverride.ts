// Compose's default project: in a folder, `docker compose` reads the first of compose.yaml,
// compose.yml, docker-compose.yml and docker-compose.yaml, and merges over it the first of
// compose.override.yml, compose.override.yaml, docker-compose.override.yml and
// docker-compose.override.yaml (compose-go cli/options.go). A service that one of the two builds is
// built in the merged project, so the other file's `image` for it names that build's result, which
// a digest would break, as it would beside `build:` in the same file. Compose takes the first name
// that exists, whatever it is: one it then cannot read (a folder, not UTF-8, no permission) makes
// it refuse the project, so that is reported where the file is merged, as an unreadable env file
// of an include is (composeLinked.ts), never taken for "no override". So is one whose YAML is
// invalid: Compose refuses it whole, so none of it is merged (not the part before the error).
// A service's `platform:` is merged too: the override's wins, and either file's stands for a
// service the other gives none, so each file's images and builds of it are for that platform.
import { basename, dirname, join } from 'node:path';
import { servicePlatformsWritten, servicesBuilding } from '../core/sources/compose';
import { yamlSyntaxError } from '../core/sources/yamlSyntax';
import type { ScanProblem } from '../core/types';
import type { Assembly } from './assembly';
import type { BuildOperand } from './buildOperands';
import { markBuilt } from './composeLinked';
import { cannotBeRead, type FileAccess, UnreadableFileError } from './fileAccess';

const MAIN = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Whether a file of this name is merged with another one of its folder by `docker compose`: a main or an override compose file. */
export function isMergedComposeName(name: string): boolean {
  return MAIN.includes(name) || OVERRIDE.includes(name);
}

/** Whether a file of this name is an override compose file, merged over its folder's main one. */
export function isComposeOverrideName(name: string): boolean {
  return OVERRIDE.includes(name);
}

/**
 * Marks, in each compose file of `operands` that is its folder's main or override file, the
 * services its partner builds; a partner that cannot be read is an `invalid` problem of the file.
 */
export async function withOverrideBuilds(operands: readonly BuildOperand[], { files, displayName }: Pick<Assembly, 'files' | 'displayName'>): Promise<void> {
  for (const operand of operands) {
    const name = basename(operand.path);
    if ((operand.kind !== undefined && operand.kind !== 'compose') || files.isStream(operand.path)) continue;
    if (!MAIN.includes(name) && !OVERRIDE.includes(name)) continue;
    const folder = dirname(operand.path);
    const [main, override] = [await first(MAIN, folder, files), await first(OVERRIDE, folder, files)];
    if (main === undefined || override === undefined) continue;
    const partner = name === main ? override : name === override ? main : undefined;
    if (partner === undefined) continue;
    const path = join(folder, partner);
    let text: string;
    try {
      text = await files.readText(path);
    } catch (error) {
      if (!(error instanceof UnreadableFileError)) throw error;
      // Gone since it was found: Compose would find no override either.
      if (error.code === 'ENOENT') continue;
      operand.buildProblems.push(partnerProblem(displayName(operand.path), displayName(path), partner === override, cannotBeRead(error)));
      continue;
    }
    const invalid = yamlSyntaxError(text);
    if (invalid !== undefined) {
      operand.buildProblems.push(partnerProblem(displayName(operand.path), displayName(path), partner === override, `is not valid YAML (${invalid})`));
      continue;
    }
    for (const service of servicesBuilding(text)) markBuilt(operand, service);
    // A service's platform: in either file is the merged service's: the override's wins.
    const platforms = servicePlatformsWritten(text);
    if (platforms.size > 0) operand.options = { ...operand.options, partnerPlatforms: { platforms, wins: partner === override } };
  }
}

/** `by` cannot be merged with `partner`, which `trouble` (`cannot be read (…)`, `is not valid YAML (…)`): Compose refuses the project. */
function partnerProblem(by: string, partner: string, isOverride: boolean, trouble: string): ScanProblem {
  const what = isOverride ? 'the override file docker compose reads beside it' : 'the main compose file docker compose merges it over';
  return {
    kind: 'invalid',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    text: partner,
    message: `${by} is merged with ${partner}, ${what}, which ${trouble}: Compose refuses the project`,
  };
}

/** The first of `names` that exists in `folder` (a file or not: Compose takes it and reads it). */
async function first(names: readonly string[], folder: string, files: FileAccess): Promise<string | undefined> {
  for (const name of names) {
    if (await files.realpath(join(folder, name)).then(() => true, () => false)) return name;
  }
  return undefined;
}
