// Compose's default project: in a folder, `docker compose` reads the first of compose.yaml,
// compose.yml, docker-compose.yml and docker-compose.yaml, and merges over it the first of
// compose.override.yml, compose.override.yaml, docker-compose.override.yml and
// docker-compose.override.yaml (compose-go cli/options.go). A service that one of the two builds is
// built in the merged project, so the other file's `image` for it names that build's result, which
// a digest would break, as it would beside `build:` in the same file.
import { basename, dirname, join } from 'node:path';
import { servicesBuilding } from '../core/sources/compose';
import type { BuildOperand } from './buildOperands';
import { markBuilt } from './composeLinked';
import type { FileAccess } from './fileAccess';

const MAIN = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
const OVERRIDE = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Marks, in each compose file of `operands` that is its folder's main or override file, the services its partner builds. */
export async function withOverrideBuilds(operands: readonly BuildOperand[], files: FileAccess): Promise<void> {
  for (const operand of operands) {
    const name = basename(operand.path);
    if ((operand.kind !== undefined && operand.kind !== 'compose') || files.isStream(operand.path)) continue;
    if (!MAIN.includes(name) && !OVERRIDE.includes(name)) continue;
    const folder = dirname(operand.path);
    const [main, override] = [await first(MAIN, folder, files), await first(OVERRIDE, folder, files)];
    if (main === undefined || override === undefined) continue;
    const partner = name === main ? override : name === override ? main : undefined;
    if (partner === undefined) continue;
    const text = await files.readText(join(folder, partner)).catch(() => undefined);
    for (const service of text === undefined ? [] : servicesBuilding(text)) markBuilt(operand, service);
  }
}

/** The first of `names` that is a file in `folder`. */
async function first(names: readonly string[], folder: string, files: FileAccess): Promise<string | undefined> {
  for (const name of names) if (await files.isFile(join(folder, name))) return name;
  return undefined;
}
