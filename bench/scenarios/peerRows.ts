// The two yardsticks measured next to docker-pin: the skopeo loop and the physical floor.
import type { BenchContext } from '../context';
import { floorMs, floorRoundTrips, floorRoundTripsWithSlots } from '../floor';
import type { BenchImage } from '../images';
import { repeat, type Measurement } from '../measure';
import { diffCounts, snapshotCounts, type RequestCounts } from '../requestCounts';
import { hasSkopeo, runSkopeoLoop } from '../skopeo';
import { DEFAULT_MAX_CONCURRENCY_PER_HOST } from '../../src/registry/transport/hostPolicy';

export async function measureSkopeo(
  ctx: BenchContext,
  id: string,
  scenario: string,
  images: readonly BenchImage[],
  runs: number,
): Promise<Measurement | undefined> {
  if (ctx.options.skipSkopeo || !hasSkopeo()) {
    ctx.log(`  ${id}: skopeo not measured (${ctx.options.skipSkopeo ? '--no-skopeo' : 'not installed: apt-get install skopeo'})`);
    return undefined;
  }
  ctx.log(`  ${id}: skopeo inspect --raw loop over ${images.length} images`);
  const result = await repeat(runs, async () => {
    const before = snapshotCounts(ctx.env.proxy);
    const run = await runSkopeoLoop(ctx.env.proxy.host, images);
    const requests = diffCounts(snapshotCounts(ctx.env.proxy), before);
    if (run.exitCode !== 0) throw new Error(`the skopeo loop failed (exit ${run.exitCode}): ${run.stderr.trim().split('\n').slice(-3).join(' ')}`);
    return { wallMs: run.wallMs, requests, maxRssKib: run.maxRssKib };
  });
  return {
    id,
    scenario,
    what: `peer: \`skopeo inspect --raw\` loop, ${images.length} images`,
    note: 'one skopeo process per image, sequential, as scripts do; peak RSS is the largest process',
    ...result,
  };
}

/**
 * The floor for resolving `images` distinct images in parallel with token auth: 3 round trips
 * (challenge, token, manifest). Its request count is the least any client spends: one challenge
 * for the registry, then per image one token and one manifest request. The second row is the same
 * floor with at most `slots` requests in flight per host, the client's politeness limit.
 */
export function floorRows(ctx: BenchContext, prefix: string, scenario: string, images: number, slots = DEFAULT_MAX_CONCURRENCY_PER_HOST): Measurement[] {
  const input = { auth: 'token' as const, kind: 'platform' as const };
  const requests: RequestCounts = {
    manifestGet: images,
    manifestHead: 0,
    blob: 0,
    token: images,
    other: 1,
    challenges: 1,
    pulls: images,
    total: 2 * images + 1,
    bytes: Number.NaN,
  };
  const rtt = floorRoundTrips(input);
  const rttSlots = floorRoundTripsWithSlots(input, images, slots);
  return [
    {
      id: `${prefix}.floor`,
      scenario,
      what: `floor: ${rtt} round trips × ${ctx.options.latencyMs} ms`,
      runs: 0,
      wallMs: floorMs(input, ctx.options.latencyMs),
      requests,
      note: 'challenge (401) → token → manifest, every image in parallel; computed, not measured',
    },
    {
      id: `${prefix}.floorSlots`,
      scenario,
      what: `floor at ${slots} requests in flight per host: ${rttSlots} round trips`,
      runs: 0,
      wallMs: rttSlots * ctx.options.latencyMs,
      requests,
      note: `the same with the client's default limit of ${slots} concurrent requests per host (tokens come from the same host here, as the proxy serves both); computed`,
    },
  ];
}
