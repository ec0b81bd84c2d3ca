// The base images of ko's config (`.ko.yaml`, ko.build): `defaultBaseImage`, the image every Go
// package is built on, and each value of `baseImageOverrides` (an import path → the image that
// package is built on instead). ko builds for the platforms its `--platform` flag (or the config's
// `defaultPlatforms`) names, `linux/amd64` when none does, and takes each one's image from the base
// image's index: only the index digest fits every platform a build may ask for, so it is what is
// pinned here. A `ko://` base is built from Go source: reported, as there is nothing to pin.
import { isMap, isScalar } from '../yaml';
import type { ScanResult, SourceScanOptions } from '../types';
import { Findings, wholeScalar } from './findings';
import { SourceText } from './sourceText';
import { entries, lookup, parseYaml, stringValue, writtenScalar } from './yamlNodes';
import type { Node } from '../yaml';

export function scanKoConfig(text: string, _options: SourceScanOptions = {}): ScanResult {
  const source = new SourceText(text);
  const findings = new Findings(source, 'ko');
  const { docs, problems } = parseYaml(source);
  findings.problems.push(...problems);
  for (const doc of docs) {
    const base = lookup(doc, doc.contents, 'defaultBaseImage');
    if (base !== undefined) baseImage(findings, base, 'defaultBaseImage');
    const overrides = lookup(doc, doc.contents, 'baseImageOverrides');
    if (overrides !== undefined && isMap(overrides)) {
      for (const [importPath, node] of entries(doc, overrides)) if (node !== undefined) baseImage(findings, node, `baseImageOverrides of ${importPath}`);
    }
  }
  return findings.result();
}

function baseImage(findings: Findings, node: Node, what: string): void {
  const range = node.range ?? [0, 0];
  const place = { text: findings.source.text.slice(range[0], range[1]), start: range[0], end: range[1] };
  const value = stringValue(node);
  if (value === undefined || !isScalar(node)) {
    findings.problem('invalid', place, `${what} is not a string, so it names no image`);
    return;
  }
  if (value.startsWith('ko://')) {
    findings.problem('skipped', place, `${what} is built by ko from the Go package ${value.slice('ko://'.length)}: there is no image to pin here`);
    return;
  }
  const written = writtenScalar(findings.source, node, value);
  if ('reason' in written) {
    findings.problem('skipped', place, `skipped ${JSON.stringify(value)} (${what}): ${written.reason}, so no digest can be inserted safely`);
    return;
  }
  findings.image(wholeScalar(written), { source: 'image', expanded: value, digestKind: 'index' });
}
