// A throwaway signing key and a self-signed certificate for it, as the token server needs: the
// registry trusts the certificate (its `rootcertbundle`) and checks each token's `x5c` chain
// against it. Node can make keys but not certificates, so the `openssl` CLI signs the certificate.
import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
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
