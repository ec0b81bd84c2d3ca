import * as assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import lazyHttp2 from '../../src/build/lazyHttp2';

describe('the http2 stand-in axios gets in the bundles', () => {
  it('hands out Node\'s own http2 constants', () => {
    assert.equal(lazyHttp2.constants, http2.constants);
  });

  it('connects and talks HTTP/2, as axios\'s HTTP/2 transport would use it', async () => {
    const server = http2.createServer();
    server.on('stream', (stream) => {
      stream.respond({ ':status': 200, 'content-type': 'text/plain' });
      stream.end('over h2');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const session = lazyHttp2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const request = session.request({ [lazyHttp2.constants.HTTP2_HEADER_PATH]: '/' });
        let text = '';
        request.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        request.on('end', () => resolve(text)).on('error', reject);
        request.end();
      });
      assert.equal(body, 'over h2');
    } finally {
      session.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
