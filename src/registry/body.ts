// Reading a response body into a Buffer. The size limit of an answer is axios's
// `maxContentLength`, enforced while the bytes arrive; here an error page is cut short.
import type { Readable } from 'node:stream';

/**
 * Collects `stream` into a Buffer; past `truncateAt` bytes it stops reading and returns what it
 * has (for error pages, whose tail nobody needs).
 */
export function readBody(stream: Readable, truncateAt = Infinity): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size + buf.length > truncateAt) {
        chunks.push(buf.subarray(0, truncateAt - size));
        size = truncateAt;
        finish();
        stream.destroy();
        return;
      }
      chunks.push(buf);
      size += buf.length;
    };
    const onEnd = (): void => finish();
    const onError = (e: Error): void => finish(e);
    // A stream destroyed from outside (abort, timeout) may close without 'end' or 'error'.
    const onClose = (): void => finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
