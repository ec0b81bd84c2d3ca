// Runs a program the way a user would (a fresh process) and measures its wall time and peak RSS.
// Peak RSS comes from GNU time (`/usr/bin/time -v`), which reads the kernel's rusage of the
// finished child: the only honest figure for a process we do not control from inside.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const GNU_TIME = '/usr/bin/time';

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallMs: number;
  /** When the process was spawned and when it closed, on this process's `performance.now()` clock. */
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  /** KiB; undefined when GNU time is not installed. */
  readonly maxRssKib?: number;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export async function timeProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'docker-pin-bench-time-'));
  const report = join(scratch, 'time.txt');
  const useTime = hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ['-v', '-o', report, command, ...args]] : [command, [...args]];
  try {
    const started = performance.now();
    const { exitCode, stdout, stderr } = await run(file, argv, options);
    const ended = performance.now();
    const wallMs = ended - started;
    const maxRssKib = useTime && existsSync(report) ? parseMaxRss(readFileSync(report, 'utf8')) : undefined;
    return { exitCode, stdout, stderr, wallMs, startedAtMs: started, endedAtMs: ended, maxRssKib };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Reads "Maximum resident set size (kbytes): N" from GNU time's verbose report. */
export function parseMaxRss(report: string): number | undefined {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(report);
  return m ? Number(m[1]) : undefined;
}

function run(
  file: string,
  argv: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}
