import * as assert from 'node:assert/strict';
import { isWrongVersionNumber, tlsFailure, type TlsFailureContext } from '../../src/registry/tlsFailure';

const ctx: TlsFailureContext = { what: 'manifest for reg.lan:5000/app:1', host: 'reg.lan:5000', hint: (h) => `--insecure-registry ${h}`, certsDir: '/etc/docker/certs.d/reg.lan:5000' };
const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });

describe('registry/tlsFailure', () => {
  it('reads OpenSSL 3, OpenSSL 1.1 and BoringSSL packed codes for "wrong version number", and nothing else', () => {
    assert.equal(isWrongVersionNumber(0x0a00010b), true); // OpenSSL 3 (Node 18+)
    assert.equal(isWrongVersionNumber(0x1408f10b), true); // OpenSSL 1.1
    assert.equal(isWrongVersionNumber(0x100000f7), true); // BoringSSL (Electron)
    assert.equal(isWrongVersionNumber(0x0a000410), false); // OpenSSL 3: sslv3 alert handshake failure
    assert.equal(isWrongVersionNumber(0x0a000086), false); // OpenSSL 3: certificate verify failed
  });

  it('a plain-HTTP answer: INSECURE_CONNECTION naming the host and the fix, from either form Node reports it in', () => {
    const fromEpro = withCode('EPROTO', 'write EPROTO 809CE26DDA7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:');
    for (const e of [fromEpro, withCode('ERR_SSL_WRONG_VERSION_NUMBER')]) {
      const error = tlsFailure(e, (e as Error & { code: string }).code, ctx);
      assert.equal(error?.code, 'INSECURE_CONNECTION');
      assert.equal(error?.message, 'manifest for reg.lan:5000/app:1: reg.lan:5000 answers plain HTTP, not HTTPS; add --insecure-registry reg.lan:5000 to use it over plain http');
      assert.equal(error?.details.host, 'reg.lan:5000');
    }
  });

  it('any other EPROTO is a TLS failure with its code, never "plain HTTP"', () => {
    const e = withCode('EPROTO', 'read EPROTO error:0A000410:SSL routines::sslv3 alert handshake failure');
    const error = tlsFailure(e, 'EPROTO', ctx);
    assert.equal(error?.code, 'TLS');
    assert.equal(error?.message, 'manifest for reg.lan:5000/app:1: TLS connection to reg.lan:5000 failed (EPROTO)');
  });

  it('an untrusted certificate names where its CA goes and --insecure-registry; without certs directories, only the latter', () => {
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']) {
      const error = tlsFailure(withCode(code), code, ctx);
      assert.equal(error?.code, 'TLS', code);
      assert.equal(
        error?.message,
        `manifest for reg.lan:5000/app:1: reg.lan:5000's TLS certificate is not signed by a trusted CA (${code}); put the CA certificate that signed it in /etc/docker/certs.d/reg.lan:5000/ca.crt, or add --insecure-registry reg.lan:5000 to skip the certificate check`,
      );
    }
    const bare = tlsFailure(withCode('SELF_SIGNED_CERT_IN_CHAIN'), 'SELF_SIGNED_CERT_IN_CHAIN', { ...ctx, certsDir: undefined });
    assert.ok(bare?.message.endsWith('(SELF_SIGNED_CERT_IN_CHAIN); add --insecure-registry reg.lan:5000 to skip the certificate check'), bare?.message);
  });

  it('a certificate for another name, or out of date, says so', () => {
    assert.match(tlsFailure(withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'ERR_TLS_CERT_ALTNAME_INVALID', ctx)?.message ?? '', /TLS certificate is not issued for that name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    assert.match(tlsFailure(withCode('CERT_HAS_EXPIRED'), 'CERT_HAS_EXPIRED', ctx)?.message ?? '', /TLS certificate has expired/);
  });

  it('leaves errors that are not about TLS to the caller', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND']) assert.equal(tlsFailure(withCode(code), code, ctx), undefined, code);
    assert.equal(tlsFailure(new Error('x'), undefined, ctx), undefined);
  });
});
