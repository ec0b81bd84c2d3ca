// Dockerfile generators for the scenarios. Each is deterministic so runs are comparable, and
// realistic enough (stages, ARGs, COPY --from, RUN --mount, comments, continuations) that the
// scanner does the work it does on real files.
import type { BenchImage } from './images';
// Each file opens with a parser directive, as real ones do, but not `# syntax=`: its image would be
// one more to resolve than the scenarios count.

/**
 * Scenario 1: one multi-stage Dockerfile naming `images.length * 3` references, each image three
 * times: as a stage's FROM, in a COPY --from and in a RUN --mount.
 */
export function multiStageDockerfile(images: readonly BenchImage[]): string {
  const n = images.length;
  const lines = ['# check=error=true', 'ARG APP=bench', ''];
  images.forEach((img, i) => {
    lines.push(
      `# stage ${i}: built on ${img.ref}`,
      `FROM ${img.ref} AS stage${i}`,
      `COPY --from=${images[(i + 1) % n].ref} /etc/os-release /tmp/os-release-${i}`,
      `RUN --mount=type=bind,from=${images[(i + 2) % n].ref},target=/mnt \\`,
      `    ls /mnt > /tmp/listing-${i}`,
      '',
    );
  });
  return lines.join('\n');
}

/** Scenario 2: one small service Dockerfile of a tree; `k` picks its two images. */
export function serviceDockerfile(images: readonly BenchImage[], k: number): string {
  const n = images.length;
  const build = images[k % n];
  const run = images[(k * 7 + 3) % n];
  return [
    `# service ${k}`,
    `FROM ${build.ref} AS build`,
    'WORKDIR /src',
    'COPY . .',
    `RUN make service-${k}`,
    '',
    `FROM ${run.ref}`,
    `COPY --from=build /src/out/service-${k} /usr/local/bin/service`,
    'USER 65534',
    `ENTRYPOINT ["/usr/local/bin/service"]`,
    '',
  ].join('\n');
}

/** Relative paths of a tree of `count` Dockerfiles, grouped like a monorepo. */
export function treePaths(count: number): string[] {
  return Array.from({ length: count }, (_, k) => `team-${k % 10}/service-${k}/Dockerfile`);
}

/**
 * Scenario 4: a Dockerfile of exactly `lineCount` lines (≥ 20), mostly ordinary instructions with
 * an image reference every few lines: a stress test for scanning and planning, not for the network.
 */
export function hugeDockerfile(images: readonly BenchImage[], lineCount: number): string {
  const lines = ['# check=error=true', 'ARG BASE_TAG=1.0', ''];
  let stage = 0;
  while (lines.length < lineCount) {
    const img = images[stage % images.length];
    const other = images[(stage + 1) % images.length];
    lines.push(
      `FROM ${img.ref} AS s${stage}`,
      `ENV STAGE=${stage} \\`,
      `    PATH=/opt/s${stage}/bin:$PATH`,
      `# copy from another image`,
      `COPY --from=${other.ref} /etc/hostname /tmp/h${stage}`,
      `RUN --mount=type=cache,target=/root/.cache \\`,
      `    echo building ${stage} && \\`,
      `    true`,
      `WORKDIR /opt/s${stage}`,
      '',
    );
    stage++;
  }
  return lines.slice(0, lineCount).join('\n') + '\n';
}

/** Scenario 5: a file of about `lineCount` lines for the time to the first CodeLens list. */
export function lensDockerfile(images: readonly BenchImage[], lineCount: number): string {
  return hugeDockerfile(images, lineCount);
}
