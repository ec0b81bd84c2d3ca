import * as assert from 'node:assert/strict';
import { isDockerPinError, type DockerPinError } from '../../../src/core/errors';
import type { Logger } from '../../../src/core/types';
import { composeTransport, type RegistryTransport, type TransportOptions } from '../../../src/registry/transport/compose';
import { DEFAULT_MAX_CONCURRENCY_PER_HOST } from '../../../src/registry/transport/hostPolicy';
import type { TransportRequest } from '../../../src/registry/transport/types';
import { FakeClock } from '../../support/fakeClock';
import { startServer, useServers, type FakeServer } from '../fakeServer';
import { startForwardProxy, useProxyEnv, type ForwardProxy } from '../../support/forwardProxy';

const MiB = 1024 * 1024;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (m: string): void => {
    lines.push(m);
  };
  return { lines, trace: log, debug: log, info: log, warn: log, error: log };
}

/** Polls `done` until it holds (a test's timeout ends a wait that never does). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const isCode = (code: DockerPinError['code']) => (e: unknown): boolean => isDockerPinError(e) && e.code === code;

describe('registry/transport (the composed layers)', () => {
  let transport: RegistryTransport;
  const serve = useServers();
  const made: RegistryTransport[] = [];
  /** A transport closed after the test. */
  const make = (options: TransportOptions = {}): RegistryTransport => {
    const t = composeTransport(options);
    made.push(t);
    return t;
  };
  /** A clock whose sleeps end at once (retry waits), with no request deadline to fire with them. */
  const instant = (options: TransportOptions = {}): { clock: FakeClock; transport: RegistryTransport } => {
    const clock = new FakeClock({ instantUpToMs: 24 * 3600_000 });
    return { clock, transport: make({ backoffMs: 5, ...options, timeoutMs: Infinity, clock }) };
  };

  beforeEach(() => {
    transport = make({ backoffMs: 5, timeoutMs: 2000 });
  });

  afterEach(() => {
    for (const t of made.splice(0)) t.destroy();
  });

  const get = (url: string, extra: Partial<TransportRequest> = {}) =>
    transport.send({ method: 'GET', url, maxBytes: 4 * MiB, what: 'manifest for test/x:1', ...extra });

  it('returns status, lowercase headers and the exact body bytes', async () => {
    const s = await serve((_req, res) => {
      res.setHeader('Docker-Content-Digest', 'sha256:abc');
      res.end('{"a": 1}\n');
    });
    const res = await get(`${s.url}/v2/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers['docker-content-digest'], 'sha256:abc');
    assert.equal(res.body.toString(), '{"a": 1}\n');
    assert.equal(transport.stats.requests, 1);
    assert.equal(transport.stats.bytesRead, 9);
  });

  it('retries 502/503/504 with a doubling backoff, then succeeds', async () => {
    const { clock, transport: t } = instant();
    transport = t;
    let n = 0;
    const s = await serve((_req, res) => {
      n++;
      res.statusCode = n === 1 ? 503 : n === 2 ? 502 : 200;
      res.end('x');
    });
    const res = await get(`${s.url}/v2/`);
    assert.equal(res.status, 200);
    assert.equal(s.requests.length, 3);
    assert.deepEqual(clock.slept, [5, 10]);
  });

  it('gives up after maxRetries and hands back the last 5xx', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 504;
      res.end();
    });
    const { clock, transport: t } = instant({ backoffMs: 1, maxRetries: 2 });
    transport = t;
    const res = await get(`${s.url}/v2/`);
    assert.equal(res.status, 504);
    assert.deepEqual(clock.slept, [1, 2]);
    assert.equal(s.requests.length, 3);
  });

  it('honours a short Retry-After on 429', async () => {
    const { clock, transport: t } = instant();
    transport = t;
    let n = 0;
    const s = await serve((_req, res) => {
      n++;
      if (n === 1) {
        res.statusCode = 429;
        res.setHeader('Retry-After', '1');
      }
      res.end('ok');
    });
    const res = await get(`${s.url}/v2/`);
    assert.equal(res.status, 200);
    assert.deepEqual(clock.slept, [1000], 'waited the second Retry-After asked for');
  });

  it('fails at once with RATE_LIMITED and retryAfterSeconds when the wait is too long', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 429;
      res.setHeader('Retry-After', '3600');
      res.setHeader('ratelimit-remaining', '0;w=21600');
      res.end();
    });
    await assert.rejects(get(`${s.url}/v2/`), (e: unknown) => {
      assert.ok(isDockerPinError(e) && e.code === 'RATE_LIMITED');
      assert.equal(e.details.retryAfterSeconds, 3600);
      assert.match(e.message, new RegExp(s.host.replace('.', '\\.')));
      assert.match(e.message, /remaining: 0/);
      return true;
    });
    assert.equal(s.requests.length, 1);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 429;
      res.setHeader('Retry-After', new Date(Date.now() + 600_000).toUTCString());
      res.end();
    });
    await assert.rejects(get(`${s.url}/v2/`), (e: unknown) => isDockerPinError(e) && e.code === 'RATE_LIMITED' && (e.details.retryAfterSeconds ?? 0) >= 590);
  });

  it('fails with RATE_LIMITED when 429 persists through the retries', async () => {
    const s = await serve((_req, res) => {
      res.statusCode = 429;
      res.end();
    });
    const { clock, transport: t } = instant({ backoffMs: 1, maxRetries: 2 });
    transport = t;
    await assert.rejects(get(`${s.url}/v2/`), isCode('RATE_LIMITED'));
    assert.equal(s.requests.length, 3);
    assert.deepEqual(clock.slept, [1, 2]);
  });

  it('retries a connection reset', async () => {
    const { clock, transport: t } = instant();
    transport = t;
    let n = 0;
    const s = await serve((req, res) => {
      n++;
      if (n === 1) {
        req.socket.destroy();
        return;
      }
      res.end('ok');
    });
    const res = await get(`${s.url}/v2/`);
    assert.equal(res.body.toString(), 'ok');
    assert.equal(s.requests.length, 2);
    assert.deepEqual(clock.slept, [5]);
  });

  it('fails fast with NETWORK naming the host when the connection is refused', async () => {
    const s = await serve((_req, res) => res.end());
    const { url, host } = s;
    await s.close();
    const { clock, transport: t } = instant();
    transport = t;
    await assert.rejects(get(`${url}/v2/`), (e: unknown) => isDockerPinError(e) && e.code === 'NETWORK' && e.message.includes(host) && /refused/.test(e.message));
    assert.deepEqual(clock.slept, [], 'no retries with backoff for a refused connection');
  });

  /** A transport whose deadline of `timeoutMs` passes only when the test moves `clock`. */
  const manual = (timeoutMs: number): FakeClock => {
    const clock = new FakeClock();
    transport = make({ timeoutMs, maxRetries: 0, clock });
    return clock;
  };

  it('times out a registry that never answers, naming the host', async () => {
    const s = await serve(() => undefined);
    const clock = manual(150);
    const pending = get(`${s.url}/v2/`);
    await until(() => s.requests.length === 1);
    clock.advance(150);
    await assert.rejects(pending, (e: unknown) => isDockerPinError(e) && e.code === 'TIMEOUT' && e.message === `manifest for test/x:1: ${s.host} did not answer within 150 ms`);
  });

  for (const timeoutMs of [3_000_000 * 1000, Infinity]) {
    it(`waits for a slow answer with a timeout beyond what a timer holds (${timeoutMs} ms)`, async () => {
      const s = await serve((_req, res) => setTimeout(() => res.end('late'), 50));
      transport = make({ timeoutMs, maxRetries: 0 });
      assert.equal((await get(`${s.url}/v2/`)).body.toString(), 'late');
    });
  }

  describe('a host that does not answer', () => {
    it('fails further requests to it at once with the same TIMEOUT, while other hosts go on', async () => {
      const silent = await serve(() => undefined);
      const other = await serve((_req, res) => res.end('ok'));
      const clock = manual(200);
      const first = get(`${silent.url}/v2/a`);
      await until(() => silent.requests.length === 1);
      clock.advance(200);
      await assert.rejects(first, isCode('TIMEOUT'));
      await assert.rejects(get(`${silent.url}/v2/b`, { what: 'manifest for test/y:2' }), (e: unknown) =>
        isDockerPinError(e) && e.code === 'TIMEOUT' && e.message.startsWith(`manifest for test/y:2: ${silent.host} did not answer within 200 ms`) && /not asking it again for 30 s/.test(e.message),
      );
      assert.equal(silent.requests.length, 1, 'the second request was never sent');
      assert.equal((await get(`${other.url}/v2/`)).status, 200);
      transport.forgetFailures();
      const again = get(`${silent.url}/v2/c`);
      await until(() => silent.requests.length === 2);
      clock.advance(200);
      await assert.rejects(again, isCode('TIMEOUT'));
    });

    it('costs about one timeout for many queued requests, not one per round of the per-host limit', async () => {
      const silent = await serve(() => undefined);
      const clock = manual(300);
      const all = Promise.allSettled(Array.from({ length: 32 }, (_, i) => get(`${silent.url}/v2/x/manifests/${i}`)));
      await until(() => silent.requests.length === DEFAULT_MAX_CONCURRENCY_PER_HOST);
      clock.advance(300);
      const results = await all;
      assert.ok(results.every((r) => r.status === 'rejected' && isCode('TIMEOUT')(r.reason)));
      // Only the first round (the per-host limit) ever waits on the host; the rest fail without a
      // request. (The time this saves is the benchmark's business, not a timed test's.)
      assert.equal(silent.requests.length, DEFAULT_MAX_CONCURRENCY_PER_HOST);
    });

    it('is asked again when the timeout was one slow request while it answered others', async () => {
      const s = await serve((req, res) => {
        if (req.url !== '/slow') res.end('fast');
      });
      const clock = manual(200);
      const slow = get(`${s.url}/slow`);
      await until(() => s.requests.length === 1);
      assert.equal((await get(`${s.url}/fast`)).status, 200);
      clock.advance(200);
      await assert.rejects(slow, isCode('TIMEOUT'));
      assert.equal((await get(`${s.url}/fast`)).status, 200);
    });

    it('is asked again after a body stalled half way (it did answer)', async () => {
      const s = await serve((_req, res) => {
        res.writeHead(200, { 'Content-Length': '100' });
        res.write('partial');
      });
      const clock = manual(150);
      for (const n of [1, 2]) {
        const pending = get(`${s.url}/v2/`);
        await until(() => transport.stats.requests === n); // its status line and headers arrived
        clock.advance(150);
        await assert.rejects(pending, isCode('TIMEOUT'));
      }
      assert.equal(s.requests.length, 2);
    });

    it('keeps asking a host that refuses connections (a local registry may be starting)', async () => {
      const s = await serve((_req, res) => res.end('up'));
      const { url } = s;
      const port = s.port;
      await s.close();
      await assert.rejects(get(`${url}/v2/`), isCode('NETWORK'));
      const again = await startServer((_req, res) => res.end('up'), '127.0.0.1', port);
      try {
        assert.equal((await get(`${url}/v2/`)).body.toString(), 'up');
      } finally {
        await again.close();
      }
    });
  });

  it('times out a body that stalls half way', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('partial');
    });
    const clock = manual(150);
    const pending = get(`${s.url}/v2/`);
    await until(() => transport.stats.requests === 1);
    clock.advance(150);
    await assert.rejects(pending, isCode('TIMEOUT'));
  });

  it('stops reading a body past the limit while it streams', async () => {
    let written = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200); // chunked: no Content-Length to check up front
      const chunk = Buffer.alloc(64 * 1024, 97);
      const pump = (): void => {
        while (written < 64 * MiB) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => undefined);
      pump();
    });
    await assert.rejects(get(`${s.url}/v2/`), (e: unknown) => isDockerPinError(e) && e.code === 'MANIFEST_TOO_LARGE' && /4 MiB/.test(e.message));
    assert.ok(written < 32 * MiB, `stopped early (server wrote ${written} bytes)`);
  });

  it('refuses a declared Content-Length over the limit without reading', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(5 * MiB) });
      res.write('x');
    });
    await assert.rejects(get(`${s.url}/v2/`), isCode('MANIFEST_TOO_LARGE'));
  });

  it('follows redirects, keeping Authorization on the same origin', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/a') {
        res.writeHead(307, { Location: '/b' });
        res.end();
      } else res.end('here');
    });
    const res = await get(`${s.url}/a`, { headers: { authorization: 'Bearer same-origin' } });
    assert.equal(res.body.toString(), 'here');
    assert.equal(res.url, `${s.url}/b`);
    assert.equal(s.requests[1].headers.authorization, 'Bearer same-origin');
  });

  it('strips Authorization when a redirect changes host or port', async () => {
    const storage = await serve((_req, res) => res.end('blob'));
    const registry = await serve((_req, res) => {
      res.writeHead(302, { Location: `http://localhost:${storage.port}/blob?sig=1` });
      res.end();
    });
    const res = await get(`${registry.url}/v2/x/blobs/sha256:1`, { headers: { authorization: 'Bearer secret-token' } });
    assert.equal(res.body.toString(), 'blob');
    assert.equal(registry.requests[0].headers.authorization, 'Bearer secret-token');
    assert.equal(storage.requests[0].headers.authorization, undefined);
  });

  for (const status of [307, 308]) {
    it(`never carries a request body through a ${status} to another host`, async () => {
      const other = await serve((_req, res) => res.end('{"token":"stolen"}'), '127.0.0.2');
      const realm = await serve((_req, res) => {
        res.writeHead(status, { Location: `${other.url}/token` });
        res.end();
      });
      const body = 'grant_type=refresh_token&refresh_token=SECRET-REFRESH';
      await assert.rejects(
        get(`${realm.url}/token`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        (e: unknown) =>
          isDockerPinError(e) && e.code === 'REGISTRY_ERROR' && e.message.includes(realm.host) && e.message.includes(other.host) && !e.message.includes('SECRET'),
      );
      assert.equal(realm.requests[0].body, body);
      assert.equal(other.requests.length, 0, 'the other host never sees the request, let alone the body');
    });
  }

  it('keeps the body on a same-origin 307, and drops it when a 302 turns POST into GET', async () => {
    const other = await serve((_req, res) => res.end('moved'), '127.0.0.2');
    const s = await serve((req, res) => {
      if (req.url === '/a') res.writeHead(307, { Location: '/b' });
      else if (req.url === '/b') res.writeHead(302, { Location: `${other.url}/c` });
      res.end();
    });
    const res = await get(`${s.url}/a`, { method: 'POST', body: 'form=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.body.toString(), 'moved');
    assert.deepEqual(s.requests.map((r) => [r.method, r.body]), [['POST', 'form=1'], ['POST', 'form=1']]);
    assert.deepEqual(other.requests.map((r) => [r.method, r.body, r.headers['content-type']]), [['GET', '', undefined]]);
  });

  it('refuses a redirect from a loopback registry to plain http elsewhere, before sending anything there', async () => {
    const logger = recordingLogger();
    transport = make({ logger });
    // Never resolved: the refusal comes before any connection, so no lookup and no traffic.
    const s = await serve((_req, res) => {
      res.writeHead(302, { Location: 'http://registry.example.com/v2/x/manifests/1' });
      res.end();
    });
    await assert.rejects(
      get(`${s.url}/v2/x/manifests/1`),
      (e: unknown) => isDockerPinError(e) && e.code === 'INSECURE_CONNECTION' && /plain http at registry\.example\.com/.test(e.message) && e.message.includes(s.host),
    );
    assert.equal(logger.lines.length, 1, 'one request, to the loopback registry only');
  });

  it('follows a plain-http redirect to a host listed insecure, or to loopback', async () => {
    const target = await serve((_req, res) => res.end('ok'), '127.0.0.2');
    const s = await serve((_req, res) => {
      res.writeHead(302, { Location: `${target.url}/v2/` });
      res.end();
    });
    assert.equal((await get(`${s.url}/v2/`)).body.toString(), 'ok');
    // The insecure host is reached through a local proxy, so no name is ever resolved.
    const proxy = await serve((req, res) => res.end(`proxied ${req.url}`));
    const restoreEnv = useProxyEnv(proxy.url, ['HTTP_PROXY']);
    try {
      transport = make({ insecureRegistries: ['registry.invalid:5000'] });
      const hop = await serve((_req, res) => {
        res.writeHead(302, { Location: 'http://registry.invalid:5000/v2/' });
        res.end();
      });
      assert.equal((await get(`${hop.url}/v2/`)).body.toString(), 'proxied http://registry.invalid:5000/v2/');
    } finally {
      restoreEnv();
    }
  });

  it('fails with TOO_MANY_REDIRECTS after five hops', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url?.slice(1) ?? 0);
      res.writeHead(302, { Location: `/${n + 1}` });
      res.end();
    });
    await assert.rejects(get(`${s.url}/0`), isCode('TOO_MANY_REDIRECTS'));
    assert.equal(s.requests.length, 6);
  });

  it('cancels through the signal', async () => {
    const s = await serve(() => undefined);
    const ac = new AbortController();
    const pending = get(`${s.url}/v2/`, { signal: ac.signal });
    await until(() => s.requests.length === 1);
    ac.abort();
    await assert.rejects(pending, isCode('CANCELLED'));
  });

  it('logs one trace line per request, with no header values', async () => {
    const s = await serve((_req, res) => res.end('{}'));
    const logger = recordingLogger();
    transport = make({ logger });
    await get(`${s.url}/v2/library/alpine/manifests/3.20`, { headers: { authorization: 'Bearer very-secret' } });
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0], new RegExp(`^GET ${s.url}/v2/library/alpine/manifests/3\\.20 → 200 \\(\\d+ ms\\)$`));
    assert.ok(!logger.lines.join('\n').includes('very-secret'));
  });

  it('sends HEAD without reading a body', async () => {
    const s = await serve((_req, res) => {
      res.setHeader('Docker-Content-Digest', 'sha256:1');
      res.setHeader('Content-Length', '1000');
      res.end();
    });
    const res = await transport.send({ method: 'HEAD', url: `${s.url}/v2/`, maxBytes: 0, what: 'x', kind: 'manifestHeads' });
    assert.equal(res.headers['docker-content-digest'], 'sha256:1');
    assert.equal(res.body.length, 0);
    assert.equal(transport.stats.manifestHeads, 1);
  });

  it('keeps at most 15 requests in flight per host by default (npm\'s maxsockets), each host counted on its own', async () => {
    const limit = DEFAULT_MAX_CONCURRENCY_PER_HOST;
    assert.equal(limit, 15);
    const held: Array<() => void> = [];
    const busy = await serve((_req, res) => held.push(() => res.end('ok')));
    const other = await serve((_req, res) => res.end('ok'));
    const all = Array.from({ length: limit + 2 }, () => get(`${busy.url}/v2/`));
    await until(() => held.length === limit);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(busy.requests.length, limit, 'the last two wait for a free slot');
    // A token server on another host is not held up by the registry's full slots.
    assert.equal((await get(`${other.url}/token`)).status, 200);
    while (held.length > 0 || busy.requests.length < limit + 2) {
      held.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual((await Promise.all(all)).map((r) => r.status), Array(limit + 2).fill(200));
  });

  describe('proxies', () => {
    let restoreEnv: (() => void) | undefined;
    afterEach(() => {
      restoreEnv?.();
      restoreEnv = undefined;
    });

    it('sends plain-http requests through HTTP_PROXY', async () => {
      const proxy = await serve((req, res) => res.end(`proxied ${req.url}`));
      restoreEnv = useProxyEnv(proxy.url, ['HTTP_PROXY']);
      transport = make({ insecureRegistries: ['registry.invalid:5000'] });
      const res = await get('http://registry.invalid:5000/v2/');
      assert.equal(res.body.toString(), 'proxied http://registry.invalid:5000/v2/');
    });

    describe('a proxy that refuses', () => {
      // Made-up names, never resolved: the proxy on 127.0.0.1 receives every request for them.
      const secureUrl = 'https://registry.docker-pin.test/v2/team/app/manifests/1';
      const plainName = 'plain.docker-pin.test';
      let proxy: ForwardProxy;
      let origin: FakeServer;
      let proxyName: string;
      let logger: ReturnType<typeof recordingLogger>;
      beforeEach(async () => {
        origin = await serve((_req, res) => res.end('from the registry'));
        proxy = await startForwardProxy({ [plainName]: origin.url });
        proxyName = proxy.url; // http://127.0.0.1:PORT
        // The proxy's own login in its URL, as corporate setups write it: never to be shown.
        const withLogin = new URL(proxy.url);
        withLogin.username = 'user';
        withLogin.password = 'secret';
        restoreEnv = useProxyEnv(withLogin.toString());
        logger = recordingLogger();
        transport.destroy();
        transport = make({ backoffMs: 1, timeoutMs: 2000, logger, insecureRegistries: [plainName] });
      });
      afterEach(() => proxy.stop());

      const noSecret = (text: string): void => {
        assert.ok(!text.includes('secret') && !text.includes('user:'), `the proxy's login leaked: ${text}`);
      };

      for (const [status, text] of [[403, 'Forbidden'], [407, 'Proxy Authentication Required'], [502, 'Bad Gateway']] as const) {
        it(`a CONNECT answered ${status} fails at once with NETWORK naming the proxy and the registry, and is asked again next time`, async () => {
          proxy.refuse(status);
          const e = await get(secureUrl).then(() => assert.fail('the proxy refused the tunnel'), (err: unknown) => err);
          assert.ok(isCode('NETWORK')(e), String(e));
          const message = (e as DockerPinError).message;
          assert.equal(message, `manifest for test/x:1: proxy ${proxyName} refused to connect to registry.docker-pin.test:443 (${status} ${text}); check HTTPS_PROXY / NO_PROXY`);
          assert.equal((e as DockerPinError).details.host, 'registry.docker-pin.test');
          noSecret(message);
          noSecret(logger.lines.join('\n'));
          assert.ok(logger.lines.some((l) => l.includes(`proxy refused (${status})`)), logger.lines.join('\n'));
          assert.equal(proxy.connects.length, 1, 'a refusal is not retried');
          assert.equal(transport.stats.requests, 0, 'no registry answer was read');

          proxy.refuse(undefined);
          // Plain http through the same proxy and transport works again...
          const res = await get(`http://${plainName}/v2/`);
          assert.equal(res.status, 200);
          assert.equal(res.body.toString(), 'from the registry');
          // ...and https opens a new tunnel: the refusal was not remembered (this proxy then drops
          // the tunnel, since nothing here speaks TLS for that name).
          await assert.rejects(get(secureUrl), (err: unknown) => isCode('NETWORK')(err) && !(err as Error).message.includes('refused'));
          assert.ok(proxy.connects.length >= 2);
        });
      }

      it('a plain-http request answered 407 by the proxy fails with NETWORK, not as a registry 401', async () => {
        proxy.refuse(407);
        await assert.rejects(get(`http://${plainName}/v2/`), (e: unknown) => {
          assert.ok(isCode('NETWORK')(e), String(e));
          const message = (e as Error).message;
          assert.equal(message, `manifest for test/x:1: proxy ${proxyName} refused to connect to ${plainName}:80 (407 Proxy Authentication Required); check HTTP_PROXY / NO_PROXY`);
          noSecret(message);
          return true;
        });
        noSecret(logger.lines.join('\n'));
        assert.equal(proxy.requests.length, 1);
        assert.equal(origin.requests.length, 0);
        proxy.refuse(undefined);
        assert.equal((await get(`http://${plainName}/v2/`)).status, 200);
      });

      it('a plain-http 403 from the proxy stays an answer: it cannot be told from the registry\'s', async () => {
        proxy.refuse(403);
        assert.equal((await get(`http://${plainName}/v2/`)).status, 403);
      });
    });

    it('never proxies loopback', async () => {
      const proxy = await serve((_req, res) => res.end('proxied'));
      const direct = await serve((_req, res) => res.end('direct'));
      restoreEnv = useProxyEnv(proxy.url, ['http_proxy']);
      const res = await get(`${direct.url}/v2/`);
      assert.equal(res.body.toString(), 'direct');
      assert.equal(proxy.requests.length, 0);
    });
  });
});
