// Turning one image reference written in a YAML kind into the occurrence record every kind shares,
// or into the problem that says why it cannot be one.
import { isDockerPinError } from '../errors';
import { platformsEqual } from '../platform';
import { parseReference } from '../reference';
import type { FileKind, ImageOccurrence, ImageSource, Platform, ScanProblem } from '../types';
import type { YamlFile } from './yamlFile';

/** `@algo:hex` at the end of a reference (distribution/reference's digest), before a closing quote. */
const WRITTEN_DIGEST = /@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}(["']?)$/;

export interface Written {
  readonly source: ImageSource;
  readonly fileKind: FileKind;
  /** Offsets of the reference as written (quotes kept around a whole scalar). */
  readonly start: number;
  readonly end: number;
  /** The value after the kind's variables are expanded. */
  readonly expanded: string;
  readonly variables: readonly string[];
  /** The platform of each use of this written reference (undefined: the configured one). */
  readonly platforms: readonly (Platform | undefined)[];
}

/** The occurrence for `written`, or an `invalid` problem when its value is not a reference. */
export function occurrence(file: YamlFile, written: Written): ImageOccurrence | ScanProblem {
  const text = file.text.slice(written.start, written.end);
  let reference;
  try {
    reference = parseReference(written.expanded);
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    return file.problem('invalid', written.start, written.end, e.message);
  }
  const digest = WRITTEN_DIGEST.exec(text);
  const { platform, platforms } = platformOfUses(written.platforms);
  return {
    source: written.source,
    fileKind: written.fileKind,
    text,
    range: file.range(written.start, written.end),
    expanded: written.expanded,
    reference,
    ...(platform ? { platform } : {}),
    ...(platforms ? { platforms } : {}),
    ...(digest ? { digestRange: file.range(written.start + digest.index, written.end - digest[1].length) } : {}),
    variables: written.variables,
    line: file.line(written.start),
  };
}

/** One platform when every use agrees; all of them when they differ (only an index fits them all). */
export function platformOfUses(uses: readonly (Platform | undefined)[]): { platform?: Platform; platforms?: readonly (Platform | undefined)[] } {
  const first = uses[0];
  const same = uses.every((p) => (p === undefined || first === undefined ? p === first : platformsEqual(p, first)));
  if (same) return first ? { platform: first } : {};
  return { platforms: uses };
}

/** True when `value` is a problem rather than an occurrence. */
export function isProblem(value: ImageOccurrence | ScanProblem): value is ScanProblem {
  return 'message' in value && !('reference' in value);
}
