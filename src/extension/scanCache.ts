// One scan per document version, kind and build: lenses, diagnostics, hovers and code actions all
// need the same occurrences, and scanning is pure. The scan itself is the engine's, by the file's
// kind (`scanSource`), so the editor reads every kind as the CLI does. Free of `vscode`.
import type { FileKind, Platform, ScanResult } from '../core/types';
import { scanSource, type SourceFile, type SourceOptions } from '../engine/sources';

/** A document as the cache reads it: its kind, its text, and for a compose file its project's `.env` text. */
export interface DocumentSource {
  readonly kind: FileKind;
  readonly text: () => string;
  /** Read on every call (a `.env` file changes without the compose file's version changing); undefined when there is none. */
  readonly envText?: () => string | undefined;
}

export class ScanCache {
  private readonly scans = new Map<string, { version: number; key: string; envText: string | undefined; result: ScanResult }>();

  constructor(private readonly scan_: (file: SourceFile, options: SourceOptions) => ScanResult = scanSource) {}

  /** `options` shape the result (platform args, build args, the environment): a scan made with others is not reused. */
  scan(uri: string, version: number, source: DocumentSource, options: SourceOptions): ScanResult {
    const key = `${source.kind}\u0000${scanOptionsKey(options)}`;
    const envText = source.envText?.();
    const cached = this.scans.get(uri);
    if (cached && cached.version === version && cached.key === key && cached.envText === envText) return cached.result;
    const file: SourceFile = { kind: source.kind, text: source.text(), ...(envText === undefined ? {} : { envFile: { text: envText } }) };
    const result = this.scan_(file, options);
    this.scans.set(uri, { version, key, envText, result });
    return result;
  }

  forget(uri: string): void {
    this.scans.delete(uri);
  }

  clear(): void {
    this.scans.clear();
  }
}

/** Equal for options that scan alike. */
export function scanOptionsKey(options: SourceOptions): string {
  const platform = (p: Platform | undefined) => (p === undefined ? null : [p.os, p.architecture, p.variant ?? '', p.osVersion ?? '']);
  const sorted = (map: ReadonlyMap<string, string> | undefined) => [...(map ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const pipeline = options.gitlabPipeline === undefined ? null : [options.gitlabPipeline.files, [...options.gitlabPipeline.variables], [...options.gitlabPipeline.jobNames], [...(options.gitlabPipeline.extenders ?? [])]];
  // A manifest as the kustomizations of the workspace render it, and a kustomization whose manifests are read with it.
  const kustomize = [options.kustomize?.steps ?? null, options.rendersRead === true, options.configurations ?? null];
  return JSON.stringify([platform(options.platform), platform(options.buildPlatform), sorted(options.buildArgs), sorted(options.environment), pipeline, kustomize]);
}
