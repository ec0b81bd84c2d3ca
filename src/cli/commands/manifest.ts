// `docker-pin manifest <image>`: the manifest bytes exactly as received, nothing added.
import { parseReference } from '../../core/reference';
import type { Platform } from '../../core/types';
import type { CommandContext } from '../context';
import { EXIT_OK, type ExitCode } from '../exitCodes';
import { failure } from '../failure';

export interface ManifestArgs {
  readonly image: string;
  /** Only when `--platform` was given: then an index is followed to that platform's manifest. */
  readonly platform?: Platform;
}

export async function manifestCommand(args: ManifestArgs, { client, output }: CommandContext): Promise<ExitCode> {
  try {
    const ref = parseReference(args.image);
    const content = await client.manifest(ref, { platform: args.platform });
    // The bytes, not re-serialized JSON: their sha256 is the digest, so piping this to
    // `sha256sum` must give the digest back.
    output.out(content.bytes);
    return EXIT_OK;
  } catch (error) {
    const { message, code } = failure(error, args.image);
    output.err(`docker-pin: ${message}`);
    return code;
  }
}
