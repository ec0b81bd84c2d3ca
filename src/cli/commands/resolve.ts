// `docker-pin resolve <image>`: the digest to pin, or everything known about it as JSON.
import { formatPlatform } from '../../core/platform';
import { parseReference } from '../../core/reference';
import type { Resolution } from '../../registry/types';
import type { Platform } from '../../core/types';
import { UsageError } from '../args';
import type { CommandContext } from '../context';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from '../exitCodes';
import { failure } from '../failure';

export interface ResolveArgs {
  readonly image: string;
  readonly platform: Platform;
  readonly index: boolean;
  readonly json: boolean;
}

export async function resolveCommand(args: ResolveArgs, { client, output }: CommandContext): Promise<ExitCode> {
  try {
    const ref = parseReference(args.image);
    if (ref.digest !== undefined && ref.tag === undefined) {
      throw new UsageError(`${args.image} is already pinned by digest; "docker-pin manifest" shows what it is`, 'resolve');
    }
    // Always the platform kind: the body is fetched so `platforms` is complete even with --index.
    // With --index the wanted platform need not be offered: the index digest works without it.
    const resolution = await client.resolve(ref, { platform: args.platform, kind: 'platform', allowNoMatch: args.index });
    const digest = args.index ? resolution.indexDigest : resolution.platformDigest;
    if (digest === undefined) throw new Error('the registry client returned no platform digest');
    output.out(args.json ? `${JSON.stringify(resolveJson(args, resolution, digest), null, 2)}\n` : `${digest}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`docker-pin: ${error.message}`);
      return EXIT_USAGE;
    }
    const { message, code } = failure(error, args.image);
    output.err(`docker-pin: ${message}`);
    return code;
  }
}

function resolveJson(args: ResolveArgs, r: Resolution, digest: string): Record<string, unknown> {
  return {
    reference: args.image,
    name: r.name,
    registry: r.registry,
    repository: r.repository,
    tag: r.tag,
    kind: args.index ? 'index' : 'platform',
    digest,
    mediaType: args.index ? r.indexMediaType : r.platformMediaType,
    indexDigest: r.indexDigest,
    indexMediaType: r.indexMediaType,
    isIndex: r.isIndex,
    platformDigest: r.platformDigest,
    platform: args.index ? indexPlatform(r) : formatPlatform(r.platform ?? args.platform),
    platforms: (r.platforms ?? []).map((p) => ({ platform: formatPlatform(p.platform), digest: p.digest, mediaType: p.mediaType })),
  };
}

/** What `--index` pins runs on: a multi-arch index has no one platform (null); a single manifest has its own. */
function indexPlatform(r: Resolution): string | null {
  const only = r.platforms?.[0];
  return r.isIndex || only === undefined ? null : formatPlatform(only.platform);
}
