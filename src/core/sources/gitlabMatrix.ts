// A job's `parallel: matrix:` as GitLab expands it (Config::Normalizer::MatrixStrategy): each entry
// of the list is a mapping of variable names to one value or a list of values, and gives one job
// per combination of its lists (their product, in the order written); the entries' jobs follow one
// another. Each such job is named `job: [value, …]` and gets the entry's values as variables of its
// own, over the job's `variables:` (a rule's `variables:` still win over them when it matches).
import { isScalar, isSeq } from '../yaml';
import type { Scalar } from '../yaml';
import { field } from './gitlabConfig';
import type { GitlabConfig, Value } from './gitlabConfig';
import { variableText } from './gitlabVariables';
import type { VariableDefinition } from './gitlabVariables';

/** One job a matrix makes: its values, as GitLab names the job, and the variables they set. */
export interface MatrixInstance {
  /** `[3.10, alpine]`: the values as GitLab puts them in the job's name. */
  readonly label: string;
  readonly definitions: ReadonlyMap<string, VariableDefinition>;
}

/** GitLab refuses a matrix that makes more jobs than this. */
const MAX_JOBS = 200;

/**
 * The jobs a context's `parallel:` makes, each with its matrix variables; undefined when it has no
 * matrix (no `parallel:`, or `parallel: 5`, which sets no variable). A matrix (or an entry, or a
 * value) this file cannot read gives `unknown`: the values it sets cannot be known.
 */
export function matrixInstances(config: GitlabConfig, parallel: Value | undefined): { instances: MatrixInstance[] } | { unknown: string } | undefined {
  const matrix = field(parallel, 'matrix');
  if (matrix === undefined) return undefined;
  if (matrix.kind === 'unknown') return { unknown: `its parallel:matrix: ${matrix.reason}` };
  const instances: MatrixInstance[] = [];
  for (const entry of config.list(matrix)) {
    if (entry.kind === 'unknown') return { unknown: `its parallel:matrix: ${entry.reason}` };
    if (entry.kind !== 'map') return { unknown: 'an entry of its parallel:matrix is not a mapping of variables' };
    let combinations: { values: string[]; definitions: Map<string, VariableDefinition> }[] = [{ values: [], definitions: new Map() }];
    for (const [name, value] of entry.entries) {
      const options = value.kind === 'node' && isSeq(value.node) ? config.list(value) : [value];
      const definitions: VariableDefinition[] = [];
      for (const option of options) {
        if (option.kind === 'unknown') return { unknown: `its parallel:matrix value of ${name}: ${option.reason}` };
        if (option.kind !== 'node' || !isScalar(option.node)) return { unknown: `its parallel:matrix value of ${name} is not a string` };
        definitions.push(matrixDefinition(name, option.node));
      }
      combinations = combinations.flatMap((combination) =>
        definitions.map((definition) => ({
          values: [...combination.values, 'text' in definition.value ? definition.value.text : ''],
          definitions: new Map([...combination.definitions, [name, definition]]),
        })),
      );
      if (instances.length + combinations.length > MAX_JOBS) return { unknown: `its parallel:matrix makes more than ${MAX_JOBS} jobs, which GitLab refuses` };
    }
    instances.push(...combinations.map(({ values, definitions }) => ({ label: `[${values.join(', ')}]`, definitions })));
  }
  return { instances };
}

function matrixDefinition(name: string, node: Scalar): VariableDefinition {
  return { name, value: { text: variableText(node) }, raw: false, hasOptions: false, matrix: true, ...(typeof node.value === 'string' ? { node } : {}) };
}
