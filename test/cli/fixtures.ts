// A multi-stage Dockerfile and the registry content it names, shared by the pin and check tests.
import { pushImage, type PushedManifest } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { rmSync } from 'node:fs';
import { buildCli, projectFiles, runCli, tempDir, type CliResult } from './helpers';

export const MULTI_STAGE = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE_TAG=3.20',
  'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
  'RUN --mount=type=cache,target=/root/.cache \\',
  '    --mount=type=bind,from=acme/tools:1,source=/bin/tool,target=/usr/local/bin/tool \\',
  '    go build ./...',
  'FROM alpine:${BASE_TAG} AS base',
  'FROM base AS final',
  'COPY --from=build /out /out',
  'COPY --from=busybox:1.36 /bin/busybox /bin/busybox',
  'FROM --platform=linux/arm64 alpine:3.20 AS armcheck',
  'FROM scratch',
  '',
].join('\n');

export type Pushed = Awaited<ReturnType<typeof pushImage>>;

export interface Images {
  golang: Pushed;
  tools: Pushed;
  alpine: Pushed;
  busybox: Pushed;
  /** The `# syntax=` frontend, pinned to its index whatever the kind asked for. */
  frontend: Pushed;
}

export async function pushMultiStageImages(registry: TestRegistry): Promise<Images> {
  const options = { platforms: ['linux/amd64', 'linux/arm64'], attestations: true };
  const [golang, tools, alpine, busybox, frontend] = await Promise.all([
    pushImage(registry, 'library/golang', '1.22', options),
    pushImage(registry, 'acme/tools', '1', { ...options, format: 'docker' as const }),
    pushImage(registry, 'library/alpine', '3.20', options),
    pushImage(registry, 'library/busybox', '1.36', options),
    pushImage(registry, 'docker/dockerfile', '1', options),
  ]);
  return { golang, tools, alpine, busybox, frontend };
}

export function digestFor(pushed: { children: PushedManifest[] }, architecture: string): string {
  const found = pushed.children.find((c) => c.platform?.os === 'linux' && c.platform.architecture === architecture);
  if (!found) throw new Error(`no linux/${architecture} child`);
  return found.digest;
}

/** MULTI_STAGE as `pin --platform linux/amd64` must leave it (the `# syntax=` image always pinned to its index). */
export function pinnedMultiStage(images: Images, kind: 'platform' | 'index' = 'platform'): string {
  const d = (p: Pushed, arch = 'amd64') => (kind === 'index' ? p.index.digest : digestFor(p, arch));
  return MULTI_STAGE.replace('# syntax=docker/dockerfile:1\n', `# syntax=docker/dockerfile:1@${images.frontend.index.digest}\n`)
    .replace('golang:1.22 ', `golang:1.22@${d(images.golang)} `)
    .replace('from=acme/tools:1,', `from=acme/tools:1@${d(images.tools)},`)
    .replace('alpine:${BASE_TAG} ', `alpine:\${BASE_TAG}@${d(images.alpine)} `)
    .replace('busybox:1.36 ', `busybox:1.36@${d(images.busybox)} `)
    .replace('alpine:3.20 AS armcheck', `alpine:3.20@${d(images.alpine, 'arm64')} AS armcheck`);
}

export interface MultiStageRegistry {
  readonly registry: TestRegistry;
  readonly images: Images;
  /** The options every invocation takes: the registry as Docker Hub's mirror, and linux/amd64. */
  readonly common: string[];
}

/**
 * Before the suite: builds the CLI and starts a registry holding the multi-stage images, and
 * hands them to `set`; after it: stops the registry.
 */
export function withMultiStageRegistry(set: (fixture: MultiStageRegistry) => void): void {
  let registry: TestRegistry | undefined;
  before(async function () {
    this.timeout(120_000);
    const [started] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = started;
    set({ registry, images: await pushMultiStageImages(registry), common: ['--mirror', `docker.io=${registry.url}`, '--platform', 'linux/amd64'] });
  });
  after(async () => registry?.stop());
}

/** A suite's project: the multi-stage registry, a fresh folder for each test, and the CLI run in it. */
export interface MultiStageProject {
  /** The registry's images, once the suite has started. */
  readonly images: () => Images;
  /** Runs `docker-pin <command> <common options> <rest>` in the test's folder. */
  readonly run: (command: string, ...rest: string[]) => Promise<CliResult>;
  readonly write: (name: string, text: string) => string;
  readonly read: (name: string) => string;
}

/** Sets up, within the calling `describe`, the multi-stage registry and a fresh folder (named after `prefix`) per test. */
export function withMultiStageProject(prefix: string): MultiStageProject {
  let fixture: MultiStageRegistry | undefined;
  let dir = '';
  withMultiStageRegistry((started) => (fixture = started));
  beforeEach(() => {
    dir = tempDir(prefix);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const started = (): MultiStageRegistry => {
    if (fixture === undefined) throw new Error('the registry has not started');
    return fixture;
  };
  return {
    images: () => started().images,
    run: (command, ...rest) => runCli([command, ...started().common, ...rest], { cwd: dir }),
    ...projectFiles(() => dir),
  };
}
