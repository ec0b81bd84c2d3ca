// One scan per document version and build: lenses, diagnostics, hovers and code actions all need
// the same occurrences, and scanning is pure. Free of `vscode`.
import { scanDockerfile } from '../core/dockerfile';
import type { Platform, ScanOptions, ScanResult } from '../core/types';

export class ScanCache {
  private readonly scans = new Map<string, { version: number; options: string; result: ScanResult }>();

  /** `options` shape the result (platform args, build args): a scan made with others is not reused. */
  scan(uri: string, version: number, text: () => string, options: ScanOptions): ScanResult {
    const key = scanOptionsKey(options);
    const cached = this.scans.get(uri);
    if (cached && cached.version === version && cached.options === key) return cached.result;
    const result = scanDockerfile(text(), options);
    this.scans.set(uri, { version, options: key, result });
    return result;
  }

  forget(uri: string): void {
    this.scans.delete(uri);
  }
}

/** Equal for options that scan alike. */
export function scanOptionsKey(options: ScanOptions): string {
  const platform = (p: Platform | undefined) => (p === undefined ? null : [p.os, p.architecture, p.variant ?? '', p.osVersion ?? '']);
  const args = [...(options.buildArgs ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([platform(options.platform), platform(options.buildPlatform), args]);
}
