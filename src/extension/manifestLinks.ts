// Which digests in a manifest document are links, and where they stand. Only descriptors that name
// manifests (an index's `manifests`, a `subject`) link: config and layer digests are blobs, which
// are not manifests and would not open (nor would a digest a reference cannot hold).
import { isDigest } from '../core/digest';

export interface DigestLink {
  readonly offset: number;
  readonly length: number;
  readonly digest: string;
}

interface DescriptorLike {
  readonly digest?: unknown;
  readonly mediaType?: unknown;
}


function linkableDigests(json: unknown): Set<string> {
  const digests = new Set<string>();
  if (typeof json !== 'object' || json === null) return digests;
  const doc = json as { manifests?: unknown; subject?: DescriptorLike };
  const candidates: DescriptorLike[] = [];
  if (Array.isArray(doc.manifests)) candidates.push(...(doc.manifests as DescriptorLike[]));
  if (doc.subject && typeof doc.subject === 'object') candidates.push(doc.subject);
  for (const descriptor of candidates) {
    if (descriptor && typeof descriptor.digest === 'string' && isDigest(descriptor.digest)) digests.add(descriptor.digest);
  }
  return digests;
}

/** Every place a linkable digest appears as a JSON string value, in document order. */
export function manifestDigestLinks(text: string): DigestLink[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const links: DigestLink[] = [];
  for (const digest of linkableDigests(json)) {
    const quoted = `"${digest}"`;
    for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + quoted.length)) {
      links.push({ offset: at + 1, length: digest.length, digest });
    }
  }
  return links.sort((a, b) => a.offset - b.offset);
}
