// Reads a file `pin` or `check` was given, with its kind and what its kind reads beside it (the
// engine's readSource over Node's fs): a compose file's project `.env`.
import { readSource as readWith, type FileOperand, type ReadSource } from '../engine/readSource';
import { nodeFiles } from './nodeFiles';

export { operandPath, type FileOperand, type ReadSource } from '../engine/readSource';

/**
 * Reads `operand`: its kind is the one given, else the one its name and content tell, else
 * Dockerfile. Throws UnreadableFileError for the file or its `.env`.
 */
export function readSource(operand: FileOperand): Promise<ReadSource> {
  return readWith(operand, nodeFiles);
}
