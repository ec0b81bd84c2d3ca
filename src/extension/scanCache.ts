// One scan per document version: lenses, diagnostics, hovers and code actions all need the same
// occurrences, and scanning is pure. Free of `vscode`.
import { scanDockerfile } from '../core/dockerfile';
import type { ScanResult } from '../core/types';

export class ScanCache {
  private readonly scans = new Map<string, { version: number; result: ScanResult }>();

  scan(uri: string, version: number, text: () => string): ScanResult {
    const cached = this.scans.get(uri);
    if (cached && cached.version === version) return cached.result;
    const result = scanDockerfile(text());
    this.scans.set(uri, { version, result });
    return result;
  }

  forget(uri: string): void {
    this.scans.delete(uri);
  }
}
