// The BuildKit image docker/setup-buildx-action's builder runs: its `driver-opts` input, read as
// the action and buildx read it. The action trims the input and takes each non-empty line, trimmed,
// as one `--driver-opt` (commas kept: Util.getInputList with ignoreComma and no quote handling);
// buildx reads each as CSV fields of `key=value` (a field may be double-quoted to hold commas), a
// later key winning. `image=` names the image the docker-container driver runs on the runner: an
// image of the job, for the runner's platform, pinned in place inside the input's string (a plain
// or quoted one-line value, or a literal block `|`, whose lines are lines of the file). The
// kubernetes driver runs it on the cluster's nodes, whose platform the workflow does not say: the
// index digest. A `${{ … }}` expression as the image, or where an option stands (it may give an
// `image=`), is known only when the workflow runs: unresolved, with why.
import { isScalar } from '../yaml';
import type { Node, Scalar } from '../yaml';
import type { Position } from '../types';
import { expressionMessage, type Findings, nodePlace, type Place, workflowExpressions } from './findings';
import { literalLines } from './literalBlock';
import type { SourceText } from './sourceText';
import { lookup, stringValue, writtenScalar, type YamlDocument } from './yamlNodes';
import type { RunnerFacts } from './runnerPlatform';

export const BUILDX_ACTION = 'docker/setup-buildx-action';

/** The BuildKit image the `driver-opts` of a step's `with` (a docker/setup-buildx-action step) name, recorded as an image of the job. */
export function buildxDriverImage(doc: YamlDocument, findings: Findings, inputs: Node | undefined, what: string, runner: RunnerFacts = {}): void {
  const node = lookup(doc, inputs, 'driver-opts');
  const value = stringValue(node);
  if (node === undefined || value === undefined || !isScalar(node)) return;
  const driver = stringValue(lookup(doc, inputs, 'driver'))?.trim();
  const onRunner = driver === undefined || driver === '' || driver === 'docker-container';
  const where = placesIn(findings.source, node, value);
  const whole = nodePlace(findings, node);
  const place = (from: number, to: number): Place => ('at' in where ? { text: value.slice(from, to), start: where.at(from), end: where.at(to) } : whole);
  const image = `the image driver option (driver-opts) of ${BUILDX_ACTION} in ${what}`;
  for (const field of driverOptions(value)) {
    const eq = field.value.indexOf('=');
    const key = eq < 0 ? field.value : field.value.slice(0, eq);
    const keyExpressions = workflowExpressions(key);
    if (keyExpressions.length > 0) {
      findings.problem(
        'unresolved',
        place(field.start, field.start + field.value.length),
        `the driver-opts of ${BUILDX_ACTION} in ${what} hold the workflow expression ${keyExpressions.join(', ')} where a driver option stands: its value is known only when the workflow runs, ` +
          'and an image= option in it would name the BuildKit image the job runs, which cannot be worked out or pinned here; write the options out to have it checked, or accept it with --allow-unresolved',
      );
      continue;
    }
    if (key !== 'image') continue;
    const from = field.start + eq + 1;
    const text = field.value.slice(eq + 1);
    // An empty image leaves the driver's own default.
    if (text === '') continue;
    const at = place(from, from + text.length);
    const expressions = workflowExpressions(text);
    if (expressions.length > 0) findings.problem('unresolved', at, expressionMessage(image, expressions));
    else if ('reason' in where || field.escaped) {
      const why = 'reason' in where ? where.reason : 'it is a CSV field with doubled quotes';
      findings.problem('skipped', at, `skipped ${JSON.stringify(text)} (${image}): ${why}, so no digest can be inserted safely`);
    } else findings.image(at, { source: 'image', expanded: text, ...(onRunner ? runner : { digestKind: 'index' as const }) });
  }
}

/** One `key=value` driver option, as buildx reads it: its text without quotes, and where that starts in the input's value. */
interface DriverOption {
  readonly value: string;
  readonly start: number;
  /** A quoted field with doubled quotes: its text is not as written. */
  readonly escaped: boolean;
}

