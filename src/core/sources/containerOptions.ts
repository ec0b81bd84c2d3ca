// The platform a workflow job's container or service is created for: its `options` string is put
// as it is into the runner's `docker create` command line (actions/runner DockerCommandManager),
// so a `--platform linux/arm64` (or `--platform=linux/arm64`) there is the platform docker runs the
// image for, whatever the runner's own architecture; docker reads the last one given. The line is
// split into words as the runner's process start splits it: at blanks outside double quotes, after
// the runner has put in the values of its `${{ }}` expressions.
import { isScalar } from '../yaml';
import type { Node } from '../yaml';
import { isDockerPinError } from '../errors';
import { parsePlatform } from '../platform';
import type { Platform } from '../types';
import { type Findings, workflowExpressions } from './findings';
import { stringValue } from './yamlNodes';

/** The words of a command line: blanks outside double quotes and expressions separate them; `\"` is a quote. */
function commandWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const close = line.startsWith('${{', i) ? line.indexOf('}}', i) : -1;
    if (close >= 0) {
      // An expression is one piece of its word, whatever blanks it holds: its value is put in before docker reads the line.
      word = (word ?? '') + line.slice(i, close + 2);
      i = close + 1;
    } else if (c === '\\' && line[i + 1] === '"') {
      word = (word ?? '') + '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      word ??= '';
    } else if (!quoted && /\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The platform the `--platform` of `options` names, undefined when it names none. One that holds an
 * expression is reported unresolved and one docker would refuse invalid, at the options; the image
 * is then read for the runner's platform.
 */
export function optionsPlatform(findings: Findings, options: Node | undefined, what: string): Platform | undefined {
  const line = stringValue(options);
  if (line === undefined || !isScalar(options)) return undefined;
  const words = commandWords(line);
  let value: string | undefined;
  words.forEach((word, i) => {
    if (word.startsWith('--platform=')) value = word.slice('--platform='.length);
    else if (word === '--platform') value = words[i + 1] ?? '';
  });
  if (value === undefined) return undefined;
  const [start, end] = options.range ?? [0, 0];
  const place = { text: findings.source.text.slice(start, end), start, end };
  const expressions = workflowExpressions(value);
  if (expressions.length > 0) {
    findings.problem(
      'unresolved',
      place,
      `the --platform of the options of ${what} holds the workflow expression ${expressions.join(', ')}, whose value is known only when the workflow runs, so the platform its image is created for cannot be worked out here: it is checked for the platform it has without the option (the runner's, else the configured one); write the platform out, or accept this with --allow-unresolved`,
    );
    return undefined;
  }
  try {
    return parsePlatform(value);
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    findings.problem('invalid', place, `the --platform of the options of ${what}: ${e.message}`);
    return undefined;
  }
}
