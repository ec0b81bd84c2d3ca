// A local, offline demonstration: a real registry on 127.0.0.1 stands in for Docker Hub, the
// example Dockerfile's images are pushed to it (multi-arch, with attestations like Hub's), then the
// built CLI shows what `pin --dry-run` would change and what `check` reports.
// Run with `npm run demo` (it builds first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pushImage } from '../test/support/push';
import { startRegistry } from '../test/support/registry';

const ROOT = resolve(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DOCKERFILE = 'examples/Dockerfile';

/** Every image examples/Dockerfile names, as Docker Hub repositories. */
const IMAGES: ReadonlyArray<[repository: string, tag: string]> = [
  ['docker/dockerfile', '1'],
  ['library/golang', '1.22'],
  ['library/alpine', '3.20'],
  ['golangci/golangci-lint', 'v1.59.1'],
  ['library/busybox', '1.36-musl'],
];

function cli(args: string[]): void {
  process.stdout.write(`\n$ docker-pin ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stdout.write(result.stderr);
  process.stdout.write(`(exit code ${result.status ?? result.signal})\n`);
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing; build it with "node esbuild.mjs"`);
  const registry = await startRegistry({ auth: 'none' });
  try {
    process.stdout.write(`Local registry standing in for Docker Hub: ${registry.url}\n`);
    for (const [repository, tag] of IMAGES) {
      await pushImage(registry, repository, tag, { platforms: ['linux/amd64', 'linux/arm64'], format: 'oci', attestations: true });
      process.stdout.write(`pushed ${repository}:${tag} (linux/amd64, linux/arm64)\n`);
    }
    const mirror = ['--mirror', `docker.io=${registry.url}`];
    cli(['resolve', ...mirror, '--platform', 'linux/arm64', 'alpine:3.20']);
    cli(['pin', '--dry-run', ...mirror, DOCKERFILE]);
    cli(['check', ...mirror, DOCKERFILE]);
  } finally {
    await registry.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
