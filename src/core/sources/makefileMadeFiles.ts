// The files a recipe's commands make from another file before a build reads them (kubebuilder's
// `sed … Dockerfile > Dockerfile.cross`, `cp`, `cat`, `envsubst`): a build of the made file is read
// as a build of the file it is made from (makefile.ts).
import { posix } from 'node:path';
import { type Command, UNKNOWN } from './runDockerBuild';

/** The files a recipe's commands make from another file of its folder, by the path they write. */
export function madeFiles(commands: readonly Command[]): Map<string, { source: string; by: string }> {
  const made = new Map<string, { source: string; by: string }>();
  for (const command of commands) {
    if (command.cwd === undefined) continue;
    const copy = copyOf(command);
    if (copy === undefined || copy.source.includes(UNKNOWN) || copy.target.includes(UNKNOWN)) continue;
    const at = (path: string) => posix.normalize(posix.join(command.cwd as string, path));
    made.set(at(copy.target), { source: at(copy.source), by: `\`${command.words[0]}\`` });
  }
  return made;
}

/** `sed … SOURCE > TARGET`, `cat SOURCE > TARGET`, `envsubst < SOURCE > TARGET`, `cp SOURCE TARGET`. */
function copyOf(command: Command): { source: string; target: string } | undefined {
  const [name, ...args] = command.words;
  const operands = args.filter((word) => !word.startsWith('-'));
  if (name === 'cp') return operands.length === 2 && args.length === operands.length ? { source: operands[0], target: operands[1] } : undefined;
  if (command.output === undefined) return undefined;
  if (name === 'envsubst') return command.input === undefined ? undefined : { source: command.input, target: command.output };
  if (name === 'cat') return operands.length === 1 ? { source: operands[0], target: command.output } : undefined;
  if (name !== 'sed') return undefined;
  // sed's script is its first operand unless -e, --expression or -f gives it; the one file read after.
  const scripted = args.some((word) => /^-(?:e|f|-expression|-file)\b/.test(word) || /^-[a-zA-Z]*[ef]$/.test(word));
  const files = sedFiles(args, scripted);
  return files.length === 1 ? { source: files[0], target: command.output } : undefined;
}

/** The file operands of `sed args`: the words after options and the option values. */
function sedFiles(args: readonly string[], scripted: boolean): string[] {
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word === '-e' || word === '-f' || word === '--expression' || word === '--file' || word === '-l') i++;
    else if (/^-[a-zA-Z]*[ef]$/.test(word)) i++;
    else if (!word.startsWith('-')) operands.push(word);
  }
  return scripted ? operands : operands.slice(1);
}
