// Wiring a RegistryClient to the test registries the way the CLI does: credentials from a docker
// config.json written to a temp dir (never the user's own ~/.docker), no helpers.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDockerPinError, type ErrorCode } from '../../src/core/errors';
import { DOCKER_HUB_SERVER, DockerConfigCredentials } from '../../src/registry/credentials';
import type { TestRegistry } from './registry';

export type AuthEntry = { auth: string } | { identitytoken: string };

/** The `auths` entry `docker login` writes for `reg` (user:password, base64). */
export function loginEntry(reg: TestRegistry, password = reg.password ?? ''): AuthEntry {
  return { auth: Buffer.from(`${reg.username ?? ''}:${password}`).toString('base64') };
}

/** A temp docker config dir; `auths` keys are registry hosts, or `docker.io` for Docker Hub. */
export class DockerConfigDir {
  private constructor(readonly dir: string) {}

  static async create(auths: Readonly<Record<string, AuthEntry>>): Promise<DockerConfigDir> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-dockercfg-'));
    const keyed = Object.fromEntries(Object.entries(auths).map(([k, v]) => [k === 'docker.io' ? DOCKER_HUB_SERVER : k, v]));
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: keyed }), { mode: 0o600 });
    return new DockerConfigDir(dir);
  }

  credentials(): DockerConfigCredentials {
    return new DockerConfigCredentials({ configDir: this.dir, allowHelpers: false });
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** Awaits `promise` expecting a DockerPinError with `code`; returns it for further checks. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<Error & { code: ErrorCode; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    if (!isDockerPinError(e)) throw e;
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    return e as Error & { code: ErrorCode; details: Record<string, unknown> };
  }
  assert.fail(`expected a ${code} error, but it succeeded`);
}
