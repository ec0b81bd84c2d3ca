// The benchmark's world: the real registry the tests use (Debian's docker-registry with token
// auth), the scenarios' images pushed into it, and the shared latency proxy in front of it that
// every measured request goes through and that counts them.
import { startFaultProxy, type FaultProxy } from '../test/support/faultProxy';
import { pushImage } from '../test/support/push';
import { startRegistry, type TestRegistry } from '../test/support/registry';
import { BENCH_PLATFORMS, type BenchImage } from './images';

export interface BenchEnvironment {
  readonly registry: TestRegistry;
  readonly proxy: FaultProxy;
  /** The linux/amd64 manifest digest of each pushed repository: what a platform pin must say. */
  readonly amd64Digests: ReadonlyMap<string, string>;
  stop(): Promise<void>;
}

export async function startEnvironment(images: readonly BenchImage[], latencyMs: number): Promise<BenchEnvironment> {
  const registry = await startRegistry({ auth: 'token' });
  try {
    // Pushed straight to the registry, not through the proxy: set-up is not measured.
    // Multi-arch with attestation entries, as BuildKit pushes official images today.
    const amd64Digests = new Map<string, string>();
    for (const img of images) {
      const pushed = await pushImage(registry, img.repository, img.tag, { platforms: [...BENCH_PLATFORMS], format: 'oci', attestations: true });
      const amd64 = pushed.children.find((c) => c.platform?.os === 'linux' && c.platform.architecture === 'amd64');
      if (amd64) amd64Digests.set(img.repository, amd64.digest);
    }
    const proxy = await startFaultProxy(registry.url, { latencyMs });
    return {
      registry,
      proxy,
      amd64Digests,
      stop: async () => {
        await proxy.stop();
        await registry.stop();
      },
    };
  } catch (e) {
    await registry.stop();
    throw e;
  }
}
