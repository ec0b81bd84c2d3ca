// The CLI against the registries a docker user has on a network: a private CA trusted through
// docker's certs.d (rootless docker's, under $XDG_CONFIG_HOME, since /etc is not the test's to
// write), --insecure-registry as docker's insecure-registries, and a plain-HTTP registry named
// over https. Reached by made-up names through our forward proxy; nothing leaves loopback.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestCa } from '../support/certificate';
import type { TestRegistry } from '../support/registry';
import { PLAIN_NAME, SECURE_NAME, startTlsRegistries, type TlsRegistries } from '../support/tlsRegistries';
import { buildCli, runCli, tempDir } from './helpers';

describe('docker-pin and TLS', function () {
  let regs: TlsRegistries;
  let dockerConfig: string;
  const dirs: string[] = [];
  const dir = (prefix: string): string => {
    const made = tempDir(prefix);
    dirs.push(made);
    return made;
  };

  before(async function () {
    this.timeout(120_000);
    [regs] = await Promise.all([startTlsRegistries(), buildCli()]);
    dockerConfig = dir('tls-config');
    const login = (reg: TestRegistry) => ({ auth: Buffer.from(`${reg.username}:${reg.password}`).toString('base64') });
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [SECURE_NAME]: login(regs.secure), [PLAIN_NAME]: login(regs.plain) } }));
  });
  after(async () => {
    await regs?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** `docker-pin resolve NAME/team/app:1` through the proxy, with $XDG_CONFIG_HOME at `configHome`. */
  function resolve(name: string, options: { args?: string[]; configHome?: string; env?: NodeJS.ProcessEnv } = {}) {
    const configHome = options.configHome ?? dir('tls-xdg');
    return runCli(['resolve', '--platform', 'linux/amd64', '--config', dockerConfig, ...(options.args ?? []), `${name}/team/app:1`], {
      env: { HTTP_PROXY: regs.proxy.url, HTTPS_PROXY: regs.proxy.url, NO_PROXY: '', no_proxy: '', XDG_CONFIG_HOME: configHome, ...options.env },
    });
  }
  const digestOf = (name: string): string => regs.images[name].children[0].digest;

  /** A $XDG_CONFIG_HOME whose docker/certs.d/<host>/ holds `files`. */
  function configHomeTrusting(host: string, files: Record<string, string>): string {
    const home = dir('tls-xdg');
    mkdirSync(join(home, 'docker', 'certs.d', host), { recursive: true });
    for (const [name, content] of Object.entries(files)) writeFileSync(join(home, 'docker', 'certs.d', host, name), content);
    return home;
  }

  it('an untrusted certificate: exit 3, naming the host, where docker keeps its CA, and --insecure-registry', async () => {
    const r = await resolve(SECURE_NAME);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /secure\.docker-pin\.test's TLS certificate is not signed by a trusted CA \(\w+\); put the CA certificate that signed it in \/etc\/docker\/certs\.d\/secure\.docker-pin\.test\/ca\.crt, or add --insecure-registry secure\.docker-pin\.test to skip the certificate check/);
  });

  it('resolves once the CA is in rootless docker\'s certs.d', async () => {
    const r = await resolve(SECURE_NAME, { configHome: configHomeTrusting(SECURE_NAME, { 'ca.crt': regs.ca.pem }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${digestOf(SECURE_NAME)}\n`);
  });

  it('adds certs.d CAs to the default trust instead of replacing it (NODE_EXTRA_CA_CERTS still counts)', async () => {
    const other = await createTestCa(dir('tls-other-ca'), 'another CA');
    // The host's directory names only an unrelated CA; the one that signed it is trusted Node's way.
    const r = await resolve(SECURE_NAME, { configHome: configHomeTrusting(SECURE_NAME, { 'ca.crt': other.pem }), env: { NODE_EXTRA_CA_CERTS: regs.ca.certFile } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${digestOf(SECURE_NAME)}\n`);
  });

  it('--insecure-registry: an untrusted certificate is not checked', async () => {
    const r = await resolve(SECURE_NAME, { args: ['--insecure-registry', SECURE_NAME] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${digestOf(SECURE_NAME)}\n`);
  });

  it('a plain-HTTP registry named over https: exit 3, "answers plain HTTP; add --insecure-registry", not EPROTO', async () => {
    const r = await resolve(PLAIN_NAME);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /plain\.docker-pin\.test answers plain HTTP, not HTTPS; add --insecure-registry plain\.docker-pin\.test to use it over plain http/);
    assert.doesNotMatch(r.stderr, /EPROTO/);
  });

  it('--insecure-registry: a plain-HTTP registry is asked over https, then over plain http', async () => {
    regs.proxy.reset();
    const r = await resolve(PLAIN_NAME, { args: ['--insecure-registry', PLAIN_NAME] });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${digestOf(PLAIN_NAME)}\n`);
    assert.deepEqual(regs.proxy.connects.map((c) => c.authority), [`${PLAIN_NAME}:443`]);
    assert.ok(regs.proxy.requests.some((q) => q.url.startsWith(`http://${PLAIN_NAME}/v2/team/app/manifests/1`) && q.authScheme === 'Basic'), JSON.stringify(regs.proxy.requests));
  });
});
