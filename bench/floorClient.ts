// The physical floor as a process: the least a client can do to get every image's manifest from a
// registry with token auth. `node out/bench/floorClient.js <registry URL> <repository:tag>…`
// One keep-alive agent; one request for the challenge (GET /v2/ → 401 naming the realm), then
// every token at once, then every manifest at once. Nothing else: no reference parsing, no
// platform choice, no digest check, no output; only the token answers are read as JSON. It loads
// node:http alone, so its start-up is Node's own. Exits 1 if any answer is not what the floor
// expects, so a broken floor can never pass for a fast one.
import * as http from 'node:http';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

function get(url: URL, headers: http.OutgoingHttpHeaders): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

function param(challenge: string, name: string): string {
  const m = new RegExp(`${name}="([^"]*)"`).exec(challenge);
  if (!m) throw new Error(`the challenge names no ${name}: ${challenge}`);
  return m[1];
}

async function main(registry: URL, refs: readonly string[]): Promise<void> {
  const challenge = await get(new URL('/v2/', registry), {});
  const header = challenge.headers['www-authenticate'];
  if (challenge.status !== 401 || typeof header !== 'string') throw new Error(`GET /v2/ answered ${challenge.status} without a Bearer challenge`);
  const realm = param(header, 'realm');
  const service = param(header, 'service');
  const images = refs.map((ref) => {
    const at = ref.lastIndexOf(':');
    return { repository: ref.slice(0, at), tag: ref.slice(at + 1) };
  });
  const tokens = await Promise.all(
    images.map(async ({ repository }) => {
      const url = new URL(realm);
      url.searchParams.set('service', service);
      url.searchParams.set('scope', `repository:${repository}:pull`);
      const answer = await get(url, {});
      if (answer.status !== 200) throw new Error(`token for ${repository}: HTTP ${answer.status}`);
      const json = JSON.parse(answer.body.toString('utf8')) as { token?: string; access_token?: string };
      const token = json.token ?? json.access_token;
      if (!token) throw new Error(`token for ${repository}: no token in the answer`);
      return token;
    }),
  );
  await Promise.all(
    images.map(async ({ repository, tag }, i) => {
      const answer = await get(new URL(`/v2/${repository}/manifests/${tag}`, registry), { Accept: ACCEPT, Authorization: `Bearer ${tokens[i]}` });
      if (answer.status !== 200 || answer.body.length === 0) throw new Error(`manifest ${repository}:${tag}: HTTP ${answer.status}`);
    }),
  );
  agent.destroy();
}

const [registry, ...refs] = process.argv.slice(2);
if (!registry || refs.length === 0) {
  process.stderr.write('usage: node floorClient.js <registry URL> <repository:tag>…\n');
  process.exit(2);
}
main(new URL(registry), refs).catch((e: unknown) => {
  process.stderr.write(`floor client: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
