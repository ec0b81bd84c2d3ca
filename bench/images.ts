// The images the scenarios name. Repositories live under `public/` because the test token server
// grants anonymous pulls there, like Docker Hub's public images; the CLI and skopeo then run
// anonymously, which is what most users of public base images do.

export interface BenchImage {
  /** Repository path in the registry, e.g. `public/img07`. */
  readonly repository: string;
  readonly tag: string;
  /** As written in a Dockerfile: a Docker Hub name, sent to the local registry by a mirror. */
  readonly ref: string;
}

export function benchImages(count: number): BenchImage[] {
  return Array.from({ length: count }, (_, i) => {
    const repository = `public/img${String(i).padStart(2, '0')}`;
    const tag = `1.${i}`;
    return { repository, tag, ref: `${repository}:${tag}` };
  });
}

/** Platforms every pushed image offers (plus attestation entries, as BuildKit pushes them). */
export const BENCH_PLATFORMS = ['linux/amd64', 'linux/arm64'] as const;
export const BENCH_PLATFORM = 'linux/amd64';
