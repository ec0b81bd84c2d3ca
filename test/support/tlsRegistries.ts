// Registries as a docker user meets them on a network, all on loopback: one served over TLS with a
// certificate from a throwaway CA nobody trusts, one that also wants a client certificate, and one
// that speaks only plain HTTP. Each is known by a made-up name under the reserved .test TLD, never
// resolved: with HTTP(S)_PROXY pointing at the forward proxy, a CONNECT to `name:443` is spliced to
// the registry behind it and a plain-http request for `name` is forwarded to it, so clients see
// exactly what the network would carry, and nothing leaves loopback.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestCa, issueCertificate, type TestCa } from './certificate';
import { startForwardProxy, type ForwardProxy } from './forwardProxy';
import { pushImage, type PushedImage } from './push';
import { startRegistry, type TestRegistry } from './registry';

/** Served over TLS, certificate from the test CA. */
export const SECURE_NAME = 'secure.docker-pin.test';
/** Served over TLS, wanting a client certificate from the test CA. */
export const MTLS_NAME = 'mtls.docker-pin.test';
/** Plain HTTP only, on the name's port 443 and 80 alike (as a LAN registry on one port would be). */
export const PLAIN_NAME = 'plain.docker-pin.test';

export interface TlsRegistries {
  readonly ca: TestCa;
  /** A client certificate the test CA issued, PEM files. */
  readonly client: { readonly certFile: string; readonly keyFile: string };
  readonly secure: TestRegistry;
  readonly mtls: TestRegistry;
  readonly plain: TestRegistry;
  /** `team/app:1` (linux/amd64) in each registry, by name. */
  readonly images: Readonly<Record<string, PushedImage>>;
  readonly proxy: ForwardProxy;
  /** A new, empty docker certs.d directory, removed by `stop()`. */
  certsDir(): Promise<string>;
  /** Writes `files` (name → content) into `<certsDir>/<host>/`. */
  trust(certsDir: string, host: string, files: Readonly<Record<string, string>>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the three registries (Basic auth, `team/app:1` pushed to each) and the proxy in front of them. */
export async function startTlsRegistries(): Promise<TlsRegistries> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-tls-'));
  const started: TestRegistry[] = [];
  let proxy: ForwardProxy | undefined;
  const stop = async (): Promise<void> => {
    await proxy?.stop();
    for (const reg of started) await reg.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ca = await createTestCa(dir, 'docker-pin throwaway test CA');
    const server = await issueCertificate(ca, dir, 'server', { server: [SECURE_NAME, MTLS_NAME, 'localhost', '127.0.0.1'] });
    const client = await issueCertificate(ca, dir, 'client', { client: 'docker-pin test client' });
    const tls = { certFile: server.certFile, keyFile: server.keyFile, caPem: ca.pem };
    const fixtureClient = { cert: await readFile(client.certFile, 'utf8'), key: await readFile(client.keyFile, 'utf8') };
    const [secure, mtls, plain] = await Promise.all([
      startRegistry({ auth: 'basic', tls }),
      startRegistry({ auth: 'basic', tls: { ...tls, clientCaFile: ca.certFile, fixtureClient } }),
      startRegistry({ auth: 'basic' }),
    ]);
    started.push(secure, mtls, plain);
    const byName: Record<string, TestRegistry> = { [SECURE_NAME]: secure, [MTLS_NAME]: mtls, [PLAIN_NAME]: plain };
    const images: Record<string, PushedImage> = {};
    await Promise.all(Object.entries(byName).map(async ([name, reg]) => (images[name] = await pushImage(reg, 'team/app', '1', { platforms: ['linux/amd64'], salt: name }))));
    proxy = await startForwardProxy(
      { [PLAIN_NAME]: plain.url },
      { [`${SECURE_NAME}:443`]: secure.url, [`${MTLS_NAME}:443`]: mtls.url, [`${PLAIN_NAME}:443`]: plain.url },
    );
    let dirs = 0;
    return {
      ca,
      client,
      secure,
      mtls,
      plain,
      images,
      proxy,
      certsDir: async () => {
        const certs = path.join(dir, `certs.d-${++dirs}`);
        await mkdir(certs);
        return certs;
      },
      trust: async (certsDir, host, files) => {
        await mkdir(path.join(certsDir, host), { recursive: true });
        for (const [name, content] of Object.entries(files)) await writeFile(path.join(certsDir, host, name), content);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
