// Authenticated requests to a test registry, for pushing fixtures. Test code only: it knows its
// own registries (Basic, or Bearer from the challenge's realm with push scope) and deliberately
// does not use src/registry, so a bug there cannot hide behind fixtures pushed by the same code.
import type { TestRegistry } from './registry';
import { fetchOverTls } from './tlsFetch';

const tokens = new WeakMap<TestRegistry, Map<string, string>>();

function basic(reg: TestRegistry): string {
  return 'Basic ' + Buffer.from(`${reg.username ?? ''}:${reg.password ?? ''}`).toString('base64');
}

/** `Bearer realm="…",service="…"` → its parameters (our registries quote every value). */
function bearerParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) params[m[1].toLowerCase()] = m[2];
  return params;
}

/** `fetch`, trusting a TLS registry's test CA. */
function fetchFrom(reg: TestRegistry, input: string | URL, init: RequestInit = {}): Promise<Response> {
  return reg.fixtureTls ? fetchOverTls(input, init, reg.fixtureTls) : fetch(input, init);
}

async function fetchPushToken(reg: TestRegistry, repository: string): Promise<string> {
  const probe = await fetchFrom(reg, `${reg.url}/v2/`);
  await probe.arrayBuffer();
  const challenge = probe.headers.get('www-authenticate') ?? '';
  const { realm, service } = bearerParams(challenge);
  if (!realm) throw new Error(`registry ${reg.host} sent no Bearer realm (challenge: ${challenge || 'none'})`);
  const url = new URL(realm);
  if (service) url.searchParams.set('service', service);
  url.searchParams.set('scope', `repository:${repository}:pull,push`);
  const res = await fetch(url, { headers: { Authorization: basic(reg) } });
  if (!res.ok) throw new Error(`token server ${url.host} refused a push token for ${repository}: HTTP ${res.status}`);
  const body = (await res.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new Error(`token server ${url.host} answered without a token`);
  return token;
}

async function authorization(reg: TestRegistry, repository: string, fresh: boolean): Promise<string | undefined> {
  if (reg.auth === 'basic') return basic(reg);
  if (reg.auth !== 'token') return undefined;
  let perRepo = tokens.get(reg);
  if (!perRepo) tokens.set(reg, (perRepo = new Map()));
  let token = fresh ? undefined : perRepo.get(repository);
  if (!token) {
    token = await fetchPushToken(reg, repository);
    perRepo.set(repository, token);
  }
  return `Bearer ${token}`;
}

/**
 * `fetch` against `reg` (path or absolute URL) with push rights on `repository`. A 401 refreshes
 * the token once (it may have expired during a long benchmark).
 */
export async function registryFetch(reg: TestRegistry, repository: string, pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(pathOrUrl, reg.url);
  for (let attempt = 0; ; attempt++) {
    const headers = new Headers(init.headers);
    const auth = await authorization(reg, repository, attempt > 0);
    if (auth) headers.set('Authorization', auth);
    const res = await fetchFrom(reg, url, { ...init, headers });
    if (res.status !== 401 || attempt > 0 || reg.auth !== 'token') return res;
    await res.arrayBuffer();
  }
}

/** Throws with the registry's own error text when `res` is not the expected status. */
export async function expectStatus(res: Response, expected: number, what: string): Promise<void> {
  if (res.status === expected) return;
  const text = await res.text().catch(() => '');
  throw new Error(`${what}: expected HTTP ${expected}, got ${res.status} ${text.slice(0, 500)}`);
}
