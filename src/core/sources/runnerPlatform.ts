// The platform of the runner a workflow job's `runs-on` names, which its container, services,
// docker:// steps and the images its actions run on the runner are pulled for. `runs-on` is a label,
// a list of labels the runner must all have, or a mapping with `group` and `labels`; labels match
// case-insensitively. Only labels whose architecture is certain count: GitHub-hosted Linux runners
// (`ubuntu-latest`, `ubuntu-24.04`: x64; `ubuntu-24.04-arm`, `ubuntu-22.04-arm`: arm64) and the
// architecture labels every self-hosted runner has (`X64`, `ARM64`, `ARM`). Anything else (a
// larger runner's or a custom label, a group, an expression) says nothing: undefined.
import { isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { parsePlatform } from '../platform';
import type { Platform } from '../types';
import { items, lookup, stringValue } from './yamlNodes';
import type { YamlDocument } from './yamlNodes';

/** The architecture each label names, as a platform. */
function labelPlatform(label: string): string | undefined {
  const name = label.trim().toLowerCase();
  if (/^ubuntu-(latest|\d{2}\.\d{2})$/.test(name) || name === 'x64') return 'linux/amd64';
  if (/^ubuntu-\d{2}\.\d{2}-arm$/.test(name) || name === 'arm64') return 'linux/arm64';
  // A self-hosted runner on 32-bit ARM (armv7l) has the label ARM.
  if (name === 'arm') return 'linux/arm/v7';
  return undefined;
}

/** The platform the labels of a job's `runs-on` name, when they name exactly one architecture. */
export function runnerPlatform(doc: YamlDocument, runsOn: Node | undefined): Platform | undefined {
  const labelsNode = isScalar(runsOn) || isSeq(runsOn) ? runsOn : lookup(doc, runsOn, 'labels');
  const labels = isSeq(labelsNode) ? items(doc, labelsNode).map(stringValue) : [stringValue(labelsNode)];
  if (labels.some((label) => label === undefined || label.includes('${{'))) return undefined;
  const named = new Set(labels.map((label) => labelPlatform(label ?? '')).filter((platform) => platform !== undefined));
  return named.size === 1 ? parsePlatform([...named][0]) : undefined;
}
