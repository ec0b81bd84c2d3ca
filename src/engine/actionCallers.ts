// The steps of the files read that use an action of the repository (`uses: ./.github/actions/build`),
// by the action file's real path: the action's own reading is told of them (`SourceOptions.actionCallers`),
// so what it cannot tell only for want of the inputs they all give is moot there
// (core/sources/actionCallers.ts), and the builds it would leave to its runner are theirs. Found
// before any file's builds are followed, so that the action's builds are read knowing them
// whichever file comes first. An action at the repository's root is left alone: other
// repositories use it, with inputs no file here says.
import { dirname, join } from 'node:path';
import { detectKind } from '../core/sources/detect';
import type { ActionCaller } from '../core/types';
import type { Assembly } from './assembly';
import { UnreadableFileError } from './fileAccess';
import { type FileOperand, operandPath, readSource } from './readSource';
import { scanSource } from './sources';

/** `uses: ./…` somewhere in a file: a workflow without it uses no action of its repository. */
const USES_LOCAL = /\buses\s*:\s*["']?\.\//;

/** The names the runner looks for in an action's folder. */
export function actionFiles(folder: string): string[] {
  return ['action.yml', 'action.yaml'].map((name) => join(folder, name));
}

/** The callers of each action of the repository among `operands` (every file to read, builders too), by the action file's real path. */
export async function actionCallers(operands: readonly FileOperand[], assembly: Assembly): Promise<Map<string, ActionCaller[]>> {
  const callers = new Map<string, ActionCaller[]>();
  for (const operand of operands) {
    const path = operandPath(operand);
    const given = typeof operand === 'string' ? undefined : operand.kind;
    if ((given ?? detectKind(path)) !== 'github-workflow' || assembly.files.isStream(path) || !(await assembly.files.isFile(path))) continue;
    let text: string;
    try {
      const read = await readSource({ path, kind: 'github-workflow' }, assembly.files);
      text = read.file.text;
    } catch (error) {
      // Its own reading says why it cannot be read; its callers are not known, and none is counted.
      if (error instanceof UnreadableFileError) continue;
      throw error;
    }
    if (!USES_LOCAL.test(text)) continue;
    const root = await assembly.repositoryRoot(path);
    const scan = scanSource({ kind: 'github-workflow', text }, await assembly.fileOptions.of(path));
    for (const use of scan.localActions ?? []) {
      if (use.inputs === undefined) continue;
      const real = await actionFile(join(root, use.folder), assembly);
      if (real === undefined || dirname(real) === root) continue;
      const list = callers.get(real) ?? [];
      list.push({ by: `${use.by} in ${assembly.displayName(path)}`, inputs: use.inputs });
      callers.set(real, list);
    }
  }
  return callers;
}

/** The real path of the action file in `folder`, as the runner picks it; undefined when there is none. */
async function actionFile(folder: string, assembly: Assembly): Promise<string | undefined> {
  for (const candidate of actionFiles(folder)) {
    if (await assembly.files.isFile(candidate)) return assembly.files.realpath(candidate).catch(() => undefined);
  }
  return undefined;
}
