// Reading a response body into a Buffer, counting its bytes as they arrive: an answer past its
// request's limit is refused there (axios's own `maxContentLength` does the same for a streamed
// response by wrapping it in an async generator and another Readable, about 0.5 ms of CPU per
// answer; a run asks dozens), and an error page is cut short.
import type { Readable } from 'node:stream';

/** The body went past `limit` bytes; the stream was destroyed there. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

export interface BodyLimits {
  /** Past this many bytes the body is refused (BodyTooLargeError). */
  readonly limit?: number;
  /** Past this many bytes reading stops and what was read is the body (for error pages, whose tail nobody needs). */
  readonly truncateAt?: number;
}

/** Collects `stream` into a Buffer, within `limits`. */
export function readBody(stream: Readable, { limit = Infinity, truncateAt = Infinity }: BodyLimits = {}): Promise<Buffer> {
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
        finish(new BodyTooLargeError(limit));
        stream.destroy();
        return;
      }
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
