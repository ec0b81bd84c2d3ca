// Stands in for Node's `http2` module inside axios (see axiosDiet.mjs). axios imports `http2` at
// load for its HTTP/2 transport, which it uses only when a request asks for `httpVersion: 2`, and
// docker-pin never does; loading Node's http2 costs a couple of milliseconds of every CLI run.
// This module loads it on first use instead, so axios keeps working exactly as it would.
import type * as Http2 from 'node:http2';

let loaded: typeof Http2 | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http2 = (): typeof Http2 => (loaded ??= require('node:http2') as typeof Http2);

export default {
  get constants(): typeof Http2.constants {
    return http2().constants;
  },
  connect: ((...args: Parameters<typeof Http2.connect>) => http2().connect(...args)) as typeof Http2.connect,
};
