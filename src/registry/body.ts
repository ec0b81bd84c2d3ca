// Reading a response body with a size limit enforced while the bytes arrive, so a hostile or
// broken registry cannot make us buffer gigabytes before we notice.
import type { Readable } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

/**
 * Collects `stream` into a Buffer. Past `limit` bytes it either stops and throws
 * BodyTooLargeError, or (with `truncate`) stops and returns what it has — for error pages,
 * whose tail nobody needs.
 */
export function readLimited(stream: Readable, limit: number, truncate = false): Promise<Buffer> {
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
      if (size + buf.length > limit) {
        if (truncate) chunks.push(buf.subarray(0, limit - size));
        size = truncate ? limit : size;
        stream.destroy();
        finish(truncate ? undefined : new BodyTooLargeError(limit));
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
