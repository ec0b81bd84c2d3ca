// The builds a scan found, each in words, for tests that compare them as text.
import { formatPlatform } from '../../../src/core/platform';
import type { ScanResult } from '../../../src/core/types';

/** Each build in words: Dockerfile, context, platforms (or the default one in brackets), target, args, named contexts. */
export function buildWords(result: ScanResult): string[] {
  return (result.builds ?? []).map((b) =>
    [
      b.dockerfile,
      b.context,
      // A build whose platforms only its runner knows: read by no Dockerfile but one named alone (engine/buildOperands.ts).
      b.hidden?.platforms === true ? '[hidden]' : b.platforms.length > 0 ? b.platforms.map(formatPlatform).join(',') : `[${b.platform === undefined ? 'configured' : formatPlatform(b.platform)}]`,
      ...(b.hidden?.platforms === false ? ['(more platforms hidden)'] : []),
      ...(b.target === undefined ? [] : [`target ${b.target}`]),
      ...[...b.buildArgs].map(([k, v]) => `${k}=${v}`),
      ...[...b.unknownArgs.keys()].map((k) => `${k}=?`),
      ...(b.namedContexts === undefined ? [] : [`contexts ${[...b.namedContexts].join(',')}`]),
    ].join(' '),
  );
}

/** Each build in words (`buildWords`), with the line of the file that makes it: `Dockerfile . linux/arm64 line 7`. */
export function buildLines(result: ScanResult): string[] {
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line}`);
}

/**
 * Each build of a Dockerfile the file does not name, as its problem marks it
 * (`ScanProblem.unnamedDockerfile`): the problem's line, who builds, and the platforms (`?`: unknown).
 */
export function unnamedWords(result: ScanResult): string[] {
  return result.problems.flatMap((p) => {
    const build = p.unnamedDockerfile;
    if (build === undefined) return [];
    const end = build.pathEnd === undefined ? '' : ` (…/${build.pathEnd})`;
    return [`${p.range.start.line + 1} ${build.by}: ${build.platforms === undefined ? '?' : build.platforms.map(formatPlatform).join(',') || '[configured]'}${end}`];
  });
}
