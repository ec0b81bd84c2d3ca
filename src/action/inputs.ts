// The Action's inputs, as the runner hands them to a JavaScript action: `INPUT_<NAME>` variables,
// the name upper-cased with spaces made `_` (hyphens stay: `INPUT_FAIL-ON-FINDINGS`).
import { CHECK_FORMATS, type CheckFormat, DIGEST_KINDS } from '../cli/args';
import type { DigestKind } from '../core/types';

export interface ActionInputs {
  readonly paths: string[];
  readonly mode: 'check' | 'pin';
  /** `os/arch[/variant]`, or undefined for the CLI's own choice. */
  readonly platform?: string;
  /** platform or index, over the repository config's; undefined for the CLI's own choice. */
  readonly digestKind?: DigestKind;
  readonly format: CheckFormat;
  readonly failOnFindings: boolean;
  /** Where `format: sarif` writes its log. */
  readonly sarifFile: string;
}

/** A wrong value is an error naming the input; an empty one takes the default action.yml gives. */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const input = (name: string) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  const mode = input('mode') || 'check';
  if (mode !== 'check' && mode !== 'pin') throw new Error(`input "mode" is check or pin, not "${mode}"`);
  const format = input('format') || 'github';
  if (!(CHECK_FORMATS as readonly string[]).includes(format)) throw new Error(`input "format" is one of ${CHECK_FORMATS.join(', ')}, not "${format}"`);
  const digestKind = input('digest-kind');
  if (digestKind !== '' && !(DIGEST_KINDS as readonly string[]).includes(digestKind)) throw new Error(`input "digest-kind" is ${DIGEST_KINDS.join(' or ')}, not "${digestKind}"`);
  const fail = input('fail-on-findings') || 'true';
  // As YAML 1.2's core schema spells booleans, which is how the runner's own inputs read.
  if (!/^(true|false)$/i.test(fail)) throw new Error(`input "fail-on-findings" is true or false, not "${fail}"`);
  return {
    paths: splitPaths(input('paths') || '.'),
    mode,
    platform: input('platform') || undefined,
    ...(digestKind === '' ? {} : { digestKind: digestKind as DigestKind }),
    format: format as CheckFormat,
    failOnFindings: fail.toLowerCase() === 'true',
    sarifFile: input('sarif-file') || 'docker-pin.sarif',
  };
}

/** Several lines: one path each (it may hold spaces). One line: paths separated by spaces. */
export function splitPaths(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  return lines.length > 1 ? lines : text.trim().split(/\s+/).filter((path) => path !== '');
}
