// `fetch` for a registry served over TLS with a test CA: Node's own fetch cannot be told to trust
// another CA (or to present a client certificate), so this asks through node:https and hands back
// a standard Response, which is all the fixture code reads.
import * as https from 'node:https';

/** What the fixture's requests trust and present: the test CA, and a client certificate where one is required. */
export interface FixtureTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

export function fetchOverTls(input: string | URL, init: RequestInit, trust: FixtureTls): Promise<Response> {
  const url = new URL(input);
  const method = init.method ?? 'GET';
  const body = init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string | Uint8Array);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: Object.fromEntries(new Headers(init.headers)), ca: trust.ca, cert: trust.cert, key: trust.key, agent: false, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of value === undefined ? [] : Array.isArray(value) ? value : [value]) headers.append(name, one);
        }
        const status = res.statusCode ?? 0;
        resolve(new Response(method === 'HEAD' || NULL_BODY_STATUS.has(status) ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
