// docker's `insecure-registries`, beyond the certificate: a listed host is asked over https first
// (its certificate unchecked, see tlsTrust.ts) and, when no https answer comes at all (connection
// refused or reset, a failed TLS handshake, a plain-HTTP answer), over plain http. Which scheme
// answered is remembered per host, so the fallback costs one failed connection per host and client.
import { isListedInsecure } from './endpoint';

export class InsecureFallback {
  /** host[:port] → the scheme it answered on. */
  private readonly schemes = new Map<string, 'https:' | 'http:'>();

  constructor(private readonly insecure: readonly string[]) {}

  /** `url` as it is to be asked: over plain http once its host answered only that way. */
  apply(url: URL): URL {
    return url.protocol === 'https:' && this.schemes.get(url.host) === 'http:' ? plainHttp(url) : url;
  }

  /** The plain-http URL to try when `url` got no https answer; undefined when the host is not listed insecure or has answered https before. */
  fallbackFor(url: URL): URL | undefined {
    if (url.protocol !== 'https:' || this.schemes.has(url.host) || !isListedInsecure(url.host, this.insecure)) return undefined;
    return plainHttp(url);
  }

  /** `url` got an answer (any status). */
  answered(url: URL): void {
    if (url.protocol === 'https:' && !this.schemes.has(url.host) && isListedInsecure(url.host, this.insecure)) this.schemes.set(url.host, 'https:');
  }

  /** `httpsUrl`'s host answered over plain http after https failed: ask it that way from now on. */
  fellBack(httpsUrl: URL): void {
    this.schemes.set(httpsUrl.host, 'http:');
  }

  clear(): void {
    this.schemes.clear();
  }
}

/** The same URL over plain http; a default https port becomes the default http port, as in docker. */
function plainHttp(url: URL): URL {
  const plain = new URL(url);
  plain.protocol = 'http:';
  return plain;
}
