// RegistryTransport over TLS, directly (no proxy): docker's certs.d CAs, insecure registries with
// their fallback to plain http, and what a failed TLS connection is reported as.
import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDockerPinError, type DockerPinError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/types';
import { composeTransport, type RegistryTransport, type TransportOptions } from '../../../src/registry/transport/compose';
import { FakeClock } from '../../support/fakeClock';
import { createTestCa, issueCertificate, type TestCa } from '../../support/certificate';
import { closeServer, listen, trackSockets } from '../../support/net';
import { useServers } from '../fakeServer';

const isCode = (code: DockerPinError['code']) => (e: unknown): boolean => isDockerPinError(e) && e.code === code;

describe('registry/transport over TLS', () => {
  let dir: string;
  let ca: TestCa;
  let server: { cert: string; key: string };
  const serve = useServers();
  const cleanups: (() => Promise<void> | void)[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-httptls-'));
    ca = await createTestCa(dir, 'httpTls test CA');
    const issued = await issueCertificate(ca, dir, 'server', { server: ['localhost', '127.0.0.1'] });
    server = { cert: await readFile(issued.certFile, 'utf8'), key: await readFile(issued.keyFile, 'utf8') };
  });
  after(() => rm(dir, { recursive: true, force: true }));
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** An https server with the test CA's certificate, answering `ok` and counting requests. */
  async function serveTls(): Promise<{ url: string; host: string; requests: number }> {
    const state = { url: '', host: '', requests: 0 };
    const s = https.createServer(server, (_req, res) => {
      state.requests++;
      res.end('ok');
    });
    const sockets = trackSockets(s);
    const port = await listen(s);
    cleanups.push(() => closeServer(s, sockets));
    state.url = `https://127.0.0.1:${port}`;
    state.host = `127.0.0.1:${port}`;
    return state;
  }

  function transport(options: TransportOptions = {}): RegistryTransport {
    const t = composeTransport({ backoffMs: 1, timeoutMs: 2000, insecureRegistryHint: (h) => `--insecure-registry ${h}`, ...options });
    cleanups.push(() => t.destroy());
    return t;
  }
  const get = (t: RegistryTransport, url: string) => t.send({ method: 'GET', url, maxBytes: 1024, what: 'manifest for reg/x:1' });

  it('refuses a certificate from an unknown CA with TLS, naming the host and both fixes', async () => {
    const s = await serveTls();
    await assert.rejects(get(transport({ certsDirs: ['/nonexistent/certs.d'] }), `${s.url}/v2/`), (e: unknown) => {
      assert.ok(isCode('TLS')(e), String(e));
      const message = (e as Error).message;
      assert.ok(message.startsWith(`manifest for reg/x:1: ${s.host}'s TLS certificate is not signed by a trusted CA (`), message);
      assert.ok(message.includes(`/nonexistent/certs.d/${s.host}/ca.crt`) && message.includes(`--insecure-registry ${s.host}`), message);
      return true;
    });
    assert.equal(s.requests, 0);
  });

  it('trusts the CA in <certs.d>/<host:port>/ca.crt, for that host only', async () => {
    const s = await serveTls();
    const certsDir = path.join(dir, 'certs.d-direct');
    await mkdir(path.join(certsDir, s.host), { recursive: true });
    await writeFile(path.join(certsDir, s.host, 'ca.crt'), ca.pem);
    const t = transport({ certsDirs: [certsDir] });
    assert.equal((await get(t, `${s.url}/v2/`)).body.toString(), 'ok');
    // localhost is another host: its directory is empty, so the CA is not trusted there.
    await assert.rejects(get(t, `${s.url.replace('127.0.0.1', 'localhost')}/v2/`), isCode('TLS'));
  });

  it('checks no certificate of a host listed insecure', async () => {
    const s = await serveTls();
    assert.equal((await get(transport({ insecureRegistries: [s.host] }), `${s.url}/v2/`)).body.toString(), 'ok');
  });

  describe('a server that answers plain HTTP', () => {
    it('asked over https: INSECURE_CONNECTION, "answers plain HTTP; add --insecure-registry", never EPROTO', async () => {
      const s = await serve((_req, res) => res.end('plain'));
      await assert.rejects(get(transport(), `https://${s.host}/v2/`), (e: unknown) => {
        assert.ok(isCode('INSECURE_CONNECTION')(e), String(e));
        assert.equal((e as Error).message, `manifest for reg/x:1: ${s.host} answers plain HTTP, not HTTPS; add --insecure-registry ${s.host} to use it over plain http`);
        return true;
      });
      assert.equal(s.requests.length, 0, 'nothing was asked over plain http');
    });

    it('listed insecure: asked over https once, then over plain http, from then on directly', async () => {
      const s = await serve((_req, res) => res.end('plain'));
      const lines: string[] = [];
      const log = (m: string): void => void lines.push(m);
      const logger: Logger = { trace: log, debug: log, info: log, warn: log, error: log };
      const t = transport({ insecureRegistries: [s.host], logger });
      const res = await get(t, `https://${s.host}/v2/a`);
      assert.equal(res.body.toString(), 'plain');
      assert.equal(res.url, `http://${s.host}/v2/a`);
      assert.equal((await get(t, `https://${s.host}/v2/b`)).body.toString(), 'plain');
      assert.deepEqual(s.requests.map((r) => r.url), ['/v2/a', '/v2/b']);
      // Node reports OpenSSL's "wrong version number" as either code, depending on when it surfaces.
      const normalized = lines.map((l) => l.replace(/\(\d+ ms\)/, '(N ms)').replace(/EPROTO|ERR_SSL_WRONG_VERSION_NUMBER/, 'CODE'));
      assert.deepEqual(normalized, [
        `GET https://${s.host}/v2/a → CODE (N ms)`,
        `${s.host} gave no https answer (CODE); it is an insecure registry, so asking it over plain http`,
        `GET http://${s.host}/v2/a → 200 (N ms)`,
        `GET http://${s.host}/v2/b → 200 (N ms)`,
      ]);
    });

    it('listed insecure but refusing connections altogether: the plain-http failure is reported', async () => {
      const port = await new Promise<number>((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (probe.address() as net.AddressInfo).port;
          probe.close(() => resolve(p));
        });
      });
      const host = `127.0.0.1:${port}`;
      await assert.rejects(get(transport({ insecureRegistries: [host] }), `https://${host}/v2/`), (e: unknown) => isCode('NETWORK')(e) && /connection refused \(ECONNREFUSED\)/.test((e as Error).message));
    });
  });

  it('does not fall back to plain http after a timeout: the host did not answer at all', async () => {
    let connections = 0;
    const silent = net.createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
    });
    const sockets = trackSockets(silent);
    const port = await listen(silent);
    cleanups.push(() => closeServer(silent, sockets));
    const host = `127.0.0.1:${port}`;
    const clock = new FakeClock();
    const pending = get(transport({ insecureRegistries: [host], timeoutMs: 200, clock }), `https://${host}/v2/`);
    while (connections === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    clock.advance(200);
    await assert.rejects(pending, isCode('TIMEOUT'));
    assert.equal(connections, 1, 'one https attempt, no plain-http one');
  });
});
