// A real HTTP server on 127.0.0.1:0 (or another loopback address) for registry-client tests, recording every request.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeServer {
  /** `http://127.0.0.1:PORT` (or the address asked for) */
  readonly url: string;
  /** `127.0.0.1:PORT` */
  readonly host: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

/** `address`: another loopback address (127.0.0.2) is another origin on the same machine. */
export async function startServer(handler: Handler, address = '127.0.0.1', port = 0): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, address, resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${address}:${bound}`,
    host: `${address}:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A suite's `serve`: starts a server that is closed after each test. A test may close one itself
 * first (closing twice is harmless).
 */
export function useServers(): (handler: Handler, address?: string) => Promise<FakeServer> {
  let servers: FakeServer[] = [];
  afterEach(async () => {
    const open = servers;
    servers = [];
    await Promise.all(open.map((s) => s.close()));
  });
  return async (handler, address) => {
    const s = await startServer(handler, address);
    servers.push(s);
    return s;
  };
}
