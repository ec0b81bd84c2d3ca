// Turns one run into the printed table and BENCHMARKS.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BudgetResult } from './budgets';
import { REPO_ROOT } from './cli';
import type { MachineInfo } from './machine';
import { PHASE_LABELS, type Measurement, type Phases } from './measure';
import type { BenchOptions } from './options';
import type { ExtensionFacts } from './scenarios/offline';
import { formatBytes, formatMs, formatRatio, formatRss } from './stats';
import { markdownTable } from './table';
import { DEFAULT_MAX_CONCURRENCY_PER_HOST } from '../src/registry/transport/hostPolicy';

export interface RunReport {
  readonly options: BenchOptions;
  readonly machine: MachineInfo;
  readonly date: Date;
  readonly command: string;
  readonly rows: readonly Measurement[];
  readonly budgets: readonly BudgetResult[];
  readonly extension?: ExtensionFacts;
  readonly skopeoVersion?: string;
  /** 1-minute load average when the run started and ended. */
  readonly load: readonly [number, number];
}

/** The peer each row is compared with: the skopeo loop of its scenario. */
function peerOf(row: Measurement, rows: readonly Measurement[]): Measurement | undefined {
  const prefix = row.id.startsWith('s1.') || row.id.startsWith('s3.s1') ? 's1' : row.id.startsWith('s2.') || row.id.startsWith('s3.s2') ? 's2' : undefined;
  if (!prefix || row.id.endsWith('.skopeo') || row.id.startsWith('s2.mem')) return undefined;
  return rows.find((r) => r.id === `${prefix}.skopeo`);
}

export function resultsTable(rows: readonly Measurement[]): string {
  const header = ['Scenario', 'What', 'Runs', 'Median wall', 'vs skopeo', 'Counted pulls', 'Manifest GET', 'HEAD', 'Blob', 'Token', 'Other', 'Bytes read', 'Peak RSS'];
  const body = rows.map((r) => {
    const q = r.requests;
    const n = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '–' : String(v));
    const vary = r.requestsVary ? ' (varied)' : '';
    return [
      r.scenario,
      r.what,
      r.runs === 0 ? 'computed' : String(r.runs),
      formatMs(r.wallMs),
      formatRatio(r.wallMs, peerOf(r, rows)?.wallMs),
      n(q?.pulls) + vary,
      n(q?.manifestGet),
      n(q?.manifestHead),
      n(q?.blob),
      n(q?.token),
      n(q?.other),
      q && !Number.isNaN(q.bytes) ? formatBytes(q.bytes) : '–',
      formatRss(r.maxRssKib),
    ];
  });
  return markdownTable(header, body);
}

/** Where the time of the rows timed against the proxy's timestamps goes, phase by phase. */
export function phaseTable(rows: readonly Measurement[]): string | undefined {
  const phased = rows.filter((r) => r.phases);
  if (phased.length === 0) return undefined;
  const keys = Object.keys(PHASE_LABELS) as (keyof Phases)[];
  return markdownTable(
    ['Row', ...keys.map((k) => PHASE_LABELS[k]), 'Median wall'],
    phased.map((r) => [r.what, ...keys.map((k) => formatMs(r.phases?.[k])), formatMs(r.wallMs)]),
  );
}

export function budgetTable(budgets: readonly BudgetResult[]): string {
  return markdownTable(
    ['Budget', 'Measured', 'Holds'],
    budgets.map((b) => [b.budget, b.measured, b.holds === undefined ? 'not measured' : b.holds ? 'yes' : '**no**']),
  );
}

