// What a failed https connection means to a user, told apart by Node's and OpenSSL's error codes:
// a server that answers plain HTTP, a certificate that is not trusted, or another TLS failure,
// each naming the host and what fixes it.
import * as path from 'node:path';
import { DockerPinError } from '../core/errors';
import type { InsecureRegistryHint } from './endpoint';

export interface TlsFailureContext {
  /** What was being fetched, e.g. `manifest for reg.lan:5000/app:1`. */
  readonly what: string;
  /** host[:port] that was asked. */
  readonly host: string;
  readonly hint: InsecureRegistryHint;
  /** The host's directory in docker's certs.d, where its CA and client certificates go; undefined when none is configured. */
  readonly certsDir: string | undefined;
}

/** The certificate chain does not lead to a trusted CA (OpenSSL's verify results, as Node names them). */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const INVALID: Readonly<Record<string, string>> = {
  ERR_TLS_CERT_ALTNAME_INVALID: 'is not issued for that name',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  CERT_REVOKED: 'has been revoked',
};

/** The server wants a client certificate and got none it accepts (TLS 1.3 and 1.2 alerts). */
const CLIENT_CERTIFICATE_WANTED = new Set(['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA']);

/** The error for a failed https request, or undefined when `code` is not about TLS. */
export function tlsFailure(e: unknown, code: string | undefined, ctx: TlsFailureContext): DockerPinError | undefined {
  if (code === undefined) return undefined;
  const { what, host, hint } = ctx;
  const fail = (message: string, errorCode: 'TLS' | 'INSECURE_CONNECTION' = 'TLS'): DockerPinError => new DockerPinError(errorCode, `${what}: ${message}`, { host });
  if (answeredPlainHttp(code, e)) {
    return fail(`${host} answers plain HTTP, not HTTPS; add ${hint(host)} to use it over plain http`, 'INSECURE_CONNECTION');
  }
  const trustIt = ctx.certsDir ? `put the CA certificate that signed it in ${path.join(ctx.certsDir, 'ca.crt')}, or ` : '';
  if (UNTRUSTED.has(code)) {
    return fail(`${host}'s TLS certificate is not signed by a trusted CA (${code}); ${trustIt}add ${hint(host)} to skip the certificate check`);
  }
  if (INVALID[code] !== undefined) {
    return fail(`${host}'s TLS certificate ${INVALID[code]} (${code}); add ${hint(host)} to skip the certificate check`);
  }
  if (CLIENT_CERTIFICATE_WANTED.has(code)) {
    const where = ctx.certsDir ? ` (client.cert and client.key in ${ctx.certsDir})` : '';
    return fail(`${host} refused the TLS connection without a client certificate it accepts (${code}); give it one${where}`);
  }
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return fail(`TLS connection to ${host} failed (${code})`);
  }
  return undefined;
}

/**
 * OpenSSL's "wrong version number": the first bytes back were not a TLS record, which is what a
 * plain-HTTP server's answer to a TLS hello looks like. Node names it ERR_SSL_WRONG_VERSION_NUMBER
 * when the failure surfaces while reading; when it surfaces while writing, Node gives only EPROTO
 * and OpenSSL's packed error code in the message (`error:0A00010B:`), which is read here as a
 * number: OpenSSL 3 packs library << 23 | reason, OpenSSL 1.1 library << 24 | function << 12 |
 * reason, BoringSSL (Electron) library << 24 | reason.
 */
function answeredPlainHttp(code: string, e: unknown): boolean {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return true;
  if (code !== 'EPROTO') return false;
  const packed = /\berror:([0-9a-f]{8}):/i.exec(e instanceof Error ? e.message : '');
  return packed !== null && isWrongVersionNumber(parseInt(packed[1], 16));
}

const OPENSSL_LIB_SSL = 20;
const OPENSSL_WRONG_VERSION_NUMBER = 267;
const BORINGSSL_LIB_SSL = 16;
const BORINGSSL_WRONG_VERSION_NUMBER = 247;

/** Exported for tests: whether OpenSSL's packed error code `n` means "wrong version number". */
export function isWrongVersionNumber(n: number): boolean {
  return (
    (n >>> 23 === OPENSSL_LIB_SSL && (n & 0x7fffff) === OPENSSL_WRONG_VERSION_NUMBER) ||
    (n >>> 24 === OPENSSL_LIB_SSL && (n & 0xfff) === OPENSSL_WRONG_VERSION_NUMBER) ||
    (n >>> 24 === BORINGSSL_LIB_SSL && (n & 0xfff) === BORINGSSL_WRONG_VERSION_NUMBER)
  );
}
