import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDockerPinError } from '../../src/core/errors';
import { dockerCertsDirs, TlsTrust } from '../../src/registry/tlsTrust';
import { createTestCa, issueCertificate, type TestCa } from '../support/certificate';

describe('registry/tlsTrust', () => {
  describe('docker\'s certificate directories', () => {
    it('on Linux: the daemon\'s and rootless docker\'s ($XDG_CONFIG_HOME, else ~/.config)', () => {
      assert.deepEqual(dockerCertsDirs({}, 'linux', '/home/u'), ['/etc/docker/certs.d', '/home/u/.config/docker/certs.d']);
      assert.deepEqual(dockerCertsDirs({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u'), ['/etc/docker/certs.d', '/cfg/docker/certs.d']);
    });

    it('on macOS and Windows: Docker Desktop\'s ~/.docker/certs.d too', () => {
      assert.deepEqual(dockerCertsDirs({}, 'darwin', '/Users/u'), ['/Users/u/.docker/certs.d', '/etc/docker/certs.d']);
      assert.equal(dockerCertsDirs({ ProgramData: 'D:\\PD' }, 'win32', '/Users/u')[0], 'D:\\PD\\docker\\certs.d');
    });
  });

  describe('a host\'s files', () => {
    let dir: string;
    let ca: TestCa;
    let client: { cert: string; key: string };
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-tlstrust-'));
      ca = await createTestCa(dir, 'tlsTrust test CA');
      const issued = await issueCertificate(ca, dir, 'client', { client: 'tlsTrust test client' });
      client = { cert: await readFile(issued.certFile, 'utf8'), key: await readFile(issued.keyFile, 'utf8') };
    });
    after(() => rm(dir, { recursive: true, force: true }));

    let certsDir: string;
    let n = 0;
    beforeEach(async () => {
      certsDir = path.join(dir, `certs.d-${++n}`);
      await mkdir(certsDir);
    });
    async function put(host: string, files: Record<string, string>, root = certsDir): Promise<void> {
      await mkdir(path.join(root, host), { recursive: true });
      for (const [name, content] of Object.entries(files)) await writeFile(path.join(root, host, name), content);
    }
    const isTlsError = (pattern: RegExp) => (e: unknown): boolean => isDockerPinError(e) && e.code === 'TLS' && pattern.test(e.message);

    it('leaves a host without a directory (or without certificates in it) to Node\'s defaults', async () => {
      await put('reg.lan:5000', { 'notes.txt': 'x' });
      const trust = new TlsTrust({ certsDirs: [certsDir, path.join(dir, 'missing')] });
      assert.equal(await trust.forHost('other.lan'), undefined);
      assert.equal(await trust.forHost('reg.lan:5000'), undefined);
    });

    it('makes a context from its CAs and client certificate, checked', async () => {
      await put('reg.lan:5000', { 'ca.crt': ca.pem, 'client.cert': client.cert, 'client.key': client.key });
      const settings = await new TlsTrust({ certsDirs: [certsDir] }).forHost('reg.lan:5000');
      assert.ok(settings?.secureContext);
      assert.equal(settings.rejectUnauthorized, true);
    });

    it('checks no certificate for an insecure registry, and reads none of its files (as docker)', async () => {
      await put('reg.lan:5000', { 'client.cert': client.cert }); // would be an error if read
      const settings = await new TlsTrust({ certsDirs: [certsDir], insecureRegistries: ['reg.lan:5000'] }).forHost('reg.lan:5000');
      assert.deepEqual(settings, { rejectUnauthorized: false });
    });

    it('refuses a client certificate without its key, and a key without its certificate, naming the file', async () => {
      await put('a.lan', { 'client.cert': client.cert });
      await put('b.lan', { 'ca.key': client.key });
      const trust = new TlsTrust({ certsDirs: [certsDir] });
      await assert.rejects(trust.forHost('a.lan'), isTlsError(new RegExp(`TLS settings for a\\.lan: .*client\\.cert has no client\\.key beside it`)));
      await assert.rejects(trust.forHost('b.lan'), isTlsError(/ca\.key has no ca\.cert beside it \(CA certificates end in \.crt\)/));
    });

    it('refuses a key that does not fit, naming the directory', async () => {
      await put('c.lan', { 'client.cert': client.cert, 'client.key': 'not a key' });
      await assert.rejects(new TlsTrust({ certsDirs: [certsDir] }).forHost('c.lan'), isTlsError(/the certificates in .*c\.lan cannot be used/));
    });

    it('presents no client certificate when told not to, and then does not read it', async () => {
      await put('d.lan', { 'client.cert': client.cert, 'client.key': client.key });
      assert.equal(await new TlsTrust({ certsDirs: [certsDir], clientCertificates: false }).forHost('d.lan'), undefined);
    });

    it('reads a host once, until cleared', async () => {
      const trust = new TlsTrust({ certsDirs: [certsDir] });
      assert.equal(await trust.forHost('e.lan'), undefined);
      await put('e.lan', { 'ca.crt': ca.pem });
      assert.equal(await trust.forHost('e.lan'), undefined);
      trust.clear();
      assert.ok((await trust.forHost('e.lan'))?.secureContext);
    });

    it('names the host\'s directory in the first certs directory for messages', () => {
      assert.equal(new TlsTrust({ certsDirs: ['/etc/docker/certs.d', '/x'] }).certsDirFor('reg.lan:5000'), '/etc/docker/certs.d/reg.lan:5000');
      assert.equal(new TlsTrust({}).certsDirFor('reg.lan:5000'), undefined);
    });
  });
});
