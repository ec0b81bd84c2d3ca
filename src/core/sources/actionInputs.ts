// The inputs of a composite action of the repository, as a step of a workflow that uses it
// (`uses: ./.github/actions/build` with `with: { platform: … }`) gives them, and as the action's
// steps read them (`${{ inputs.platform }}`). A step's `with:` values are worked out as the
// workflow's other expressions are (buildPushAction.ts `inputValue`): a `${{ matrix.… }}` for each
// run of the job's matrix, a `${{ env.NAME }}` from the `env:` the step sees; any other expression
// is known only when the workflow runs. The action's steps then see each input the step gives,
// else the input's `default:` in the action's metadata, else an empty string, as the runner gives
// them (actions/runner CompositeActionHandler: inputs matched in any case, the defaults of those
// not given evaluated). A default holding an expression is known only when the workflow runs.
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import type { ActionInputs } from '../types';
import { type Combination } from './workflowMatrix';
import { inputValue } from './buildPushAction';
import { workflowExpressions } from './findings';
import { entries, lookup, type YamlDocument } from './yamlNodes';

/** What the steps of an action read as `${{ inputs.NAME }}`, by name in lower case: a value, or undefined when only the run knows it. */
export type SeenInputs = ReadonlyMap<string, string | undefined>;

const KEY = '[A-Za-z_][A-Za-z0-9_-]*';
/** `${{ inputs.NAME }}` (or `inputs['NAME']`), the whole expression. */
const INPUTS_PATH = new RegExp(String.raw`^\$\{\{\s*inputs\s*(?:\.\s*(${KEY})|\[\s*'(${KEY})'\s*\])\s*\}\}$`);

/** The inputs a step's `with:` gives, for one run of its job (`run`), with the `env:` it sees. */
export function stepInputs(doc: YamlDocument, step: Node, run: Combination | undefined, env: ReadonlyMap<string, Node>): ActionInputs {
  const out = new Map<string, string | { unknown: string }>();
  for (const [name, node] of entries(doc, lookup(doc, step, 'with'))) {
    if (node === undefined || (isScalar(node) && node.value === null)) continue;
    // A mapping or list is no input value the runner takes; said as what only the run knows.
    const value = isScalar(node) ? inputValue(doc, node, run, env) : undefined;
    out.set(name.toLowerCase(), value ?? { unknown: String(node) });
  }
  return out;
}

/**
 * What the steps of the action whose metadata is `doc` see as its inputs when a step gives it
 * `given`: each given value, else the input's literal `default:`, else an empty string.
 */
export function seenInputs(doc: YamlDocument, given: ActionInputs): SeenInputs {
  const out = new Map<string, string | undefined>();
  for (const [name, input] of entries(doc, lookup(doc, doc.contents, 'inputs'))) {
    const fallback = lookup(doc, input, 'default');
    const value = fallback === undefined || !isScalar(fallback) || fallback.value === null ? '' : String(fallback.value);
    out.set(name.toLowerCase(), workflowExpressions(value).length > 0 ? undefined : value);
  }
  for (const [name, value] of given) out.set(name, typeof value === 'string' ? value : undefined);
  return out;
}

/**
 * The value `${{ inputs.NAME }}` has for the action's steps (`inputs`: what a caller gives): an
 * input no one gives nor defaults is empty. Undefined for any other expression, or a value only
 * the run knows.
 */
export function inputsValue(expression: string, inputs: SeenInputs): string | undefined {
  const path = INPUTS_PATH.exec(expression);
  if (path === null) return undefined;
  const name = (path[1] ?? path[2]).toLowerCase();
  return inputs.has(name) ? inputs.get(name) : '';
}