function headline(rows: readonly Measurement[], latencyMs: number): string[] {
  const get = (id: string) => rows.find((r) => r.id === id);
  const rtt = (ms: number): string => `${(ms / latencyMs).toFixed(1)} round trips`;
  const lines: string[] = [];
  for (const s of ['s1', 's2']) {
    const pin = get(`${s}.pin`);
    if (!pin) continue;
    const check = get(`${s}.check`);
    const skopeo = get(`${s}.skopeo`);
    const floor = get(`${s}.floor`);
    const floorSlots = get(`${s}.floorSlots`);
    const startup = get('s1.startup');
    const parts = [`\`pin\` ${formatMs(pin.wallMs)}`];
    if (skopeo) parts.push(`${formatRatio(pin.wallMs, skopeo.wallMs)} the skopeo loop (${formatMs(skopeo.wallMs)})${check ? `, \`check\` ${formatRatio(check.wallMs, skopeo.wallMs)}` : ''}`);
    if (floor) parts.push(`floor + ${rtt(pin.wallMs - floor.wallMs)}${floorSlots ? ` (floor at ${DEFAULT_MAX_CONCURRENCY_PER_HOST} connections per host + ${rtt(pin.wallMs - floorSlots.wallMs)})` : ''}`);
    if (startup) parts.push(`${formatMs(startup.wallMs)} of it is CLI start-up`);
    lines.push(`- **${pin.scenario}**: ${parts.join('; ')}`);
  }
  const pinCold = get('s1.pinCold');
  const floorProcess = get('s1.floorProcess');
  if (pinCold && floorProcess) {
    lines.push(`- **1 · against the floor process**: \`pin\` on a cold cache ${formatMs(pinCold.wallMs)} vs ${formatMs(floorProcess.wallMs)}, ${formatRatio(pinCold.wallMs, floorProcess.wallMs)} (alternating runs)`);
  }
  const scale = get('s6.check');
  const scaleFloor = get('s6.floor');
  const named = get('s6.named');
  if (scale && scaleFloor) {
    lines.push(`- **${scale.scenario}**: \`check .\` ${formatMs(scale.wallMs)}, peak RSS ${formatRss(scale.maxRssKib)}; ${formatRatio(scale.wallMs, scaleFloor.wallMs)} the floor (\`git ls-files\` + \`git grep\`, ${formatMs(scaleFloor.wallMs)})${named ? `; one Dockerfile checked by name ${formatMs(named.wallMs)}` : ''}`);
  }
  return lines;
}

function phaseSection(rows: readonly Measurement[]): string[] {
  const table = phaseTable(rows);
  if (!table) return [];
  return [
    '## Where the time goes: scenario 1 `pin` against the floor process',
    '',
    'Medians of each phase over the alternating runs, from the latency proxy\'s timestamps (when each request arrived, when its answer was sent) and the process\'s spawn and exit. The phases of one run add up to its wall time; their medians need not add up exactly to the median wall time.',
    '',
    table,
    '',
  ];
}

/** The hand-made measurement of the start-up tricks, copied into every report. */
function startupTricks(): string {
  return readFileSync(join(REPO_ROOT, 'bench', 'startupTricks.md'), 'utf8').trimEnd();
}

