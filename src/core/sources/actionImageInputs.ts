// Actions whose input names an image the action pulls and runs on the runner: the image of
// docker/setup-qemu-action (binfmt, run privileged to install the emulators) and the node image of
// a kind cluster (the image kind runs the cluster's nodes from): helm/kind-action's and its fork
// container-tools/kind-action's `node_image`, engineerd/setup-kind's `image` (each given to
// `kind create cluster --image`). Such an input is an image the
// job runs, for the runner's platform (the one its runs-on names, else the configured one), pinned in the input's value as any other image is. The
// BuildKit image docker/setup-buildx-action runs is one option among others in a list
// (buildxDriverOpts.ts).
import type { Node } from '../yaml';
import { BUILDX_ACTION, buildxDriverImage } from './buildxDriverOpts';
import type { Findings } from './findings';
import { imageValue } from './githubWorkflow';
import type { JobRunner, RunnerFacts } from './runnerPlatform';
import type { MatrixJob } from './workflowMatrixImage';
import { lookup, stringValue } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

const IMAGE_INPUTS: readonly { readonly action: string; readonly input: string }[] = [
  { action: 'docker/setup-qemu-action', input: 'image' },
  { action: 'helm/kind-action', input: 'node_image' },
  { action: 'container-tools/kind-action', input: 'node_image' },
  { action: 'engineerd/setup-kind', input: 'image' },
];

/**
 * The image a step's `with:` gives an action of IMAGE_INPUTS, recorded as an image of the job; in a
 * workflow job (`matrix`), a value that is a matrix value whole (`node_image: ${{ matrix.image }}`,
 * a kind version matrix) records each literal the matrix gives it, where it is written; one
 * holding `${{ env.NAME }}` of the `env` the step sees for sure is read with its value.
 */
export function actionImageInput(
  doc: YamlDocument,
  findings: Findings,
  step: Node,
  what: string,
  runner: RunnerFacts = {},
  matrix?: { readonly job: MatrixJob; readonly runner: JobRunner },
  env?: ReadonlyMap<string, Node>,
): void {
  const uses = stringValue(lookup(doc, step, 'uses'));
  if (uses === undefined) return;
  const action = uses.slice(0, uses.indexOf('@') < 0 ? uses.length : uses.indexOf('@')).toLowerCase();
  for (const known of IMAGE_INPUTS.filter((entry) => entry.action === action)) {
    const value = lookup(doc, lookup(doc, step, 'with'), known.input);
    if (value !== undefined) imageValue(findings, value, 'image', `the ${known.input} input of ${known.action} in ${what}`, { runner, ...(matrix === undefined ? {} : { matrix: { ...matrix, whole: false } }), ...(env === undefined ? {} : { env }) });
  }
  if (action === BUILDX_ACTION) buildxDriverImage(doc, findings, lookup(doc, step, 'with'), what, runner);
}
