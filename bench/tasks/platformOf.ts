// `os/arch[/variant]` to a Platform through the core's own parser, so the benchmark never
// disagrees with the product about what a platform string means.
import { parsePlatform } from '../../src/core/platform';
import type { Platform } from '../../src/core/types';

export function platformOf(text: string): Platform {
  return parsePlatform(text);
}