export function renderReport(r: RunReport): string {
  const m = r.machine;
  const lines = [
    '# docker-pin benchmarks',
    '',
    `Generated by \`${r.command}\` on ${r.date.toISOString().slice(0, 10)}${r.options.quick ? ' (quick mode: one run, small sizes — proves the benchmark works, not a measurement)' : ''}.`,
    `Machine: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.platform}, Node ${m.node}${r.skopeoVersion ? `, ${r.skopeoVersion}` : ''}.`,
    `Load average (1 min) at start ${r.load[0]}, at end ${r.load[1]}${Math.max(...r.load) > m.cpus ? ': the machine was busy with other work, which inflates absolute times; the ratios, measured side by side, are the fairer figures' : ''}.`,
    '',
    '## Headline: ratios against the peer in the same run',
    '',
    ...headline(r.rows, r.options.latencyMs),
    '',
    '## Results',
    '',
    resultsTable(r.rows),
    '',
    ...phaseSection(r.rows),
    '## Budgets',
    '',
    budgetTable(r.budgets),
    '',
    '## How this was measured',
    '',
    `- The registry is Debian's \`docker-registry\` (CNCF distribution) on 127.0.0.1 with token auth, the same harness the tests use (\`test/support/registry.ts\`). Images are public (anonymous pull, like Docker Hub's public images), multi-arch OCI indexes (linux/amd64, linux/arm64) with attestation entries.`,
    `- Every measured request goes through the latency proxy (\`test/support/faultProxy.ts\`), which adds ${r.options.latencyMs} ms to each request and counts requests by kind and the bytes it sends back. Set-up pushes bypass it.`,
    '- CLI rows are a fresh `node dist/cli.js` process per run (`--platform linux/amd64 --mirror docker.io=<proxy>`), one invocation over all files, as installed. Wall time includes Node start-up. Peak RSS comes from GNU time (`/usr/bin/time -v`). Every run gets a fresh, empty cache directory (`XDG_CACHE_HOME`) unless its row says it repeats a run on the same cache directory; a fresh one is empty of registry answers but holds the code cache (`code/`, compiled code only) that earlier runs of the benchmark made, as on any machine the CLI has run on before, except in the row that measures the first run.',
    '- Counted pulls are manifest GETs the registry answered with 2xx: what Docker Hub counts against its pull limit (a HEAD, a 401 challenge, a token or a blob is not a pull).',
    '- The floor process (`bench/floorClient.ts`) is the least client there is: Node with `node:http` and one keep-alive agent, one challenge request, then every token at once, then every manifest at once, through the same proxy; it runs alternately with `docker-pin pin`, run by run. Where the time goes is read from the proxy\'s timestamps of each request against the process\'s spawn and exit.',
    '- Scenario 6 generates a monorepo (`bench/monorepo.ts`) in a git repository and runs `docker-pin check .` in it alternately with its floor, `git ls-files` and one `git grep` for image-like text.',
    '- Scenario 7 runs real VS Code (code-server in headless Chromium, the UI tests\' harness) with docker-pin loaded from `extension/` as the extension under development of one window and, in another window of the same server, a trivial extension written by the benchmark whose CodeLens provider answers every FROM line of a Dockerfile and every `image:` line of YAML at once: the floor VS Code itself imposes. Times are from the action (Enter in Quick Open, the inserted line) to the lens drawn in the page, polled every animation frame.',
    '- Engine rows run `analyze()` in a fresh worker process; "warm" is the same long-lived client (as the extension keeps one) analyzing the same files again within the cache lifetime. A CLI process is always cold.',
    '- The skopeo peer is a shell loop of `skopeo inspect --raw --tls-verify=false docker://<proxy>/<image>`, one process per distinct image, through the same proxy; skopeo first tries TLS against the plain-http proxy, then falls back, as it does against any plain-http registry.',
    '- The floor is computed: token auth needs 3 sequential round trips (challenge 401 → token → manifest) with every image in parallel; its request column is the least any client spends (one challenge, then one token and one manifest per image). It has no process in it: the budget for `s1.pin`, a fresh CLI process, adds Node\'s bare start-up (`node -e 0`, measured in the same run, alternating with `docker-pin --version`) to the floor and its 4 round trips, since no Node program starts faster; the engine row, which runs in a process already started, gets no such allowance.',
    '- Scenario 4 runs the real engine against an in-memory client (no network): scanning, resolving from memory, planning and applying every edit.',
    '- Scenario 5 loads the production build of the extension (built to a temporary directory exactly as `node esbuild.mjs --production` does) in Node with a minimal stand-in for the `vscode` module (`bench/vscodeStub.ts`), after loading the Node modules the extension host of VS Code has loaded before any extension activates (`bench/extensionHostBuiltins.ts`, listed in the extension host of code-server), and calls the registered CodeLens provider. It times our code only: VS Code itself (extension-host start-up, IPC, rendering) cannot be timed this way.',
    '- Wall times are medians; request counts are from the last run (marked "varied" if runs disagreed).',
  ];
  if (r.extension) {
    lines.push(`- Extension bundle: ${formatBytes(r.extension.productionBytes)} minified as \`--production\` builds it for the .vsix (measured in scenario 5); ${formatBytes(r.extension.devBundleBytes)} as the development build in extension/dist/.`);
  }
  lines.push('', startupTricks());
  const notes = r.rows.filter((row) => row.note);
  if (notes.length > 0) {
    lines.push('', '### Row notes', '', ...notes.map((row) => `- ${row.id} (${row.what}): ${row.note}`));
  }
  lines.push('', 'Rerun: `npm run bench` (options: `node out/bench/main.js --help`). CI runs `npm run bench:quick`.', '');
  return lines.join('\n');
}
