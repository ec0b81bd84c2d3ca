// A throwaway signing key and a self-signed certificate for it, as the token server needs: the
// registry trusts the certificate (its `rootcertbundle`) and checks each token's `x5c` chain
// against it; and a throwaway CA with the server and client certificates it issues, for registries
// served over TLS. Node can make keys but not certificates, so the `openssl` CLI signs them.
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { requireCommand } from './tools';

const execFileAsync = promisify(execFile);

export interface SigningIdentity {
  readonly privateKey: KeyObject;
  /** PEM file holding only the certificate (what the registry's `rootcertbundle` points at). */
  readonly certFile: string;
  /** The certificate's DER, base64 (standard alphabet), as a JWS `x5c` entry wants it. */
  readonly x5c: string;
}

/** Creates an ES256 (P-256) key and a one-day self-signed certificate in `dir`. */
export async function createSigningIdentity(dir: string, commonName: string): Promise<SigningIdentity> {
  const openssl = requireCommand('openssl', 'openssl');
  // P-256: generated in microseconds, unlike RSA, and libtrust (which distribution 2.8 verifies
  // tokens with) accepts ES256.
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = path.join(dir, 'token-signing-key.pem');
  const certFile = path.join(dir, 'token-signing-cert.pem');
  await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  await execFileAsync(openssl, ['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${commonName}`, '-days', '1', '-sha256', '-out', certFile]);
  const cert = new X509Certificate(await readFile(certFile));
  return { privateKey, certFile, x5c: cert.raw.toString('base64') };
}

/** A throwaway certificate authority: its key and self-signed certificate as PEM files in a directory. */
export interface TestCa {
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA certificate, PEM. */
  readonly pem: string;
}

/** A certificate the CA issued, with its key, as PEM files. */
export interface IssuedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
}

/** Writes a P-256 key for `name` in `dir` (Node makes keys in microseconds; openssl only signs). */
async function writeKey(dir: string, name: string): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyFile = path.join(dir, `${name}.key`);
  await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return keyFile;
}

/** Creates a one-day CA named `commonName` in `dir` (files `<fileName>.crt` and `<fileName>.key`). */
export async function createTestCa(dir: string, commonName: string, fileName = 'test-ca'): Promise<TestCa> {
  const openssl = requireCommand('openssl', 'openssl');
  const keyFile = await writeKey(dir, fileName);
  const certFile = path.join(dir, `${fileName}.crt`);
  await execFileAsync(openssl, [
    'req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${commonName}`, '-days', '1', '-sha256', '-out', certFile,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { certFile, keyFile, pem: await readFile(certFile, 'utf8') };
}

/**
 * Has `ca` issue a one-day certificate in `dir` (`<fileName>.crt`/`.key`): for a TLS server named
 * by `names` (DNS names, and IP addresses written as such), or for a TLS client.
 */
export async function issueCertificate(ca: TestCa, dir: string, fileName: string, use: { server: readonly string[] } | { client: string }): Promise<IssuedCertificate> {
  const openssl = requireCommand('openssl', 'openssl');
  const keyFile = await writeKey(dir, fileName);
  const csrFile = path.join(dir, `${fileName}.csr`);
  const extFile = path.join(dir, `${fileName}.ext`);
  const certFile = path.join(dir, `${fileName}.crt`);
  const commonName = 'server' in use ? use.server[0] : use.client;
  const extensions = 'server' in use
    ? [`subjectAltName=${use.server.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}`, 'extendedKeyUsage=serverAuth']
    : ['extendedKeyUsage=clientAuth'];
  await writeFile(extFile, ['basicConstraints=CA:FALSE', ...extensions, ''].join('\n'));
  await execFileAsync(openssl, ['req', '-new', '-key', keyFile, '-subj', `/CN=${commonName}`, '-out', csrFile]);
  await execFileAsync(openssl, [
    'x509', '-req', '-in', csrFile, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '1', '-sha256', '-extfile', extFile, '-out', certFile,
  ]);
  return { certFile, keyFile };
}
