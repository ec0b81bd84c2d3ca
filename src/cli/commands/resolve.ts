// `docker-pin resolve <image>`: the digest to pin, or everything known about it as JSON. A
// reference with a digest is answered for that digest, not its tag.
import { expandGivenReference } from '../../core/args';
import { DockerPinError } from '../../core/errors';
import { formatPlatform } from '../../core/platform';
import { parseReference } from '../../core/reference';
import type { Resolution } from '../../registry/types';
import type { Platform } from '../../core/types';
import type { CommandContext } from '../context';
import { EXIT_OK, type ExitCode } from '../exitCodes';
import { failure } from '../failure';

export interface ResolveArgs {
  readonly image: string;
  readonly platform: Platform;
  readonly index: boolean;
  readonly json: boolean;
  /** `--build-arg`s: values for the variables of an image written with `$NAME`. */
  readonly buildArgs?: ReadonlyMap<string, string>;
}

export async function resolveCommand(args: ResolveArgs, { client, output }: CommandContext): Promise<ExitCode> {
  try {
    const ref = parseReference(expandImage(args));
    // --index alone needs only the tag's digest: a HEAD, which Docker Hub does not count as a pull.
    // --json lists `platforms`, so the body is read (from the cache when it holds the digest); the
    // wanted platform need not be offered then: the index digest works without it.
    const options = args.index && !args.json
      ? ({ platform: args.platform, kind: 'index' } as const)
      : ({ platform: args.platform, kind: 'platform', allowNoMatch: args.index } as const);
    // A digest the user wrote wins over the tag, as in `docker pull`: the answer is for the manifest
    // it names (an index's image for the platform, as crane does), once the registry served it.
    const resolution = ref.digest !== undefined ? await client.resolveDigest(ref, options) : await client.resolve(ref, options);
    const digest = args.index ? resolution.indexDigest : resolution.platformDigest;
    if (digest === undefined) throw new Error('the registry client returned no platform digest');
    output.out(args.json ? `${JSON.stringify(resolveJson(args, resolution, digest), null, 2)}\n` : `${digest}\n`);
    return EXIT_OK;
  } catch (error) {
    const { message, code } = failure(error, args.image);
    output.err(`docker-pin: ${message}`);
    return code;
  }
}

/**
 * The image as a FROM line would name it: `$TARGETARCH` and the other platform args for
 * `--platform`, and `--build-arg` values. Text without a `$` is taken as written.
 */
function expandImage(args: ResolveArgs): string {
  if (!args.image.includes('$')) return args.image;
  const result = expandGivenReference(args.image, { platform: args.platform, buildArgs: args.buildArgs });
  if ('value' in result) return result.value;
  if ('error' in result) throw new DockerPinError('INVALID_REFERENCE', `cannot expand ${JSON.stringify(args.image)}: ${result.error}`);
  const flags = result.unset.map((name) => `--build-arg ${name}=…`).join(' ');
  throw new DockerPinError('UNRESOLVED_VARIABLE', `no value for ${result.unset.join(', ')} in ${JSON.stringify(args.image)}; pass ${flags}`);
}

function resolveJson(args: ResolveArgs, r: Resolution, digest: string): Record<string, unknown> {
  return {
    reference: args.image,
    name: r.name,
    registry: r.registry,
    repository: r.repository,
    // Absent only for `name@digest`: the key stays, as null.
    tag: r.tag ?? null,
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
