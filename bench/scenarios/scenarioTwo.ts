// Scenario 2: a tree of Dockerfiles over many distinct images, `pin` and `check` in one CLI
// invocation over all files; peak RSS at growing tree sizes; scenario 3's warm row for the tree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectExit, runCli } from '../cli';
import { cliCommonArgs, type BenchContext } from '../context';
import { serviceDockerfile, treePaths } from '../generate';
import { benchImages } from '../images';
import type { Measurement } from '../measure';
import { formatMiB } from '../stats';
import { writeTree, type Tree } from '../workspace';

const HEAP_AT_EXIT = join(__dirname, '..', 'heapAtExit.js');
import { measureCli, pinnedTree } from './cliRows';
import { measureEngine } from './engineRows';
import { floorRows, measureSkopeo } from './peerRows';

export function serviceTree(files: number, imageCount: number): Tree {
  const images = benchImages(imageCount);
  return Object.fromEntries(treePaths(files).map((path, k) => [path, serviceDockerfile(images, k)]));
}

export async function scenarioTwo(ctx: BenchContext): Promise<Measurement[]> {
  const { treeFiles, treeImages, runs } = ctx.options;
  const images = benchImages(treeImages);
  const tree = serviceTree(treeFiles, treeImages);
  const label = `2 · ${treeFiles} files / ${treeImages} images`;
  ctx.log(`scenario ${label}`);
  const pinned = await pinnedTree(ctx, tree, []);

  const rows: Measurement[] = [];
  rows.push(await measureCli(ctx, { id: 's2.pin', scenario: label, what: 'docker-pin pin, all files in one invocation', tree, command: ['pin'], expectedExit: 0, expectAllPinned: true }));
  rows.push(await measureCli(ctx, { id: 's2.check', scenario: label, what: 'docker-pin check, all pins current', tree: pinned, command: ['check'], expectedExit: 0 }));
  rows.push(
    ...(await measureEngine(
      ctx,
      tree,
      { id: 's2.engine', scenario: label, what: 'engine analyze() of every file, cold client' },
      { id: 's3.s2.warm', scenario: `3 · warm, ${label.slice(4)}`, what: 'engine analyze() of every file, same client again' },
    )),
  );
  // The loop is slow by nature; a few runs give a stable median.
  const skopeo = await measureSkopeo(ctx, 's2.skopeo', label, images, Math.min(runs, 3));
  if (skopeo) rows.push(skopeo);
  rows.push(...floorRows(ctx, 's2', label, images.length));
  return rows;
}

/**
 * Peak RSS of `pin` as the tree grows over the same images: streaming keeps it flat. Each size also
 * gets one run that reports the JS heap still in use after a full GC at exit (bench/heapAtExit.ts),
 * in the row's note: the data the run kept, apart from what V8 reserves as a run goes on.
 */
export async function memorySeries(ctx: BenchContext): Promise<Measurement[]> {
  const rows: Measurement[] = [];
  ctx.log('scenario 2 · memory series');
  for (const files of ctx.options.memorySeries) {
    const tree = serviceTree(files, ctx.options.treeImages);
    const row = await measureCli(ctx, {
      id: `s2.mem.${files}`,
      scenario: `2 · memory, ${ctx.options.treeImages} images`,
      what: `docker-pin pin, ${files} files`,
      tree,
      command: ['pin'],
      expectedExit: 0,
      expectAllPinned: true,
    });
    const heapKeptBytes = await heapKeptBy(ctx, tree);
    rows.push({ ...row, heapKeptBytes, note: `JS heap in use after a full GC at exit: ${formatMiB(heapKeptBytes)}` });
  }
  return rows;
}

async function heapKeptBy(ctx: BenchContext, tree: Tree): Promise<number> {
  const { dir, files } = writeTree(tree);
  const out = join(dir, '.heap');
  const run = await runCli(['pin', ...cliCommonArgs(ctx), ...files], dir, {
    nodeArgs: ['--expose-gc', '--require', HEAP_AT_EXIT],
    // Other V8 flags than a plain run's: its code cache would be refused, and one made here would not fit a plain run.
    env: { DOCKER_PIN_BENCH_HEAP: out, NODE_DISABLE_COMPILE_CACHE: '1' },
  });
  expectExit(run, 0, 'docker-pin pin (heap after GC)');
  return Number(readFileSync(out, 'utf8'));
}
