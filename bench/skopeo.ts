// The peer: what people script today, one `skopeo inspect --raw` per image in a shell loop,
// through the same latency proxy as docker-pin.
import { existsSync } from 'node:fs';
import type { BenchImage } from './images';
import { timeProcess, type ProcessResult } from './timeProcess';

export const SKOPEO = '/usr/bin/skopeo';

export function hasSkopeo(): boolean {
  return existsSync(SKOPEO);
}

/** The loop as a user would write it; shown in the report. */
export function skopeoLoopScript(host: string, images: readonly BenchImage[]): string {
  const refs = images.map((i) => `${i.repository}:${i.tag}`).join(' ');
  return `for ref in ${refs}; do ${SKOPEO} inspect --raw --tls-verify=false "docker://${host}/$ref" > /dev/null || exit 1; done`;
}

export function runSkopeoLoop(host: string, images: readonly BenchImage[]): Promise<ProcessResult> {
  // A throwaway auth file location keeps any real login of the user's out of the measurement.
  const env = { ...process.env, REGISTRY_AUTH_FILE: '/nonexistent/docker-pin-bench-auth.json' };
  return timeProcess('/bin/bash', ['-c', skopeoLoopScript(host, images)], { env });
}