/** The driver options of an input value: each non-empty line trimmed, each line's CSV fields. */
function driverOptions(value: string): DriverOption[] {
  const options: DriverOption[] = [];
  let lineStart = 0;
  for (const line of value.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '') options.push(...csvFields(trimmed, lineStart + line.indexOf(trimmed)));
    lineStart += line.length + 1;
  }
  return options;
}

/** The CSV fields of `line` (which starts at `base` in the value), as Go's encoding/csv splits them. */
function csvFields(line: string, base: number): DriverOption[] {
  const fields: DriverOption[] = [];
  for (let i = 0; i <= line.length; ) {
    if (line[i] === '"') {
      let j = i + 1;
      let text = '';
      let escaped = false;
      while (j < line.length && !(line[j] === '"' && line[j + 1] !== '"')) {
        if (line[j] === '"') {
          escaped = true;
          j++;
        }
        text += line[j++];
      }
      fields.push({ value: text, start: base + i + 1, escaped });
      const comma = line.indexOf(',', j);
      if (comma < 0) break;
      i = comma + 1;
      continue;
    }
    const comma = line.indexOf(',', i);
    const end = comma < 0 ? line.length : comma;
    fields.push({ value: line.slice(i, end), start: base + i, escaped: false });
    if (comma < 0) break;
    i = comma + 1;
  }
  return fields;
}

/** Where each offset of the scalar's value stands in the file, or why a digest cannot be written into it. */
export function placesIn(source: SourceText, node: Scalar, value: string): { at: (offset: number) => number } | { reason: string } {
  if (node.type === 'BLOCK_FOLDED') return { reason: 'it is a folded block (>)' };
  if (node.type === 'BLOCK_LITERAL') {
    const lines = literalLines(source, node, value);
    if (lines === undefined) return { reason: 'its lines are not written as a literal block keeps them' };
    return { at: (offset) => lines(positionIn(value, offset)) };
  }
  const written = writtenScalar(source, node, value);
  if ('reason' in written) return written;
  const base = written.start + (written.quote === '' ? 0 : 1);
  return { at: (offset) => base + offset };
}

function positionIn(value: string, offset: number): Position {
  const before = value.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Depot's action that makes its builders the job's buildx builder (`docker buildx`, docker/build-push-action). */
const DEPOT_USE_ACTION = 'depot/use-action';

/**
 * Why a step sets up a builder that does not run on the runner, when it does: docker/setup-buildx-action
 * with the `kubernetes`, `remote` or `cloud` driver (or a driver an expression gives), an `endpoint`,
 * or nodes `append`ed to it; depot/use-action. Builds after it run on those machines, whose platform (`$BUILDPLATFORM`,
 * and the target of a build that names none) the workflow does not say.
 */
export function offRunnerBuilder(doc: YamlDocument, step: Node): string | undefined {
  const action = stringValue(lookup(doc, step, 'uses'))?.split('@')[0].toLowerCase();
  if (action === DEPOT_USE_ACTION) return `the ${DEPOT_USE_ACTION} step of its job makes Depot's builders its buildx builder, off the runner, whose platform the workflow does not say`;
  if (action !== BUILDX_ACTION) return undefined;
  const inputs = lookup(doc, step, 'with');
  const input = (name: string) => stringValue(lookup(doc, inputs, name))?.trim() ?? '';
  const driver = input('driver');
  const builder = `the ${BUILDX_ACTION} step of its job`;
  if (['kubernetes', 'remote', 'cloud'].includes(driver)) return `${builder} sets up a builder with the ${driver} driver, off the runner, whose platform the workflow does not say`;
  if (workflowExpressions(driver).length > 0) return `${builder} sets up a builder whose driver (${driver}) is known only when the workflow runs`;
  if (input('endpoint') !== '') return `${builder} sets up a builder at an endpoint, off the runner, whose platform the workflow does not say`;
  if (input('append') !== '') return `${builder} appends nodes to its builder, whose platforms the workflow does not say`;
  return undefined;
}
