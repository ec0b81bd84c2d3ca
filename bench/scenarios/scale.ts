// Scenario 6: `check .` over a generated monorepo (bench/monorepo.ts) in a git repository, against
// the floor for the same question: `git ls-files` and one `git grep` for image-like text. Every
// pin is current, so the registry part is small (one token and one manifest per distinct image)
// and the row measures walking, telling kinds apart, reading and scanning. The two commands run
// alternately, run by run. A third row checks one Dockerfile by name, as a pre-commit hook does:
// what it costs is the search of the repository for the builds that read that Dockerfile.
import { execFileSync } from 'node:child_process';
import { cliCommonArgs, type BenchContext } from '../context';
import { expectExit, runCli } from '../cli';
import type { BenchImage } from '../images';
import type { Measurement, Sample } from '../measure';
import { alternate, repeat } from '../measure';
import { FLOOR_SCAN_SCRIPT, writeMonorepo } from '../monorepo';
import { diffCounts, snapshotCounts } from '../requestCounts';
import { timeProcess } from '../timeProcess';
import { writeTree } from '../workspace';
import { pinnedTree } from './cliRows';

/** `ref@sha256:…` for each image, as the registry serves it for the benchmark's platform. */
async function pinnedRefs(ctx: BenchContext, images: readonly BenchImage[]): Promise<string[]> {
  const pinned = await pinnedTree(ctx, { Dockerfile: images.map((i) => `FROM ${i.ref}\n`).join('') }, []);
  const refs = pinned.Dockerfile.trim()
    .split('\n')
    .map((line) => line.slice('FROM '.length));
  if (refs.length !== images.length || refs.some((r) => !r.includes('@sha256:'))) throw new Error('could not pin the monorepo\'s images');
  return refs;
}

export async function scenarioScale(ctx: BenchContext, images: readonly BenchImage[]): Promise<Measurement[]> {
  const { files, imageFiles } = ctx.options.monorepo;
  const label = `6 · monorepo, ${files.toLocaleString('en-US')} files / ${imageFiles.toLocaleString('en-US')} name images`;
  ctx.log(`scenario ${label}: generating`);
  const { dir } = writeTree({});
  writeMonorepo(dir, { files, imageFiles }, await pinnedRefs(ctx, images));

  const check = async (): Promise<Sample> => {
    const before = snapshotCounts(ctx.env.proxy);
    const run = await runCli(['check', ...cliCommonArgs(ctx), '.'], dir);
    expectExit(run, 0, 'docker-pin check . (s6.check)');
    return { wallMs: run.wallMs, requests: diffCounts(snapshotCounts(ctx.env.proxy), before), maxRssKib: run.maxRssKib };
  };
  const floor = async (): Promise<Sample> => {
    const run = await timeProcess('/bin/bash', ['-c', FLOOR_SCAN_SCRIPT], { cwd: dir });
    expectExit(run, 0, 'the monorepo scan floor');
    return { wallMs: run.wallMs, maxRssKib: run.maxRssKib };
  };
  ctx.log('  s6.check / s6.floor: docker-pin check . and git ls-files + git grep, alternating');
  // A few runs: each reads the whole tree.
  const { a: checks, b: floors } = await alternate(Math.min(ctx.options.runs, 3), check, floor);
  const dockerfile = execFileSync('git', ['ls-files', '*/Dockerfile'], { cwd: dir, encoding: 'utf8' }).split('\n')[0];
  ctx.log(`  s6.named: docker-pin check ${dockerfile}`);
  const named = await repeat(Math.min(ctx.options.runs, 3), async () => {
    const before = snapshotCounts(ctx.env.proxy);
    const run = await runCli(['check', ...cliCommonArgs(ctx), dockerfile], dir);
    expectExit(run, 0, `docker-pin check ${dockerfile} (s6.named)`);
    return { wallMs: run.wallMs, requests: diffCounts(snapshotCounts(ctx.env.proxy), before), maxRssKib: run.maxRssKib };
  });
  const fromSamples = (samples: readonly Sample[]) => repeat(samples.length, async (i) => samples[i]);
  return [
    {
      id: 's6.check',
      scenario: label,
      what: 'docker-pin check . (git repository, every pin current)',
      note: 'walk (git ls-files), kind by name and YAML content, read and scan every file that names images, then one token and one manifest per distinct image',
      ...(await fromSamples(checks)),
    },
    {
      id: 's6.named',
      scenario: label,
      what: 'docker-pin check of one Dockerfile by name (as pre-commit passes it)',
      note: "the repository's files listed (git ls-files), those that may build read for their builds of it, then its own images",
      ...named,
    },
    {
      id: 's6.floor',
      scenario: label,
      what: `floor: \`${FLOOR_SCAN_SCRIPT.replace(' > /dev/null', '').replace(' > /dev/null', '')}\``,
      note: 'the least that finds the files naming images: git lists the files and searches their text once; no parsing, no registry',
      ...(await fromSamples(floors)),
    },
  ];
}
