import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { startForwardProxy, useProxyEnv, type ForwardProxy } from './forwardProxy';
import { closeServer, listen, readBody } from './net';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Sends one raw proxy request (absolute URI or CONNECT) to the proxy, as a proxy agent would. */
function viaProxy(proxy: ForwardProxy, method: string, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, agent: false });
    req.on('response', (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 0, body: b.toString() }), reject);
    });
    // A CONNECT answer arrives as 'connect', whatever its status.
    req.on('connect', (res: http.IncomingMessage, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test support: forward proxy', () => {
  let origin: http.Server;
  let originUrl: string;
  const seen: { path: string; host: string; authorization?: string; proxyAuthorization?: string }[] = [];
  let proxy: ForwardProxy;

  before(async () => {
    origin = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', host: req.headers.host ?? '', authorization: req.headers.authorization, proxyAuthorization: req.headers['proxy-authorization'] });
      res.end(`hello from ${req.url ?? ''}`);
    });
    originUrl = `http://127.0.0.1:${await listen(origin)}`;
    proxy = await startForwardProxy({ 'registry.docker-pin.test': originUrl });
  });
  after(async () => {
    await proxy.stop();
    await closeServer(origin);
  });
  beforeEach(() => {
    proxy.reset();
    seen.length = 0;
  });

  it('forwards a routed plain-http request to its loopback server, recording the Authorization scheme only', async () => {
    const res = await viaProxy(proxy, 'GET', 'http://registry.docker-pin.test/v2/x?y=1', { Host: 'registry.docker-pin.test', Authorization: 'Basic c2VjcmV0', 'Proxy-Authorization': 'Basic cHJveHk=' });
    assert.equal(res.status, 200);
    assert.equal(res.body, 'hello from /v2/x?y=1');
    assert.deepEqual(proxy.requests, [{ method: 'GET', url: 'http://registry.docker-pin.test/v2/x?y=1', authScheme: 'Basic' }]);
    // Host and Authorization pass through; the proxy's own credentials do not.
    assert.deepEqual(seen, [{ path: '/v2/x?y=1', host: 'registry.docker-pin.test', authorization: 'Basic c2VjcmV0', proxyAuthorization: undefined }]);
    assert.ok(!JSON.stringify(proxy.requests).includes('c2VjcmV0'));
  });

  it('refuses an unrouted host with 502 without resolving it, but records the request', async () => {
    const res = await viaProxy(proxy, 'GET', 'http://elsewhere.docker-pin.test/');
    assert.equal(res.status, 502);
    assert.match(res.body, /no route for elsewhere\.docker-pin\.test/);
    assert.equal(proxy.requests.length, 1);
    assert.equal(seen.length, 0);
  });

  it('records a CONNECT (the client chose https) and drops it unanswered', async () => {
    await assert.rejects(viaProxy(proxy, 'CONNECT', 'registry.docker-pin.test:443'), /socket hang up/);
    assert.deepEqual(proxy.connects, [{ authority: 'registry.docker-pin.test:443', withAuthorization: false }]);
    assert.deepEqual(proxy.requests, []);
    assert.equal(seen.length, 0);
  });

  it('refuses CONNECT and plain-http requests with the status asked for, until told otherwise', async () => {
    proxy.refuse(407);
    assert.equal((await viaProxy(proxy, 'CONNECT', 'registry.docker-pin.test:443')).status, 407);
    assert.equal((await viaProxy(proxy, 'GET', 'http://registry.docker-pin.test/v2/')).status, 407);
    assert.equal(seen.length, 0, 'nothing was forwarded');
    proxy.refuse(undefined);
    assert.equal((await viaProxy(proxy, 'GET', 'http://registry.docker-pin.test/v2/')).status, 200);
    assert.equal(proxy.connects.length, 1);
    assert.equal(proxy.requests.length, 2);
  });

  it('splices a CONNECT to a tunnelled authority through to its loopback server, byte for byte', async () => {
    const tunnelling = await startForwardProxy({}, { 'tunnel.docker-pin.test:443': originUrl });
    try {
      const { port } = new URL(tunnelling.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method: 'CONNECT', path: 'tunnel.docker-pin.test:443', agent: false });
        req.on('connect', (res: http.IncomingMessage, socket) => {
          assert.equal(res.statusCode, 200);
          socket.end('GET /through HTTP/1.1\r\nHost: tunnel.docker-pin.test\r\nConnection: close\r\n\r\n');
          readBody(socket).then((b) => resolve(b.toString()), reject);
        });
        req.on('error', reject);
        req.end();
      });
      assert.match(answer, /^HTTP\/1\.1 200 OK\r\n[\s\S]*hello from \/through$/);
      assert.deepEqual(tunnelling.connects, [{ authority: 'tunnel.docker-pin.test:443', withAuthorization: false }]);
    } finally {
      await tunnelling.stop();
    }
  });

  it('accepts only loopback route and tunnel targets', async () => {
    await assert.rejects(startForwardProxy({ 'a.docker-pin.test': 'http://192.0.2.1:5000' }), /must be loopback/);
    await assert.rejects(startForwardProxy({}, { 'a.docker-pin.test:443': 'https://192.0.2.1:5000' }), /must be loopback/);
  });

  it('useProxyEnv sets HTTP(S)_PROXY, clears NO_PROXY, and restores the environment exactly', () => {
    const original = process.env.no_proxy;
    process.env.no_proxy = '*';
    const before = { ...process.env };
    const restore = useProxyEnv(proxy.url);
    try {
      assert.equal(process.env.HTTP_PROXY, proxy.url);
      assert.equal(process.env.HTTPS_PROXY, proxy.url);
      assert.equal(process.env.no_proxy, undefined);
      assert.equal(process.env.NO_PROXY, undefined);
    } finally {
      restore();
    }
    try {
      assert.deepEqual({ ...process.env }, before);
    } finally {
      if (original === undefined) delete process.env.no_proxy;
      else process.env.no_proxy = original;
    }
  });
});
